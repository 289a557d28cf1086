"""Reading lists built from the guides' own front matter.

The onboarding path and the playbook index both list guides with their
title, reading time and one-line description. Reading those from each
guide's front matter means the numbers on "Start here" can never drift from
the guides themselves. Plain Python, no MkDocs import, so tests can call it.
"""

import pathlib
import posixpath

import yaml

from .. import templating
from ..kit import reads

LIST_KEYS = ("title", "description", "reading_time")


class GuideError(ValueError):
    """A listed page is missing, or its front matter lacks what a list needs."""


def read_front_matter(path: pathlib.Path) -> dict:
    """The YAML block between the opening '---' lines of a Markdown page."""
    if not path.is_file():
        raise GuideError(f"{path}: listed in a reading list but the file does not exist")
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise GuideError(f"{path}, line 1: no front matter ('---' block) at the top")
    block, sep, _ = text[4:].partition("\n---\n")
    if not sep:
        raise GuideError(f"{path}, line 1: front matter is not closed by a '---' line")
    try:
        meta = yaml.safe_load(block) or {}
    except yaml.YAMLError as err:
        raise GuideError(f"{path}: front matter is not valid YAML: {err}") from err
    if not isinstance(meta, dict):
        raise GuideError(f"{path}, line 2: front matter must be a mapping of keys")
    return meta


def field_line(path: pathlib.Path, field: str) -> int:
    """Line of a front-matter key, so an error points where to look (1 = top)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{field}:"):
            return number
    return 1


def page_entry(docs_dir: pathlib.Path, src: str) -> dict:
    """Title, description and reading time of one page, checked."""
    path = docs_dir / src
    reads.record(str(path))  # the list shows this guide's front matter
    meta = read_front_matter(path)
    for field in LIST_KEYS:
        if field not in meta or meta[field] in (None, ""):
            raise GuideError(f"{path}: front matter has no '{field}', which reading lists need")
    minutes = meta["reading_time"]
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
        line = field_line(path, "reading_time")
        raise GuideError(f"{path}, line {line}: reading_time must be a whole number of minutes, got {minutes!r}")
    # Front matter is data: shown as typed, never read as Markdown or HTML.
    return {
        "src": src,
        "title": templating.literal_markdown(meta["title"]),
        "description": templating.literal_markdown(meta["description"]),
        "minutes": minutes,
    }


def _link(from_page: str, target: str) -> str:
    """A Markdown link target relative to the page that shows the list."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def reading_path(docs_dir, from_page: str, pages: list) -> str:
    """A numbered Markdown list: step, link, minutes, what the step teaches."""
    entries = [page_entry(pathlib.Path(docs_dir), src) for src in pages]
    lines = []
    for number, entry in enumerate(entries, 1):
        lines.append(
            f"{number}. **[{entry['title']}]({_link(from_page, entry['src'])})** "
            f"· {entry['minutes']} min  \n   {entry['description']}"
        )
    total = sum(entry["minutes"] for entry in entries)
    lines.append("")
    lines.append(f"Reading time for the whole path: about **{total} minutes**.")
    return "\n".join(lines)


def guide_list(docs_dir, from_page: str, pages: list) -> str:
    """A bullet list of guides with their one-line descriptions."""
    entries = [page_entry(pathlib.Path(docs_dir), src) for src in pages]
    return "\n".join(
        f"- **[{e['title']}]({_link(from_page, e['src'])})**: {e['description']} *({e['minutes']} min)*"
        for e in entries
    )
