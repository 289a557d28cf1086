"""The composer and the check-up on a phone: page weight and time to first input (a benchmark, not a test).

Usage: python tests/benchmarks/composer_weight.py [SITE_DIR] [--vs OTHER_SITE_DIR] [--runs N]
       [--profile DIR]

Serves each built site on 127.0.0.1 and opens each page (the composer with a
three-exercise composition, and the team check-up) in a fresh Debian
chromium context (cold cache, a 390 px phone screen). It reports:

- weight: the bytes of every response the page asks for on its own, from
  navigation until the network has been idle for half a second, with no
  input (the plain server sends files uncompressed, as a file:// open
  reads them); the same files gzipped at level 6 (what nginx's
  gzip_comp_level 6 sends); the number of requests. Data a page loads
  only when someone prints, runs or searches is not part of it.
  tests/browser/test_browser_weight.py holds the uncompressed figure under
  400 KB.
- time to first input, with the CPU at full speed and slowed 4x (CDP
  Emulation.setCPUThrottlingRate, Lighthouse's mid-range phone): from
  navigation until the page has answered its first input, sent as soon
  as the control can take it, as an impatient person would. The composer:
  a click on "Add a break", answered when the status line says the break
  was added. The check-up: a click on the first statement's first answer,
  answered when the progress line counts it. Median and range of the runs.

With --vs the two sites are measured in turn, run by run, so a busy spell on
the shared machine hits both; the ratio of each pair of medians is printed.
With --profile DIR, one more run of each page at 4x writes a CPU profile
(CDP Profiler, open it in Chromium's DevTools, Performance panel) into DIR.
Not part of `make test`: no test asserts a time (docs/about/performance.md).
"""

import argparse
import functools
import gzip
import http.server
import json
import pathlib
import statistics
import threading
import urllib.parse

from playwright.sync_api import sync_playwright

COMPOSER = (
    "workshops/compose/?start=13:30&target=90&item=exercise:conflict-diagnosis:35"
    "&item=break:10:Break&item=exercise:exceptions-finder:30&item=exercise:no-show-role-play:45"
)
CHECKUP = "workshops/checkup/"
RATES = (1, 4)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


def _add_a_break(page):
    page.locator("[data-cg-add-break]").click(timeout=60_000)
    page.locator("[data-cg-status]").filter(has_text="Added a 10-minute break").wait_for(timeout=60_000)


def _answer_the_first_statement(page):
    page.locator(".cg-checkup-statement").first.locator("label").first.click(timeout=60_000)
    page.locator("[data-cg-checkup-progress]").filter(has_text="1 of ").wait_for(timeout=60_000)


# name: (address, first input and its answer)
PAGES = {"composer": (COMPOSER, _add_a_break), "check-up": (CHECKUP, _answer_the_first_statement)}


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


def _phone(browser, rate: int):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    return context, page, cdp


def weight(browser, site: pathlib.Path, base: str, address: str) -> dict:
    """What the page asks for on its own: no input, until the network is idle."""
    context, page, _ = _phone(browser, 1)
    responses = []
    page.on("requestfinished", lambda r: responses.append((r.url, r.sizes()["responseBodySize"])))
    page.goto(base + address, wait_until="networkidle")
    context.close()
    return {
        "bytes": sum(size for _, size in responses),
        "gzip": sum(gzipped(site, base, url) for url, _ in responses),
        "requests": len(responses),
        "files": sorted(responses, key=lambda r: -r[1]),
    }


def first_input(browser, base: str, address: str, answer, rate: int, profile: pathlib.Path | None = None) -> float:
    """Milliseconds from navigation until the page has answered its first input."""
    context, page, cdp = _phone(browser, rate)
    if profile:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        cdp.send("Profiler.start")
    page.goto(base + address, wait_until="commit")
    answer(page)
    answered = page.evaluate("performance.now()")
    if profile:
        profile.write_text(json.dumps(cdp.send("Profiler.stop")["profile"]), encoding="utf-8")
    context.close()
    return answered


def measure(sites: list, runs: int, profile_dir: pathlib.Path | None) -> dict:
    servers = [serve(site) for site in sites]
    weights, times = {}, {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for i, (site, (_, base)) in enumerate(zip(sites, servers, strict=True)):
            for name, (address, _) in PAGES.items():
                weights[(i, name)] = weight(browser, site, base, address)
        for _ in range(runs):
            for name, (address, answer) in PAGES.items():
                for rate in RATES:
                    for i, (_, base) in enumerate(servers):
                        times.setdefault((i, name, rate), []).append(first_input(browser, base, address, answer, rate))
        if profile_dir:
            profile_dir.mkdir(parents=True, exist_ok=True)
            for i, (_, base) in enumerate(servers):
                for name, (address, answer) in PAGES.items():
                    first_input(browser, base, address, answer, 4, profile_dir / f"{name}-site{i}-4x.cpuprofile")
        browser.close()
    for server, _ in servers:
        server.shutdown()
    return {"weights": weights, "times": times}


def kb(n: float) -> str:
    return f"{n / 1000:.0f} kB"


def spread(values: list) -> str:
    return f"{statistics.median(values):.0f} ms ({min(values):.0f} to {max(values):.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site")
    parser.add_argument("--vs", help="a second built site, measured in turn with the first")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=pathlib.Path, help="write a CPU profile of each page at 4x here")
    parser.add_argument("--files", action="store_true", help="list each page's files by size")
    args = parser.parse_args()
    sites = [pathlib.Path(args.site)] + ([pathlib.Path(args.vs)] if args.vs else [])
    result = measure(sites, args.runs, args.profile)
    weights, times = result["weights"], result["times"]
    print(f"First load, no input; first input answered, {args.runs} runs each: median (range)")
    for name, (address, _) in PAGES.items():
        print(f"{name}: {address}")
        for i, site in enumerate(sites):
            w = weights[(i, name)]
            print(
                f"  {site}: {kb(w['bytes'])} ({w['bytes']} bytes) in {w['requests']} requests, gzipped {kb(w['gzip'])};"
                " first input " + ", ".join(f"{spread(times[(i, name, rate)])} at {rate}x CPU" for rate in RATES)
            )
            if args.files:
                for url, size in w["files"]:
                    print(f"    {size:8d}  {urllib.parse.urlsplit(url).path}")
        if args.vs:
            w0, w1 = weights[(0, name)], weights[(1, name)]
            print(
                f"  ratio {sites[0]} / {sites[1]}: weight {w0['bytes'] / w1['bytes']:.2f} x, gzipped "
                f"{w0['gzip'] / w1['gzip']:.2f} x; first input "
                + ", ".join(
                    f"{statistics.median(times[(0, name, r)]) / statistics.median(times[(1, name, r)]):.2f} x at {r}x"
                    for r in RATES
                )
            )


if __name__ == "__main__":
    main()
