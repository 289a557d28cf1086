"""The team check-up in Debian's chromium (docs/workshops/checkup.md).

Three people answer on their own devices and a facilitator combines their
codes: the spread and ranking are the shared case table's (the same one
Python and node run). The result opens the composer fitted to 3 hours; a
second check-up shows the change; hostile codes, addresses and stored
values get a short message and nothing else; axe finds nothing; a phone
is fine; and it works from a file with no server.
"""

import json
import urllib.parse

import pytest

from macros.kit import checkup
from support.browser import axe_violations
from support.checkup import open_ready, shipped_checkup
from support.project import ROOT

pytestmark = pytest.mark.browser

CASES = json.loads((ROOT / "tests" / "fixtures" / "checkup-cases.json").read_text(encoding="utf-8"))
LETTERS = dict(CASES["areas"])
THREE = CASES["teams"][0]
PATH = "workshops/checkup/"


@pytest.fixture(scope="module")
def shipped():
    return shipped_checkup()


def _open(page, url):
    open_ready(page, url, "data-cg-checkup")


def _answers(shipped, code: str) -> dict:
    """Statement id -> answer that gives the code's area scores (halves: one up, one down)."""
    targets, out, seen = checkup.decode(code, LETTERS), {}, {}
    for statement in shipped["statements"]:
        area = statement["area"]
        tenths = targets[area]
        first = seen.setdefault(area, 0) == 0
        seen[area] += 1
        healthy = tenths // 10 if (tenths % 10 == 0 or first) else tenths // 10 + 1
        out[statement["id"]] = healthy if statement["healthy"] == "agree" else 6 - healthy
    assert checkup.area_scores(shipped, out) == targets
    return out


def _take(page, answers: dict):
    for statement_id, value in answers.items():
        page.locator(f'[data-cg-statement="{statement_id}"] input[value="{value}"]').check()
    page.locator("[data-cg-checkup-score]").click()
    page.locator("[data-cg-checkup-result]:not([hidden])").wait_for()
    return page.locator("[data-cg-code]").inner_text()


def _team(page, codes):
    page.locator("[data-cg-team-codes]").fill("\n".join(codes))
    page.locator("[data-cg-team-show]").click()


def test_three_people_combined_give_the_tables_spread_and_ranking(chromium, site_url, shipped):
    codes = []
    for code in THREE["people"]:  # each on a device of their own
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        _open(page, site_url + PATH)
        codes.append(_take(page, _answers(shipped, code)))
        context.close()
    assert [checkup.decode(c, LETTERS) for c in codes] == [checkup.decode(c, LETTERS) for c in THREE["people"]]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _open(page, site_url + PATH)
    _team(page, codes)
    assert page.locator("[data-cg-team-count]").get_attribute("data-cg-team-count") == "3"
    rows = page.locator("[data-cg-team-area]")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.cgTeamArea)") == THREE["ranking"]
    for area, want in THREE["team"].items():
        row = page.locator(f'[data-cg-team-area="{area}"]')
        assert row.get_attribute("data-cg-view") == want["view"]
        cells = row.locator("td").all_inner_texts()
        assert cells[0] == f"{want['mean'] / 10:.1f}", area
        assert cells[1 + 1] == f"{want['low'] / 10:.1f}–{want['high'] / 10:.1f}", area
        assert row.locator(".cg-strip-dot").count() == 3
    # A split area says so in words, not only in dots.
    assert "split" in page.locator('[data-cg-team-area="vision"]').inner_text()
    weakest = page.locator("[data-cg-team-body] .cg-checkup-ranked > li")
    assert weakest.evaluate_all("ls => ls.map(l => l.dataset.cgArea)") == THREE["ranking"][:3]
    # Each weak area: its guide, its exercises and a first step.
    first = weakest.first.inner_text()
    assert "Read:" in first and "Exercises:" in first and "First step:" in first
    # The team view is kept for the follow-up (contract24.md).
    stored = json.loads(page.evaluate("localStorage.getItem('common-ground:checkup-team:v1')"))
    assert stored["people"] == 3 and stored["ranking"] == THREE["ranking"]
    assert stored["areas"]["vision"] == {"mean": 2.5, "low": 1.5, "high": 4.5}
    # The team address opens the same view in a fresh browser.
    address = page.locator("[data-cg-team-address]").get_attribute("href")
    context.close()
    context = chromium.new_context()
    page = context.new_page()
    for opened in (address, address.replace("#team=", "#codes=")):  # codes=: the paper tally page's link
        _open(page, opened)
        ranking = page.locator("[data-cg-team-area]").evaluate_all("rs => rs.map(r => r.dataset.cgTeamArea)")
        assert ranking == THREE["ranking"], opened
    context.close()


def _composer_items(page):
    return page.locator(".cg-slot").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")


