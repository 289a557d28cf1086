"""Run mode as a facilitator meets it in a real room, in Debian's chromium.

A reload (or a crashed tab) carries on at the same step with the real time
left and the lateness kept, cuts taken while running included; a saved run
that does not parse is set aside with a notice. The keyboard stays inside
run mode until it is left. On a 1280x720 projector every control, the
"running late" box included, is on screen. The cut on offer is the best
one left anywhere in the rest of the session. The clock is Playwright's.
"""

import datetime
import json
import os
import pathlib

import pytest

from support.browser import stop_the_clock

pytestmark = pytest.mark.browser

# Where the 720p screenshot goes, to be looked at: CG_SHOTS, or the test's own folder.
SHOTS = os.environ.get("CG_SHOTS")
# conflict-diagnosis (steps of 5, 4, 4, 8, 8 and 6 minutes) and a break: 45 minutes from 13:30.
SESSION = "?start=13:30&item=exercise:conflict-diagnosis:35&item=break:10:Break"
SAVED = "cg-run.v1"


def _start(page, site_url, query=SESSION, at=(13, 30)):
    # The clock stands still but for run_for, a reload's own seconds included.
    stop_the_clock(page, datetime.datetime(2026, 11, 24, *at))
    page.goto(f"{site_url}workshops/compose/{query}")
    page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    page.get_by_role("button", name="Run on screen").click()
    page.locator(".cg-run").wait_for()


def _text(page, part):
    return page.locator(f".cg-run-{part}").inner_text()


def _reload(page):
    page.reload()
    page.locator(".cg-run").wait_for()


def _to_step_five(page):
    """Steps 1 to 4 run 6, 4, 4 and 9 minutes: step 5 starts at 13:53, two minutes behind its plan."""
    for minutes in ("06:00", "04:00", "04:00", "09:00"):
        page.clock.run_for(minutes)
        page.keyboard.press("ArrowRight")


def test_a_reload_at_step_five_carries_on_with_the_real_time_left_and_the_lateness(browser_page, site_url):
    page = browser_page
    _start(page, site_url)
    _to_step_five(page)
    page.clock.run_for("03:00")
    assert _text(page, "title") == "Find the evidence"
    assert _text(page, "timer") == "5:00 left"
    assert "Running 2 min late." in _text(page, "late")

    _reload(page)
    assert page.url.endswith("#run")
    assert _text(page, "position").startswith("Step 5 of 7 · planned 13:51"), _text(page, "position")
    assert _text(page, "title") == "Find the evidence"
    assert _text(page, "timer") == "5:00 left"
    assert "Running 2 min late." in _text(page, "late")
    # The clock keeps running after the reload, from where the step was.
    page.clock.run_for("02:00")
    assert _text(page, "timer") == "3:00 left"


def test_a_reload_keeps_a_pause_an_added_minute_and_a_cut_taken_while_running(browser_page, site_url):
    page = browser_page
    _start(page, site_url)
    _to_step_five(page)
    page.keyboard.press("m")
    page.clock.run_for("01:00")
    page.keyboard.press("p")
    assert _text(page, "timer") == "8:00 left"
    page.keyboard.press("c")  # two minutes late: the patterns round's 3-minute cut is enough
    assert page.locator(".cg-run-late").is_hidden()

    _reload(page)
    assert _text(page, "timer") == "8:00 left", "the pause or the added minute was lost"
    assert "paused" in _text(page, "position")
    assert page.get_by_role("button", name="Resume (P)").is_visible()
    page.clock.run_for("05:00")
    assert _text(page, "timer") == "8:00 left", "a paused step counted on after the reload"
    page.keyboard.press("p")
    page.keyboard.press("ArrowRight")
    assert _text(page, "title") == "Patterns in the room"
    assert "· 3 min" in _text(page, "grouping"), "the cut taken before the reload came undone"


def test_leaving_run_mode_forgets_the_run_and_a_new_run_starts_at_step_one(browser_page, site_url):
    page = browser_page
    _start(page, site_url)
    _to_step_five(page)
    page.keyboard.press("Escape")
    assert page.evaluate(f"localStorage.getItem('{SAVED}')") is None
    page.get_by_role("button", name="Run on screen").click()
    assert _text(page, "position").startswith("Step 1 of 7")


def _saved(page):
    return json.loads(page.evaluate(f"localStorage.getItem('{SAVED}')"))


# A saved run as typed by anyone: each is set aside, never resumed, never a blank screen.
BROKEN = {
    "not JSON": "{",
    "null": "null",
    "a list": "[]",
    "a string": '"step 5"',
}
BAD_FIELDS = {
    "index past the end": ("index", 99),
    "index negative": ("index", -1),
    "index as text": ("index", "4"),
    "index a fraction": ("index", 1.5),
    "start in the future": ("startedAt", 10**15),
    "start not a number": ("startedAt", "yesterday"),
    "pause not true or false": ("paused", "yes"),
    "cut unknown": ("cuts", [[0, "no-such-cut"]]),
    "cut named __proto__": ("cuts", [[0, "__proto__"]]),
    "cut named constructor": ("cuts", [[0, "constructor"]]),
    "cut on a break": ("cuts", [[1, "skip-evidence"]]),
    "cut on no item": ("cuts", [[7, "skip-evidence"]]),
    "cut taken twice": ("cuts", [[0, "skip-evidence"], [0, "skip-evidence"]]),
    "cuts not a list": ("cuts", {"0": "skip-evidence"}),
}


