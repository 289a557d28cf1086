"""The workshop composer and run mode, in Debian's chromium.

A facilitator composes three exercises from 13:30 with a 10-minute break,
fits them to 90 minutes, reloads, shares the address, prints on A4 and
Letter, and runs the session on screen with a controlled clock. The
composer opens every ready-made workshop and length variant at the clock
times of the one table of cases (tests/clock-cases.yml, which
tests/unit/test_clock_cases.py runs on schedule.js and on the Python side),
and words formats, groupings, kinds and units as the data file does.
"""

import datetime
import json
import re
import urllib.parse

import pytest

from macros.kit import exercises, workshops
from macros.kit.yamlsource import load_file
from support.browser import axe_violations, printed_text, stop_the_clock
from support.project import ROOT

pytestmark = pytest.mark.browser

THREE = ["conflict-diagnosis", "exceptions-finder", "no-show-role-play"]
# Three exercises from 13:30, the break moved to second place.
TIMES = ["13:30–14:05", "14:05–14:15", "14:15–14:45", "14:45–15:30"]
# Fitting 120 minutes into 90: the biggest savings first, ties in agenda
# order, until it fits (8+5+5+5+4+3 = 30). The trio debrief's 3 is not needed.
FIT_CUTS = {
    "conflict-diagnosis": {"skip-evidence", "one-note-per-pair"},
    "exceptions-finder": {"skip-room-choice", "short-interviews"},
    "no-show-role-play": {"skip-replay", "short-room-debrief"},
}
# Run sheet, notes for each exercise, then the worksheets (two of the three,
# conflict-diagnosis and exceptions-finder, are laid out on two pages, issue
# 26), then the no-show role-play's cards on a cut sheet of their own. The
# first exercise's notes end a line or two over their page: on Letter with
# every Chromium, on A4 since 156.0.8078.114 lays text out a little taller.
# So the count is the most pages the print may take, and no page is blank.
PRINTED_PAGES = {"A4": 11, "Letter": 11}
FIT_TIMES = ["13:30–13:54", "13:54–14:04", "14:04–14:25", "14:25–15:00"]


@pytest.fixture(scope="module")
def loaded():
    library = exercises.load_library(ROOT)
    return library, workshops.load_workshops(ROOT, library)


def _open(page, site_url, query=""):
    page.goto(f"{site_url}workshops/compose/{query}")
    page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")


def _times(page):
    return page.locator(".cg-slot .cg-slot-time").evaluate_all(
        "els => els.map(e => e.querySelector('.cg-slot-start').textContent + e.children[1].textContent)"
    )


def _taken(page):
    """{exercise id: {cut ids ticked}} as the composer shows them."""
    found = {}
    for block in page.locator(".cg-slot--exercise").all():
        exercise_id = block.locator(".cg-slot-title a").get_attribute("href").rstrip("/").split("/")[-1]
        found[exercise_id] = set(
            block.locator("input[data-cg-cut]:checked").evaluate_all("els => els.map(e => e.dataset.cgCut)")
        )
    return found


def _compose(page, site_url):
    """Three exercises and a break, by the controls a facilitator uses."""
    _open(page, site_url)
    page.get_by_label("Start time").fill("13:30")
    page.get_by_label("Start time").dispatch_event("change")
    for exercise_id in THREE:
        page.locator(f'[data-cg-add="{exercise_id}"]').click()
    page.get_by_role("button", name="Add a break").click()
    # The break lands last; move it to second place with the keyboard.
    page.locator('.cg-slot[data-cg-index="3"]').focus()
    page.keyboard.press("Alt+ArrowUp")
    page.keyboard.press("Alt+ArrowUp")


