"""Through nginx with the shipped config, as a reader's browser gets the site.

An old address answers 301 and the browser lands on the new page (at the
heading the redirect names); a missing address shows the site's 404 page,
styled. The server is support/nginx.py's: the built site with redirects
planted by mkdocs-redirects' own writer, behind Debian's nginx.
"""

import html
import urllib.parse

import pytest

from support import nginx

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(built_site, tmp_path_factory):
    with nginx.redirected_site(built_site, tmp_path_factory.mktemp("nginx-browser")) as served:
        yield served


@pytest.mark.parametrize(
    "old, new, heading",
    [
        ("/playbook/old-strengths/", "/playbook/strengths/", None),
        ("/old/deeper/leadership", "/playbook/leadership-and-roles/", None),
        ("/playbook/café rules/", "/playbook/rewards/#what-to-do", "what-to-do"),
    ],
)
def test_an_old_address_lands_on_its_page_through_a_301(browser_page, served, old, new, heading):
    base, _, _ = served
    response = browser_page.goto(base + urllib.parse.quote(old))
    first = response.request.redirected_from
    assert first is not None and first.response().status == 301, "the old address did not answer 301"
    # The 301 leads straight to the page: no forwarding page in between.
    assert response.status == 200 and response.url == base + new.split("#")[0]
    assert browser_page.url == base + new
    assert browser_page.locator("h1").first.is_visible()
    if heading:
        assert browser_page.locator(f"#{heading}").is_visible()


def test_a_missing_address_shows_the_styled_404_page(browser_page, served):
    base, site, _ = served
    response = browser_page.goto(base + "/playbook/gone-for-good/")
    assert response.status == 404
    header = browser_page.locator("header.md-header")
    assert header.is_visible() and header.evaluate("e => getComputedStyle(e).position") in ("sticky", "fixed")
    own = (site / "404.html").read_text(encoding="utf-8")
    assert browser_page.title() == html.unescape(own.split("<title>")[1].split("</title>")[0])
