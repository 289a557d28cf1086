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
