"""Two outputs at one path are refused, naming both sources (macros/kit/outputs.py).

Every page and PDF the kit makes is laid beside the files of docs/; a path
claimed twice stops the build with both sources' files and lines and a
request for another id, never advice to delete a page. Tried on a copy of
the real kit: ids whose PDFs meet (x and x-cards), ids that meet a
hand-written page (index, compose), a hand-written page or file at an
output's path under another name, and both URL styles.
tests/build/test_collision_build.py builds such a kit.
"""

import pathlib

import pytest
from mkdocs.structure.files import File

from macros.kit import exercises, outputs, workshops
from macros.pdf import jobs as pdf_jobs
from support.project import ROOT


def _add_exercise(kit: pathlib.Path, new_id: str, like: str = "cx-brainstorm") -> None:
    text = (kit / "exercises" / f"{like}.yml").read_text(encoding="utf-8")
    (kit / "exercises" / f"{new_id}.yml").write_text(text.replace(f"id: {like}", f"id: {new_id}"), encoding="utf-8")


def _add_workshop(kit: pathlib.Path, new_id: str, like: str = "one-team-day") -> None:
    folder = kit / "exercises" / "workshops"
    text = (folder / f"{like}.yml").read_text(encoding="utf-8")
    (folder / f"{new_id}.yml").write_text(text.replace(f"id: {like}", f"id: {new_id}"), encoding="utf-8")


def _clashes(kit: pathlib.Path, use_directory_urls: bool = True) -> list:
    library = exercises.load_library(kit)
    known = workshops.load_workshops(kit, library)
    docs = kit / "docs"
    by_hand = [
        (src, outputs.page_output(src, use_directory_urls))
        for src in (p.relative_to(docs).as_posix() for p in sorted(docs.rglob("*")) if p.is_file())
        if not src.startswith("includes/")
    ]
    found = outputs.kit_outputs(library, known, use_directory_urls) + outputs.written_by_hand(by_hand)
    return [str(problem) for problem in outputs.clashes(found)]


def test_the_real_kit_has_no_two_outputs_at_one_path(kit):
    assert _clashes(kit) == []
    assert _clashes(kit, use_directory_urls=False) == []


def test_the_outputs_are_every_pdf_the_pdf_step_plans(kit):
    """The check sees what the PDF step writes: a new kind of PDF cannot slip past it."""
    library = exercises.load_library(kit)
    known = workshops.load_workshops(kit, library)
    site = pdf_jobs.Site(str(ROOT / "templates"), "https://kit.example.net/")
    planned = {p.output for p in pdf_jobs.plan_all(site, library, known)}
    checked = {o.path for o in outputs.kit_outputs(library, known) if o.path.startswith("pdf/")}
    assert planned == checked


def test_an_id_whose_worksheet_is_another_exercises_card_sheet_names_both(kit):
    _add_exercise(kit, "no-show-role-play-cards")
    said = _clashes(kit)
    assert len(said) == 1, said
    assert said[0].startswith("exercises/no-show-role-play-cards.yml:2: field 'id': exercise 'no-show-role-play-cards'")
    assert "pdf/worksheets/no-show-role-play-cards-a4.pdf" in said[0]
    assert "exercise 'no-show-role-play' (exercises/no-show-role-play.yml:2) writes its A4 card sheet PDF" in said[0]
    assert "(and 1 more file the same way)" in said[0]
    assert "another id" in said[0] and "delete" not in said[0]


@pytest.mark.parametrize(
    "add, blamed, page",
    [
        (lambda kit: _add_exercise(kit, "index"), "exercises/index.yml:2", "docs/exercises/index.md"),
        (lambda kit: _add_workshop(kit, "compose"), "exercises/workshops/compose.yml:2", "docs/workshops/compose.md"),
        (lambda kit: _add_workshop(kit, "index"), "exercises/workshops/index.yml:2", "docs/workshops/index.md"),
    ],
)
def test_an_id_that_meets_a_hand_written_page_is_asked_to_change_and_the_page_kept(kit, add, blamed, page):
    add(kit)
    said = _clashes(kit)
    assert len(said) == 1, said
    assert said[0].startswith(f"{blamed}: field 'id': ")
    assert f"where the hand-written page {page} is published" in said[0]
    assert f"keep {page} as it is" in said[0] and "delete" not in said[0]


def test_a_hand_written_file_at_an_outputs_path_under_another_name_is_a_clash(kit):
    (kit / "docs/exercises/strengths-map").mkdir()
    (kit / "docs/exercises/strengths-map/index.md").write_text("# Strengths\n")
    (kit / "docs/pdf/worksheets").mkdir(parents=True)
    (kit / "docs/pdf/worksheets/cx-brainstorm-a4.pdf").write_bytes(b"%PDF-1.7\n")
    said = _clashes(kit)
    assert len(said) == 2, said
    assert any(
        s.startswith("exercises/strengths-map.yml:2:") and "docs/exercises/strengths-map/index.md" in s for s in said
    )
    assert any(s.startswith("exercises/cx-brainstorm.yml:2:") and "its A4 worksheet PDF" in s for s in said)


def test_without_directory_urls_a_page_meets_a_hand_written_html_file(kit):
    (kit / "docs/exercises/cx-brainstorm.html").write_text("<p>old</p>\n")
    assert _clashes(kit) == []
    said = _clashes(kit, use_directory_urls=False)
    assert len(said) == 1 and "exercises/cx-brainstorm.html" in said[0], said


@pytest.mark.parametrize(
    "name", ["x.md", "index.md", "README.md", "a/b.md", "a/index.md", "a/README.md", "a/x.markdown", "img/a.png"]
)
@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_output_is_where_mkdocs_writes_the_file(tmp_path, name, directory_urls):
    made = File(name, str(tmp_path), str(tmp_path / "site"), directory_urls)
    assert outputs.page_output(name, directory_urls) == made.dest_uri
