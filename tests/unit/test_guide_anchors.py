"""An exercise's `guide:` anchor must be a heading id of that guide (macros/kit/headings.py).

`guide: playbook/x.md#no-such-anchor` published a dead link on the exercise
page and its PDFs, exit 0. The loader now reads the guide's heading ids (the
`{ #id }` of its H2s, toc's slug for a heading without one) and names the
file, line and field, and the ids that do exist. The ids are checked against
Python-Markdown's own toc on every page of docs/, so the two cannot drift.
tests/build/test_collision_build.py shows the message in a build.
"""

import pathlib
import re

import markdown
import pytest

from macros.kit import exercises, headings
from support.project import ROOT

EXERCISE = "exercises/cx-brainstorm.yml"
GUIDE = "playbook/exceptions-and-vision.md"
# The line of its `guide:` field, read from the file, so a field added above it moves the expectation too.
GUIDE_LINE = next(
    n
    for n, line in enumerate((ROOT / EXERCISE).read_text(encoding="utf-8").splitlines(), 1)
    if line.startswith("guide:")
)


def _point_guide_at(kit: pathlib.Path, link: str) -> None:
    path = kit / EXERCISE
    text, found = re.subn(r"(?m)^guide: .*$", f"guide: {link}", path.read_text(encoding="utf-8"))
    assert found == 1
    path.write_text(text, encoding="utf-8")


def _problems(kit: pathlib.Path) -> list:
    try:
        exercises.load_library(kit)
    except exercises.ExerciseError as err:
        return [str(p) for p in err.problems]
    return []


@pytest.mark.parametrize("anchor", ["no-such-anchor", "why", "why-it-matters-1", "what-to-do-", "in-short-x"])
def test_an_anchor_the_guide_does_not_have_names_file_line_field_and_the_ids_it_has(kit, anchor):
    _point_guide_at(kit, f"{GUIDE}#{anchor}")
    said = _problems(kit)
    assert len(said) == 1, said
    assert said[0].startswith(
        f"{EXERCISE}:{GUIDE_LINE}: field 'guide': docs/{GUIDE} has no heading with the id '{anchor}' (its headings' ids: "
    ), said[0]
    assert "why-it-matters" in said[0] and "what-to-do" in said[0]


@pytest.mark.parametrize("anchor", ["why-it-matters", "check-yourself", "sources"])
def test_an_anchor_the_guide_has_is_accepted(kit, anchor):
    _point_guide_at(kit, f"{GUIDE}#{anchor}")
    assert _problems(kit) == []


def test_a_heading_without_an_id_of_its_own_is_found_by_its_slug(kit):
    guide = kit / "docs" / GUIDE
    guide.write_text(
        guide.read_text(encoding="utf-8") + "\n## A plain *heading*, with words\n\n```\n## Code, not a heading\n```\n",
        encoding="utf-8",
    )
    _point_guide_at(kit, f"{GUIDE}#a-plain-heading-with-words")
    assert _problems(kit) == []
    _point_guide_at(kit, f"{GUIDE}#code-not-a-heading")
    assert "has no heading with the id 'code-not-a-heading'" in _problems(kit)[0]


def test_the_anchor_is_checked_again_when_the_guide_changes(kit):
    _point_guide_at(kit, f"{GUIDE}#why-it-matters")
    assert _problems(kit) == []
    guide = kit / "docs" / GUIDE
    guide.write_text(guide.read_text(encoding="utf-8").replace("{ #why-it-matters }", "{ #why }"), encoding="utf-8")
    assert "no heading with the id 'why-it-matters'" in _problems(kit)[0]


def _toc_ids(text: str) -> list:
    md = markdown.Markdown(extensions=["attr_list", "toc", "admonition", "pymdownx.details", "md_in_html", "tables"])
    md.convert(text)

    def walk(tokens):
        for token in tokens:
            yield token["id"]
            yield from walk(token["children"])

    return list(walk(md.toc_tokens))


@pytest.mark.parametrize(
    "page", sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")), ids=str
)
def test_heading_ids_are_those_python_markdown_gives(page):
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]  # the front matter is not Markdown
    assert sorted(headings.heading_ids(text)) == sorted(_toc_ids(text))
