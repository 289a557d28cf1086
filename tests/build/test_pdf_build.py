"""PDFs as part of the build: the fit check stops a build, the cache spares a
rebuild, and the same input always gives the same bytes.

Build-level tests copy the project with the real build's PDF cache (filled
by the `built_site` fixture; see copy_project), so each build renders only
what the test changed.
"""

import io
import shutil

import pytest
from pypdf import PdfReader

from macros.kit import exercises
from macros.pdf import jobs as pdf_jobs
from macros.pdf import render as pdf_render
from support.facts import SITE_URL, pdf_stats
from support.project import ROOT, add_to_worksheet_intro, run_build

FIXTURES = ROOT / "tests" / "pdf_fixtures"


def _site():
    return pdf_jobs.Site(str(ROOT / "templates"), SITE_URL)


def _add_oversized(project):
    shutil.copy(FIXTURES / "oversized-sheet.yml", project / "exercises" / "oversized-sheet.yml")


@pytest.mark.build
def test_oversized_worksheet_stops_the_build_with_a_clear_message(built_site, project_copy, tmp_path):
    _add_oversized(project_copy)
    result = run_build(project_copy, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0, "a worksheet that does not fit its page was published"
    for paper in ("A4", "Letter"):
        assert (
            f"exercises/oversized-sheet.yml: the worksheet of 'oversized-sheet' does not fit one page of {paper}" in log
        ), log[-3000:]
    assert "Traceback" not in log, "the maintainer should see the message, not a traceback"
    assert not (tmp_path / "out" / "pdf" / "worksheets" / "oversized-sheet-a4.pdf").exists()


@pytest.mark.build
def test_rebuild_renders_only_what_changed_and_nothing_when_nothing_changed(built_site, project_copy, tmp_path):
    # Change what one worksheet says: its two sheets and the packs that hold
    # it must be rendered again, and nothing else.
    path = project_copy / "exercises" / "rewards-menu.yml"
    add_to_worksheet_intro(path, "Changed for the cache test.")
    holding = sum(
        1 for p in (ROOT / "exercises" / "workshops").glob("*.yml") if "exercise: rewards-menu" in p.read_text()
    )

    first = run_build(project_copy, tmp_path / "one")
    files, rendered, cached = pdf_stats(first)
    assert rendered == 2 + 4 * holding, f"expected the changed worksheet's PDFs only, got {rendered} rendered"
    assert cached == files - rendered

    second = run_build(project_copy, tmp_path / "two")
    files_again, rendered_again, cached_again = pdf_stats(second)
    assert (files_again, rendered_again, cached_again) == (files, 0, files), "a build with no change rendered PDFs"
    for pdf in sorted((tmp_path / "one" / "pdf").rglob("*.pdf")):
        twin = tmp_path / "two" / pdf.relative_to(tmp_path / "one")
        assert twin.read_bytes() == pdf.read_bytes(), f"{pdf.name} differs between two builds"


def test_same_input_gives_byte_identical_pdfs_here_and_in_the_built_site(built_site):
    library = exercises.load_library(ROOT)
    paper = pdf_jobs.PAPERS[1]
    job = pdf_jobs.worksheet_job(_site(), library["strengths-map"], paper)
    first, second = pdf_render.render(job).pdf, pdf_render.render(job).pdf
    assert first == second
    assert (built_site / job.output).read_bytes() == first, "the site's PDF differs from a fresh render"
    # No clock time: the PDF is dated by the content's own `updated` field.
    info = PdfReader(io.BytesIO(first)).metadata
    stamp = "D:" + library["strengths-map"]["updated"].replace("-", "")
    assert info["/CreationDate"] == stamp and info["/ModDate"] == stamp


@pytest.mark.build
def test_a_build_that_strict_mode_will_stop_renders_no_pdf(project_copy, tmp_path):
    page = project_copy / "docs" / "workshops" / "index.md"
    page.write_text(page.read_text() + "\nSee [a page that is not there](nowhere.md).\n")
    shutil.rmtree(project_copy / ".cache", ignore_errors=True)  # cold cache: rendering would be slow
    result = run_build(project_copy, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0 and "nowhere.md" in log
    assert "PDFs: none made, the build has warnings and strict mode stops it" in log, log[-3000:]
    assert not (tmp_path / "out" / "pdf").exists()
