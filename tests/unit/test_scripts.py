"""Scripts people write in (macros/pdf/scripts.py): Latin, Greek and Cyrillic
print with the pinned font's own glyphs; Korean, Chinese, Japanese and emoji,
which it lacks, are refused naming file, line and field, never printed as boxes."""

import dataclasses
import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from macros.kit import exercises
from macros.pdf import jobs as pdf_jobs
from macros.pdf import render as pdf_render
from macros.pdf import scripts
from support.project import ROOT

SAMPLE = ROOT / "tests" / "fixtures" / "sample-exercise.yml"
PRINTED = {"latin": "Fête, façade, Straße, smørrebrød", "greek": "Καλημέρα ομάδα", "cyrillic": "Добрый день, команда"}
REFUSED = {"korean": "안녕하세요", "chinese": "团队合作", "japanese": "チームワーク", "emoji": "🎉"}


def _exercise(tmp_path, intro: str):
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copy(ROOT / "exercises" / "schema.json", folder)
    text = SAMPLE.read_text(encoding="utf-8").replace("intro: Answer the question below.", f"intro: {intro}")
    (folder / "sample-exercise.yml").write_text(text, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    exercise = exercises.load_library(tmp_path)["sample-exercise"]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("  intro:"))
    return exercise, line


def _fonts(pdf: bytes) -> set:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.mark.parametrize("script", PRINTED)
def test_a_worksheet_prints_the_script_in_the_pinned_font(tmp_path, script):
    exercise, _ = _exercise(tmp_path, PRINTED[script])
    assert scripts.problems([exercise]) == []
    site = pdf_jobs.Site(str(ROOT / "templates"), "https://common-ground.example.org/")
    pdf = pdf_render.render(pdf_jobs.worksheet_job(site, exercise, pdf_jobs.PAPERS[0])).pdf
    # Only subsets of the pinned font are embedded: no glyph came from a
    # system font, and the pinned font has each character (printable()).
    assert all(re.fullmatch(r"/[A-Z]{6}\+Source-Sans-Pro-Kit(-[A-Za-z-]+)?", font) for font in _fonts(pdf)), _fonts(pdf)
    assert all(ord(c) in scripts.printable() for c in PRINTED[script] if not c.isspace())
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert PRINTED[script] in " ".join(text.split())


@pytest.mark.parametrize("script", REFUSED)
def test_text_the_fonts_cannot_print_is_refused_naming_file_line_and_field(tmp_path, script):
    exercise, line = _exercise(tmp_path, f"Hello {REFUSED[script]}")
    found = scripts.problems([exercise])
    assert [(p.file, p.line) for p in found] == [("exercises/sample-exercise.yml", line)]
    assert found[0].field == "worksheet.intro" and f"U+{ord(REFUSED[script][0]):04X}" in found[0].message
    assert str(found[0]).startswith(f"exercises/sample-exercise.yml:{line}: field 'worksheet.intro': ")


def test_a_long_run_of_unprintable_text_names_a_few_characters_only(tmp_path):
    exercise, _ = _exercise(tmp_path, "한국어 " * 50 + "中文日本語")
    message = scripts.problems([dataclasses.replace(exercise)])[0].message
    assert message.count("U+") == scripts.MAX_LISTED and "more cannot be printed" in message
