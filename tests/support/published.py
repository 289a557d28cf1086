"""Published addresses: which URLs we promise to keep, and whether one still resolves.

Shared by tests/test_links.py and the `make urls` updater (tests/tools/urls.py).
A URL here is the part after the site's address, with its leading slash:
'/' for the home page, '/playbook/rewards/' for a page,
'/playbook/rewards/#why-it-matters' for a heading.
"""

import functools
import pathlib
import posixpath
import urllib.parse

from support.sitehtml import html_files, parse_page, url_of

URL_LIST = pathlib.Path(__file__).resolve().parent.parent / "published-urls.txt"
# Pages whose h2 headings people link to from tickets and slides: every guide,
# and the sources page whose ids are the article keys used across the project.
PROMISED_HEADINGS = ("playbook/", "about/sources/")
# Pages made from templates (exercises, workshops and their indexes): every
# heading that shows a permalink sign, h3 included (In person, Remote, Hybrid).
PROMISED_PERMALINKS = ("exercises/", "workshops/")
NOT_PROMISED = {"404.html"}


@functools.cache
def _page(path: pathlib.Path):
    return parse_page(path)


def page_ids(path: pathlib.Path) -> set[str]:
    """Every id on a built page (parsed once per run)."""
    return _page(path).ids


def is_redirect(path: pathlib.Path) -> bool:
    """mkdocs-redirects writes a small page that only forwards elsewhere."""
    return bool(_page(path).refresh) and "Redirecting" in _page(path).title


def current_urls(site: pathlib.Path) -> list[str]:
    """Every page of the built site, plus the heading anchors we promise."""
    urls = []
    for html in html_files(site):
        url = url_of(site, html)
        if url in NOT_PROMISED or is_redirect(html):
            continue
        urls.append(f"/{url}")
        anchors = set()
        if url.startswith(PROMISED_HEADINGS):
            anchors.update(_page(html).h2_ids)
        if url.startswith(PROMISED_PERMALINKS):
            anchors.update(_page(html).permalinks)
        urls.extend(f"/{url}#{anchor}" for anchor in sorted(anchors))
    return sorted(urls)


def read_list(path: pathlib.Path = URL_LIST) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def file_for(site: pathlib.Path, url_path: str) -> pathlib.Path | None:
    """The built file a site-relative path serves, the way a static web server would."""
    path = site / urllib.parse.unquote(url_path)
    if url_path == "" or url_path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def resolve(site: pathlib.Path, url: str, hops: int = 3) -> str | None:
    """None if the URL still leads to its content, else what is wrong.

    A redirect page counts when its target (and the anchor, which the redirect
    carries over) resolves in turn.
    """
    path, _, anchor = url.lstrip("/").partition("#")
    target = file_for(site, path)
    if target is None:
        return f"{url}: no such page (rename? add a redirect_maps entry in mkdocs.yml)"
    if is_redirect(target):
        if hops == 0:
            return f"{url}: redirect loop"
        base = path if path.endswith("/") or path == "" else posixpath.dirname(path) + "/"
        new = posixpath.normpath(posixpath.join(base, _page(target).refresh))
        new += "/" if _page(target).refresh.endswith("/") and not new.endswith("/") else ""
        new = "" if new == "." else new
        problem = resolve(site, new + (f"#{anchor}" if anchor else ""), hops - 1)
        return f"{url} redirects to {problem}" if problem else None
    if anchor and target.suffix == ".html" and anchor not in _page(target).ids:
        return f"{url}: page exists but has no heading id #{anchor} (add it back, e.g. '## Title {{ #{anchor} }}')"
    return None