def test_three_exercises_from_1330_with_a_break_then_fit_to_90_minutes(browser_page, site_url):
    page = browser_page
    _compose(page, site_url)
    assert _times(page) == TIMES
    kinds = page.locator(".cg-slot").evaluate_all("els => els.map(e => e.className.match(/cg-slot--(\\w+)/)[1])")
    assert kinds == ["exercise", "break", "exercise", "exercise"]
    assert page.locator(".cg-slot--break input[type=number]").input_value() == "10"
    assert "13:30–15:30, 2 h in all" in page.locator("[data-cg-summary]").inner_text()

    page.get_by_label("Time you have").select_option("90")
    assert "30 min over" in page.locator("[data-cg-summary]").inner_text()
    page.get_by_role("button", name="Fit to 1 h 30 min").click()
    assert _taken(page) == FIT_CUTS
    assert _times(page) == FIT_TIMES
    assert "fits your 1 h 30 min" in page.locator("[data-cg-summary]").inner_text()
    assert "Took 6 cuts" in page.locator("[data-cg-status]").inner_text()


def test_composition_survives_a_reload_and_opens_from_its_address_elsewhere(chromium, site_url):
    context = chromium.new_context()
    page = context.new_page()
    _compose(page, site_url)
    page.get_by_label("Time you have").select_option("90")
    page.get_by_role("button", name="Fit to 1 h 30 min").click()
    address = page.url
    # The reload starts from the bare page: the composition comes back from storage.
    page.goto(f"{site_url}workshops/compose/")
    page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    assert _times(page) == FIT_TIMES and _taken(page) == FIT_CUTS
    context.close()

    fresh = chromium.new_context()
    other = fresh.new_page()
    other.goto(address)
    other.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    assert _times(other) == FIT_TIMES and _taken(other) == FIT_CUTS
    assert other.get_by_label("Time you have").input_value() == "90"
    fresh.close()


# The print dialog, which headless chromium never closes: page.pdf() stands in for it.
COUNT_PRINTS = "() => { window.printed = 0; window.print = () => { window.printed += 1; }; }"


def _print(page):
    """Press Print as a facilitator does: the notes and worksheets load, then the print dialog opens."""
    page.evaluate(COUNT_PRINTS)
    page.get_by_role("button", name="Print run sheet and worksheets").click()
    page.wait_for_function("() => window.printed === 1")


def _pdf(page, paper):
    return printed_text(page.pdf(format=paper, print_background=True))


def _pdf_pages(page, paper):
    """The printout: Print pressed, then the page as the print dialog sends it to paper."""
    _print(page)
    return _pdf(page, paper)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printing_gives_run_sheet_notes_then_one_page_per_worksheet(browser_page, site_url, loaded, paper):
    library, _ = loaded
    page = browser_page
    _compose(page, site_url)
    page.get_by_label("Title", exact=True).fill("Tuesday afternoon")
    page.get_by_label("Title", exact=True).dispatch_event("change")
    pages = _pdf_pages(page, paper)
    sheet = pages[0]
    assert sheet.startswith("Run sheet: Tuesday afternoon"), sheet[:200]
    for times in TIMES:
        assert times in sheet
    assert "Compose a workshop" not in " ".join(pages), "the composer itself was printed"
    notes = [i for i, text in enumerate(pages) if text.startswith("Facilitator notes:")]
    assert [pages[i].split(" 13:")[0].split(" 14:")[0] for i in notes] == [
        f"Facilitator notes: {library[e]['title']}" for e in THREE
    ]
    # Each worksheet starts a page of its own, after the notes, in agenda order.
    sheets = [i for i, text in enumerate(pages) if text.lower().startswith("common ground · participant worksheet")]
    assert len(sheets) == len(THREE) and sheets[0] > notes[-1], [t[:60] for t in pages]
    for exercise_id, index in zip(THREE, sheets, strict=True):
        title = library[exercise_id]["worksheet"].get("title", library[exercise_id]["title"])
        # The sheet's brand line is set in capitals by CSS.
        assert pages[index].lower().startswith(("Common Ground · participant worksheet " + title).lower()), pages[
            index
        ][:200]
        assert "Name Team Date" in pages[index]
    assert len(pages) <= PRINTED_PAGES[paper], f"{len(pages)} pages on {paper}"
    assert all(text.strip() for text in pages), "a blank page in the printout"


