"""`make site` publishes whole or not at all (macros/publish.py).

Two builds at once leave a complete site; a build killed at any moment
leaves the previous site/ as it was; a damaged tree never goes live; a stop
signal during the swap waits until it is done. Ctrl+C and SIGTERM during a
build: test_interrupts.py.
"""

import hashlib
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from macros import publish
from support.project import ENV, add_to_worksheet_intro


def _publish(project, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "macros.publish"],
        cwd=project,
        env=ENV,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        **kwargs,
    )


def _tree(site):
    """Every file of a site with its digest: two equal trees are the same site."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _complete(project):
    site = project / "site"
    return publish.problems_in(site, publish.nav_pages(project / "mkdocs.yml"))


@pytest.mark.build
def test_two_builds_at_once_leave_a_complete_site_and_a_killed_build_leaves_the_last_one(project_copy):
    first, second = _publish(project_copy), None
    time.sleep(0.5)
    second = _publish(project_copy)
    logs = [proc.communicate(timeout=900)[0] for proc in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], "\n\n".join(logs)[-4000:]
    assert "waiting for it to finish" in logs[1], logs[1][-2000:]
    assert _complete(project_copy) == []
    before = _tree(project_copy / "site")

    # Each kill lands at a random moment of a build that would change a PDF
    # and a page: before, during or after the swap, site/ is one whole site.
    rng = random.Random()
    for attempt in range(3):
        add_to_worksheet_intro(project_copy / "exercises" / "cx-brainstorm.yml", f"Killed {attempt}.")
        proc = _publish(project_copy, start_new_session=True)
        time.sleep(rng.uniform(0.5, 9.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        after = _tree(project_copy / "site")
        if after != before:
            assert _complete(project_copy) == [], f"kill {attempt} left a damaged site/"
            before = after
    assert not (project_copy / "site.old").exists()


def test_a_damaged_tree_is_refused_naming_what_is_wrong(tmp_path):
    tree = tmp_path / "site"
    (tree / "assets" / "stylesheets").mkdir(parents=True)
    (tree / "assets" / "stylesheets" / "main.css").write_text("body{}")
    (tree / "pdf").mkdir()
    (tree / "pdf" / "cut.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    (tree / "about").mkdir()
    (tree / "about" / "index.html").write_text("<p>About</p>")
    problems = publish.problems_in(tree, ["", "about/", "playbook/strengths/"])
    assert "index.html is missing" in problems
    assert any("assets/javascripts" in p for p in problems)
    assert "page playbook/strengths/ is missing (playbook/strengths/index.html)" in problems
    assert "pdf/cut.pdf: truncated (no %%EOF at the end)" in problems
    assert not any("about/" in p for p in problems)


def test_the_swap_is_one_step_and_keeps_the_old_tree_until_it_is_done(tmp_path):
    live, new = tmp_path / "site", tmp_path / "site.tmp"
    live.mkdir()
    (live / "old.html").write_text("old")
    new.mkdir()
    (new / "new.html").write_text("new")
    publish.swap_in(new, live)
    assert [p.name for p in live.iterdir()] == ["new.html"]
    assert [p.name for p in new.iterdir()] == ["old.html"]


@pytest.mark.parametrize("dies_at", [1, 2, 3])
def test_without_an_atomic_exchange_a_swap_cut_short_is_restored_by_the_next_build(tmp_path, monkeypatch, dies_at):
    """Where renameat2 is missing, the swap takes three renames; a build killed
    between any two leaves the old site where the next build puts it back."""
    live, new = tmp_path / "site", tmp_path / "site.tmp"
    live.mkdir()
    (live / "old.html").write_text("old")
    new.mkdir()
    (new / "new.html").write_text("new")
    monkeypatch.setattr(publish.ctypes, "CDLL", lambda *a, **k: object())
    real, calls = os.rename, []

    def rename(src, dst):
        calls.append(src)
        if len(calls) == dies_at:
            raise KeyboardInterrupt("killed")
        real(src, dst)

    monkeypatch.setattr(publish.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        publish.swap_in(new, live)
    monkeypatch.setattr(publish.os, "rename", real)
    publish.restore_interrupted(tmp_path)
    assert sorted(p.name for p in live.iterdir()) in (["old.html"], ["new.html"])


def test_a_signal_during_the_swap_is_held_until_the_new_site_is_whole(tmp_path, monkeypatch):
    """SIGTERM arriving mid-swap takes effect after it: the new site is in place and said to be."""
    root = tmp_path / "project"
    (root / "site").mkdir(parents=True)
    (root / "site" / "index.html").write_text("old")
    fake_build = [
        sys.executable,
        "-c",
        "import pathlib, sys; (pathlib.Path(sys.argv[-1]) / 'index.html').write_text('new')",
    ]
    monkeypatch.setattr(publish, "problems_in", lambda tree, pages, checked=None: [])
    real_swap = publish.swap_in

    def swap_while_signalled(new, live):
        os.kill(os.getpid(), signal.SIGTERM)  # held back: it is only pending here
        real_swap(new, live)

    monkeypatch.setattr(publish, "swap_in", swap_while_signalled)
    before = {stop: signal.getsignal(stop) for stop in publish.STOP_SIGNALS}
    try:
        for stop in publish.STOP_SIGNALS:
            signal.signal(stop, publish._on_stop_signal)
        with pytest.raises(publish.Interrupted) as interrupted:
            publish.publish(root, fake_build, say=lambda message: None)
    finally:
        for stop, handler in before.items():
            signal.signal(stop, handler)
    assert interrupted.value.site == "the new site/ is in place"
    assert (root / "site" / "index.html").read_text() == "new"
    assert not (root / "site.tmp").exists()