def test_the_result_opens_the_composer_prefilled_and_fitted_to_three_hours(browser_page, site_url, shipped):
    page = browser_page
    _open(page, site_url + PATH)
    _take(page, _answers(shipped, THREE["people"][0]))
    ranking = page.locator("[data-cg-checkup-result] [data-cg-ranking]").get_attribute("data-cg-ranking").split()
    assert ranking == checkup.rank([checkup.decode(THREE["people"][0], LETTERS)], list(LETTERS))
    page.locator("[data-cg-checkup-slot]").first.select_option("180")
    link = page.locator("[data-cg-checkup-result] [data-cg-open-composer]")
    assert "3 hours" in link.inner_text()
    link.click()
    page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    summary = page.locator("[data-cg-summary]").inner_text()
    assert "fits your 3 h" in summary, summary
    assert page.locator("#cg-compose-target").input_value() == "180"
    # The top areas' exercises, each once.
    wanted = {e for area in ranking[:3] for e in shipped.area(area)["exercises"]}
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    chosen = [item.split(":")[1] for item in query["item"] if item.startswith("exercise:")]
    assert chosen and set(chosen) <= wanted and len(chosen) == len(set(chosen))
    assert len(chosen) >= 2
    labels = _composer_items(page)
    assert any("Commitments" in label for label in labels) and any("Break" in label for label in labels)


@pytest.mark.parametrize("slot", ["90", "480"])
def test_every_slot_fits(browser_page, site_url, shipped, slot):
    page = browser_page
    _open(page, site_url + PATH)
    _take(page, _answers(shipped, "R10-G10-P10-L10-C10-M10-S10-V10"))
    page.locator("[data-cg-checkup-slot]").first.select_option(slot)
    page.locator("[data-cg-checkup-result] [data-cg-open-composer]").click()
    page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    assert "fits your" in page.locator("[data-cg-summary]").inner_text()


def test_the_ready_made_workshop_covers_the_weakest_areas(browser_page, site_url, shipped):
    page = browser_page
    _open(page, site_url + PATH)
    # Promises, goals and measures weakest: keeping-crm-promises holds all three.
    _take(page, _answers(shipped, "R40-G15-P40-L40-C10-M15-S40-V40"))
    page.locator("[data-cg-checkup-slot]").first.select_option("180")
    ready = page.locator("[data-cg-checkup-result] [data-cg-ready-made]")
    assert "covers 3 of the 3 weakest areas" in ready.inner_text()
    assert "keeping-crm-promises/#length-three-hours" in ready.locator("a").get_attribute("href")


def test_a_second_check_up_shows_the_change(browser_page, site_url, shipped):
    page = browser_page
    _open(page, site_url + PATH)
    _take(page, _answers(shipped, "R20-G20-P20-L20-C20-M20-S20-V20"))
    assert page.locator("[data-cg-change]").count() == 0
    page.goto(site_url + PATH)  # weeks later, on the same device
    page.locator("[data-cg-checkup][data-cg-ready]").wait_for(state="attached")
    page.locator("[data-cg-checkup-form] button[type=reset]").click()
    _take(page, _answers(shipped, "R40-G25-P20-L20-C20-M20-S20-V15"))
    rows = page.locator("[data-cg-change]")
    assert rows.count() == 8
    assert "2.0 → 4.0 (+2.0)" in page.locator('[data-cg-change="roles"]').inner_text()
    assert "2.0 → 2.0 (±0.0)" in page.locator('[data-cg-change="goals"]').inner_text() or "2.0 → 2.5 (+0.5)" in (
        page.locator('[data-cg-change="goals"]').inner_text()
    )
    assert "2.0 → 1.5 (−0.5)" in page.locator('[data-cg-change="vision"]').inner_text()
    stored = json.loads(page.evaluate("localStorage.getItem('common-ground:checkup:v1')"))
    assert [entry["scores"]["roles"] for entry in stored] == [2.0, 4.0]


def test_a_missing_answer_is_named_and_focused(browser_page, site_url, shipped):
    page = browser_page
    _open(page, site_url + PATH)
    answers = _answers(shipped, "R30-G30-P30-L30-C30-M30-S30-V30")
    del answers[shipped["statements"][4]["id"]]
    for statement_id, value in answers.items():
        page.locator(f'[data-cg-statement="{statement_id}"] input[value="{value}"]').check()
    page.locator("[data-cg-checkup-score]").click()
    assert "One statement has no answer yet" in page.locator("[data-cg-checkup-message]").inner_text()
    assert "5" in page.locator("[data-cg-checkup-message] li").inner_text()
    assert page.locator("[data-cg-checkup-result]").is_hidden()


HOSTILE_CODES = [
    ("__proto__", "not a check-up code"),
    ("constructor", "not a check-up code"),
    ("R25", "8 parts"),
    ("R25-G30-P45-L10-C20-M35-S40-X50", "unknown area letter X"),
    ("R99-G30-P45-L10-C20-M35-S40-V50", "runs from 10"),
    ("R-5-G30-P45-L10-C20-M35-S40-V50", "not a check-up code"),
    ("<img src=x onerror=window.hacked=1>", "not a check-up code"),
    ("R25" * 30, "too long"),
]


