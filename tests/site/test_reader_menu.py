"""Pages for readers: headings they can link, a menu without maintainers' pages,
search without the Tags page, and a 404 page that points somewhere.
"""

import json
import re

from support.project import ROOT
from support.sitehtml import html_files, parse_page, url_of

HEADING = re.compile(r"<(h[23])([^>]*)>(.*?)</\1>", re.S)


def _made_from_yaml_or_index(url: str) -> bool:
    """Exercise and workshop pages generated from YAML, and the workshop index."""
    section, _, rest = url.partition("/")
    folder = {"exercises": ROOT / "exercises", "workshops": ROOT / "exercises" / "workshops"}.get(section)
    return url == "workshops/" or bool(folder and rest and (folder / f"{rest.strip('/')}.yml").is_file())


def test_every_heading_on_exercise_and_workshop_pages_has_a_permalink(built_site):
    problems, checked = [], 0
    for html in html_files(built_site):
        url = url_of(built_site, html)
        if not _made_from_yaml_or_index(url):
            continue
        main = html.read_text(encoding="utf-8").partition('<article class="md-content__inner')[2]
        main = main.partition('<div class="cg-worksheet')[0]  # the worksheet prints; its headings are the sheet's
        for tag, attrs, inner in HEADING.findall(main):
            checked += 1
            found = re.search(r'id="([^"]+)"', attrs)
            if not found or f'class="headerlink" href="#{found.group(1)}"' not in inner:
                problems.append(f"/{url}: <{tag}> {re.sub('<[^>]+>', '', inner).strip()!r} has no permalink")
    assert checked > 50
    assert not problems, "\n".join(problems)


def test_maintainers_pages_are_published_but_not_in_the_readers_menu(built_site):
    for html in html_files(built_site):
        page = parse_page(html)
        menu = " ".join(page.nav_links + page.tab_links)
        assert "conventions/" not in menu and "performance/" not in menu, f"/{url_of(built_site, html)}"
    for path in ("about/conventions/index.html", "about/performance/index.html"):
        assert (built_site / path).is_file(), f"{path} is gone: its address was published"


def test_tags_page_is_not_a_search_result(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("playbook/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith("tags/")]
