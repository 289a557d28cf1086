"""The built site behind Debian's nginx with the shipped config (.ci/deploy/nginx/common-ground.conf).

What a team gets when it copies the config: old addresses answer 301 to
their page (from the map `make site` writes, macros/web/served_redirects.py),
only fingerprinted assets are cached for a year, a missing address gets the
site's 404 page with a 404 status, and PDFs download whole and in ranges.
The site is the shared build, copied as hard links, with redirect stubs
planted by mkdocs-redirects' own writer (support/nginx.py).
"""

import gzip
import re
import urllib.parse

import pytest

from macros.web import served_redirects
from support import nginx
from support.browser import is_redirect_stub, site_pages

FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)(\.map)?$")
YEAR = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def served(built_site, tmp_path_factory):
    """(base URL, site folder, {old path: expected Location}) of nginx serving the site."""
    with nginx.redirected_site(built_site, tmp_path_factory.mktemp("nginx")) as served:
        yield served


def _url(base: str, path: str) -> str:
    return base + urllib.parse.quote(path, safe="/")


def _title(html: bytes) -> str:
    match = re.search(rb"<title>(.*?)</title>", html, re.S)
    return match.group(1).decode() if match else ""


def test_make_site_writes_one_map_line_per_spelling_of_each_old_address(served):
    _, site, expected = served
    text = (site / served_redirects.MAP_NAME).read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if not line.startswith("#")]
    assert len(rows) == len(expected) == 3 * len(nginx.PLANTED)


def test_old_addresses_answer_301_to_the_right_page(served):
    base, site, expected = served
    wrong = []
    for old, location in expected.items():
        status, headers, _ = nginx.get(_url(base, old))
        if (status, headers.get("Location")) != (301, location):
            wrong.append(f"{old}: {status} {headers.get('Location')} (expected 301 {location})")
            continue
        if location.startswith("/"):
            page = location.split("#")[0]
            status, _, body = nginx.get(base + page)
            own = (site / page.lstrip("/") / "index.html").read_bytes()
            if status != 200 or _title(body) != _title(own):
                wrong.append(f"{old} -> {page}: {status} {_title(body)!r}, not the page {_title(own)!r}")
    assert not wrong, "\n".join(wrong)


def test_published_pages_are_served_not_redirected(served):
    base, site, _ = served
    answers = {page: nginx.get(_url(base, "/" + page))[0] for page in site_pages(site) if page != "404.html"}
    assert len(answers) > 30 and set(answers.values()) == {200}, {p: s for p, s in answers.items() if s != 200}


def test_only_fingerprinted_assets_are_cached_for_a_year(served):
    base, site, _ = served
    files = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file()]
    files = [f for f in files if not f.startswith(".") and not is_redirect_stub(site / f)]
    long_lived = [f for f in files if FINGERPRINTED.search(f)]
    # Material's stylesheets, palette, bundle and search worker, with their source maps.
    for name in ("stylesheets/main.", "stylesheets/palette.", "javascripts/bundle.", "workers/search."):
        assert any(name in f and f.endswith(("css", "js")) for f in long_lived), f"no fingerprinted {name}*"
    wrong = []
    for name in files:
        status, headers, _ = nginx.get(_url(base, "/" + name))
        want = YEAR if name in long_lived else "no-cache"
        if status != 200 or headers.get("Cache-Control") != want:
            wrong.append(f"{name}: {status} Cache-Control {headers.get('Cache-Control')!r} (expected {want!r})")
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page/",
        "/playbook/no-such-guide/",
        "/playbook/strengths/nothing-here",
        "/pdf/worksheets/no-such-sheet-a4.pdf",
        "/assets/stylesheets/main.00000000.min.css",
        "/€ and spaces/",
        "/.nginx-redirects.map",
    ],
)
def test_a_missing_address_gets_the_sites_404_page(served, path):
    base, site, _ = served
    status, headers, body = nginx.get(_url(base, path))
    assert status == 404
    assert body == (site / "404.html").read_bytes()
    assert headers.get_content_type() == "text/html"


def test_a_pdf_downloads_whole_and_in_ranges(served):
    base, site, _ = served
    pdf = sorted((site / "pdf" / "worksheets").glob("*-a4.pdf"))[0]
    path = "/" + pdf.relative_to(site).as_posix()
    status, headers, body = nginx.get(base + path)
    assert (status, headers.get_content_type()) == (200, "application/pdf")
    assert int(headers["Content-Length"]) == pdf.stat().st_size and body == pdf.read_bytes()
    status, headers, body = nginx.get(base + path, {"Range": "bytes=0-4"})
    assert (status, body) == (206, b"%PDF-")


def test_text_is_sent_compressed(served):
    base, site, _ = served
    for path in ("/search/search_index.json", "/", "/assets/stylesheets/extra.css"):
        status, headers, body = nginx.get(base + path, {"Accept-Encoding": "gzip"})
        assert (status, headers.get("Content-Encoding")) == (200, "gzip"), path
        own = site / (path.lstrip("/") or "index.html")
        assert gzip.decompress(body) == own.read_bytes(), path
