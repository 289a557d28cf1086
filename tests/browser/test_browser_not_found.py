"""The 404 page helps: its search box finds pages, its doors lead somewhere,
and an address that looks like a renamed or misspelt page gets a link to it.
The test server answers missing addresses with 404.html, as a web server would.
"""

import urllib.parse

import pytest

from support.search import body_only_word, result_paths

pytestmark = pytest.mark.browser


def test_search_box_on_the_404_page_finds_a_guide(browser_page, site_url, built_site):
    guide, word = body_only_word(built_site)
    response = browser_page.goto(site_url + "playbook/an-old-link/")
    assert response.status == 404
    box = browser_page.get_by_label("Search Common Ground")
    box.fill(word)
    box.press("Enter")
    found = result_paths(browser_page, site_url)
    assert guide in found, f"searching {word!r} from the 404 page found {found}"


def test_404_page_offers_the_three_doors_of_the_home_page(browser_page, site_url):
    browser_page.goto(site_url + "deep/down/nowhere/")
    for door, path in (("Start here", "onboarding/"), ("Playbook", "playbook/"), ("Workshops", "workshops/")):
        link = browser_page.locator("article").get_by_role("link", name=door)
        assert urllib.parse.urljoin(browser_page.url, link.get_attribute("href")) == site_url + path


@pytest.mark.parametrize(
    "address, meant",
    [
        ("playbook/reward/", "playbook/rewards/"),  # misspelt
        ("guides/strengths/", "playbook/strengths/"),  # an old section
        ("exercises/cx-brainstorm.html", "exercises/cx-brainstorm/"),
    ],
)
def test_an_address_like_a_known_page_gets_a_link_to_it(browser_page, site_url, address, meant):
    browser_page.goto(site_url + address)
    hint = browser_page.locator(".cg-404-moved")
    assert hint.is_visible(), f"/{address}: no hint"
    href = hint.locator("a").get_attribute("href")
    assert urllib.parse.urljoin(browser_page.url, href) == site_url + meant


def test_an_address_like_nothing_gets_no_guess(browser_page, site_url):
    browser_page.goto(site_url + "qqq/zzzzxxxx/")
    assert browser_page.locator(".cg-404-moved").is_hidden()


@pytest.mark.parametrize(
    "address",
    [
        "%E0%A4%A/",  # a UTF-8 sequence cut short
        "playbook/%/",  # a lone percent sign
        "playbook/%zz%",  # not hex at all
        "%C0%AF/",  # an overlong encoding of "/"
        "guides/%ED%A0%80/",  # a lone surrogate half
        "playbook/reward%/",  # a typo with a stray percent sign
    ],
)
def test_a_badly_encoded_address_still_gets_the_404_page(browser_page, site_url, address):
    errors = []
    browser_page.on("pageerror", lambda err: errors.append(str(err)))
    response = browser_page.goto(site_url + address)
    assert response.status == 404
    assert browser_page.locator("h1").inner_text() == "This page is not here"
    assert browser_page.get_by_label("Search Common Ground").is_visible()
    assert not errors, f"/{address}: the page's scripts failed: {errors}"


def test_a_badly_encoded_address_like_a_known_page_still_gets_a_link(browser_page, site_url):
    """The readable part of a half-broken address is still read: "rew%61rds%" is "rewards"."""
    browser_page.goto(site_url + "playbook/rew%61rds%/")
    hint = browser_page.locator(".cg-404-moved")
    assert hint.is_visible(), "no hint for a half-broken address"
    href = hint.locator("a").get_attribute("href")
    assert urllib.parse.urljoin(browser_page.url, href) == site_url + "playbook/rewards/"
