"""The composer and the check-up on a phone: page weight and time to first input (a benchmark, not a test).

Usage: python tests/benchmarks/composer_weight.py [SITE_DIR] [--vs OTHER_SITE_DIR] [--runs N]
       [--profile DIR] [--breakdown] [--files] [--phones]

Serves each built site on 127.0.0.1 and opens each page (the composer with a
three-exercise composition, and the team check-up) in a fresh Debian
chromium context (cold cache, a 390 px phone screen). It reports:

- weight: the bytes of every response the page asks for on its own, from
  navigation until the network has been idle for half a second, with no
  input (the plain server sends files uncompressed, as a file:// open
  reads them), and Material's script, which these pages start after the
  first input or two seconds after loading, with what it asks for (the
  sitemap); the same files gzipped at level 6 (what nginx's
  gzip_comp_level 6 sends); the number of requests. Data a page loads
  only when someone prints, runs or searches is not part of it.
  tests/browser/test_browser_weight.py holds the uncompressed figure under
  400 KB.
- time to first input, with the CPU at full speed and slowed 4x (CDP
  Emulation.setCPUThrottlingRate, Lighthouse's mid-range phone): from
  navigation until the page has answered its first input, sent as soon
  as the control can take it (the tool is set up, the control drawn and
  still), as an impatient person would. The composer: a tap on "Add a
  break", answered when the status line says the break was added. The
  check-up: a tap on the first statement's first answer, answered when the
  progress line counts it. Median and range of the runs. The floor is a
  page with that one button and nothing else (floor.html), measured the
  same way: what the browser and the harness take on their own.

A fixed 4x is a different phone on every host. Each run first prints this
host's BenchmarkIndex (Lighthouse's CPU score) at 1x and 4x beside the two
scores Chrome DevTools calibrates its phone presets to, mid-tier 1000 and
low-tier 264, so a reader knows which phone the 4x figure stands for. With
--phones each page is also timed at the rates that bring this host to
those two scores (never below 1x).

With --vs the two sites are measured in turn, run by run, so a busy spell on
the shared machine hits both; the ratio of each pair of medians is printed.
With --profile DIR, one more run of each page at 4x writes a CPU profile
(CDP Profiler, open it in Chromium's DevTools, Performance panel) into DIR.
With --breakdown, one more run of each page at 4x is traced and the main
thread's busy time until the answer is split by what it did: each script's
evaluation and the events it handled, style, layout, paint, HTML parsing.
Not part of `make test`: no test asserts a time (docs/about/performance.md).
"""

import argparse
import collections
import gzip
import json
import pathlib
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from playwright.sync_api import sync_playwright

COMPOSER = (
    "workshops/compose/?start=13:30&target=90&item=exercise:conflict-diagnosis:35"
    "&item=break:10:Break&item=exercise:exceptions-finder:30&item=exercise:no-show-role-play:45"
)
CHECKUP = "workshops/checkup/"
RATES = (1, 4)
# Chrome DevTools' calibrated CPU presets aim the throttled page at these
# BenchmarkIndex scores: a mid-tier phone (a Pixel 5) and a low-tier one (a
# Moto G4 Power 2022). A fixed 4x is a different phone on every host; these
# say which phone 4x was on this one.
PHONES = {"mid-tier phone": 1000, "low-tier phone": 264}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


# Both moments are taken in the page, by a script installed before the page's
# own (an init script, in the page's own world). Playwright's locator click and
# its waits run its own injected script in the page first, about 300 kB of
# it, evaluated on the throttled CPU: on a page with one button and nothing
# else they put the first tap at 0.6 s slowed 4x, a cost no page could win
# back. Here the harness only waits on promises and taps (CDP input, as a
# finger's); the floor (below) is that same page measured this way.
#
# Ready: the tool says so (data-cg-ready="1" on the composer's or the
# check-up's root, set once its scripts have set it up), and the control is
# drawn, scrolled into view, and in the same place two frames running (as
# Playwright's "stable"), with nothing over its middle. Answered: the answer's
# text shows (a mutation observer, which runs as the text changes).
WATCH = """([control, selector, text]) => {
  window.cgAnswer = new Promise((resolve) => {
    new MutationObserver((changes, observer) => {
      const el = document.querySelector(selector);
      if (el && el.textContent.includes(text)) { resolve(performance.now()); observer.disconnect(); }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  window.cgReady = new Promise((resolve) => {
    let last = "";
    (function look() {
      const el = document.querySelector(control);
      const tool = el && el.closest("[data-cg-ready]");
      if (tool && tool.dataset.cgReady === "1" && el.checkVisibility()) {
        el.scrollIntoView({ block: "center", behavior: "instant" });
        const box = el.getBoundingClientRect();
        const at = [box.x + box.width / 2, box.y + box.height / 2];
        const hit = document.elementFromPoint(at[0], at[1]);
        if (hit && el.contains(hit) && at.join() === last) return resolve(at);
        last = at.join();
      }
      requestAnimationFrame(look);
    })();
  });
}"""


