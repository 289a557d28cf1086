"""One link helper (macros/kit/links.py) makes every link the kit prints.

- Its links agree with MkDocs' own addresses for every page of docs/ and every
  generated page, with and without directory URLs, from every page to every page.
- No other module under macros/ builds a link: no href closure or lambda, no
  relpath, no site address joined by hand, no page_href/link_root/page_url.
"""

from __future__ import annotations

import ast
import pathlib
import posixpath
import re

import pytest
from mkdocs.structure.files import File

from macros.kit.links import Links
from support.project import ROOT

HELPER = "macros/kit/links.py"
# relpath on files, not links; each with its reason.
_FILES_NOT_LINKS = {
    "macros/plugin/includes.py": "include paths on disk",
    "macros/kit/checkout.py": "symlinks and files of the checkout",
    "macros/preview/deps.py": "files a page read",
    # The offline copy rewrites every link MkDocs, Material and the kit wrote
    # (folder -> page file) after the page is rendered; it makes none.
    "macros/plugin/offline.py": "rewrites written links for file://",
}


def _docs() -> list:
    """Docs paths of the site's pages: docs/ and a page of each kind that is generated."""
    found = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")]
    found = [p for p in found if not p.startswith("includes/")]
    return sorted(found + ["exercises/strengths-map.md", "workshops/index.md", "index.md"])


def _url(src: str, directory_urls: bool) -> str:
    return File(src, "docs", "site", directory_urls).url


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_from_every_page_is_the_address_mkdocs_gives_it(directory_urls):
    pages = _docs()
    for here in pages[::3]:
        links = Links(_url(here, directory_urls), here, directory_urls, "https://kit.example.net/sub/")
        base = posixpath.dirname("/" + links.page)
        for there in pages:
            want = _url(there, directory_urls)
            if not directory_urls:
                # The helper links a folder's index as the folder, as it always has;
                # the offline copy points folder links at index.html (macros/plugin/offline.py).
                want = want.removesuffix("index.html")
            want = "" if want == "./" else want
            got = posixpath.normpath(posixpath.join(base, links.href(there)))
            assert got.lstrip("/") == want.rstrip("/"), (here, there, links.href(there))
            assert links.href(there).endswith("/") == want.endswith("/"), (here, there)
            assert links.url(there) == "https://kit.example.net/sub/" + want
            assert links.href(there + "#why").endswith("#why")
            assert posixpath.normpath(posixpath.join(posixpath.dirname(here), links.markdown(there))) == there
        assert posixpath.normpath(posixpath.join(base, links.root)) == "/"
        assert links.base == links.root + "/"


@pytest.mark.parametrize("site_url", ["https://kit.example.net/", "https://kit.example.net", "http://x.org/a/b/"])
def test_print_has_no_page_so_every_link_is_the_site_address(site_url):
    links = Links(None, "", True, site_url)
    assert links.base == site_url.rstrip("/") + "/"
    assert links.url("exercises/x.md") == site_url.rstrip("/") + "/exercises/x/"
    assert links.url("index.md") == site_url.rstrip("/") + "/"


# --- Nothing else builds a link -----------------------------------------------------

# What building a link by hand looks like in this code base's history.
_BY_HAND = [
    (re.compile(r"\bpage_href\b|\blink_root\b|\bpage_url\("), "the old link builders' names"),
    (re.compile(r"\brelpath\("), "a relative path worked out by hand"),
    (re.compile(r"site_url\.rstrip\("), "the site's address joined by hand"),
]


def link_builders(root: pathlib.Path) -> list:
    """'file:line: what' for each link built outside the helper, under root/macros."""
    found = []
    for path in sorted((root / "macros").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name == HELPER:
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            code = line.split("#", 1)[0]
            found += [
                f"{name}:{number}: {what}"
                for pattern, what in _BY_HAND
                if pattern.search(code) and not (name in _FILES_NOT_LINKS and "relpath" in pattern.pattern)
            ]
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.Lambda) and _makes_hrefs(node):
                found.append(f"{name}:{node.lineno}: a function of its own that makes hrefs")
    return found


def _makes_hrefs(node) -> bool:
    """A def named href/_link/_links, or a lambda passed as href=."""
    return isinstance(node, ast.FunctionDef) and node.name in {"href", "_link", "_links", "_link_root"}


def _href_lambdas(root: pathlib.Path) -> list:
    found = []
    for path in sorted((root / "macros").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg and "href" in node.arg and isinstance(node.value, ast.Lambda):
                found.append(f"{path.relative_to(root).as_posix()}:{node.value.lineno}: an href lambda")
    return found


def test_no_module_but_the_helper_builds_a_link():
    assert link_builders(ROOT) + _href_lambdas(ROOT) == []


@pytest.mark.parametrize(
    "code",
    [
        "def render(page_url):\n    def href(doc):\n        return doc\n",
        "x = template.render(href=lambda doc: doc)\n",
        "import posixpath\ny = posixpath.relpath('a', 'b')\n",
        "z = site.site_url.rstrip('/') + '/'\n",
        "from .. import templating\nw = templating.page_href('', 'a.md')\n",
        "def _link(a, b):\n    return a\n",
    ],
)
def test_each_way_of_building_a_link_by_hand_is_seen(tmp_path, code):
    (tmp_path / "macros" / "web").mkdir(parents=True)
    (tmp_path / "macros" / "web" / "page.py").write_text(code, encoding="utf-8")
    assert link_builders(tmp_path) + _href_lambdas(tmp_path), code
