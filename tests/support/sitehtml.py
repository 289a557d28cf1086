"""Reading the built site's HTML without a browser: links, ids, titles and text.

Used by the link, URL-list, search and validator tests and by tests/tools/urls.py.
The standard library parser is enough for HTML that MkDocs writes.
"""

import html.parser
import pathlib
import posixpath
import re
import urllib.parse

from support.project import SITE_URL

# Elements whose text a reader never sees as page content.
SKIP_TEXT = {"script", "style", "svg", "template"}


class PageParser(html.parser.HTMLParser):
    """Collects ids, link targets, the title, headings and main-content text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []  # href/src values, as written
        self.title = ""
        self.h2_ids: list[str] = []
        self.permalinks: list[str] = []  # ids of h2-h6 headings with a permalink sign (¶)
        self.main_text: list[str] = []
        self.nav_text: list[str] = []
        self.label_text: list[str] = []  # headings and tags: what search ranks as titles
        # Links a reader can follow from the site navigation: the sidebar
        # (the mobile drawer) without the page's own table of contents, and
        # the section tabs across the top.
        self.nav_links: list[str] = []
        self.tab_links: list[str] = []
        self.refresh = ""  # meta refresh target (redirect pages)
        self._stack: list[str] = []
        self._in_title = False
        self._main_depth = None  # stack depth of <article class="md-content__inner">
        self._nav_depth = None
        self._label_depth = None
        self._menus: list[tuple[int, str]] = []  # (stack depth, "nav"/"tabs"/"toc")
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in VOID:
            self._stack.append(tag)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if a.get(attr) and tag in ("a", "img", "script", "link", "iframe", "source", "area"):
                self.links.append(a[attr])
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.refresh = a.get("content", "").partition("url=")[2]
        if tag == "h2" and a.get("id"):
            self.h2_ids.append(a["id"])
        self._in_title = self._in_title or tag == "title"
        classes = a.get("class", "").split()
        if tag == "a" and "headerlink" in classes and a.get("href", "").startswith("#") and "h1" not in self._stack:
            self.permalinks.append(a["href"][1:])
        if tag == "article" and "md-content__inner" in classes and self._main_depth is None:
            self._main_depth = len(self._stack)
        if tag == "nav" and self._nav_depth is None:
            self._nav_depth = len(self._stack)
        self._enter_menu(tag, classes, a)
        is_label = re.fullmatch(r"h[1-6]", tag) or "md-tag" in classes
        if is_label and self._label_depth is None and tag not in VOID:
            self._label_depth = len(self._stack)
        if tag in SKIP_TEXT or "headerlink" in classes:
            self._skip += 1 if tag not in VOID else 0

    def _enter_menu(self, tag, classes, attrs):
        """Track which menu we are in and keep the links of the two that
        lead to other pages (Material nests the table of contents, a
        md-nav--secondary, inside the active item of the primary nav)."""
        if tag == "nav":
            kind = {"md-tabs": "tabs", "md-nav--primary": "nav", "md-nav--secondary": "toc"}
            for cls, name in kind.items():
                if cls in classes:
                    self._menus.append((len(self._stack), name))
        if tag == "a" and attrs.get("href") and self._menus:
            where = self._menus[-1][1]
            if where == "nav":
                self.nav_links.append(attrs["href"])
            elif where == "tabs":
                self.tab_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in VOID or not self._stack:
            return
        depth = len(self._stack)
        if tag == "title":
            self._in_title = False
        if self._main_depth == depth:
            self._main_depth = -1  # main content done; later text is not main
        if self._nav_depth == depth:
            self._nav_depth = None
        if self._menus and self._menus[-1][0] == depth:
            self._menus.pop()
        if self._label_depth == depth:
            self._label_depth = None
        if self._skip and (tag in SKIP_TEXT or tag == "a"):
            self._skip -= 1
        self._stack.pop()

    def handle_data(self, data):
        if self._skip:
            return
        if self._in_title:
            self.title += data
        if self._main_depth not in (None, -1):
            self.main_text.append(data)
        if self._nav_depth is not None:
            self.nav_text.append(data)
        if self._label_depth is not None:
            self.label_text.append(data)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def parse_page(path: pathlib.Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def words(text: str, min_len: int = 1) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]+", text) if len(w) >= min_len]


def html_files(site: pathlib.Path) -> list[pathlib.Path]:
    return sorted(site.rglob("*.html"))


def url_of(site: pathlib.Path, html: pathlib.Path) -> str:
    """Site-relative URL of a built file: 'playbook/rewards/' for .../index.html."""
    rel = html.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


# Hand-written pages that show the date of their last change (macros/plugin/pages.py).
DATED = ("playbook/", "onboarding/", "about/")


def undated_problems(site: pathlib.Path, log: str, reason: str) -> list[str]:
    """What is wrong with a build git history could not date: every page that shows a
    date anyway, and a build log that does not say `reason` once, at INFO level."""
    pages, problems = 0, []
    for path in html_files(site):
        url = url_of(site, path)
        if url.startswith(DATED):
            pages += 1
            found = re.search(r"Last changed <time[^>]*>[^<]*</time>", path.read_text(encoding="utf-8"))
            if found:
                problems.append(f"/{url} shows a date git history cannot back: {found.group(0)}")
    if pages < 15:
        problems.append(f"only {pages} pages that could show a date")
    said = [line for line in log.splitlines() if "Dates of last change" in line]
    if len(said) != 1 or not said[0].startswith("INFO") or log.count(reason) != 1:
        problems.append(f"the log does not say once, at INFO level, that {reason}:\n{log[-3000:]}")
    return problems


MAIN_START = '<article class="md-content__inner md-typeset">'


def main_fragment(page_html: str) -> str:
    """The page's main content as written by Markdown and our templates,
    without Material's header, navigation and footer. Nested <article>s
    (worksheets) are counted so the right closing tag ends it."""
    start = page_html.find(MAIN_START)
    if start < 0:
        return ""
    depth, pos = 0, start
    for tag in re.finditer(r"<(/?)article\b[^>]*>", page_html[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            pos = start + tag.end()
            break
    return page_html[start:pos]


OUTSIDE_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


# The address the test build publishes at (support/project.py sets it).
SITE_ADDRESS = urllib.parse.urlsplit(SITE_URL)


def internal_target(page_url: str, link: str, site=SITE_ADDRESS) -> str | None:
    """Site-relative 'path#anchor' a link points to, or None if it leaves the site."""
    if link.startswith(OUTSIDE_SCHEMES):
        return None
    parts = urllib.parse.urlsplit(link)
    if parts.scheme or parts.netloc:
        if parts.netloc != site.netloc:
            return None  # another site: not ours to check offline
        path = parts.path
    else:
        path = parts.path
    if path.startswith("/"):
        path = path[len(site.path or "/") :] if path.startswith(site.path or "/") else path.lstrip("/")
    elif path:
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
        trailing = "/" if path.endswith("/") else ""
        path = posixpath.normpath(posixpath.join(base, path)) + trailing
        path = "" if path in (".", "./") else path
    else:
        path = page_url
    return path + (f"#{parts.fragment}" if parts.fragment else "")