# Lighthouse's BenchmarkIndex, the score DevTools calibrates its presets by:
# half a second building 10,000-character strings, half a second copying a
# 100,000-number array back and forth, each counted in tens per second, and
# the mean of the two. Both halves look at the clock every tenth round, as
# Lighthouse's copies do (its strings look every round: nine rounds at most
# in thousands).
BENCHMARK_INDEX = """() => {
  const tensPerSecond = (step) => {
    const start = Date.now();
    let n = 0;
    while (n % 10 !== 0 || Date.now() - start < 500) { step(n); n += 1; }
    return Math.round(n / 10 / ((Date.now() - start) / 1000));
  };
  const strings = tensPerSecond(() => { let s = ""; for (let j = 0; j < 10000; j++) s += "a"; if (s.length === 1) throw 0; });
  const a = Array.from({ length: 100000 }, (_, i) => i), b = a.slice();
  const arrays = tensPerSecond((n) => { const [from, to] = n % 2 ? [b, a] : [a, b]; for (let j = 0; j < from.length; j++) to[j] = from[j]; });
  return (strings + arrays) / 2;
}"""


def host_index(browser, rate: float) -> float:
    """This host's BenchmarkIndex in chromium slowed `rate` times: the median of three, after one to warm up."""
    page = browser.new_page()
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
    scores = [page.evaluate(BENCHMARK_INDEX) for _ in range(4)][1:]
    page.close()
    return statistics.median(scores)


def _settled(cdp, promise: str):
    """The value `promise` (a name in the page) settles to; an error after a minute.
    Just after the navigation commits, the page's script may not have run yet,
    or the question may reach the document being left: asked again then."""
    expression = (
        f"{promise} && Promise.race([{promise}, new Promise((_, no) => "
        f"setTimeout(() => no(new Error('{promise}: nothing after 60 s')), 60000))])"
    )
    for _ in range(2000):
        try:
            reply = cdp.send(
                "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}
            )
        except Exception as err:  # noqa: BLE001 - the context of the page being left went away
            if "context" not in str(err).lower():
                raise
            continue
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"].get("exception", {}).get("description", promise))
        if "value" in reply["result"]:
            return reply["result"]["value"]
        time.sleep(0.005)
    raise RuntimeError(f"{promise} never appeared in the page")


def _answer(control: str, selector: str, text: str):
    def answer(page, cdp):
        x, y = _settled(cdp, "window.cgReady")
        page.mouse.click(x, y)
        return _settled(cdp, "window.cgAnswer")

    answer.watch = (control, selector, text)
    return answer


# name: (address, first input and the answer it waits for)
PAGES = {
    "composer": (COMPOSER, _answer("[data-cg-add-break]", "[data-cg-status]", "Added a 10-minute break")),
    "check-up": (CHECKUP, _answer(".cg-checkup-statement label", "[data-cg-checkup-progress]", "1 of ")),
}


