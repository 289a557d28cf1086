"""The PDF cache is keyed on its inputs, so a build with nothing changed makes
no HTML; these tests show that every input that reaches paper is in the key.

A stale PDF is worse than a slow build: a facilitator would print last
month's worksheet. So each kind of change is made in a copied project and the
rebuilt PDF's text is read back.
"""

import re

import pytest
from pypdf import PdfReader

from macros.kit import exercises, workshops
from macros.pdf import cache as pdf_cache
from macros.pdf import jobs as pdf_jobs
from support.facts import SITE_URL, pdf_stats, pdf_text
from support.project import ROOT, add_to_worksheet_intro, run_build

TEMPLATES = ROOT / "templates"
# {% include/import/from/extends "name" %}, dynamic names included by their quoted start.
TEMPLATE_REFERENCE = re.compile(r"{%-?\s*(?:include|import|from|extends)\s+[\"']([^\"']+)[\"']")


def _planned(site_url=SITE_URL, directory_urls=True, library=None):
    library = library or exercises.load_library(ROOT)
    site = pdf_jobs.Site(str(TEMPLATES), site_url, directory_urls)
    return {p.output: p.inputs for p in pdf_jobs.plan_all(site, library, workshops.load_workshops(ROOT, library))}


def _pdf_text(path) -> str:
    return " ".join(pdf_text(page) for page in PdfReader(path).pages)


def test_print_templates_read_only_from_the_folders_in_the_key():
    for folder in pdf_cache.TEMPLATE_FOLDERS:
        for template in (TEMPLATES / folder).rglob("*.j2"):
            for name in TEMPLATE_REFERENCE.findall(template.read_text(encoding="utf-8")):
                assert name.split("/")[0] in pdf_cache.TEMPLATE_FOLDERS, (
                    f"{template.relative_to(ROOT)} reads {name}, whose folder the PDF cache key does not cover"
                )


def test_planned_inputs_follow_the_data_site_address_and_link_style():
    base = _planned()
    assert len(set(base.values())) == len(base), "two PDFs share their inputs"
    assert set(_planned(site_url="https://elsewhere.example.org/").values()).isdisjoint(base.values())
    assert set(_planned(directory_urls=False).values()).isdisjoint(base.values())


def test_an_exercise_change_reaches_its_sheets_and_the_packs_that_hold_it_only():
    library = exercises.load_library(ROOT)
    base = _planned(library=library)
    changed = exercises.Library(dict(library.exercises))
    old = library["rewards-menu"]
    changed.exercises["rewards-menu"] = exercises.Exercise(
        old.id, old.file, {**old.data, "summary": "Changed."}, old.doc
    )
    after = _planned(library=changed)
    moved = sorted(out for out in base if base[out] != after[out])
    holding = [w.id for w in workshops.load_workshops(ROOT, library).values() if "rewards-menu" in w.exercise_ids]
    expected = sorted(
        [f"pdf/worksheets/rewards-menu-{p.key}.pdf" for p in pdf_jobs.PAPERS]
        + [f"pdf/workshops/{w}-{e}-{p.key}.pdf" for w in holding for e in pdf_jobs.EDITIONS for p in pdf_jobs.PAPERS]
    )
    assert moved == expected


def test_renderer_digest_follows_print_templates_and_partials(tmp_path):
    import shutil

    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    before = pdf_cache.renderer_digest(copy)
    assert pdf_cache.renderer_digest(copy) == before
    for name in ("print/sheet.html.j2", "partials/worksheet_lines.html.j2"):
        path = copy / name
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        after = pdf_cache.renderer_digest(copy)
        assert after != before, f"editing {name} kept the PDF cache key"
        before = after


def _rebuild(project, out, **env):
    result = run_build(project, out, env=env)
    files, rendered, _ = pdf_stats(result)
    return files, rendered


@pytest.mark.build
def test_changed_yaml_text_is_in_the_rebuilt_worksheet(built_site, project_copy, tmp_path):
    path = project_copy / "exercises" / "rewards-menu.yml"
    add_to_worksheet_intro(path, "Cache key check one.")
    files, rendered = _rebuild(project_copy, tmp_path / "out")
    assert 0 < rendered < files
    assert "Cache key check one." in _pdf_text(tmp_path / "out" / "pdf" / "worksheets" / "rewards-menu-a4.pdf")


@pytest.mark.build
def test_changed_print_template_re_renders_every_pdf(built_site, project_copy, tmp_path):
    # The Name/Team/Date line is a shared macro the web page and every PDF print.
    path = project_copy / "templates" / "partials" / "kit.html.j2"
    label = '<span class="cg-who-label">Team</span>'
    text = path.read_text(encoding="utf-8")
    assert label in text, "kit.html.j2 no longer labels the team blank"
    path.write_text(text.replace(label, label.replace("Team", "Squad")), encoding="utf-8")
    files, rendered = _rebuild(project_copy, tmp_path / "out")
    assert rendered == files
    sheet = _pdf_text(tmp_path / "out" / "pdf" / "worksheets" / "rewards-menu-letter.pdf")
    assert "Squad" in sheet and "Team" not in sheet


@pytest.mark.build
def test_changed_site_url_is_printed_on_every_rebuilt_pdf(built_site, project_copy, tmp_path):
    # The publishing setting (README.md, Publish): a new address, nothing else.
    files, rendered = _rebuild(project_copy, tmp_path / "out", COMMON_GROUND_SITE_URL="https://moved.example.net/kit/")
    assert rendered == files
    sheet = _pdf_text(tmp_path / "out" / "pdf" / "worksheets" / "rewards-menu-a4.pdf")
    assert "https://moved.example.net/kit/exercises/rewards-menu/" in sheet
    assert SITE_URL not in sheet
