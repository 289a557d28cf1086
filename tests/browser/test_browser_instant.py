"""Instant navigation: every script works after a page change that is not a reload.

Material swaps pages in place when a link leads to an address in the sitemap.
It compares addresses with the port left out, so on 127.0.0.1:<port> every
click would be a full load and nothing would be tested. The browser here
visits the site at its published address (conftest.SITE_URL), answered from
the built files by Playwright, exactly as readers get it.

Each test starts with a full load of the home page, marks the window, then
clicks its way in; the mark proves no page reloaded. Scripts covered: the
library filter, the print button, glossary tooltips, table labels and reading
progress.
"""

import urllib.parse

import pytest

from support.browser import answer_as_published
from support.project import SITE_URL

pytestmark = pytest.mark.browser


@pytest.fixture
def reader(chromium, built_site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})

    answer_as_published(context, built_site)
    page = context.new_page()
    # Count print requests instead of opening the print dialog.
    page.add_init_script("window.__prints = 0; window.print = () => { window.__prints += 1; };")
    page.goto(SITE_URL, wait_until="networkidle")
    page.evaluate("window.__noReload = true")
    yield page
    context.close()


def _click_to(page, link, path):
    # The address can change before Material swaps the page in: on a busy
    # machine the old page's tag filter was read after wait_for_url. The
    # old article is marked, and the swap is done when it is gone.
    page.evaluate("document.querySelector('article').dataset.cgLeaving = '1'")
    page.locator(link).first.click()
    page.wait_for_url(SITE_URL + path)
    page.wait_for_function("!document.querySelector('article[data-cg-leaving]')")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__noReload === true"), f"reaching /{path} reloaded the page"


def test_library_filter_works_after_an_instant_page_change(reader):
    _click_to(reader, ".md-tabs a:text('Workshops')", "workshops/")
    _click_to(reader, "article a[href$='exercises/']", "exercises/")
    buttons = reader.locator(".cg-tag-filter button[data-cg-tag]:not([data-cg-tag=''])")
    assert buttons.first.is_visible(), "the tag filter stayed hidden"
    tag = buttons.first.get_attribute("data-cg-tag")
    buttons.first.click()
    status = reader.locator(".cg-tag-status").text_content()
    assert f"tagged \u201c{tag}\u201d" in status, status
    shown = reader.locator(".cg-library-table tbody tr:visible").count()
    assert 0 < shown < reader.locator(".cg-library-table tbody tr").count()


def test_print_button_works_after_an_instant_page_change(reader):
    _click_to(reader, ".md-tabs a:text('Workshops')", "workshops/")
    _click_to(reader, "article a[href$='exercises/']", "exercises/")
    href = reader.locator(".cg-library-table tbody a").first.get_attribute("href")
    target = urllib.parse.urljoin(reader.url, href)[len(SITE_URL) :]
    _click_to(reader, ".cg-library-table tbody a", target)
    button = reader.locator("[data-cg-print-worksheet]").first
    # document$ may emit just after the swap; the script then shows the button.
    button.wait_for(state="visible", timeout=5000)
    button.click()
    assert reader.evaluate("window.__prints") == 1


def test_glossary_tooltips_work_after_an_instant_page_change(reader):
    _click_to(reader, ".md-tabs a:text('Playbook')", "playbook/")
    term = reader.locator("article abbr").first
    term.hover()
    tip = reader.locator(".md-tooltip2--active")
    tip.wait_for(state="visible", timeout=3000)
    assert term.get_attribute("title") is None or tip.text_content().strip()


def test_markdown_tables_become_cards_after_an_instant_page_change(reader):
    _click_to(reader, ".md-tabs a:text('About')", "about/")
    _click_to(reader, "article a[href$='sources/']", "about/sources/")
    labels = reader.locator("article table td[data-label]")
    labels.first.wait_for(state="attached", timeout=5000)  # document$ may emit just after the swap
    assert labels.count() > 0, "tables.js did not label the sources table's cells"


def test_reading_progress_works_after_an_instant_page_change(reader):
    _click_to(reader, ".md-tabs a:text('Playbook')", "playbook/")
    _click_to(reader, "article a[href$='rewards/']", "playbook/rewards/")
    box = reader.locator(".cg-guide-header [data-cg-read]").first
    box.wait_for(state="visible")
    box.check()
    _click_to(reader, ".md-tabs a:text('Start here')", "onboarding/")
    track = reader.locator("article a[href*='track/']").first.get_attribute("href")
    target = urllib.parse.urljoin(reader.url, track)[len(SITE_URL) :]
    _click_to(reader, f"article a[href='{track}']", target)
    summary = reader.locator("[data-cg-summary]").first
    summary.wait_for(state="visible")
    assert "1 of" in summary.inner_text(), summary.inner_text()
    assert reader.locator("[data-cg-read='rewards']").first.is_checked()


# composer.css and checkup.css are linked by their own pages only (issue 25):
# an instant page change must bring them, as Material merges the new page's
# <head> into the old one.
@pytest.mark.parametrize(
    "link, path, ready, styled",
    [
        (
            "article a[href$='compose/']",
            "workshops/compose/",
            "[data-cg-composer][data-cg-ready]",
            "getComputedStyle(document.querySelector('.cg-compose-columns')).display === 'grid'",
        ),
        (
            "article a[href$='checkup/']",
            "workshops/checkup/",
            "[data-cg-checkup][data-cg-ready]",
            "getComputedStyle(document.querySelector('.cg-checkup-statements')).listStyleType === 'none'",
        ),
    ],
)
def test_a_tool_is_styled_after_an_instant_page_change_from_home(reader, link, path, ready, styled):
    _click_to(reader, ".md-tabs a:text('Workshops')", "workshops/")
    _click_to(reader, link, path)
    reader.locator(ready).wait_for(state="attached")
    # The page's stylesheet arrives just after the swap.
    reader.wait_for_function(f"() => {styled}", timeout=5000)
    _click_to(reader, ".md-tabs a:text('Home')", "")
    # Material swaps the <head> once the new page has come, just after the address changes.
    reader.wait_for_function(
        '() => !document.querySelector(\'link[href*="/stylesheets/composer.css"], link[href*="/stylesheets/checkup.css"]\')',
        timeout=5000,
    )
