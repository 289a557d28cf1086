"""The composer's page weight and time to interactive (a benchmark, not a test).

Usage: python tests/benchmarks/composer_weight.py [SITE_DIR]
Serves the built site on 127.0.0.1, opens the composer with a three-exercise
composition in a fresh Debian chromium, and reports the bytes transferred
(the page and everything it loads) and the time from navigation until the
composer is ready for input (its data-cg-ready mark), median of five runs.
"""

import functools
import http.server
import pathlib
import statistics
import sys
import threading

from playwright.sync_api import sync_playwright

QUERY = (
    "workshops/compose/?start=13:30&target=90&item=exercise:conflict-diagnosis:35"
    "&item=break:10:Break&item=exercise:exceptions-finder:30&item=exercise:no-show-role-play:45"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(site: pathlib.Path, runs: int = 5) -> dict:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{QUERY}"
    weights, ready = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for _ in range(runs):
            context = browser.new_context()  # cold cache each run
            page = context.new_page()
            sizes = []
            page.on("requestfinished", lambda r, sizes=sizes: sizes.append(r.sizes()["responseBodySize"]))
            page.goto(url)
            page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
            ready.append(page.evaluate("performance.now()"))
            page.wait_for_load_state("networkidle")
            weights.append(sum(sizes))
            context.close()
        browser.close()
    server.shutdown()
    return {"bytes": statistics.median(weights), "ready_ms": statistics.median(ready)}


if __name__ == "__main__":
    site = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    result = measure(site)
    print(f"Composer: {result['bytes'] / 1024:.0f} KiB transferred, interactive after {result['ready_ms']:.0f} ms")
