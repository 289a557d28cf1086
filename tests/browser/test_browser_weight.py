"""First-load weight of the composer and the check-up on a phone (issue 25).

Each page is opened in Debian's chromium, from the built site on 127.0.0.1,
in a fresh context (empty cache) at phone size, and the bytes of every
response it asks for on its own are added up: no input, until the network
has been idle for half a second, and Material's script, which these two
pages start after the first input or two seconds after loading, has come
with what it asks for. They must stay under 400 KB (400,000
bytes), counted uncompressed, as a plain web server or a copy opened from a
file sends them. What a page needs only to print, to run a session or to
search is not part of its first load; the composer's tests print and run
with it loaded when asked (tests/browser/test_composer.py).

Weight is bytes, so it is a test; time to first input is not: it lives in
tests/benchmarks/composer_weight.py and docs/about/performance.md.
"""

import json
import urllib.parse

import pytest

from support.project import ROOT

pytestmark = pytest.mark.browser

LIMIT = 400_000
TEAM = json.loads((ROOT / "tests" / "fixtures" / "checkup-cases.json").read_text(encoding="utf-8"))["teams"][0]
# Addresses a person opens: empty, a composition of their own, a ready-made
# workshop at full length and as a shorter version, a shared check-up
# result and a team view.
PAGES = [
    "workshops/compose/",
    "workshops/compose/?start=13:30&target=90&item=exercise:conflict-diagnosis:35&item=break:10:Break"
    "&item=exercise:exceptions-finder:30&item=exercise:no-show-role-play:45",
    "workshops/compose/?workshop=one-team-day",
    "workshops/compose/?workshop=friction-to-vision&variant=three-hours",
    "workshops/compose/#run",
    "workshops/checkup/",
    "workshops/checkup/#team=" + ",".join(TEAM["people"]),
]
# Loaded when someone prints, runs or searches; never with the page.
ON_DEMAND = ("kit-text.js", "run.js", "followup.js", "followup.css", "search_index", "/workers/search.")


def _first_load(chromium, url):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda r: responses.append((urllib.parse.urlsplit(r.url).path, r.sizes())))
    page.goto(url, wait_until="networkidle")
    _with_the_theme_script(page, responses)
    context.close()
    return {path: sizes["responseBodySize"] for path, sizes in responses}


def _with_the_theme_script(page, responses):
    """The composer and the check-up start Material's script after the first input, or two
    seconds after loading (templates/theme/main.html): it is still part of the first load.
    Wait until it has run, then until no response has come for half a second."""
    page.wait_for_function("() => typeof window.document$ !== 'undefined'", timeout=15_000)
    count = -1
    while count != len(responses):
        count = len(responses)
        page.wait_for_timeout(500)


@pytest.mark.parametrize("address", PAGES)
def test_the_first_load_stays_under_400_kb(chromium, site_url, address):
    files = _first_load(chromium, site_url + address)
    total = sum(files.values())
    biggest = ", ".join(f"{path} {size:,}" for path, size in sorted(files.items(), key=lambda f: -f[1])[:8])
    assert total < LIMIT, f"{address}: {total:,} bytes in {len(files)} requests; the biggest: {biggest}"
    assert any(path.endswith(".css") for path in files) and any(path.endswith(".js") for path in files), files
    late = [path for path in files if any(name in path for name in ON_DEMAND)]
    assert not late, f"{address} loads what only printing, running or searching needs: {late}"
