"""Printing a guide: only the guide's content reaches paper, and no heading is stranded at a page foot.

Chromium prints each guide to an A4 PDF, as a reader pressing Ctrl+P would;
pypdf reads the pages back. (Exercise pages and worksheets are covered by the
exercise engine's own print tests.)
"""

import io
import re

import pytest
from pypdf import PdfReader

from support.sitehtml import html_files, url_of

pytestmark = pytest.mark.browser
# Site chrome that must not waste paper.
CHROME = {
    "header": ".md-header",
    "tabs": ".md-tabs",
    "navigation sidebar": ".md-sidebar--primary",
    "table of contents sidebar": ".md-sidebar--secondary",
    "footer": ".md-footer",
    "search": ".md-search",
}


def _guides(site) -> list[str]:
    urls = [url_of(site, h) for h in html_files(site)]
    guides = [u for u in urls if u.startswith("playbook/") and u != "playbook/"]
    assert guides, "the built site has no guide pages under playbook/"
    return guides


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text).split()).lower()


def _last_line_of_each_page(pdf: bytes) -> list[str]:
    lines = []
    for sheet in PdfReader(io.BytesIO(pdf)).pages:
        text = [line for line in sheet.extract_text().splitlines() if line.strip()]
        lines.append(_normal(text[-1]) if text else "")
    return lines


def test_printing_a_guide_hides_site_navigation(browser_page, site_url, built_site):
    guide = _guides(built_site)[0]
    browser_page.goto(site_url + guide)
    browser_page.emulate_media(media="print")
    shown = [name for name, sel in CHROME.items() if browser_page.locator(sel).first.is_visible()]
    assert not shown, f"printing {guide} still shows: {shown}"
    assert browser_page.locator("article.md-content__inner h1").is_visible(), "guide title missing in print"


def test_no_printed_guide_page_ends_with_a_heading(browser_page, site_url, built_site):
    stranded = []
    for guide in _guides(built_site):
        browser_page.goto(site_url + guide)
        browser_page.emulate_media(media="print")
        headings = browser_page.locator("article.md-content__inner :is(h2, h3)").all_inner_texts()
        headings = {_normal(h) for h in headings} - {""}
        assert headings, f"{guide} has no h2/h3 headings to check"
        pdf = browser_page.pdf(format="A4", print_background=True)
        last_lines = _last_line_of_each_page(pdf)
        for number, line in enumerate(last_lines, start=1):
            if line in headings:
                stranded.append(f"{guide} page {number} ends with heading {line!r}")
    assert not stranded, "\n".join(stranded)
