"""Offline: on an intranet with no way out, no page asks any other host for anything.

Every request the browser makes is recorded; anything not aimed at the local
server fails the test (and is blocked, so a slip never waits on a timeout).
"""

import urllib.parse

import pytest

from support.browser import shard

pytestmark = pytest.mark.browser
SHARDS = 2
# Addresses that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


class OutsideRequests:
    """Records (and blocks) every request that is not for the local server."""

    def __init__(self, page, site_url):
        self.origin = urllib.parse.urlsplit(site_url).netloc
        self.seen: list[str] = []
        page.on("request", self._record)
        page.context.route("**/*", self._route)

    def _outside(self, url):
        parts = urllib.parse.urlsplit(url)
        return parts.scheme not in LOCAL_SCHEMES and parts.netloc != self.origin

    def _record(self, request):
        if self._outside(request.url):
            self.seen.append(request.url)

    def _route(self, route):
        if self._outside(route.request.url):
            route.abort()
        else:
            route.continue_()


@pytest.mark.parametrize("part", range(SHARDS))
def test_no_page_requests_another_host(browser_page, site_url, pages, part):
    outside = OutsideRequests(browser_page, site_url)
    offenders = {}
    for path in shard(pages, part, SHARDS):
        outside.seen.clear()
        browser_page.goto(site_url + path, wait_until="networkidle")
        if outside.seen:
            offenders[path or "/"] = list(outside.seen)
    assert not offenders, f"pages requested other hosts: {offenders}"


def test_search_with_results_requests_no_other_host(browser_page, site_url, pages):
    outside = OutsideRequests(browser_page, site_url)
    browser_page.goto(site_url, wait_until="networkidle")
    browser_page.keyboard.press("/")
    # "common" is in the site name, so results are sure to render.
    browser_page.keyboard.type("common")
    browser_page.locator(".md-search-result__item").first.wait_for(state="visible")
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.locator(".md-search-result__item").count() > 0
    assert not outside.seen, f"search requested other hosts: {outside.seen}"
