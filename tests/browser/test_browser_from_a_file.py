"""The offline copy opened from a file, as a facilitator on a laptop with no network opens it.

`make site` zips a second build of the site into downloads/ (macros/publish.py,
macros/plugin/offline.py); the `offline_copy` fixture unzips that very file.
Here a reader opens its index.html from file://, clicks through five pages,
searches, ticks a guide on a track, composes a session and runs it. Every
request must be for a file of the copy: anything else is blocked and fails
the test. The hosted site (directory addresses) is for servers; from a file
its links open folder listings, which is why the copy exists.
"""

import pathlib
import urllib.parse

import pytest

from macros.kit import paths

pytestmark = pytest.mark.browser
LOCAL = ("file:", "data:", "blob:", "about:")


@pytest.fixture
def reader(chromium):
    """A page with its own storage that records any request leaving the copy, and script errors."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside, page.errors = [], []
    page.on("pageerror", lambda err: page.errors.append(str(err)))

    def route(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    yield page
    context.close()


def _file_in_copy(page, copy: pathlib.Path) -> pathlib.Path:
    url = urllib.parse.urlsplit(page.url)
    assert url.scheme == "file", page.url
    path = pathlib.Path(urllib.parse.unquote(url.path))
    assert path.is_relative_to(copy), f"{page.url} is outside the copy"
    return path


def _is_a_page(page, copy: pathlib.Path) -> str:
    """The page shown is one of the copy's pages, drawn by the theme, not a folder listing."""
    path = _file_in_copy(page, copy)
    assert path.is_file() and path.suffix == ".html", f"{page.url} is not a page of the copy (a folder listing?)"
    assert page.locator(".md-header").count() == 1, f"{page.url} is not drawn by the theme"
    return page.locator("article h1").first.inner_text()


def test_five_pages_in_a_row_open_from_the_copy_by_their_links(reader, offline_copy):
    reader.goto((offline_copy / "index.html").as_uri())
    titles = [_is_a_page(reader, offline_copy)]
    # Tabs, a section index, a track, a guide from it, the workshops and one workshop:
    # each reached by clicking what a reader clicks.
    steps = [
        lambda: reader.locator(".md-tabs").get_by_role("link", name="Start here").click(),
        lambda: reader.locator("article").get_by_role("link", name="CRM, marketing and service track").first.click(),
        lambda: reader.locator("article ol a[href*='playbook/']").first.click(),
        lambda: reader.locator(".md-tabs").get_by_role("link", name="Workshops").click(),
        lambda: reader.locator("article .cg-workshop-card a[href$='.html']").first.click(),
    ]
    for step in steps:
        with reader.expect_navigation():
            step()
        titles.append(_is_a_page(reader, offline_copy))
    assert len(set(titles)) == 6, f"the clicks did not reach six different pages: {titles}"
    assert "/workshops/" in reader.url and reader.url.endswith(".html")
    assert not reader.outside, f"the copy asked other hosts: {reader.outside}"
    assert not reader.errors, reader.errors


@pytest.mark.parametrize("start", ["index.html", "playbook/strengths.html"])
def test_search_works_from_a_file_and_opens_a_page(reader, offline_copy, start):
    reader.goto((offline_copy / start).as_uri())
    box = reader.locator(".md-search__input")
    for _ in range(20):  # Material binds "/" once its bundle has run
        reader.keyboard.press("/")
        if box.evaluate("e => e === document.activeElement"):
            break
        reader.wait_for_timeout(250)
    reader.keyboard.type("rewards")
    first = reader.locator(".md-search-result__item a").first
    first.wait_for(state="visible", timeout=20_000)
    with reader.expect_navigation():
        first.click()
    title = _is_a_page(reader, offline_copy)
    assert "reward" in (title + reader.url).lower(), f"searching 'rewards' opened {reader.url} ({title})"
    assert not reader.outside, f"search asked other hosts: {reader.outside}"
    assert not reader.errors, reader.errors


def test_a_track_keeps_its_ticks_across_a_reload_from_a_file(reader, offline_copy):
    reader.goto((offline_copy / "onboarding" / "crm-track.html").as_uri())
    box = reader.locator('[data-cg-read="rewards"]').first
    box.wait_for(state="visible")
    box.check()
    reader.reload()
    reader.locator('[data-cg-read="rewards"]').first.wait_for(state="visible")
    assert reader.locator('[data-cg-read="rewards"]').first.is_checked()
    assert "1 of" in reader.locator("[data-cg-summary]").inner_text()
    assert not reader.errors, reader.errors


def test_compose_and_run_from_a_file(reader, offline_copy):
    reader.goto((offline_copy / "workshops" / "index.html").as_uri())
    with reader.expect_navigation():
        reader.locator("article").get_by_role("link", name="Compose a workshop").first.click()
    composer = reader.locator("[data-cg-composer][data-cg-ready]")
    composer.wait_for(state="attached", timeout=20_000)
    reader.locator("[data-cg-add]").first.click()
    reader.locator("[data-cg-add-break]").click()
    assert "Added a 10-minute break." in reader.locator("[data-cg-status]").inner_text()
    assert reader.locator("[data-cg-list] > .cg-slot").count() == 2
    # The composition lives in the address and in storage: a reload keeps it.
    reader.reload()
    reader.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    assert reader.locator("[data-cg-list] > .cg-slot").count() == 2
    reader.locator("[data-cg-run]").click()
    run = reader.locator(".cg-run")
    run.wait_for(state="visible")
    first_step = reader.locator(".cg-run-title").inner_text()
    reader.keyboard.press("ArrowRight")
    assert reader.locator(".cg-run-title").inner_text() != first_step, "run mode did not move to the next step"
    reader.keyboard.press("Escape")
    run.wait_for(state="detached")
    assert not reader.outside, f"the composer asked other hosts: {reader.outside}"
    assert not reader.errors, reader.errors


def test_the_hosted_pages_offer_the_copy_and_the_copy_says_what_it_is(browser_page, site_url, built_site, offline_copy):
    for page in ("", "workshops/"):
        browser_page.goto(site_url + page)
        link = browser_page.locator("[data-cg-offline-zip]")
        assert link.is_visible(), f"/{page} does not offer the offline copy"
        href = urllib.parse.urljoin(browser_page.url, link.get_attribute("href"))
        assert href == site_url + paths.OFFLINE_ZIP
    copy_home = (offline_copy / "index.html").read_text(encoding="utf-8")
    assert "This is the offline copy" in copy_home
    assert "data-cg-offline-zip" not in copy_home, "the copy links to a zip it does not hold"
    # The copy's PDFs are the hosted site's own: their printed address and QR code lead to hosted pages.
    for pdf in sorted((built_site / "pdf").rglob("*.pdf")):
        copy = offline_copy / pdf.relative_to(built_site)
        assert copy.is_file() and copy.read_bytes() == pdf.read_bytes(), f"{copy} differs from the hosted {pdf}"
