"""Rendering one PDF, without MkDocs: the fit check, identical bytes for
identical input, dates from the content, and no fetching from outside."""

import io
import re
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from macros.kit import exercises
from macros.pdf import build as pdf_build
from macros.pdf import jobs as pdf_jobs
from macros.pdf import render as pdf_render
from support.project import ROOT

FIXTURES = ROOT / "tests" / "pdf_fixtures"
SITE = pdf_jobs.Site(str(ROOT / "templates"), "https://common-ground.example.org/")


def _site():
    return SITE


def _fixture_exercise(tmp_path, name):
    root = tmp_path / "kit"
    shutil.copytree(ROOT / "exercises", root / "exercises")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(FIXTURES / f"{name}.yml", root / "exercises")
    return exercises.load_library(root)[name]


def _height_that_fits_mm(job, width_mm: float, low_mm: float) -> float:
    """The shortest page (to 0.5 mm) on which the sheet takes one page, by
    laying it out again and again: a measure that shares nothing with the
    fit check's own."""
    high = low_mm + 1000
    while high - low_mm > 0.5:
        middle = (low_mm + high) / 2
        tall = pdf_render.layout(job.html, f"@page {{ size: {width_mm:.2f}mm {middle:.2f}mm !important; }}")
        low_mm, high = (low_mm, middle) if len(tall.pages) == 1 else (middle, high)
    return high


def test_oversized_worksheet_fails_the_fit_check_with_its_true_overflow(tmp_path):
    exercise = _fixture_exercise(tmp_path, "oversized-sheet")
    for paper in pdf_jobs.PAPERS:
        job = pdf_jobs.worksheet_job(_site(), exercise, paper)
        with pytest.raises(pdf_render.FitProblem) as caught:
            pdf_render.render(job)
        message = str(caught.value)
        assert "exercises/oversized-sheet.yml" in message and "'oversized-sheet'" in message
        assert f"does not fit one page of {paper.name}" in message
        reported = float(re.search(r"about (\d+) mm too tall", message).group(1))
        page = pdf_render.layout(job.html).pages[0]._page_box
        width, height = (size * pdf_render.MM_PER_PX for size in (page.margin_width(), page.margin_height()))
        measured = _height_that_fits_mm(job, width, height) - height
        assert measured > 20, "the fixture should overflow by far"
        assert abs(reported - measured) <= 2, f"{paper.name}: reported {reported} mm, measured {measured:.1f} mm"


def test_a_word_wider_than_its_column_fails_the_fit_check_naming_the_cell(tmp_path):
    exercise = _fixture_exercise(tmp_path, "word-wider-than-its-column")
    job = pdf_jobs.worksheet_job(_site(), exercise, pdf_jobs.PAPERS[0])
    assert len(pdf_render.layout(job.html).pages) == 1, "the fixture should fit its page in height"
    with pytest.raises(pdf_render.FitProblem) as caught:
        pdf_render.render(job)
    assert re.search(r"in a table cell runs \d+ mm past the cell's right edge, over the next column", str(caught.value))


RENDER_IN_NEW_PROCESS = """
import sys, pathlib
sys.path.insert(0, sys.argv[1])
from macros.kit import exercises
from macros.pdf import jobs as pdf_jobs, render as pdf_render
site = pdf_jobs.Site(sys.argv[1] + "/templates", "https://common-ground.example.org/")
job = pdf_jobs.worksheet_job(site, exercises.load_library(pathlib.Path(sys.argv[1]))["cx-brainstorm"], pdf_jobs.PAPERS[0])
sys.stdout.buffer.write(pdf_render.render(job).pdf)
"""


def test_same_input_gives_the_same_bytes_in_this_process_and_a_fresh_one():
    exercise = exercises.load_library(ROOT)["cx-brainstorm"]
    job = pdf_jobs.worksheet_job(SITE, exercise, pdf_jobs.PAPERS[0])
    first, second = pdf_render.render(job).pdf, pdf_render.render(job).pdf
    fresh = subprocess.run(
        [sys.executable, "-c", RENDER_IN_NEW_PROCESS, str(ROOT)], capture_output=True, check=True, timeout=300
    ).stdout
    assert first == second == fresh
    # No clock time: the PDF is dated by the content's own `updated` field.
    info = PdfReader(io.BytesIO(first)).metadata
    stamp = "D:" + exercise["updated"].replace("-", "")
    assert info["/CreationDate"] == stamp and info["/ModDate"] == stamp


def test_print_templates_cannot_fetch_from_outside_hosts():
    job = pdf_jobs.Job("x.pdf", '<p>Logo</p><img src="https://example.org/logo.png" alt="logo">', "A4")
    with pytest.raises(pdf_render.OutsideResource) as caught:
        pdf_render.render(job)
    assert "https://example.org/logo.png" in str(caught.value)


def test_qr_code_is_drawn_from_the_address_in_the_html():
    exercise = exercises.load_library(ROOT)["cx-brainstorm"]
    job = pdf_jobs.worksheet_job(SITE, exercise, pdf_jobs.PAPERS[1])
    assert "qr-code:https%3A%2F%2Fcommon-ground.example.org%2Fexercises%2Fcx-brainstorm%2F" in job.html
    page = PdfReader(io.BytesIO(pdf_render.render(job).pdf)).pages[0]
    images = [obj for obj in page["/Resources"]["/XObject"].values() if obj.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1, "the sheet should carry exactly one image, its QR code"


def test_preview_is_recognised_from_the_address_mkdocs_serve_sets():
    class Addr:
        host, port = "127.0.0.1", 8000

    assert pdf_build.is_preview("http://127.0.0.1:8000/", Addr())
    assert not pdf_build.is_preview("https://common-ground.example.org/", Addr())