# A ready-made workshop's opening and closing around two exercises: the
# evidence round of the conflict diagnosis cut (its step 5, which fills
# worksheet box 3), and the no-show role-play, which has cards.
FULL_PACK = (
    "?workshop=friction-to-vision&start=09:00&item=discussion:10:Opening"
    "&item=exercise:conflict-diagnosis:27:skip-evidence&item=exercise:no-show-role-play:45"
    "&item=discussion:10:Closing - what we take away"
)


def _words(text, count=8):
    return " ".join(re.sub(r"[*_]", "", text).split()[:count])


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_printed_composition_is_a_full_pack(browser_page, site_url, loaded, paper):
    library, known = loaded
    page = browser_page
    _open(page, site_url, FULL_PACK)
    pages = _pdf_pages(page, paper)
    whole = " ".join(pages)
    sheet = pages[0]
    # Opening and closing print with the workshop's own notes, not bare titles.
    agenda = {item.get("title"): item for item in known["friction-to-vision"]["agenda"]}
    for title in ("Opening", "Closing - what we take away"):
        assert _words(agenda[title]["notes"]) in sheet, f"{title}: notes missing from the run sheet"
    # The last row is the end time, with no minutes, then the total.
    assert "10:32 End of the session Total 1 h 32 min" in sheet, sheet[-300:]
    assert not re.search(r"End \d", sheet)
    # The cut step's box is gone from the worksheet; the others stay.
    boxes = {b["label"]: b.get("step") for b in library["conflict-diagnosis"]["worksheet"]["blocks"]}
    for label, step in boxes.items():
        shown = _words(label, 6) in whole
        assert shown == (step != 5), f"box {label!r} (step {step}) {'printed' if shown else 'left out'}"
    # The no-show role-play's cards, on a cut sheet of their own, with a pointer to its PDF.
    cards = [p for p in pages if p.startswith("Cards: ")]
    assert cards, [p[:60] for p in pages]
    blocks = [b for b in library["no-show-role-play"]["worksheet"]["blocks"] if b["kind"] == "card"]
    text = " ".join(cards)
    for block in blocks:
        assert block["label"] in text and _words(block["paragraphs"][0]) in text, block["label"]
    assert "The cut sheet is also a PDF" in text
    links = page.locator("[data-cg-print-area] .cg-print-cards a").evaluate_all("els => els.map(e => e.href)")
    assert [link.rsplit("/", 1)[1] for link in links] == [
        "no-show-role-play-cards-a4.pdf",
        "no-show-role-play-cards-letter.pdf",
    ]


# Printing and run mode load their texts and scripts when asked, not with
# the page (docs/about/performance.md): every way to print gets the full
# pack once they are in; what cannot wait, or cannot load, says so.


def _asked(page):
    return page.evaluate("performance.getEntriesByType('resource').map(e => e.name.split('/').pop())")


@pytest.mark.parametrize("keys", ["Control+p", "Control+P", "Meta+p"])
def test_printing_from_the_keyboard_waits_for_the_full_pack(browser_page, site_url, keys):
    page = browser_page
    _open(page, site_url, FULL_PACK)
    assert "kit-text.js" not in _asked(page)
    page.evaluate(COUNT_PRINTS)
    page.locator("h1").click()
    page.keyboard.press(keys)
    page.wait_for_function("() => window.printed === 1")
    pages = _pdf(page, "A4")
    assert pages[0].startswith("Run sheet: ") and any(p.startswith("Cards: ") for p in pages)
    assert not any("Only the run sheet" in p for p in pages)


