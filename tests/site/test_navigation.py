"""A reader can reach every page through the navigation, starting at home.

The nav is pruned (navigation.prune, see docs/about/performance.md#nav): a
page's sidebar lists only its own section in full, and the other sections as
single links. These tests follow what a reader can click in the built HTML:
the section tabs and the sidebar (which is the drawer on a phone).
"""

import pathlib
import re

from macros.web.guides import load_nav
from support.browser import site_pages
from support.sitehtml import internal_target, parse_page

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def _url(doc: str) -> str:
    """Site URL of a docs file: 'onboarding/index.md' -> 'onboarding/'."""
    stem = doc[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _first_page(entry) -> str:
    """The page a top-level nav entry opens at (its index page, if a section)."""
    value = next(iter(entry.values())) if isinstance(entry, dict) else entry
    return _url(value) if isinstance(value, str) else _first_page(value[0])


def _sections() -> list[str]:
    return [_first_page(entry) for entry in load_nav(ROOT / "mkdocs.yml")]


def _kept_out_of_the_menu() -> set[str]:
    """Maintainers' pages that mkdocs.yml lists under not_in_nav (linked from the README)."""
    block = re.search(r"^not_in_nav: \|\n((?:  \S.*\n)+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return {_url(line.strip().lstrip("/")) for line in block.group(1).splitlines()} if block else set()


def _file(site, url):
    return site / url / "index.html" if url == "" or url.endswith("/") else site / url


def _clickable(site, url):
    """Pages reachable in one click from the tabs and sidebar of a page."""
    page = parse_page(_file(site, url))
    targets = (internal_target(url, link) for link in page.tab_links + page.nav_links)
    return {t.partition("#")[0] for t in targets if t is not None}


def test_every_section_is_a_tab_on_the_home_page(built_site):
    tabs = [internal_target("", link) for link in parse_page(built_site / "index.html").tab_links]
    assert tabs == _sections()


def test_every_page_is_reachable_from_home_through_the_nav(built_site):
    seen, todo = {""}, [""]
    while todo:
        for target in _clickable(built_site, todo.pop()) - seen:
            assert _file(built_site, target).is_file(), f"nav link to a missing page: {target}"
            seen.add(target)
            todo.append(target)
    missing = set(site_pages(built_site)) - seen - {"404.html"} - _kept_out_of_the_menu()
    assert not missing, f"pages no nav link leads to: {sorted(missing)}"
