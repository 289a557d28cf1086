"""One timed build, and the serve loop timing, as the benchmark runs them.

Every build is a fresh child process (tests/benchmarks/timed_build.py) so a
figure includes what a maintainer waits for, and CPU time of the child and of
every process it starts is read with getrusage(RUSAGE_CHILDREN).
"""

import json
import os
import pathlib
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import yaml

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from support.preview import serve_args  # noqa: E402  the command `make serve` runs

TIMED_BUILD = HERE / "timed_build.py"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
# Folders a build may keep between runs; a clean build starts without them.
CACHE_DIRS = [".cache"]


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def clear_caches(kit: pathlib.Path):
    for name in CACHE_DIRS:
        shutil.rmtree(kit / name, ignore_errors=True)


# Strict like `make site`; bench_kit --no-strict turns it off for a mid-edit tree.
STRICT = ["--strict"]


def build(kit: pathlib.Path, site: pathlib.Path, *, skip_post_build=False, profile=None, twin=False):
    """Build `kit` into `site` strictly, and return what it cost (`twin`: timed_build.py --twin)."""
    facts_file = kit / ".bench-facts.json"
    command = [sys.executable, str(TIMED_BUILD), str(facts_file)]
    if skip_post_build:
        command.append("--skip-post-build")
    if twin:
        command.append("--twin")
    command += ["--", "build", *STRICT, "--site-dir", str(site)]
    env = dict(ENV, BENCH_PROFILE=str(profile)) if profile else ENV
    cpu_before, started = _children_cpu(), time.perf_counter()
    result = subprocess.run(command, cwd=kit, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    tree_cpu = _children_cpu() - cpu_before
    if result.returncode != 0:
        raise SystemExit(f"bench: the build of {kit} failed:\n{(result.stdout + result.stderr)[-4000:]}")
    facts = json.loads(facts_file.read_text())
    facts["wall"] = wall
    facts["tree_cpu"] = tree_cpu
    facts["post_build_cpu"] = _post_build_cpu(facts, tree_cpu)
    facts["html_pages"] = sum(1 for _ in site.rglob("*.html"))
    facts["pdf_line"] = pdf_log_line(result.stderr)
    facts["log"] = result.stderr
    return facts


# The one line the PDF step logs per build (macros/pdf/build.py).
PDF_LINE = re.compile(
    r"PDFs: (?P<files>\d+) files, (?P<rendered>\d+) rendered \((?P<pages>\d+) pages\), "
    r"(?P<cached>\d+) from cache, (?P<seconds>[\d.]+) s in all\."
    r"(?: Rendering took (?P<render_seconds>[\d.]+) s on (?P<workers>\d+) workers)?"
)


def pdf_log_line(log: str):
    """What the PDF step said it did, as numbers; None if it said nothing."""
    match = PDF_LINE.search(log)
    if not match:
        return None
    return {k: float(v) if v and "." in v else int(v or 0) for k, v in match.groupdict().items()}


def _post_build_cpu(facts, tree_cpu):
    """CPU spent during the post-build step, by the build and its workers.

    Workers joined inside the step show up in the build's own counters; a
    pool left alive until exit is only reaped then, so whatever the tree used
    beyond what the build saw at its end belongs to those workers too.
    """
    if "cpu_before_post_build" not in facts:
        return 0.0
    inside = facts["cpu_after_post_build"] - facts["cpu_before_post_build"]
    reaped_late = max(0.0, tree_cpu - facts["cpu_total"])
    return inside + reaped_late


def pdf_pages(site: pathlib.Path):
    """How many PDFs the site holds, and their pages in total."""
    files = sorted(site.rglob("*.pdf"))
    try:
        from pypdf import PdfReader

        pages = sum(len(PdfReader(str(f)).pages) for f in files)
    except ImportError:
        pages = sum(len(re.findall(rb"/Type\s*/Page[^s]", f.read_bytes())) for f in files)
    return len(files), pages


def edit_exercise(kit: pathlib.Path, exercise_id: str, marker: str):
    """Change the worksheet intro of one exercise, the way a maintainer would."""
    path = kit / "exercises" / f"{exercise_id}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    intro = data["worksheet"]["intro"].split(" Benchmark edit ")[0]
    data["worksheet"]["intro"] = f"{intro} {marker}"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url, timeout=300):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8", "replace")


def serve_latency(kit: pathlib.Path, exercise_id: str, trials: int, settle=1.5):
    """Seconds from saving a YAML edit until `make serve` shows it, per trial.

    The server runs the mkdocs arguments of the Makefile's serve recipe, so
    this measures what a maintainer gets. serve answers a page request only once a rebuild in progress is done, so
    polling the page measures exactly what someone refreshing a browser sees.
    The first edit is a warm-up and is not counted.
    """
    port = free_port()
    log_path = kit / ".bench-serve.log"
    facts_file = kit / ".bench-serve-facts.json"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                str(TIMED_BUILD),
                str(facts_file),
                "--",
                *preview_command(),
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            cwd=kit,
            env=ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/exercises/{exercise_id}/"
    try:
        started = time.perf_counter()
        _wait_until(lambda: _fetch(url), deadline=started + 900, what=f"serve to answer {url}")
        startup = time.perf_counter() - started
        times = []
        for trial in range(trials + 1):
            marker = f"Benchmark edit {trial} {int(time.time())}"
            edit_exercise(kit, exercise_id, marker)
            saved = time.perf_counter()
            _wait_until(
                lambda marker=marker: marker in _fetch(url),
                deadline=saved + 300,
                what=f"the edit to show on {url}",
                pause=0.02,
            )
            if trial:
                times.append(time.perf_counter() - saved)
            time.sleep(settle)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    log = log_path.read_text()
    return {
        "latencies": times,
        "startup": startup,
        "command": " ".join(["mkdocs", *preview_command()]),
        "rebuilds": [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", log)][1:],
        "rebuilt_pages": re.findall(r"Preview: rebuilding (\d+|every) page", log)[1:],
        "post_build": [float(s) for s in re.findall(r"bench: post-build took ([\d.]+) s", log)][1:],
        "pdf_lines": [line for line in log.splitlines() if "pdf" in line.lower()][:6],
        "log": log,
    }


def preview_command():
    """`make serve`'s mkdocs arguments; without --strict under --no-strict."""
    return [a for a in serve_args() if STRICT or a not in ("--strict", "-s")]


def _wait_until(check, deadline, what, pause=0.2):
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.perf_counter() > deadline:
            raise SystemExit(f"bench: gave up waiting for {what}")
        time.sleep(pause)
