"""The composer's address and stored state are untrusted input, in Debian's chromium.

Every hostile address (ids that are names on an object's prototype, in an
item, in workshop=, format= and variant=; numbers that are not whole; too
many items or more than a day; cuts asked for twice) opens a working
composer with one line that says what was dropped or corrected: never a
blank area, a script error or a word from the prototype. A stored
composition that does not read cleanly is set aside with that line. A fit
that cannot reach the target says so, and by how much, on its button too.
"""

import pytest

pytestmark = pytest.mark.browser

PROTOTYPE = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"]
CD = "exercise:conflict-diagnosis:35"

# address -> words the one line must hold
HOSTILE = {}
for name in PROTOTYPE:
    HOSTILE[f"item=exercise:{name}:30&item={CD}"] = f"left out “{name}”, which is no exercise here"
    HOSTILE[f"item={name}:10&item={CD}"] = "which is no kind of item"
    HOSTILE[f"item={CD}:{name}"] = f"has no cut “{name}”"
    HOSTILE[f"workshop={name}"] = f"workshop “{name}” is not known here"
    HOSTILE[f"format={name}&item={CD}"] = f"format “{name}” is not known here"
    HOSTILE[f"workshop=friction-to-vision&variant={name}"] = f"version “{name}” is not one of"
    HOSTILE[f"variant={name}&item={CD}"] = f"version “{name}” is not one of a chosen workshop"
for value in ["1e9", "-30", "12.5", "abc", "0x10", "Infinity", " ", "30min"]:
    HOSTILE[f"target={value}&item={CD}"] = "target “"
    HOSTILE[f"people={value}&item={CD}"] = "people “"
    HOSTILE[f"item=exercise:conflict-diagnosis:{value}"] = "minutes became 35"
    HOSTILE[f"item=break:{value}:Tea&item={CD}"] = "Tea: “"
HOSTILE["target=5&item=" + CD] = "target “5” became 15"
HOSTILE["target=100000&item=" + CD] = "target “100000” became 1440"
HOSTILE["item=exercise:conflict-diagnosis:10"] = "“10” minutes became 35"
HOSTILE["item=exercise:conflict-diagnosis:9999"] = "“9999” minutes became 480"
HOSTILE[f"item={CD}:skip-evidence,skip-evidence"] = "cut “skip-evidence” was asked for twice"
HOSTILE[f"item={CD}:skip-evidence,one-note-per-pair,skip-evidence,one-note-per-pair"] = "was asked for twice"
HOSTILE["start=25:00&item=" + CD] = "start “25:00” is no clock time"
HOSTILE["start=9:30&item=" + CD] = "start “9:30” is no clock time"
HOSTILE["title=" + "x" * 100 + "&item=" + CD] = "the title was cut to 80 characters"
HOSTILE["&".join(["item=break:10"] * 41)] = "kept the first 40 of 41 items"
# 4,000 items stay under the test server's 64 KB request line; 5,000 come from storage below.
HOSTILE["&".join(["item=break:10"] * 4000)] = "kept the first 40 of 4000 items"
HOSTILE["&".join(["item=break:480"] * 4)] = "left out the last 1 items, past a day of time"
HOSTILE["item=%E0%A4%A&item=" + CD] = "which is no kind of item"
HOSTILE["item=&item=" + CD] = "which is no kind of item"

BAD_WORDS = ["function Object", "[native code]", "undefined", "NaN", "[object Object]", "null"]


def _open(page, site_url, query):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}workshops/compose/?{query}")
    page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    return errors


def _shown(page):
    return page.locator("[data-cg-composer]").inner_text()


@pytest.mark.parametrize("query", list(HOSTILE))
def test_every_hostile_address_opens_a_composer_that_says_what_it_dropped(browser_page, site_url, query):
    page = browser_page
    errors = _open(page, site_url, query)
    assert errors == []
    assert page.locator("[data-cg-composer]").get_attribute("data-cg-ready") == "1"
    notice = page.locator("[data-cg-notice]")
    assert notice.is_visible(), f"nothing said for {query[:80]}"
    text = notice.inner_text()
    assert HOSTILE[query] in text, text
    assert text.count("\n") == 0, "more than one line"
    assert page.locator("[data-cg-list]").is_visible() and page.locator("[data-cg-summary]").inner_text()
    shown = _shown(page)
    for word in BAD_WORDS:
        assert word not in shown, f"{word!r} shown for {query[:80]}"
    assert page.locator(".cg-slot").count() <= 40


