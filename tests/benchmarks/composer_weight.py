"""The composer on a phone: page weight and time to first input (a benchmark, not a test).

Usage: python tests/benchmarks/composer_weight.py [SITE_DIR] [--vs OTHER_SITE_DIR] [--runs N]

Serves each built site on 127.0.0.1 and opens the composer with a
three-exercise composition in a fresh Debian chromium context (cold cache),
with the CPU at full speed and slowed 4x (CDP Emulation.setCPUThrottlingRate,
Lighthouse's mid-range phone). For each it reports, median of the runs:

- weight: the bytes of every response the first load asked for, until the
  network was idle (the plain server sends files uncompressed), the number of
  requests, the search index's share, and the same files gzipped (what a web
  server that compresses would send);
- time to first input: from navigation until the composer has answered a
  click on "Add a break" (the click is sent as soon as the button can take
  it, as an impatient person would, and the answer is the status line
  saying the break was added), in ms.

With --vs the two sites are measured in turn, run by run, so a busy spell on
the shared machine hits both; the ratio of each pair of medians is printed.
Not part of `make test`: no test asserts a time (docs/about/performance.md).
"""

import argparse
import functools
import gzip
import http.server
import pathlib
import statistics
import threading
import urllib.parse

from playwright.sync_api import sync_playwright

QUERY = (
    "workshops/compose/?start=13:30&target=90&item=exercise:conflict-diagnosis:35"
    "&item=break:10:Break&item=exercise:exceptions-finder:30&item=exercise:no-show-role-play:45"
)
RATES = (1, 4)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: pathlib.Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def gzipped(site: pathlib.Path, base: str, url: str) -> int:
    """The size of the file behind `url` once gzipped (level 6, as nginx's gzip_comp_level 6)."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)[len(urllib.parse.urlsplit(base).path) :]
    target = site / path
    if target.is_dir() or not path:
        target = target / "index.html"
    return len(gzip.compress(target.read_bytes(), 6)) if target.is_file() else 0


def one_run(browser, site: pathlib.Path, base: str, rate: int) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    responses = []
    page.on("requestfinished", lambda r: responses.append((r.url, r.sizes()["responseBodySize"])))
    page.goto(base + QUERY, wait_until="commit")
    page.locator("[data-cg-add-break]").click(timeout=60_000)
    page.locator("[data-cg-status]").filter(has_text="Added a 10-minute break").wait_for(timeout=60_000)
    answered = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    context.close()
    index = sum(size for url, size in responses if "search_index" in url)
    return {
        "bytes": sum(size for _, size in responses),
        "gzip": sum(gzipped(site, base, url) for url, _ in responses),
        "requests": len(responses),
        "index": index,
        "answered_ms": answered,
    }


def measure(sites: list, runs: int) -> dict:
    servers = [serve(site) for site in sites]
    results = {(i, rate): [] for i in range(len(sites)) for rate in RATES}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs):
            for rate in RATES:
                for i, (site, (_, base)) in enumerate(zip(sites, servers, strict=True)):
                    results[(i, rate)].append(one_run(browser, site, base, rate))
        browser.close()
    for server, _ in servers:
        server.shutdown()
    return {key: {k: statistics.median(r[k] for r in runs_) for k in runs_[0]} for key, runs_ in results.items()}


def kb(n: float) -> str:
    return f"{n / 1000:.0f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site")
    parser.add_argument("--vs", help="a second built site, measured in turn with the first")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sites = [pathlib.Path(args.site)] + ([pathlib.Path(args.vs)] if args.vs else [])
    medians = measure(sites, args.runs)
    print(f"Composer, first load ({args.runs} runs each, median); {QUERY}")
    for i, site in enumerate(sites):
        first = medians[(i, 1)]
        print(
            f"  {site}: {kb(first['bytes'])} in {first['requests']:.0f} requests "
            f"(search index {kb(first['index'])}; gzipped {kb(first['gzip'])}); first input answered after "
            + ", ".join(f"{medians[(i, rate)]['answered_ms']:.0f} ms at {rate}x CPU" for rate in RATES)
        )
    if args.vs:
        a, b = medians, sites
        print(
            f"  ratio {b[0]} / {b[1]}: weight {a[(0, 1)]['bytes'] / a[(1, 1)]['bytes']:.2f} x; first input "
            + ", ".join(
                f"{a[(0, rate)]['answered_ms'] / a[(1, rate)]['answered_ms']:.2f} x at {rate}x" for rate in RATES
            )
        )


if __name__ == "__main__":
    main()