def test_printing_from_the_browser_menu_before_the_texts_load_says_so_on_paper(browser_page, site_url):
    page = browser_page
    _open(page, site_url, FULL_PACK)
    pages = _pdf(page, "A4")  # the browser's own Print menu: nothing on the page was touched
    assert pages[0].startswith("Only the run sheet is printed here"), pages[0][:200]
    assert "10:32 End of the session" in pages[0] and not any(p.startswith("Facilitator notes:") for p in pages)
    # The texts were asked for as the print opened: the next print is the full pack.
    page.wait_for_function("() => window.cgKitText !== undefined")
    pages = _pdf(page, "A4")
    assert pages[0].startswith("Run sheet: ") and any(p.startswith("Facilitator notes:") for p in pages)


@pytest.mark.parametrize("missing", ["kit-text.js", "run.js", "followup.js"])
def test_print_and_run_say_so_when_what_they_need_cannot_load_then_work_once_it_can(browser_page, site_url, missing):
    page = browser_page
    page.route(f"**/{missing}", lambda route: route.abort("internetdisconnected"))
    _open(page, site_url, FULL_PACK)
    page.get_by_role("button", name="Run on screen").click()
    status = page.locator("[data-cg-status]")
    status.filter(has_text="Run mode could not be loaded: check the network").wait_for()
    assert page.locator(".cg-run").count() == 0
    if missing == "kit-text.js":
        page.get_by_role("button", name="Print run sheet and worksheets").click()
        status.filter(has_text="could not be loaded, so nothing was printed").wait_for()
    page.unroute(f"**/{missing}")
    page.get_by_role("button", name="Run on screen").click()
    page.locator(".cg-run").wait_for()
    assert "#run" in page.url


@pytest.mark.parametrize("missing", ["composer.js", "kit-data.js"])
def test_a_composer_whose_scripts_cannot_load_says_so_where_it_would_be(browser_page, site_url, missing):
    page = browser_page
    page.route(f"**/{missing}", lambda route: route.abort("internetdisconnected"))
    page.goto(f"{site_url}workshops/compose/")
    message = page.locator("[data-cg-loading]")
    message.filter(has_text="The composer could not be loaded: check the network").wait_for(state="attached")
    # Seen, not only present: the composer is kept out of sight until it is ready.
    assert message.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('[data-cg-composer]')).visibility") == "visible"
    assert page.locator("[data-cg-exercise] a").first.is_visible()


def _run(page, site_url, query):
    stop_the_clock(page, datetime.datetime(2026, 11, 24, 13, 30))
    _open(page, site_url, query)
    page.get_by_role("button", name="Run on screen").click()
    page.locator(".cg-run").wait_for()


def _run_text(page, part):
    return page.locator(f".cg-run-{part}").inner_text()


def test_run_mode_steps_counts_down_runs_late_and_offers_the_cut(browser_page, site_url):
    page = browser_page
    _run(page, site_url, "?start=13:30&item=exercise:conflict-diagnosis:35&item=break:10:Break")
    assert _run_text(page, "title") == "Four places friction comes from"
    assert _run_text(page, "timer") == "5:00 left"
    assert "Now 13:30" in _run_text(page, "clock")
    assert _run_text(page, "next") == "Next at 13:35: Describe the situation (alone)"

    page.keyboard.press("ArrowRight")
    assert _run_text(page, "title") == "Describe the situation"
    assert "Alone · 4 min" in _run_text(page, "grouping")
    page.keyboard.press("ArrowLeft")
    assert _run_text(page, "title") == "Four places friction comes from"
    page.keyboard.press("n")

    page.clock.run_for("01:00")
    assert _run_text(page, "timer") == "3:00 left"
    page.keyboard.press("p")
    page.clock.run_for("02:00")
    assert _run_text(page, "timer") == "3:00 left", "a paused step kept counting"
    page.keyboard.press("p")
    page.keyboard.press("m")
    assert _run_text(page, "timer") == "4:00 left"

    page.clock.run_for("04:01")
    assert _run_text(page, "timer").startswith("Time is up +0:01")
    assert page.locator(".cg-run-late").is_hidden(), "late before the planned end could slip"

    # 10 minutes gone, and 36 still planned after this step: the 45-minute
    # session now ends at minute 46, one minute late.
    page.clock.run_for("02:59")
    late = page.locator(".cg-run-late")
    assert late.is_visible()
    assert "Running 1 min late." in late.inner_text()
    # The smallest cut that brings it back on time: the patterns round's 3
    # minutes, not the evidence round's 8 (tests/browser/test_run_mode.py).
    assert "Each pair reads out one note" in late.inner_text() and "(saves 3 min)" in late.inner_text()
    page.keyboard.press("c")
    assert late.is_hidden(), "taking the cut did not bring the session back on time"
    assert "of 7" in _run_text(page, "position")
    page.keyboard.press("Escape")
    assert page.locator(".cg-run").count() == 0
    assert not page.url.endswith("#run")


