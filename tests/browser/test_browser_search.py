"""Search: a word found only in a guide's running text finds that guide, and shared search links work.

The word is chosen from the built site each run, so the test follows the
guides as they are written and rewritten.
"""

import urllib.parse

import pytest

from support.search import body_only_word, result_paths

pytestmark = pytest.mark.browser


def test_word_only_in_a_guide_body_finds_that_guide(browser_page, site_url, built_site):
    guide, word = body_only_word(built_site)
    browser_page.goto(site_url)
    browser_page.locator(".md-search__input").click()
    browser_page.keyboard.type(word)
    found = result_paths(browser_page, site_url)
    assert guide in found, f"searching {word!r} (only in {guide}) found {found}"


def test_shared_search_link_opens_with_results(browser_page, site_url, built_site):
    guide, word = body_only_word(built_site)
    # Material's "share" button copies exactly this form of link.
    browser_page.goto(f"{site_url}?q={urllib.parse.quote(word)}")
    found = result_paths(browser_page, site_url)
    assert browser_page.evaluate("document.getElementById('__search').checked"), "search dialog not open"
    assert browser_page.locator(".md-search__input").input_value() == word
    assert guide in found, f"shared link for {word!r} showed {found}, not {guide}"


def _asks_for_search(page) -> list:
    """Every request for the search index or the search worker, as they happen."""
    seen = []
    page.on("request", lambda r: seen.append(r.url) if "search_index" in r.url or "/workers/search" in r.url else None)
    return seen


@pytest.mark.parametrize("path", ["", "workshops/compose/", "playbook/strengths/", "404.html"])
def test_no_page_load_fetches_the_search_index_or_starts_the_worker(browser_page, site_url, path):
    """The index is a third of the composer's first load: it waits until someone searches (issue 25)."""
    asked = _asks_for_search(browser_page)
    browser_page.goto(site_url + path, wait_until="networkidle")
    browser_page.mouse.move(5, 400)  # the pointer over the page, not the search box
    browser_page.wait_for_timeout(500)
    assert not asked, f"/{path} asked for search before anyone searched: {asked}"


@pytest.mark.parametrize("how", ["click", "slash key", "tab"])
def test_each_way_into_the_search_box_loads_the_index_and_finds_a_guide(browser_page, site_url, built_site, how):
    guide, word = body_only_word(built_site)
    asked = _asks_for_search(browser_page)
    browser_page.goto(site_url + "about/", wait_until="networkidle")
    box = browser_page.locator(".md-search__input")
    if how == "click":
        box.click()
    elif how == "slash key":
        for _ in range(20):  # Material binds its keys once its bundle has run
            browser_page.keyboard.press("/")
            if box.evaluate("e => e === document.activeElement"):
                break
            browser_page.wait_for_timeout(250)
    else:
        for _ in range(10):
            browser_page.keyboard.press("Tab")
            if box.evaluate("e => e === document.activeElement"):
                break
    assert box.evaluate("e => e === document.activeElement"), f"{how} did not reach the search box"
    browser_page.keyboard.type(word)
    found = result_paths(browser_page, site_url)
    assert guide in found, f"searching {word!r} after a {how} found {found}"
    assert any("search_index" in url for url in asked), f"the index was never asked for: {asked}"


def test_a_phone_opens_search_with_its_button_and_finds_a_guide(chromium, site_url, built_site):
    guide, word = body_only_word(built_site)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    page.locator("label.md-header__button[for='__search']").tap()
    page.keyboard.type(word)
    found = result_paths(page, site_url)
    context.close()
    assert guide in found, f"searching {word!r} on a phone found {found}"