def test_hostile_codes_each_get_a_short_message(browser_page, site_url):
    page = browser_page
    _open(page, site_url + PATH)
    _team(page, [code for code, _ in HOSTILE_CODES] + ["R25-G30-P45-L10-C20-M35-S40-V50"])
    message = page.locator("[data-cg-team-message]")
    items = message.locator("li").all_inner_texts()
    assert len(items) == len(HOSTILE_CODES)
    for (code, words), item in zip(HOSTILE_CODES, items, strict=True):
        assert words in item and len(item) < 100, (code, item)
    assert page.locator("[data-cg-team-count]").get_attribute("data-cg-team-count") == "1"
    assert page.locator("[data-cg-checkup] img").count() == 0 and not page.evaluate("window.hacked")


@pytest.mark.parametrize(
    ("fragment", "words"),
    [
        ("#r=__proto__", "cannot be read"),
        ("#r=constructor", "cannot be read"),
        ("#team=R25%E0%A4%A", "encoding is broken"),
        ("#team=%", "encoding is broken"),
        ("#__proto__=1", "no check-up result"),
        ("#constructor", "no check-up result"),
        ("#r=", "no check-up code"),
        ("#r=R99-G30-P45-L10-C20-M35-S40-V50", "runs from 10"),
        ("#team=" + ",".join(["R25-G30-P45-L10-C20-M35-S40-V50"] * 61), "more than 60"),
        ("#team=" + "R" * 5000, "too long"),
        ("#team=R25-G30-P45-L10-C20-M35-S40-V50,R25", "8 parts"),
    ],
)
def test_hostile_addresses_each_get_a_short_message(browser_page, site_url, fragment, words):
    page = browser_page
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    _open(page, site_url + PATH + fragment)
    team = fragment.startswith("#team=") and "," in fragment and len(fragment) < 1000
    message = page.locator("[data-cg-team-message]" if team else "[data-cg-checkup-message]")
    assert message.is_visible()
    assert words in message.inner_text() and len(message.inner_text()) < 200
    assert errors == []


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        '{"__proto__": {"polluted": 1}}',
        '[{"taken": "2026-01-01", "scores": {"__proto__": 2, "constructor": 3}}]',
        '[{"taken": "2026-01-01", "scores": {"roles": 1e308, "goals": -4}}]',
        '[{"taken": "<b>x</b>", "scores": {}}]',
    ],
)
def test_hostile_stored_results_are_set_aside(browser_page, site_url, stored):
    page = browser_page
    _open(page, site_url + PATH)
    page.evaluate("s => localStorage.setItem('common-ground:checkup:v1', s)", stored)
    _open(page, site_url + PATH)
    assert "could not be read" in page.locator("[data-cg-checkup-message]").inner_text()
    assert page.locator("[data-cg-checkup-result]").is_hidden()
    assert page.evaluate("({}).polluted") is None


def test_axe_finds_nothing_on_the_result_and_the_team_view(browser_page, site_url, shipped):
    page = browser_page
    _open(page, site_url + PATH)
    assert axe_violations(page) == [], "form"
    _take(page, _answers(shipped, THREE["people"][1]))
    _team(page, THREE["people"])
    # The pointer leaves the last button clicked: Material's hover colours
    # (white on its accent) are the theme's, on every button of the site.
    page.mouse.move(0, 0)
    assert axe_violations(page) == [], "result and team view"
    _open(page, site_url + PATH + "#r=__proto__")
    assert axe_violations(page) == [], "message"


def test_a_phone_has_no_sideways_scrolling(chromium, site_url, shipped):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    _open(page, site_url + PATH)
    wide = "document.scrollingElement.scrollWidth"
    assert page.evaluate(wide) <= 390
    _take(page, _answers(shipped, THREE["people"][0]))
    _team(page, THREE["people"])
    assert page.evaluate(wide) <= 390
    choice = page.locator(".cg-checkup-choice").first.bounding_box()
    assert choice["height"] >= 40  # a finger's target
    context.close()


def test_it_works_from_a_file_with_no_server(chromium, built_site, shipped):
    context = chromium.new_context()
    page = context.new_page()
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    _open(page, (built_site / "workshops" / "checkup" / "index.html").as_uri())
    _take(page, _answers(shipped, THREE["people"][0]))
    link = page.locator("[data-cg-checkup-result] [data-cg-open-composer]")
    assert "/compose/index.html?" in link.get_attribute("href")
    link.click()
    page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    assert "fits your 3 h" in page.locator("[data-cg-summary]").inner_text()
    assert all(urllib.parse.urlsplit(u).scheme in ("file", "data", "blob", "about") for u in seen), seen
    context.close()


def test_home_and_workshops_pages_link_to_the_check_up(browser_page, site_url):
    for path in ("", "workshops/"):
        browser_page.goto(site_url + path)
        assert browser_page.locator('article a[href$="checkup/"]').count() >= 1, path
