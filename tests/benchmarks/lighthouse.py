"""Lighthouse scores for a home page, a guide, an exercise and a workshop page.

A benchmark, not a test: scores move with the machine's load, so nothing here
passes or fails. Usage: `make lighthouse` (builds the site and installs the
pinned Lighthouse into .cache/lighthouse first), or

    python tests/benchmarks/lighthouse.py [SITE_DIR] [--desktop]

The site is served on 127.0.0.1; Lighthouse drives Debian's chromium. Goal:
100 for accessibility, best practices and SEO, at least 95 for performance.
"""

import functools
import gzip
import http.server
import io
import json
import os
import pathlib
import subprocess
import sys
import threading

ROOT = pathlib.Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --disable-dev-shm-usage"
)


def pick_pages(site: pathlib.Path) -> dict[str, str]:
    """The first page of each kind that exists; index pages stand in for missing ones."""

    def first(section, skip=()):
        found = sorted(p.parent.name for p in (site / section).glob("*/index.html") if p.parent.name not in skip)
        return f"{section}/{found[0]}/" if found else f"{section}/"

    # The composer sits among the workshops but is a page of its own kind.
    pages = {
        "home": "",
        "guide": first("playbook"),
        "exercise": first("exercises"),
        "workshop": first("workshops", skip=("compose",)),
    }
    if (site / "workshops" / "compose" / "index.html").is_file():
        pages["composer"] = "workshops/compose/"
    return pages


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site gzip-compressed, as nginx or Apache would in production
    (http.server alone sends raw text, which Lighthouse would score, not us)."""

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def send_head(self):
        path = pathlib.Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects to the slash URL
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in self.COMPRESS and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):  # keep the score table readable
        pass


def serve(site: pathlib.Path) -> tuple[http.server.HTTPServer, str]:
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def audit(url: str, desktop: bool) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if desktop:
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    scores["_misses"] = [
        a["id"]
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    return scores


def main(argv: list[str]) -> int:
    desktop = "--desktop" in argv
    args = [a for a in argv if not a.startswith("--")]
    site = pathlib.Path(args[0]) if args else ROOT / "site"
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} missing: run `make lighthouse`", file=sys.stderr)
        return 2
    server, base = serve(site)
    print(f"Lighthouse ({'desktop' if desktop else 'mobile, simulated throttling'}) on {site}")
    print(f"{'page':<10} {'path':<34} " + " ".join(f"{c:>14}" for c in CATEGORIES))
    try:
        for kind, path in pick_pages(site).items():
            scores = audit(base + path, desktop)
            print(f"{kind:<10} {'/' + path:<34} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
            if scores["_misses"]:
                print(f"{'':<10} failed audits: {', '.join(scores['_misses'])}")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
