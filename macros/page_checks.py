"""A page's front matter must agree with the YAML its macro shows.

The title and tags are written twice, in the page (MkDocs reads them for the
nav, search and tags page) and in the YAML (the worksheet and PDFs read
them); a build that let the two drift would publish a page whose heading and
printed sheet disagree. Plain Python: `page` is anything with .title, .meta
and .file.src_path, a MkDocs Page in a build.
"""
from __future__ import annotations


class PageMismatch(Exception):
    """The page and its YAML disagree; the message says how to fix it."""


def exercise_page(page, exercise) -> None:
    """The page of `exercise` has its title and tags."""
    if page.title != exercise["title"]:
        raise PageMismatch(
            f"{page.file.src_path}: title '{page.title}' differs from "
            f"{exercise.file}: title '{exercise['title']}'; make them the same"
        )
    if sorted(page.meta.get("tags") or []) != sorted(exercise["tags"]):
        raise PageMismatch(
            f"{page.file.src_path}: tags {page.meta.get('tags')} differ from "
            f"{exercise.file}: tags {exercise['tags']}; make them the same"
        )


def workshop_page(page, workshop_id: str, workshops: dict):
    """The workshop a page names, which must exist and carry the page's title."""
    if workshop_id not in workshops:
        raise PageMismatch(f"{page.file.src_path}: no workshop with id '{workshop_id}' (known: {', '.join(workshops)})")
    chosen = workshops[workshop_id]
    if page.title != chosen["title"]:
        raise PageMismatch(
            f"{page.file.src_path}: title '{page.title}' differs from {chosen.file}: "
            f"title '{chosen['title']}'; make them the same"
        )
    return chosen
