"""Workshop pages in the built site: one per workshop YAML file, listed in
the nav, with the agenda's clock times and links to both PDF packs."""

import re

from support.facts import expected_times, yaml_workshops
from support.project import ROOT


def test_every_workshop_has_a_page_and_a_nav_entry_from_its_yaml_alone(built_site):
    ids = sorted(yaml_workshops())
    # The index and the composer are pages of their own; no workshop is.
    hand_made = sorted(p.name for p in (ROOT / "docs" / "workshops").glob("*.md") if p.stem in ids)
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


def _variant_times(data, variant):
    """Clock times of a length variant, computed here from the YAML alone."""
    dropped, minutes = set(variant.get("drop", [])), variant.get("minutes", {})
    kept = []
    for item in data["agenda"]:
        key = item.get("exercise") or item["title"]
        if key not in dropped:
            kept.append({"minutes": minutes.get(key, item["minutes"])})
    return expected_times({"start": variant.get("start", data["start"]), "agenda": kept})


def test_each_length_variant_has_a_section_with_its_clock_times(built_site):
    found = 0
    for workshop_id, data in yaml_workshops().items():
        html = (built_site / "workshops" / workshop_id / "index.html").read_text(encoding="utf-8")
        for variant in data.get("variants", []):
            found += 1
            section = html.split(f'id="length-{variant["id"]}"', 1)
            assert len(section) == 2, f"{workshop_id}: no section #length-{variant['id']}"
            body = section[1].split("<h3", 1)[0].split("<h2", 1)[0]
            for start, end in _variant_times(data, variant):
                assert f"{start}–{end}" in body, f"{workshop_id} {variant['id']}: {start}–{end} missing"
            assert f"?workshop={workshop_id}&amp;variant={variant['id']}#run" in body, "no run-mode link"
    assert found >= 4, "the shipped workshops lost their length variants"


def test_workshop_index_offers_each_length_and_filters(built_site):
    html = (built_site / "workshops" / "index.html").read_text(encoding="utf-8")
    for workshop_id, data in yaml_workshops().items():
        lengths = sorted([data["minutes_total"], *(v["minutes_total"] for v in data.get("variants", []))], reverse=True)
        assert f'data-cg-minutes="{" ".join(map(str, lengths))}"' in html, workshop_id
        for variant in data.get("variants", []):
            assert f'href="{workshop_id}/#length-{variant["id"]}"' in html
    for control in ("time", "people", "format"):
        assert f'data-cg-filter="{control}"' in html
