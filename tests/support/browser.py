"""Shared browser fixtures: the built site on 127.0.0.1 and one Debian chromium per worker.

conftest.py imports the fixtures from here so every test module can use them.
Pages are discovered from the built site, never listed by hand, so pages that
other people add later are covered without touching the tests.
"""

import datetime
import functools
import http.server
import io
import mimetypes
import os
import pathlib
import threading
import unicodedata
import urllib.parse

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
# Playwright cannot download its own browsers here; Debian's chromium is used.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
# npm tools (axe-core, vnu-jar) live in a git-ignored cache; `make tools` fills it.
NPM_MODULES = ROOT / ".cache" / "npm" / "node_modules"
AXE_JS = NPM_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NPM_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


# While axe reads a page, transitions are off: each element shows the colour it
# rests at, never a blend taken halfway through a fade. Material fades its tabs
# out and its back-to-top button in a moment after a scroll or a jump to a
# fragment, sometimes after the check has begun, so no wait beforehand can
# see it coming; a check that landed inside that fade failed CI once (the tabs
# and .md-top, stop 31). Every state a reader can rest in is still checked:
# only the way into it is instant. Keyframe animations are left to finish, as
# some hold their end state only while they run.
_AT_REST = "*, *::before, *::after { transition: none !important; }"
_ANIMATIONS_DONE = """() => Promise.all(document.getAnimations()
  .filter((a) => !(a instanceof CSSTransition) && a.effect.getComputedTiming().iterations !== Infinity)
  .map((a) => a.finished.catch(() => null)))
  .then(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))"""


def axe_violations(page) -> list[str]:
    """axe-core's findings on the page as it rests, one line per failing element.

    The pointer stays where the test left it, so a hover colour can be checked.
    """
    assert AXE_JS.is_file(), f"{AXE_JS} missing: run `make tools` (make test does it)"
    still = page.add_style_tag(content=_AT_REST)
    try:
        page.evaluate(_ANIMATIONS_DONE)
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        still.evaluate("(style) => style.remove()")
    lines = []
    for rule in result["violations"]:
        for node in rule["nodes"]:
            summary = " ".join(node["failureSummary"].split())[:240]
            lines.append(f"{rule['id']} ({rule['impact']}) at {node['target']}: {summary}")
    return lines


def site_pages(site: pathlib.Path) -> list[str]:
    """Every HTML page of the built site as a URL path ('', 'about/', '404.html')."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if is_redirect_stub(html):
            continue  # mkdocs-redirects stubs are checked by the link tests
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return paths


def is_redirect_stub(html: pathlib.Path) -> bool:
    """mkdocs-redirects writes tiny pages that only forward to the new place."""
    head = html.read_text(encoding="utf-8", errors="replace")[:600]
    return 'http-equiv="refresh"' in head and "md-" not in head


def shard(items: list, index: int, count: int) -> list:
    """Split a page list so the two xdist workers share the slow browser work."""
    return items[index::count]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass

    def send_error(self, code, message=None, explain=None):
        """Answer a missing address with the site's 404 page, as a configured
        web server (nginx error_page, GitHub Pages) does."""
        page = pathlib.Path(self.directory) / "404.html"
        if code != 404 or not page.is_file() or self.command != "GET":
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the built site, served by a threaded server on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian chromium per worker, shared by its tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh page in its own context (no shared storage between tests)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def pages(built_site):
    return site_pages(built_site)


def printed_text(pdf: bytes) -> list:
    """Each page of a PDF Chromium printed, as the words a reader reads on it.

    Chromium 156.0.8078.114 maps a ligature glyph to its own character (U+FB02
    for "fl") where earlier builds gave the two letters; the paper looks the
    same, so NFKC folds the ligatures back before the words are compared.
    """
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in pages]


def stop_the_clock(page, at: datetime.datetime):
    """Playwright's clock for `page`, standing still at `at` but for run_for.

    An installed clock goes on ticking in real time; on a busy machine a
    second passes between Run and the first read, and "5:00 left" reads
    "4:59 left". It is installed a second early, as pause_at cannot go back.
    """
    page.clock.install(time=at - datetime.timedelta(seconds=1))
    page.clock.pause_at(at)


def answer_as_published(context, built_site: pathlib.Path):
    """Requests for the published address (support.project.SITE_URL) answered
    from the built files, as a web server would: Material's instant navigation
    runs only on the address in its sitemap, never on 127.0.0.1:<port>."""
    from support.project import SITE_URL

    def answer(route):
        path = urllib.parse.unquote(urllib.parse.urlsplit(route.request.url).path).lstrip("/")
        file = built_site / path
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return route.fulfill(status=404, path=built_site / "404.html")
        route.fulfill(status=200, path=file, content_type=mimetypes.guess_type(file.name)[0] or "text/html")

    context.route(SITE_URL + "**", answer)