def test_the_composer_opens_every_workshop_and_variant_at_the_tables_clock_times(browser_page, site_url):
    table = load_file(ROOT / "tests" / "clock-cases.yml", "tests/clock-cases.yml").data["workshops"]
    page = browser_page
    checked = 0
    for workshop_id, versions in table.items():
        for version, case in versions.items():
            query = f"?workshop={workshop_id}" + (f"&variant={version}" if version != "full" else "")
            _open(page, site_url, query)
            assert _times(page) == [line.split(" ")[0] for line in case["times"]], query
            assert f", {case['length']} in all" in page.locator("[data-cg-summary]").inner_text(), query
            checked += 1
    assert checked >= 8


# Every word the data file gives the scripts, changed: what the composer and
# run mode show must follow it, since they type none of their own.
ALTERED = {
    "formats": {c: {"label": f"F-{c}", "in_text": f"f-{c}"} for c in ("in-person", "remote", "hybrid")},
    "groupings": {c: {"label": f"G-{c}", "in_text": f"g-{c}"} for c in ("solo", "pairs", "small groups", "whole room")},
    "kinds": {c: {"label": f"K-{c}", "in_text": f"k-{c}"} for c in ("exercise", "break", "discussion")},
    "units": {"minutes": "mins", "hours": "hrs", "people": "persons"},
}


def _with_altered_labels(route):
    response = route.fetch()
    text = response.text()
    data = json.loads(text[len("window.cgKit = ") : -2])
    data["labels"] = ALTERED
    data["exercises"]["cx-brainstorm"]["formats"] = ["in-person", "hybrid"]
    route.fulfill(response=response, body="window.cgKit = " + json.dumps(data) + ";\n")


def test_the_composer_and_run_mode_take_every_word_from_the_data_file(chromium, site_url):
    context = chromium.new_context()
    page = context.new_page()
    page.route("**/kit-data.js", _with_altered_labels)
    page.clock.install(time=datetime.datetime(2026, 11, 24, 13, 30))
    _open(page, site_url, "?start=13:30&target=60&people=3&format=remote&item=exercise:cx-brainstorm:55&item=break:10")
    block = page.locator(".cg-slot--exercise").first.inner_text()
    assert "4–16 persons · needs 55 mins with the cuts taken" in block, block
    assert "Made for 4–16 persons, not 3." in block and "Written for f-in-person and f-hybrid, not f-remote." in block
    assert "· 55 mins" in block
    # The cuts sit in a closed <details>: their words are in the page, not on show.
    cuts = page.locator(".cg-slot--exercise .cg-slot-details").first.evaluate("e => e.textContent")
    assert "(saves 4 mins)" in cuts, cuts
    assert page.locator(".cg-slot--break input[type=text]").input_value() == "K-break"
    summary = page.locator("[data-cg-summary]").inner_text()
    assert summary == "13:30–14:35, 1 hrs 5 mins in all: 5 mins over your 1 hrs.", summary
    assert "saves 8 mins and fits" in page.locator("[data-cg-fit]").inner_text()
    _print(page)
    _pdf(page, "A4")
    printed = page.locator("[data-cg-print-area]").evaluate("e => e.textContent")
    assert " · 4 mins · g-whole room" in printed and "1 hrs 5 mins with breaks" in printed, printed[:400]
    shown = page.locator("[data-cg-list], [data-cg-summary], [data-cg-fit]").all_inner_texts() + [printed]
    for text in shown:
        assert not re.search(r"\d (min|h|people)\b", text), text

    page.get_by_role("button", name="Run on screen").click()
    page.locator(".cg-run").wait_for()
    assert _run_text(page, "grouping") == "G-whole room · 4 mins"
    assert _run_text(page, "next").endswith("(g-solo)")
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    assert _run_text(page, "kicker") == "K-break"
    assert _run_text(page, "grouping") == "Everyone · 10 mins"
    context.close()