def test_a_clean_address_says_nothing(browser_page, site_url):
    page = browser_page
    _open(page, site_url, f"start=13:30&target=90&people=6&format=remote&item={CD}:skip-evidence&item=break:10:Tea")
    assert page.locator("[data-cg-notice]").is_hidden()
    _open(page, site_url, "workshop=friction-to-vision&variant=ninety-minutes")
    assert page.locator("[data-cg-notice]").is_hidden()


def test_cuts_asked_for_twice_count_once(browser_page, site_url):
    page = browser_page
    _open(page, site_url, f"item={CD}:skip-evidence,skip-evidence")
    assert "Cuts if time is short (2, 1 taken)" in page.locator(".cg-slot-details summary").inner_text()
    assert "skip-evidence,skip-evidence" not in page.url


def test_a_target_given_by_the_address_shows_in_the_time_field(browser_page, site_url):
    page = browser_page
    _open(page, site_url, f"target=75&item={CD}")
    assert page.get_by_label("Time you have").input_value() == "75"
    assert page.get_by_label("Time you have").locator("option:checked").inner_text() == "1 h 15 min"


def test_a_stored_composition_that_does_not_read_is_set_aside_with_a_message(browser_page, site_url):
    page = browser_page
    many = "&".join(["item=break:10"] * 5000)
    for stored in [
        "item=exercise:constructor:3",
        "item=__proto__:1e9",
        "workshop=toString",
        "%%%&item=break:1e9",
        many,
    ]:
        page.goto(f"{site_url}workshops/compose/")
        page.evaluate("s => localStorage.setItem('cg-composer', s)", stored)
        errors = _open(page, site_url, "")
        assert errors == []
        text = page.locator("[data-cg-notice]").inner_text()
        assert text.startswith("Your saved composition could not be read in full, so it is set aside"), text
        assert page.locator(".cg-slot").count() <= 40
        assert page.evaluate("localStorage.getItem('cg-composer.set-aside')") == stored
        # Saving works again at once: the next reload is clean.
        page.locator('[data-cg-add="conflict-diagnosis"]').click()
        _open(page, site_url, "")
        assert page.locator("[data-cg-notice]").is_hidden(), stored
        page.get_by_role("button", name="Start again").click()


def test_adding_past_forty_items_or_a_day_is_refused_in_words(browser_page, site_url):
    page = browser_page
    _open(page, site_url, "&".join(["item=break:10"] * 40))
    page.get_by_role("button", name="Add a break").click()
    assert page.locator(".cg-slot").count() == 40
    assert "at most 40 items" in page.locator("[data-cg-status]").inner_text()
    _open(page, site_url, "&".join(["item=break:480"] * 3))
    page.get_by_role("button", name="Add a break").click()
    assert page.locator(".cg-slot").count() == 3
    assert "longer than a day" in page.locator("[data-cg-status]").inner_text()


# 130 minutes into 90: every cut saves 33 (8+3, 5+4, 5+5+3), so 7 minutes stay over.
SHORT = f"target=90&item={CD}&item=exercise:exceptions-finder:30&item=exercise:no-show-role-play:45&item=break:20"


def test_a_fit_that_cannot_reach_the_target_says_so_and_by_how_much(browser_page, site_url):
    page = browser_page
    _open(page, site_url, SHORT)
    fit = page.locator("[data-cg-fit]")
    assert "The cuts cannot fit it" in fit.inner_text() and "still run 7 min over" in fit.inner_text(), fit.inner_text()
    assert page.get_by_role("button", name="Fit to 1 h 30 min").count() == 0, "the button claims a fit"
    page.get_by_role("button", name="Take every cut left (still 7 min over)").click()
    assert "still 7 min over" in page.locator("[data-cg-status]").inner_text()
    assert "7 min over your 1 h 30 min" in page.locator("[data-cg-summary]").inner_text()
    assert "No cuts are left to take: the session stays 7 min over" in fit.inner_text()
