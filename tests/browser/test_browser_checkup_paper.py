"""The paper check-up's tally form in Debian's chromium (issue 24).

People's answers, tallied the way the tally sheet tells a facilitator, are
typed into the form: the team view shown ranks the areas exactly as the same
answers typed one by one (Python's rank, and the page's own check-up
arithmetic over each person's code). Bad counts get a short message and no
result. The form works from a file, fits a phone and has no axe violations.
"""

import json
import os
import pathlib
import random

import pytest

from macros.kit import checkup, checkup_paper
from support.browser import axe_violations
from support.checkup import open_ready, shipped_checkup

pytestmark = pytest.mark.browser

# Screenshots for people to look at, when CG_SHOTS names a folder.
SHOTS = pathlib.Path(os.environ["CG_SHOTS"]) if os.environ.get("CG_SHOTS") else None
TEAM_KEY = "common-ground:checkup-team:v1"


@pytest.fixture(scope="module")
def shipped():
    return shipped_checkup()


def _open(page, url):
    open_ready(page, url, "data-cg-tally")


def _type(page, tallies):
    for area, row in tallies.items():
        for total, count in row.items():
            page.locator(f"#cg-tally-{area}-{total}").fill(str(count))


def _teams(shipped):
    """Answers of several teams: random ones, and one built to tie on the mean."""
    teams = []
    for seed, size in ((1, 3), (2, 5), (3, 12)):
        rng = random.Random(seed)
        choices = [[1, 2, 3, 4, 5], [2, 3], [1, 5]][seed % 3]
        teams.append([{s["id"]: rng.choice(choices) for s in shipped["statements"]} for _ in range(size)])
    base = {s["id"]: 3 for s in shipped["statements"]}
    split = [dict(base), dict(base)]
    for s in shipped["statements"]:
        if s["area"] == "vision":  # vision 2.0 and 4.0: the same mean as every other area, but split
            split[0][s["id"]], split[1][s["id"]] = 2, 4
    teams.append(split)
    return teams


def test_tallies_typed_in_rank_as_the_same_answers_typed(chromium, site_url, shipped):
    context = chromium.new_context()
    page = context.new_page()
    order = shipped.area_ids
    for number, answers in enumerate(_teams(shipped)):
        _open(page, f"{site_url}workshops/checkup-paper/")
        typed = [checkup.area_scores(shipped, a) for a in answers]
        want = checkup.rank(typed, order)
        _type(page, checkup_paper.tally_of(shipped, answers))
        page.get_by_role("button", name="Show the team view").click()
        result = page.locator("[data-cg-tally-result]")
        result.wait_for()
        got = result.locator("li[data-cg-area]").evaluate_all("els => els.map(e => e.dataset.cgArea)")
        assert got == want, f"team {number}"
        # The page's own arithmetic over the same answers, typed person by person.
        js = page.evaluate(
            """([statements, order, answers]) => {
                 const people = answers.map(a => cgCheckupCore.scoresOf(statements, order, new Map(Object.entries(a))));
                 return cgCheckupCore.rank(people, order); }""",
            [shipped["statements"], order, answers],
        )
        assert js == want
        assert f"Team view from {len(answers)} sheet" in page.locator("[data-cg-tally-status]").inner_text()
        codes = page.locator("[data-cg-tally-codes]").inner_text().split()
        assert len(codes) == len(answers)
        stored = json.loads(page.evaluate(f"localStorage.getItem({TEAM_KEY!r})"))
        assert stored["ranking"] == want and stored["people"] == len(answers)
        if number == 3:
            assert want[0] == "vision", "the split area should rank first"
            assert "split" in result.locator("li").first.inner_text()
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "paper-tally-form-1280.png"), full_page=True)
    # After its click the button keeps focus and the pointer: still readable.
    assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ({("roles", 4): "-1"}, "Roles, 4 points: type a whole number from 0 to 200."),
        ({("roles", 4): "1.5"}, "Roles, 4 points: type a whole number"),
        ({("roles", 4): "1e9"}, "Roles, 4 points: type a whole number"),
        ({("roles", 4): "999"}, "Roles, 4 points: type a whole number"),
        ({("roles", 4): "2"}, "Every row needs one mark per sheet: Roles has 2, Goals has 1."),
        ({}, "Every row needs one mark per sheet"),
    ],
)
def test_bad_counts_get_a_short_message_and_no_result(browser_page, site_url, shipped, cells, words):
    page = browser_page
    _open(page, f"{site_url}workshops/checkup-paper/")
    _type(page, {area: {4: 1} for area in shipped.area_ids})
    for (area, total), value in cells.items():
        page.locator(f"#cg-tally-{area}-{total}").fill(value)
    if not cells:
        page.locator("#cg-tally-goals-4").fill("")
    page.get_by_role("button", name="Show the team view").click()
    assert words in page.locator("[data-cg-tally-status]").inner_text()
    assert page.locator("[data-cg-tally-result]").is_hidden()


def test_empty_form_says_what_to_do(browser_page, site_url):
    page = browser_page
    _open(page, f"{site_url}workshops/checkup-paper/")
    page.get_by_role("button", name="Show the team view").click()
    assert page.locator("[data-cg-tally-status]").inner_text() == "Type the tallies first: no row has a count yet."


def test_tally_form_works_from_a_file_and_on_a_phone(chromium, built_site, shipped):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    _open(page, (built_site / "workshops" / "checkup-paper" / "index.html").as_uri())
    _type(page, {area: {4: 2, 6: 1} for area in shipped.area_ids})
    page.get_by_role("button", name="Show the team view").click()
    page.locator("[data-cg-tally-result]").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert all(u.split(":", 1)[0] in ("file", "data", "blob", "about") for u in seen), seen
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "paper-tally-form-390.png"), full_page=True)
    context.close()
