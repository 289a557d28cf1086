"""Workshop pages in the built site: one per workshop YAML file, listed in
the nav, with the agenda's clock times and links to both PDF packs."""
import re

from support.project import ROOT
from support.facts import expected_times, yaml_workshops

def test_every_workshop_has_a_page_and_a_nav_entry_from_its_yaml_alone(built_site):
    ids = sorted(yaml_workshops())
    hand_made = sorted(p.name for p in (ROOT / "docs" / "workshops").glob("*.md") if p.name != "index.md")
    assert hand_made == [], f"workshop pages are made from their YAML; found {hand_made} in docs/workshops/"
    index = (built_site / "workshops" / "index.html").read_text(encoding="utf-8")
    for stem in ids:
        assert (built_site / "workshops" / stem / "index.html").is_file(), stem
        assert re.search(rf'href="{stem}/" class="md-nav__link"', index), f"workshops/{stem}/ is missing from the nav"


def test_workshop_page_shows_clock_times_exercises_and_pack_downloads(built_site):
    for workshop_id, data in yaml_workshops().items():
        html = (built_site / "workshops" / workshop_id / "index.html").read_text(encoding="utf-8")
        for start, end in expected_times(data):
            assert f"{start}–{end}" in html, f"{workshop_id}: {start}–{end} missing from the agenda"
        for item in data["agenda"]:
            if item["kind"] == "exercise":
                assert f'href="../../exercises/{item["exercise"]}/"' in html
        for edition in ("facilitator", "participant"):
            for paper in ("a4", "letter"):
                href = f"../../pdf/workshops/{workshop_id}-{edition}-{paper}.pdf"
                assert f'href="{href}"' in html, f"{workshop_id}: no link to {href}"
                assert (built_site / "workshops" / workshop_id / href).resolve().is_file(), href


def test_workshop_index_lists_every_workshop_with_its_packs(built_site):
    html = (built_site / "workshops" / "index.html").read_text(encoding="utf-8")
    for workshop_id, data in yaml_workshops().items():
        assert f'href="{workshop_id}/"' in html and data["title"] in html
        assert f'href="../pdf/workshops/{workshop_id}-facilitator-a4.pdf"' in html


def test_exercise_pages_link_their_worksheet_pdfs(built_site):
    for path in sorted((ROOT / "exercises").glob("*.yml")):
        if path.name.startswith("_"):
            continue
        html = (built_site / "exercises" / path.stem / "index.html").read_text(encoding="utf-8")
        for paper in ("a4", "letter"):
            href = f"../../pdf/worksheets/{path.stem}-{paper}.pdf"
            assert f'href="{href}"' in html, f"exercise page {path.stem} has no link to {href}"
            assert (built_site / "exercises" / path.stem / href).resolve().is_file(), href
