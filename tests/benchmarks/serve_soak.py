"""`make serve` soak: 50 saves in a row, then the same pages as a clean build, and no memory growth.

    .venv/bin/python tests/benchmarks/serve_soak.py [--saves 50] [--keep]

Not a test (it takes minutes): a benchmark, reported in docs/about/performance.md.
It copies the last commit to a scratch folder, starts the command of the
Makefile's serve recipe (`mkdocs serve --strict --dirty`) on a free port, and
waits for its first build. Then it saves, in turn, an exercise's YAML, a guide
and a template (templates/exercise_page.md.j2): each save puts a marker in the
file or takes it out again, and the script polls the page made from that file
until the marker shows or is gone (serve answers only once a rebuild is done).
After the last save every file is back as committed. It then builds the same
folder clean (`mkdocs build --strict`, with the address serve gives the pages)
and compares every page and the search index the server serves with the clean
build's, the live-reload script serve adds taken out. The server's resident
memory (RSS, from /proc) is read after each rebuild; growth is the median of
the last ten saves against the median of saves 6 to 15 (the first five warm up).

Prints one JSON object and exits 1 when a page differs, a rebuild does not come,
or RSS grows by more than --rss-noise-mb.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))
from support.preview import free_port, serve_args  # noqa: E402  the command `make serve` runs

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
EXERCISE = "strengths-map"
GUIDE = "playbook/missed-meeting.md"
TEMPLATE = "templates/exercise_page.md.j2"
# What serve adds before the last </body> of every HTML page it answers (mkdocs/livereload/__init__.py).
PLACEHOLDER = "https://common-ground.example.org/"  # a clean build refuses serve's http:// address
LIVERELOAD = re.compile(
    r"<script>\nvar livereload = function\(epoch, requestId\).*?livereload\(\d+, \d+\);\n</script>", re.S
)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=50, help="saves in a row (default 50)")
    parser.add_argument("--rss-noise-mb", type=float, default=25.0, help="RSS growth taken as noise (default 25 MB)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for one rebuild (default 300)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--tree", help="soak a copy of this project folder instead of a commit (to try a change)")
    parser.add_argument("--memory-only", action="store_true", help="skip the clean build and the comparison")
    parser.add_argument("--commit", default="HEAD", help="the commit to soak (default HEAD), e.g. main before a change")
    return parser.parse_args(argv)


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def rss_mb(pid: int) -> float:
    """Resident memory of the server process, from /proc."""
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024


def wait_for(url: str, shows, timeout: float) -> float:
    """Seconds until the page at url satisfies shows(text)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        text = fetch(url)
        if text is not None and shows(text):
            return time.monotonic() - started
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not change within {timeout:.0f} s")


class Saves:
    """The three files the soak saves, each with the page that shows it."""

    def __init__(self, kit: pathlib.Path, base: str):
        self.kit, self.base = kit, base
        self.files = [
            (kit / "exercises" / f"{EXERCISE}.yml", f"{base}exercises/{EXERCISE}/", self._yaml),
            (kit / "docs" / GUIDE, f"{base}{GUIDE[: -len('.md')]}/", self._guide),
            (kit / TEMPLATE, f"{base}exercises/{EXERCISE}/", self._template),
        ]
        self.original = {path: path.read_text(encoding="utf-8") for path, _, _ in self.files}

    @staticmethod
    def _yaml(text: str, marker: str) -> str:
        # The first words of the worksheet's intro (a folded block in the file as committed).
        return re.sub(r"(?m)^(  intro: [>|]-?\n\s+)", rf"\g<1>{marker} ", text, count=1)

    @staticmethod
    def _guide(text: str, marker: str) -> str:
        return text.rstrip("\n") + f"\n\n{marker}\n"

    @staticmethod
    def _template(text: str, marker: str) -> str:
        return text.rstrip("\n") + f"\n\n<p>{marker}</p>\n"

    def save(self, number: int, timeout: float) -> dict:
        """Save n: odd saves put a marker in, even saves take it out again."""
        path, url, edit = self.files[(number // 2) % len(self.files)]
        marker = f"Soak{number // 2:03d}marker"
        putting_in = number % 2 == 0
        text = edit(self.original[path], marker) if putting_in else self.original[path]
        assert text != self.original[path] or not putting_in, f"{path}: the edit found nothing to change"
        path.write_text(text, encoding="utf-8")
        seconds = wait_for(url, (lambda t: marker in t) if putting_in else (lambda t: marker not in t), timeout)
        return {"save": number + 1, "file": path.relative_to(self.kit).as_posix(), "in": putting_in, "s": seconds}


def served_pages(site: pathlib.Path) -> list:
    """Pages to compare: every HTML page of the clean build, and the search index."""
    pages = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))]
    return pages + ["search/search_index.json"]


