"""Printing an exercise page from Chromium, on A4 and on Letter.

What a facilitator gets on paper: the browser's own Print and the "Print
worksheet" button both give the worksheet alone, on one page of A4 or Letter;
the facilitator notes print only with "Print the whole page". No site
navigation prints, nothing runs past the printable width, and the writing
lines are spaced for handwriting.
"""

import pathlib

import pytest
import yaml

from support.browser import printed_text

pytestmark = pytest.mark.browser
ROOT = pathlib.Path(__file__).resolve().parent.parent.parent

# Printable width in CSS pixels: paper width minus the 13 mm side margins of worksheet.css.
PAPER = {"A4": 210, "Letter": 215.9}
MARGIN_MM = 13
PX_PER_MM = 96 / 25.4
EXERCISES = ["cx-brainstorm", "strengths-map"]
ALL_EXERCISES = sorted(p.stem for p in (ROOT / "exercises").glob("[!_]*.yml"))


def sheet_pages(exercise_id) -> int:
    """Pages the worksheet is laid out on: two when its YAML says `layout: two pages`, as its PDF."""
    data = yaml.safe_load((ROOT / "exercises" / f"{exercise_id}.yml").read_text(encoding="utf-8"))
    return 2 if data["worksheet"].get("layout") == "two pages" else 1


# Text that only site furniture carries; none of it may reach paper.
FURNITURE = [
    "Skip to content",
    "Table of contents",
    "Switch to dark mode",
    "Made with",
    "Start here",
    "Previous",
    "Print worksheet",
]


# Counts print requests instead of opening the print dialog.
STUB_PRINT = "() => { window.cgPrinted = 0; window.print = () => { window.cgPrinted += 1; }; }"


def printable_width(paper: str) -> int:
    return int((PAPER[paper] - 2 * MARGIN_MM) * PX_PER_MM)


def open_for_print(chromium, url: str, paper: str, button: bool):
    """A page laid out as the printer sees it; optionally after pressing the button."""
    page = chromium.new_page(viewport={"width": printable_width(paper), "height": 1000})
    page.goto(url)
    if button:
        page.evaluate(STUB_PRINT)
        page.locator("button[data-cg-print-worksheet]").first.click()
        assert page.evaluate("window.cgPrinted") == 1
    page.emulate_media(media="print")
    return page


def pdf_pages(page, paper: str) -> list:
    return printed_text(page.pdf(format=paper))


def sheet_title(page) -> str:
    return page.locator(".cg-sheet-title").inner_text()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("exercise_id", ALL_EXERCISES)
def test_browser_print_of_an_exercise_page_is_the_worksheet_alone_on_one_page(chromium, site_url, exercise_id, paper):
    # Ctrl+P, no button: what a facilitator gets is the worksheet alone, on the pages its layout says.
    page = open_for_print(chromium, f"{site_url}exercises/{exercise_id}/", paper, button=False)
    title = sheet_title(page)
    texts = pdf_pages(page, paper)
    want = sheet_pages(exercise_id)
    assert len(texts) == want, f"{exercise_id} on {paper} prints {len(texts)} pages, want {want}"
    assert texts[0].startswith("COMMON GROUND · PARTICIPANT WORKSHEET") and title in texts[0], texts[0][:120]
    for text in texts:
        assert "Facilitator notes" not in text and "Traps to avoid" not in text
        for label in FURNITURE:
            assert label not in text, label
    page.close()


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_facilitator_notes_print_only_when_asked_for(chromium, site_url, exercise_id):
    page = chromium.new_page(viewport={"width": printable_width("A4"), "height": 1000})
    page.goto(f"{site_url}exercises/{exercise_id}/")
    page.evaluate(STUB_PRINT)
    page.locator("button[data-cg-print-whole-page]").click()
    assert page.evaluate("window.cgPrinted") == 1
    page.emulate_media(media="print")
    texts = pdf_pages(page, "A4")
    whole = " ".join(texts)
    assert "Facilitator notes" in whole and sheet_title(page) in whole and len(texts) > 1
    page.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_print_worksheet_button_prints_the_worksheet_alone(chromium, site_url, exercise_id, paper):
    page = open_for_print(chromium, f"{site_url}exercises/{exercise_id}/", paper, button=True)
    texts = pdf_pages(page, paper)
    assert texts[0].startswith("COMMON GROUND · PARTICIPANT WORKSHEET"), texts[0][:120]
    want = sheet_pages(exercise_id)
    assert len(texts) == want, f"{exercise_id} on {paper} takes {len(texts)} pages, want {want}"
    for text in texts:
        assert "Facilitator notes" not in text and "Traps to avoid" not in text
        for label in FURNITURE:
            assert label not in text, label
    page.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_nothing_on_the_worksheet_runs_past_the_printable_width(chromium, site_url, exercise_id, paper):
    page = open_for_print(chromium, f"{site_url}exercises/{exercise_id}/", paper, button=True)
    width = printable_width(paper)
    overflow = page.evaluate(
        """(width) => [...document.querySelectorAll('.cg-worksheet, .cg-worksheet *')]
            .filter(el => el.getClientRects().length)
            .map(el => [el.tagName + '.' + el.className, el.getBoundingClientRect().left, el.getBoundingClientRect().right])
            .filter(([, left, right]) => left < -0.5 || right > width + 0.5)""",
        width,
    )
    assert overflow == [], overflow[:5]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_writing_lines_are_spaced_for_handwriting(chromium, site_url, exercise_id):
    page = open_for_print(chromium, f"{site_url}exercises/{exercise_id}/", "A4", button=True)
    heights = page.evaluate("[...document.querySelectorAll('.cg-line')].map(el => el.getBoundingClientRect().height)")
    assert heights, "no writing lines"
    for height in heights:
        # The handwriting pitch of docs/about/conventions.md: 7.5 mm.
        assert 7.3 * PX_PER_MM <= height <= 7.7 * PX_PER_MM, f"line pitch {height / PX_PER_MM:.1f} mm"
    page.close()


