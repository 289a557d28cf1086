"""Ctrl+C or SIGTERM during `make site` or PDF rendering leaves nothing behind.

Ctrl+C is SIGINT to the whole foreground process group, as a terminal sends
it; CI sends SIGTERM to the one process it started. Either way every process
of the run ends within seconds (the mkdocs child and the PDF workers
included: they are found by an environment variable only this run has),
the lock can be taken, site/ is byte for byte the last good one, no scratch
folder is left, and the run exits non-zero with one plain line.

The PDF cache is emptied before each run, so rendering lasts long enough to
be interrupted in the middle. One good build per module and worker is shared.
"""

import fcntl
import hashlib
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest

from support.project import ENV, MKDOCS, copy_project

pytestmark = pytest.mark.build

MARK = "COMMON_GROUND_INTERRUPT_TEST"


@pytest.fixture(scope="module")
def published(tmp_path_factory, built_site):
    """A project copy with a good site/ from a finished `make site`.

    After the shared build (built_site), so the copy's PDF cache is warm and
    this first `make site` renders nothing."""
    project = copy_project(tmp_path_factory.mktemp("interrupts") / "project")
    result = subprocess.run(
        [sys.executable, "-m", "macros.publish"], cwd=project, env=ENV, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return project


def _tree(site):
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _processes(mark):
    """{pid: (parent pid, command line)} of every live process whose environment holds the mark."""
    found = {}
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"{MARK}={mark}".encode() not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z":  # a zombie has ended; its parent has yet to reap it
            found[int(entry.name)] = (int(fields[1]), command)
    return found


def _rendering(mark):
    """True once a PDF worker runs: a process forked by the mkdocs process (same command line)."""
    procs = _processes(mark)
    return any(
        "mkdocs" in command and parent in procs and procs[parent][1] == command for parent, command in procs.values()
    )


def _building(mark):
    return any("mkdocs" in command for _, command in _processes(mark).values())


def _wait_for(condition, mark, proc, seconds=300):
    deadline = time.monotonic() + seconds
    while not condition(mark):
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "the stage to interrupt never came"
        time.sleep(0.1)


def _start(command, cwd, log, mark):
    # A session of its own stands for the terminal's foreground process group.
    return subprocess.Popen(
        command,
        cwd=cwd,
        env={**ENV, MARK: mark},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _send(proc, how):
    if how == "Ctrl+C":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)


def _assert_nothing_left(mark, proc):
    deadline = time.monotonic() + 5
    while _processes(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _processes(mark)
    if left:
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    assert not left, f"processes of the interrupted run are still there: {left}"
    assert proc.returncode is not None and proc.returncode > 0, f"exit {proc.returncode}"


@pytest.mark.parametrize(
    "how, stage",
    [("Ctrl+C", "rendering"), ("SIGTERM", "rendering"), ("SIGTERM", "building"), ("Ctrl+C", "building")],
)
def test_an_interrupted_make_site_ends_every_process_and_keeps_the_last_site(published, tmp_path, how, stage):
    shutil.rmtree(published / ".cache" / "pdf", ignore_errors=True)
    before = _tree(published / "site")
    mark, log_path = uuid.uuid4().hex, tmp_path / "log"
    with open(log_path, "wb") as log:
        proc = _start([sys.executable, "-m", "macros.publish"], published, log, mark)
        try:
            _wait_for(_rendering if stage == "rendering" else _building, mark, proc)
            time.sleep(0.5)
            said_before = log_path.read_text(encoding="utf-8", errors="replace")
            _send(proc, how)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    _assert_nothing_left(mark, proc)
    output = log_path.read_text(encoding="utf-8", errors="replace")
    said_after = [line for line in output[len(said_before) :].splitlines() if line and not line.startswith("INFO")]
    name = "SIGINT" if how == "Ctrl+C" else "SIGTERM"
    assert said_after == [f"make site: interrupted ({name}); site/ is unchanged"], output[-3000:]
    with open(published / "site.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if anyone still holds it
    assert _tree(published / "site") == before
    assert not (published / "site.tmp").exists() and not (published / "site.old").exists()


@pytest.mark.parametrize("how", ["Ctrl+C", "SIGTERM"])
def test_an_interrupted_mkdocs_build_ends_its_pdf_workers(published, tmp_path, how):
    shutil.rmtree(published / ".cache" / "pdf", ignore_errors=True)
    mark, log_path = uuid.uuid4().hex, tmp_path / "log"
    with open(log_path, "wb") as log:
        command = [*MKDOCS, "build", "--strict", "--site-dir", str(tmp_path / "site")]
        proc = _start(command, published, log, mark)
        try:
            _wait_for(_rendering, mark, proc)
            time.sleep(0.5)
            _send(proc, how)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    if how == "SIGTERM":  # mkdocs has no SIGTERM handler: it ends at once, and its workers with it
        assert proc.returncode == -signal.SIGTERM
        proc.returncode = 1  # for _assert_nothing_left
    _assert_nothing_left(mark, proc)
    assert "Traceback" not in log_path.read_text(encoding="utf-8", errors="replace")


def test_make_site_killed_outright_takes_its_build_and_workers_with_it(published, tmp_path):
    """SIGKILL (the OOM killer, `kill -9`) runs no clean-up in make site: the mkdocs child
    and the PDF workers still end with it, so nothing keeps writing or holds the lock."""
    shutil.rmtree(published / ".cache" / "pdf", ignore_errors=True)
    before = _tree(published / "site")
    mark = uuid.uuid4().hex
    with open(tmp_path / "log", "wb") as log:
        proc = _start([sys.executable, "-m", "macros.publish"], published, log, mark)
        _wait_for(_rendering, mark, proc)
        proc.kill()
        proc.wait(timeout=10)
    proc.returncode = 1  # killed, as intended: what matters is what it leaves
    _assert_nothing_left(mark, proc)
    with open(published / "site.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert _tree(published / "site") == before