class _Server:
    """`python -m http.server` in a process of its own: in a thread of this one it would wait
    for Playwright's client, which shares the interpreter, and add that wait to every response."""

    def __init__(self, site: pathlib.Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base, timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server for {site} did not start")

    def shutdown(self):
        self.process.terminate()
        self.process.wait()


def serve(site: pathlib.Path):
    server = _Server(site)
    return server, server.base


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
    # A file asked for again and answered from the browser's cache (Material's script, started late,
    # sets every link's address again) has no body: it is not counted twice, in bytes, gzip or requests.
    page.on(
        "requestfinished",
        lambda r: (size := r.sizes()["responseBodySize"]) and responses.append((r.url, size)),
    )
    page.goto(base + address, wait_until="networkidle")
    # Material's script comes after the first input, or two seconds after loading
    # (templates/theme/main.html, theme_script): it still counts, with what it asks for.
    page.wait_for_function("() => typeof window.document$ !== 'undefined'", timeout=15_000)
    count = -1
    while count != len(responses):
        count = len(responses)
        page.wait_for_timeout(500)
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
    page.add_init_script(f"({WATCH})({json.dumps(list(answer.watch))})")
    page.goto(base + address, wait_until="commit")
    answered = answer(page, cdp)
    if profile:
        profile.write_text(json.dumps(cdp.send("Profiler.stop")["profile"]), encoding="utf-8")
    context.close()
    return answered


# Trace events of the main thread, by what they are.
RENDERING = {
    "UpdateLayoutTree": "style",
    "ParseAuthorStyleSheet": "style",
    "Layout": "layout",
    "Paint": "paint and layers",
    "PrePaint": "paint and layers",
    "Layerize": "paint and layers",
    "Commit": "paint and layers",
}
SCRIPT = {"EvaluateScript", "FunctionCall", "EventDispatch", "TimerFire", "FireAnimationFrame", "RunMicrotasks"}


def breakdown(browser, base: str, address: str, answer) -> dict:
    """ms of main-thread work from navigation until the answer, by kind, at 4x."""
    context, page, cdp = _phone(browser, 4)
    browser.start_tracing(page=page, categories=["devtools.timeline", "v8.execute", "blink.user_timing"])
    page.add_init_script(f"({WATCH})({json.dumps(list(answer.watch))})")
    page.goto(base + address, wait_until="commit")
    answered = answer(page, cdp)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    context.close()
    # The page's main thread parsed the page's own address; its navigation is the last to start before that.
    path = urllib.parse.urlsplit(base + address).path
    parses = [
        e
        for e in events
        if e.get("name") == "ParseHTML"
        and urllib.parse.urlsplit(((e.get("args") or {}).get("beginData") or {}).get("url", "")).path == path
    ]
    parse = max(parses, key=lambda e: e.get("dur", 0))
    main = (parse["pid"], parse["tid"])
    start = max(
        (
            e["ts"]
            for e in events
            if e.get("name") == "navigationStart" and e["ts"] <= parse["ts"] and (e["pid"], e["tid"]) == main
        ),
        default=parse["ts"],
    )
    end = start + answered * 1000
    spans = sorted(
        (e for e in events if (e["pid"], e["tid"]) == main and e.get("ph") == "X" and e.get("dur")),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    kinds, busy_until = collections.Counter(), {}

    def url_of(e):
        return urllib.parse.urlsplit(((e.get("args") or {}).get("data") or {}).get("url") or "").path.rsplit("/", 1)[-1]

    for e in spans:
        if not start <= e["ts"] < end:
            continue
        name = e["name"]
        group = "script" if name in SCRIPT else RENDERING.get(name, "HTML parsing" if name == "ParseHTML" else None)
        if group is None or busy_until.get(group, 0) > e["ts"]:
            continue  # not counted, or inside an event of its kind already counted
        busy_until[group] = e["ts"] + e["dur"]
        ms = min(e["dur"], end - e["ts"]) / 1000
        inside = [x for x in spans if x is not e and e["ts"] <= x["ts"] < e["ts"] + e["dur"] and x["name"] in SCRIPT]
        if group == "HTML parsing":  # the scripts it ran are counted as theirs
            ms -= sum(x["dur"] for x in inside if x["name"] == "EvaluateScript") / 1000
        if group != "script":
            kinds[group] += ms
            continue
        # A script's time goes to its file: an event handler's or a timer's to the file of the code it ran.
        named = [x for x in inside if url_of(x)]
        owner = url_of(e) or (url_of(max(named, key=lambda x: x["dur"])) if named else "")
        kinds["script " + (owner or "(inline, or handlers of no file)")] += ms
    return {"answered": answered, "busy": sum(kinds.values()), "kinds": kinds}


FLOOR = pathlib.Path(__file__).with_name("floor.html")


def phone_rates(speed: dict) -> dict:
    """The rate that slows this host to each of DevTools' phones (never below 1: no speeding up)."""
    return {phone: max(1.0, round(speed[1] / score, 1)) for phone, score in PHONES.items()}


def print_speed(speed: dict) -> None:
    """Which phone the fixed 4x was on this host, in DevTools' terms."""
    phones = ", ".join(f"{phone} {score}" for phone, score in PHONES.items())
    slower = [phone for phone, score in PHONES.items() if speed[4] < score]
    print(
        f"this host's BenchmarkIndex (Lighthouse's): {speed[1]:.0f} at 1x CPU, {speed[4]:.0f} at 4x CPU; "
        f"DevTools calibrates to {phones}; here 4x is "
        + (f"slower than its {slower[-1]}" if slower else "faster than its mid-tier phone")
    )
    print("  rates that reach each phone here: " + ", ".join(f"{p} {r}x" for p, r in phone_rates(speed).items()))


def measure(sites: list, runs: int, profile_dir: pathlib.Path | None, traced: bool = False, phones=False) -> dict:
    servers = [serve(site) for site in sites]
    floor_server, floor_base = serve(FLOOR.parent)
    weights, times, traces = {}, {}, {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        speed = {rate: host_index(browser, rate) for rate in RATES}
        rates = list(dict.fromkeys(RATES + (tuple(phone_rates(speed).values()) if phones else ())))
        for i, (site, (_, base)) in enumerate(zip(sites, servers, strict=True)):
            for name, (address, _) in PAGES.items():
                weights[(i, name)] = weight(browser, site, base, address)
        for _ in range(runs):
            for name, (address, answer) in PAGES.items():
                for rate in rates:
                    for i, (_, base) in enumerate(servers):
                        times.setdefault((i, name, rate), []).append(first_input(browser, base, address, answer, rate))
            for rate in rates:
                times.setdefault(("floor", rate), []).append(
                    first_input(browser, floor_base, FLOOR.name, PAGES["composer"][1], rate)
                )
        if profile_dir:
            profile_dir.mkdir(parents=True, exist_ok=True)
            for i, (_, base) in enumerate(servers):
                for name, (address, answer) in PAGES.items():
                    first_input(browser, base, address, answer, 4, profile_dir / f"{name}-site{i}-4x.cpuprofile")
        if traced:
            for i, (_, base) in enumerate(servers):
                for name, (address, answer) in PAGES.items():
                    traces[(i, name)] = breakdown(browser, base, address, answer)
        browser.close()
    for server, _ in servers + [(floor_server, floor_base)]:
        server.shutdown()
    return {"weights": weights, "times": times, "traces": traces, "speed": speed, "rates": rates}


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
    parser.add_argument("--breakdown", action="store_true", help="trace one more run at 4x: where the time goes")
    parser.add_argument("--phones", action="store_true", help="also time each page slowed to DevTools' two phones")
    args = parser.parse_args()
    sites = [pathlib.Path(args.site)] + ([pathlib.Path(args.vs)] if args.vs else [])
    result = measure(sites, args.runs, args.profile, args.breakdown, args.phones)
    weights, times, rates = result["weights"], result["times"], result["rates"]
    print_speed(result["speed"])
    print(f"First load, no input; first input answered, {args.runs} runs each: median (range)")
    print(
        "floor (tests/benchmarks/floor.html, one button and nothing else): first input "
        + ", ".join(f"{spread(times[('floor', rate)])} at {rate}x CPU" for rate in rates)
    )
    for name, (address, _) in PAGES.items():
        print(f"{name}: {address}")
        for i, site in enumerate(sites):
            w = weights[(i, name)]
            print(
                f"  {site}: {kb(w['bytes'])} ({w['bytes']} bytes) in {w['requests']} requests, gzipped {kb(w['gzip'])};"
                " first input " + ", ".join(f"{spread(times[(i, name, rate)])} at {rate}x CPU" for rate in rates)
            )
            if args.files:
                for url, size in w["files"]:
                    print(f"    {size:8d}  {urllib.parse.urlsplit(url).path}")
            if (i, name) in result["traces"]:
                trace = result["traces"][(i, name)]
                print(
                    f"    traced at 4x: answered after {trace['answered']:.0f} ms, main thread busy {trace['busy']:.0f} ms:"
                )
                for kind, ms in trace["kinds"].most_common():
                    if ms >= 5:
                        print(f"      {ms:6.0f} ms  {kind}")
        if args.vs:
            w0, w1 = weights[(0, name)], weights[(1, name)]
            print(
                f"  ratio {sites[0]} / {sites[1]}: weight {w0['bytes'] / w1['bytes']:.2f} x, gzipped "
                f"{w0['gzip'] / w1['gzip']:.2f} x; first input "
                + ", ".join(
                    f"{statistics.median(times[(0, name, r)]) / statistics.median(times[(1, name, r)]):.2f} x at {r}x"
                    for r in rates
                )
            )


if __name__ == "__main__":
    main()