def test_run_mode_opens_from_a_file_with_no_server(chromium, built_site):
    context = chromium.new_context()
    page = context.new_page()
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    url = (built_site / "workshops" / "compose" / "index.html").as_uri()
    page.goto(url + "?workshop=friction-to-vision&variant=ninety-minutes#run")
    page.locator(".cg-run").wait_for()
    assert page.locator(".cg-run-title").inner_text() == "Opening"
    assert "Step 1 of" in page.locator(".cg-run-position").inner_text()
    assert all(urllib.parse.urlsplit(u).scheme in ("file", "data", "blob", "about") for u in seen), seen
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_composer_and_run_mode_have_no_axe_violations_and_no_outside_request(chromium, site_url, scheme):
    context = chromium.new_context(color_scheme=scheme)
    page = context.new_page()
    origin = urllib.parse.urlsplit(site_url).netloc
    outside = []
    page.on("request", lambda r: urllib.parse.urlsplit(r.url).netloc not in ("", origin) and outside.append(r.url))
    _open(
        page,
        site_url,
        "?start=13:30&target=90&people=3&item=exercise:cx-brainstorm:55"
        "&item=break:10:Break&item=exercise:exceptions-finder:30",
    )
    page.locator(".cg-slot-details summary").first.click()
    assert "Check: Made for 4–16 people, not 3." in page.locator(".cg-slot--exercise").first.inner_text()
    assert axe_violations(page) == [], "composer"
    page.get_by_role("button", name="Run on screen").click()
    page.locator(".cg-run").wait_for()
    assert axe_violations(page) == [], "run mode"
    assert outside == []
    context.close()


def test_filters_keep_their_choice_in_the_address(browser_page, site_url, loaded):
    library, known = loaded
    page = browser_page
    page.goto(f"{site_url}workshops/")
    page.get_by_label("Time you have").select_option("180")
    shown = [c.get_attribute("data-cg-minutes") for c in page.locator(".cg-workshop-card").all() if c.is_visible()]
    assert shown and all(min(map(int, m.split())) <= 180 for m in shown)
    assert len(shown) == sum(
        1 for w in known.values() if min([w["minutes_total"], *(v["minutes_total"] for v in w.variants)]) <= 180
    )
    assert "time=180" in page.url
    fits = page.locator(".cg-version-fits").all_inner_texts()
    assert fits and all(re.search(r"(3 h|1 h 30 min)$", t) for t in fits), fits

    page.goto(f"{site_url}exercises/?people=3&tag=team%20building&time=60")
    rows = [r for r in page.locator(".cg-library-table tbody tr").all() if r.is_visible()]
    want = [
        e
        for e in library
        if e["group_size"]["min"] <= 3 <= e["group_size"]["max"]
        and "team building" in e["tags"]
        and e["minutes"]["run"] <= 60
    ]
    assert len(rows) == len(want) and len(want) < len(library)
    assert page.get_by_role("button", name="team building", exact=True).get_attribute("aria-pressed") == "true"
    assert page.get_by_label("People in the group").input_value() == "3"
