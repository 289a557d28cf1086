"""What readers get from the exercise YAML: one page per exercise with its
worksheet, an exercise library, working links, and a search index without
worksheet grids."""

import html
import json
import pathlib
import re
import urllib.parse

import pytest

from macros.kit.exercises import exercise_files, load_library  # noqa: F401

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
LIBRARY = load_library(ROOT)
IDS = sorted(e.id for e in LIBRARY)


def test_no_exercise_page_is_written_by_hand():
    """Each exercise page is made from its YAML alone (macros/plugin/generated.py)."""
    hand_made = sorted(p.name for p in (ROOT / "docs" / "exercises").glob("*.md") if p.name != "index.md")
    assert hand_made == [], f"docs/exercises/ should hold only index.md; found {hand_made}"


def test_every_exercise_has_a_page_in_the_library_section_of_the_nav(built_site):
    """From the library page, the sidebar lists every exercise, in title order."""
    library = (built_site / "exercises" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(
        r'<a href="\.\./exercises/([a-z0-9-]+)/" class="md-nav__link">|<a href="([a-z0-9-]+)/" class="md-nav__link">',
        library,
    )
    found = [a or b for a, b in listed]
    assert found == [e.id for e in LIBRARY], "the nav should list every exercise once, in title order"
    for exercise_id in IDS:
        assert (built_site / "exercises" / exercise_id / "index.html").is_file(), exercise_id


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_page_shows_facilitator_view_and_worksheet(built_site, exercise_id):
    exercise = LIBRARY[exercise_id]
    page = (built_site / "exercises" / exercise_id / "index.html").read_text(encoding="utf-8")
    assert f"<h1>{html.escape(exercise['title'], quote=False)}</h1>" in page
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert html.unescape(description) == exercise["summary"]
    # The worksheet's id is what links and the composer use; its class names its layout too.
    assert re.search(rf'<article class="cg-worksheet( cg-worksheet--[a-z-]+)?" id="worksheet-{exercise_id}"', page)
    for block in exercise["worksheet"]["blocks"]:
        assert f"cg-block--{block['kind']}" in page
    for step in exercise["steps"]:
        assert html.escape(step["title"]) in page
    assert "<pre" not in page.split('<article class="md-content__inner')[-1].split("</article>")[0]
    assert "data-cg-print-worksheet" in page  # the Print worksheet button


def test_library_lists_every_exercise_with_a_link(built_site):
    page = (built_site / "exercises" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-cg-tags="([^"]*)"[^>]*>\s*<th scope="row"><a href="([^"]+)">', page)
    assert sorted(href for _, href in rows) == sorted(f"{i}/" for i in IDS)
    for exercise in LIBRARY:
        assert html.escape("|".join(exercise["tags"]), quote=True) in page
    assert '<div class="cg-tag-filter" hidden>' in page  # switched on by JavaScript only


def _links(page_html: str):
    return re.findall(r'<a [^>]*href="([^"#]*)(?:#([^"]*))?"', page_html)


@pytest.mark.parametrize("exercise_id", IDS)
def test_links_in_exercise_pages_reach_pages_and_anchors(built_site, exercise_id):
    """The engine writes HTML links itself, so MkDocs' link check never sees them."""
    page_path = built_site / "exercises" / exercise_id / "index.html"
    content = page_path.read_text(encoding="utf-8")
    body = content.split('<article class="md-content__inner')[-1].split("</article>")[0]
    for href, anchor in _links(html.unescape(body)):
        if not href or urllib.parse.urlparse(href).scheme:
            continue
        target = (page_path.parent / href).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert target.is_file(), f"{exercise_id}: {href} does not exist"
        if anchor:
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), f"{exercise_id}: {href}#{anchor}"


def test_search_finds_title_and_summary_but_not_worksheet_grids(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for exercise_id in ("cx-brainstorm", "strengths-map"):
        exercise = LIBRARY[exercise_id]
        entries = [d for d in index["docs"] if d["location"].startswith(f"exercises/{exercise_id}/")]
        titles = [d["title"] for d in entries]
        text = html.unescape(" ".join(d["text"] for d in entries))
        assert exercise["title"] in titles
        assert exercise["summary"] in text
        # A box's label may also be named by the facilitator's own text (a wall chart of the
        # same name in the materials); the worksheet must add no occurrence of its own.
        told = json.dumps({k: v for k, v in exercise.data.items() if k != "worksheet"}, ensure_ascii=False, default=str)
        for block in exercise["worksheet"]["blocks"]:
            assert text.count(block["label"]) <= told.count(block["label"]), block["label"]
        assert "Print worksheet" not in text and "participant worksheet" not in text


def test_exercise_yaml_files_are_the_ones_the_site_shows():
    assert sorted(p.stem for p in exercise_files(ROOT)) == IDS