def url_of(page: str) -> str:
    return page[: -len("index.html")] if page.endswith("index.html") else page


def compare(kit: pathlib.Path, scratch: pathlib.Path, base: str, mkdocs: list, result: dict, failed: list) -> None:
    """The pages serve shows now, against a clean build of the same files."""
    clean = scratch / "clean"
    built = subprocess.run(
        [*mkdocs, "build", "--strict", "--site-dir", str(clean)],
        cwd=kit,
        env={**ENV, "COMMON_GROUND_SITE_URL": PLACEHOLDER},
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        failed.append("the clean build failed: " + built.stderr[-2000:])
    else:
        differ = []
        pages = served_pages(clean)
        for page in pages:
            served = fetch(base + url_of(page))
            want = (clean / page).read_text(encoding="utf-8", errors="replace")
            # serve puts its own address in site_url (canonical links, the sitemap).
            shown = None if served is None else LIVERELOAD.sub("", served).replace(base, PLACEHOLDER)
            if shown != want:
                differ.append(page)
                kept = scratch / "served" / page  # for a look (--keep)
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_text(shown or "", encoding="utf-8")
        result["pages_compared"] = len(pages)
        result["pages_differ"] = differ
        if differ:
            failed.append(f"{len(differ)} of {len(pages)} served pages differ from a clean build: {differ[:10]}")


def main(argv=None) -> int:
    args = parse_args(argv)
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="serve-soak-"))
    kit = scratch / "kit"
    kit.mkdir()
    if args.tree:
        shutil.copytree(args.tree, kit, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".cache", "site*", ".venv"))
    else:
        archive = subprocess.run(["git", "archive", args.commit], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(kit)], input=archive, check=True)
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (scratch / "shared").symlink_to(shared)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    mkdocs = [sys.executable, "-m", "mkdocs"]
    log = open(scratch / "serve.log", "w")
    server = subprocess.Popen(
        [*mkdocs, *serve_args(), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=kit,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    result = {"commit": args.commit, "saves": [], "uptime_before": os.getloadavg()}
    failed = []
    try:
        started = time.monotonic()
        wait_for(base, lambda text: "<html" in text, 900)
        result["first_build_s"] = round(time.monotonic() - started, 1)
        saves = Saves(kit, base)
        rss = []
        for number in range(args.saves):
            done = saves.save(number, args.timeout)
            time.sleep(0.5)  # the server settles; a rebuild that follows would show in the next save
            done["rss_mb"] = round(rss_mb(server.pid), 1)
            rss.append(done["rss_mb"])
            result["saves"].append(done)
            print(json.dumps(done), file=sys.stderr, flush=True)
        assert all(path.read_text(encoding="utf-8") == text for path, text in saves.original.items())
        early, late = statistics.median(rss[5:15]), statistics.median(rss[-10:])
        result["rss_mb"] = {"first": rss[0], "saves_6_to_15": early, "last_10": late, "max": max(rss)}
        result["rss_growth_mb"] = round(late - early, 1)
        if late - early > args.rss_noise_mb:
            failed.append(f"RSS grew {late - early:.1f} MB (median of saves 6-15 {early} MB, last 10 {late} MB)")
        waits = [s["s"] for s in result["saves"]]
        result["rebuild_s"] = {
            "min": round(min(waits), 2),
            "median": round(statistics.median(waits), 2),
            "max": round(max(waits), 2),
        }
        if not args.memory_only:
            compare(kit, scratch, base, mkdocs, result, failed)
    except (TimeoutError, AssertionError) as err:
        failed.append(str(err))
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
        result["uptime_after"] = os.getloadavg()
        result["failed"] = failed
        if args.keep:
            result["scratch"] = str(scratch)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(result, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
