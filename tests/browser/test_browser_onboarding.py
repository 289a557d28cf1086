"""A new hire in a real browser: progress kept across reloads and cleared on request,
tooltips reached from the keyboard, and topic words that find their guide.
"""

import urllib.parse

import pytest

pytestmark = pytest.mark.browser

TRACK = "onboarding/crm-track/"
# Topic word -> the guide a reader means by it. Each word is also the name
# of an exercise or appears on several guides, so ranking matters.
TOPICS = {
    "strengths": "playbook/strengths/",
    "rewards": "playbook/rewards/",
    "co-chair": "playbook/co-lead-relationship/",
}


def _outside_requests(page, site_url) -> list:
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def _box(page, selector):
    box = page.locator(selector).first
    box.wait_for(state="visible")
    return box


def test_progress_survives_a_reload_and_clears(browser_page, site_url):
    page = browser_page
    requests = _outside_requests(page, site_url)
    page.goto(site_url + TRACK)
    _box(page, '[data-cg-read="hidden-issue"]').check()
    _box(page, '[data-cg-read="rewards"]').check()
    page.reload()
    assert _box(page, '[data-cg-read="hidden-issue"]').is_checked()
    assert _box(page, '[data-cg-read="rewards"]').is_checked()
    assert not _box(page, '[data-cg-read="strengths"]').is_checked()
    assert "2 of 11 guides read" in page.locator("[data-cg-summary]").inner_text()

    # The guide's own header shows the same tick, and can untick it.
    page.goto(site_url + "playbook/rewards/")
    header_box = _box(page, '.cg-guide-header [data-cg-read="rewards"]')
    assert header_box.is_checked()
    header_box.uncheck()

    page.goto(site_url + TRACK)
    _box(page, '[data-cg-tick="crm-day-2-1"]').check()
    page.reload()
    assert _box(page, '[data-cg-tick="crm-day-2-1"]').is_checked()
    assert "1 of" in page.locator("[data-cg-summary]").inner_text().split("guides read,")[1]
    assert _box(page, '[data-cg-read="hidden-issue"]').is_checked()
    assert not _box(page, '[data-cg-read="rewards"]').is_checked()
    page.locator("[data-cg-clear]").click()
    page.reload()
    assert not _box(page, '[data-cg-read="hidden-issue"]').is_checked()
    assert "0 of 11 guides read" in page.locator("[data-cg-summary]").inner_text()
    assert not _box(page, '[data-cg-tick="crm-day-2-1"]').is_checked()

    assert all(url.startswith(site_url) for url in requests), (
        f"progress must stay on this machine: {[u for u in requests if not u.startswith(site_url)]}"
    )


PROGRESS_KEY = "common-ground.progress.v1"


@pytest.mark.parametrize(
    "garbage",
    [
        '{"read":"x"}',  # the case: a string where a set of guides belongs
        '{"read":{"rewards":true},"ticks":[1,2]}',  # a list for the tasks
        '{"read":{"rewards":"yes"}}',  # a value save() never writes
        "[]",
        "null",
        "42",
        "{not json",
        '"read"',
    ],
)
def test_unreadable_progress_is_set_aside_and_saving_works_after_a_reload(browser_page, site_url, garbage):
    page = browser_page
    page.goto(site_url + TRACK)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [PROGRESS_KEY, garbage])
    page.reload()
    note = page.locator(".cg-progress-note")
    note.wait_for(state="visible")
    assert "set aside" in note.inner_text()
    assert page.evaluate("key => localStorage.getItem(key + '.unreadable')", PROGRESS_KEY) == garbage
    _box(page, '[data-cg-read="strengths"]').check()
    _box(page, '[data-cg-tick="crm-day-2-1"]').check()
    page.reload()
    assert _box(page, '[data-cg-read="strengths"]').is_checked()
    assert _box(page, '[data-cg-tick="crm-day-2-1"]').is_checked()
    assert not _box(page, '[data-cg-read="rewards"]').is_checked()
    assert "1 of 11 guides read" in page.locator("[data-cg-summary]").inner_text()
    assert page.locator(".cg-progress-note").count() == 0, "the note came back once progress was readable"


def test_a_tooltip_opens_from_the_keyboard(browser_page, site_url):
    page = browser_page
    page.goto(site_url + "playbook/hidden-issue/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    else:
        pytest.fail("Tab never reached a glossary term")
    term = page.evaluate("document.activeElement.textContent")
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip(), f"focusing '{term}' showed an empty tooltip"


@pytest.mark.parametrize("word, guide", TOPICS.items())
def test_a_topic_word_puts_its_guide_first(browser_page, site_url, word, guide):
    page = browser_page
    page.goto(site_url)
    page.locator(".md-search__input").click()
    # One search, for the whole word: typed key by key, the results of a
    # shorter prefix ("co-c") could be read before the last query's arrive.
    # Filling sends no key event, so Material searches on the last key only.
    page.locator(".md-search__input").fill(word[:-1])
    page.keyboard.type(word[-1])
    first = page.locator(".md-search-result__item > a").first
    first.wait_for(state="visible")
    path = urllib.parse.urlsplit(first.get_attribute("href")).path
    found = urllib.parse.urljoin(site_url, path)
    assert found == site_url + guide, f"searching {word!r} puts {found} first, not {guide}"