def test_print_button_is_a_keyboard_reachable_button(chromium, site_url):
    page = chromium.new_page()
    page.goto(f"{site_url}exercises/strengths-map/")
    page.evaluate(STUB_PRINT)
    button = page.get_by_role("button", name="Print worksheet").first
    assert button.is_visible()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-cg-print-worksheet')"):
            break
    else:
        pytest.fail("Tab never reached the Print worksheet button")
    page.keyboard.press("Enter")
    assert page.evaluate("window.cgPrinted") == 1
    assert page.evaluate("document.documentElement.classList.contains('cg-print-worksheet-only')")
    page.close()


def test_library_tag_filter_hides_rows_without_the_tag(chromium, site_url):
    page = chromium.new_page()
    page.goto(f"{site_url}exercises/")
    rows = page.locator(".cg-library-table tbody tr")
    total = rows.count()
    page.get_by_role("button", name="strengths", exact=True).click()
    visible = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(visible) < total
    assert all("strengths" in r.get_attribute("data-cg-tags").split("|") for r in visible)
    page.get_by_role("button", name="all", exact=True).click()
    assert all(r.is_visible() for r in rows.all())
    page.close()


def _two_column_labelled_tables() -> list:
    """Exercises whose worksheet has a table of row labels and one answer column."""
    found = []
    for path in sorted((ROOT / "exercises").glob("[!_]*.yml")):
        blocks = yaml.safe_load(path.read_text(encoding="utf-8"))["worksheet"]["blocks"]
        if any(b["kind"] == "table" and "row_labels" in b and len(b["columns"]) == 2 for b in blocks):
            found.append(path.stem)
    return found


LABELLED = _two_column_labelled_tables()


def test_some_worksheet_has_a_two_column_labelled_table():
    assert "co-lead-charter" in LABELLED


@pytest.mark.parametrize("exercise_id", LABELLED)
@pytest.mark.parametrize("view", ["screen", "print"])
def test_row_labels_leave_the_room_to_the_answers(chromium, site_url, exercise_id, view):
    # Labels are read, answers are handwritten: an even split wastes paper.
    if view == "print":
        page = open_for_print(chromium, f"{site_url}exercises/{exercise_id}/", "A4", button=True)
    else:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{site_url}exercises/{exercise_id}/")
    shares = page.evaluate(
        """[...document.querySelectorAll('.cg-worksheet table.cg-table--cols-2')]
            .filter(t => t.querySelector('tbody th[scope=row]'))
            .map(t => t.querySelector('thead th').getBoundingClientRect().width / t.getBoundingClientRect().width)"""
    )
    assert shares, "no two-column table with row labels on the page"
    for share in shares:
        assert 0.25 <= share <= 0.4, f"the label column takes {share:.0%} of the table"
    page.close()
