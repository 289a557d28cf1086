"""Search helpers shared by the search tests and the 404 page's: a word that
only one guide's body holds, and the result links Material's search shows."""

import re
import urllib.parse

from support.sitehtml import html_files, parse_page, url_of

# Plain words only: lunr splits on spaces and hyphens, and an apostrophe or a
# digit next to a word would change what it indexes.
PLAIN_WORD = re.compile(r"(?<![\w'’.-])([a-z]{8,})(?![\w'’-])")


def _is_guide(url: str) -> bool:
    return url.startswith("playbook/") and url != "playbook/"


def body_only_word(site) -> tuple[str, str]:
    """(guide URL, word) where the word is in that guide's body text and in no
    other page's body, and in no title, heading, tag or navigation anywhere."""
    bodies, labels = {}, set()
    for html in html_files(site):
        page = parse_page(html)
        url = url_of(site, html)
        bodies[url] = " ".join(page.main_text).lower()
        labels.update(re.findall(r"[a-z]+", " ".join([page.title, *page.nav_text, *page.label_text]).lower()))
    guides = sorted(u for u in bodies if _is_guide(u))
    assert guides, "the built site has no guide pages under playbook/"
    for guide in guides:
        others = " ".join(text for url, text in bodies.items() if url != guide)
        for word in sorted(set(PLAIN_WORD.findall(bodies[guide]))):
            if word not in labels and not re.search(rf"\b{word}\b", others):
                return guide, word
    raise AssertionError("no guide has a word of its own outside titles and navigation")


def result_paths(page, site_url) -> list[str]:
    page.locator(".md-search-result__item a").first.wait_for(state="visible")
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    return [urllib.parse.urlsplit(h).path.lstrip("/") for h in hrefs if h.startswith(site_url)]
