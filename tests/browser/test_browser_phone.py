"""Phones: at 390 px no page scrolls sideways, and no table inside a page does either.

Material wraps tables in a box that scrolls sideways on its own, so a page can
be exactly as wide as the phone while its agenda hides half its columns off
screen. Both are checked: the document's width, and every box in the page's
content that scrolls (code blocks excepted: a line of code must not wrap).
The agenda, the library and Markdown tables become one card per row.
"""

import pytest

from support.browser import shard

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SHARDS = 2

SIDEWAYS = """() => {
  const doc = document.documentElement;
  const boxes = [...document.querySelectorAll("article *")].filter(el => {
    const style = getComputedStyle(el);
    return ["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
      && el.offsetParent !== null && !el.closest("pre");  // code keeps its lines; it scrolls by design
  });
  return {page: doc.scrollWidth, viewport: window.innerWidth,
          boxes: boxes.map(el => `${el.className || el.tagName} (${el.scrollWidth}px in ${el.clientWidth}px)`)};
}"""


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("part", range(SHARDS))
def test_no_page_scrolls_sideways_on_a_phone(phone, site_url, pages, part):
    problems = []
    for path in shard(pages, part, SHARDS):
        phone.goto(site_url + path)
        found = phone.evaluate(SIDEWAYS)
        if found["page"] != found["viewport"]:
            problems.append(f"/{path}: document is {found['page']}px wide on a {found['viewport']}px screen")
        problems += [f"/{path}: {box} scrolls sideways" for box in found["boxes"]]
    assert not problems, "\n".join(problems)


def test_agenda_and_library_rows_read_as_cards_on_a_phone(phone, site_url, pages, built_site):
    workshop = next(
        p
        for p in pages
        if p.startswith("workshops/")
        and 'class="md-typeset__table cg-agenda"' in (built_site / p / "index.html").read_text(encoding="utf-8")
    )
    for path, cell in (
        (workshop, ".cg-agenda tbody tr:first-child td:nth-child(3)"),
        ("exercises/", ".cg-library-table tbody tr:first-child td:nth-child(2)"),
    ):
        phone.goto(site_url + path)
        width = phone.locator(cell).first.evaluate("el => el.getBoundingClientRect().width")
        label = phone.locator(cell).first.evaluate("el => getComputedStyle(el, '::before').content")
        assert width > 300, f"/{path}: {cell} is {width:.0f}px wide; a card's line should span the phone"
        if "nth-child(2)" in cell:
            assert "Time" in label, f"/{path}: a library card's cell does not name its column ({label})"