def test_a_saved_run_that_does_not_parse_is_set_aside_with_a_notice(browser_page, site_url):
    page = browser_page
    _start(page, site_url)
    _to_step_five(page)
    good = _saved(page)
    cases = dict(BROKEN)
    for name, (field, value) in BAD_FIELDS.items():
        cases[name] = json.dumps({**good, field: value})
    for name, text in cases.items():
        page.evaluate("([key, text]) => localStorage.setItem(key, text)", [SAVED, text])
        _reload(page)
        assert _text(page, "position").startswith("Step 1 of 7"), name
        notice = page.locator(".cg-run-notice")
        assert notice.is_visible() and "could not be read" in notice.inner_text(), name
        # The bad record is gone and the new run is saved in its place.
        assert _saved(page)["index"] == 0, name
        page.keyboard.press("ArrowRight")
        assert _saved(page)["index"] == 1, name


def _focus_inside(page):
    return page.evaluate("document.querySelector('.cg-run').contains(document.activeElement)")


def test_the_keyboard_stays_inside_run_mode_until_it_is_left(browser_page, site_url):
    page = browser_page
    _start(page, site_url)
    page.clock.run_for("06:00")  # late, so the "Take this cut" button is in the loop too
    assert page.locator(".cg-run-late").is_visible()
    buttons = page.locator(".cg-run button").count()
    seen = set()
    for key in ["Tab"] * (buttons + 3) + ["Shift+Tab"] * (buttons + 3):
        page.keyboard.press(key)
        assert _focus_inside(page), f"{key} left run mode for {page.evaluate('document.activeElement.outerHTML')}"
        seen.add(page.evaluate("document.activeElement.textContent"))
    assert "Take this cut (C)" in seen and "Leave (Esc)" in seen and "Back (←)" in seen
    # Nothing behind it takes focus, by a script or a click.
    page.evaluate("document.querySelector('[data-cg-run]').focus()")
    assert _focus_inside(page)
    assert page.evaluate("document.querySelector('.md-header').closest('[inert]') !== null")
    page.keyboard.press("Escape")
    assert page.locator(".cg-run").count() == 0
    assert page.evaluate("document.querySelectorAll('[inert]').length") == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-cg-run')"), "focus did not go back to Run"


def _longest_step(page):
    """The exercise and step whose instruction is the longest in the kit (the texts run mode loads)."""
    page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    return page.evaluate(
        """async () => {
          await window.cgLoadScripts(["kit-text.js"]);
          let best = null;
          for (const [id, ex] of Object.entries(window.cgKitText.exercises)) {
            ex.steps.forEach((s, i) => {
              if (!best || s.instruction_html.length > best.length) best = {id, index: i, length: s.instruction_html.length};
            });
          }
          return best;
        }"""
    )


def test_at_1280_by_720_every_control_and_the_late_box_are_on_screen(chromium, site_url, tmp_path):
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.clock.install(time=datetime.datetime(2026, 11, 24, 13, 30))
    page.goto(f"{site_url}workshops/compose/")
    longest = _longest_step(page)
    minutes = page.evaluate(f"cgKit.exercises['{longest['id']}'].minutes.run")
    query = (
        f"?start=13:30&title=Tuesday%20afternoon%20with%20the%20whole%20team&item=exercise:{longest['id']}:{minutes}"
    )
    page.goto(f"{site_url}workshops/compose/{query}")
    page.get_by_role("button", name="Run on screen").click()
    page.locator(".cg-run").wait_for()
    for _ in range(longest["index"]):
        page.keyboard.press("ArrowRight")
    page.clock.run_for("30:00")  # far behind: the late box is up, with a cut or without
    assert page.locator(".cg-run-late").is_visible()
    shots = pathlib.Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "run-mode-1280x720-late.png"))
    parts = [".cg-run button", ".cg-run-late", ".cg-run-next", ".cg-run-timer", ".cg-run-title", ".cg-run-clock"]
    for selector in parts:
        for node in page.locator(selector).all():
            box = node.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= 720, f"{selector} off screen: {box}"
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, f"{selector} off screen: {box}"
            hit = node.evaluate(
                "e => { const r = e.getBoundingClientRect();"
                " return e.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"
            )
            assert hit, f"{selector} is covered"
    context.close()


# Three exercises: the first two with every cut taken, the last (the no-show
# role-play: 3, 5 and 5 minutes) with all of its own.
NO_CUTS_NEAR = (
    "?start=13:30&item=exercise:conflict-diagnosis:24:skip-evidence,one-note-per-pair"
    "&item=exercise:exceptions-finder:21:short-interviews,skip-room-choice&item=exercise:no-show-role-play:45"
)


@pytest.mark.parametrize(
    ("late", "offered", "saves"),
    [("06:00", "Trio debrief", 3), ("09:00", "Replay the opening", 5), ("20:00", "Replay the opening", 5)],
)
def test_the_best_cut_left_anywhere_in_the_session_is_offered(browser_page, site_url, late, offered, saves):
    page = browser_page
    _start(page, site_url, NO_CUTS_NEAR)
    page.clock.run_for(late)  # the first step is 5 minutes: 1, 4 or 15 minutes late
    box = page.locator(".cg-run-late")
    assert box.is_visible()
    cut = page.evaluate("t => cgKit.exercises['no-show-role-play'].cuts.find(c => c.step === t)", offered)
    assert cut["saves"] == saves
    assert f"The no-show role-play: {cut['text']} (saves {saves} min)" in box.inner_text(), box.inner_text()
    page.keyboard.press("c")
    assert f"Cut taken: {cut['text']}" in page.locator(".cg-run [role=status]").inner_text()
