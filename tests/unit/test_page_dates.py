"""A guide's date of last real change, from git history or a fallback (macros/page_date_hooks.py).

Tried in throw-away git repositories: a full history, ignored reformatting
commits, a shallow clone, and a folder with no git at all.
tests/site/test_guide_dates.py checks the built guides.
"""

import datetime
import os
import pathlib
import shutil
import subprocess

from macros import page_date_hooks as page_dates


def _git(repo, *args, date="2024-03-05T10:00:00+00:00"):
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.net",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.net",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def _commit(repo, name, text, date):
    (repo / name).write_text(text)
    _git(repo, "add", name, date=date)
    _git(repo, "commit", "-q", "-m", f"change {name}", date=date)
    return _git(repo, "rev-parse", "HEAD").strip()


def _history(tmp_path):
    """guide.md last changed on 5 March 2024; other.md later, on 9 June 2025."""
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    _git(repo, "init", "-q")
    _commit(repo, "docs/guide.md", "first\n", "2023-01-02T09:00:00+00:00")
    _commit(repo, "docs/guide.md", "second\n", "2024-03-05T10:00:00+00:00")
    _commit(repo, "docs/other.md", "other\n", "2025-06-09T12:00:00+00:00")
    return repo


def _clear_caches():
    page_dates._ignored_commits.cache_clear()
    page_dates._shallow_cutoffs.cache_clear()


def test_date_is_the_last_commit_that_touched_the_guide(tmp_path):
    repo = _history(tmp_path)
    _clear_caches()
    assert page_dates.last_change(repo / "docs/guide.md") == datetime.date(2024, 3, 5)
    assert page_dates.last_change(repo / "docs/other.md") == datetime.date(2025, 6, 9)


def test_commits_listed_as_ignored_do_not_count(tmp_path):
    repo = _history(tmp_path)
    reformat = _commit(repo, "docs/guide.md", "second, reflowed\n", "2025-08-01T08:00:00+00:00")
    _commit(repo, ".git-blame-ignore-revs", f"# mass reflow\n{reformat}\n", "2025-08-01T08:05:00+00:00")
    _clear_caches()
    assert page_dates.last_change(repo / "docs/guide.md") == datetime.date(2024, 3, 5)


def _set_mtime(path: pathlib.Path, day: datetime.date):
    stamp = datetime.datetime.combine(day, datetime.time(12)).timestamp()
    os.utime(path, (stamp, stamp))


def test_without_git_the_file_date_stands_in(tmp_path):
    """A tarball: the files, no history."""
    repo = _history(tmp_path)
    unpacked = tmp_path / "unpacked"
    shutil.copytree(repo / "docs", unpacked / "docs")
    _set_mtime(unpacked / "docs/guide.md", datetime.date(2022, 7, 14))
    _clear_caches()
    assert page_dates.last_change(unpacked / "docs/guide.md") == datetime.date(2022, 7, 14)
    # Even with no git program at all.
    saved = os.environ["PATH"]
    os.environ["PATH"] = str(tmp_path / "no-programs-here")
    try:
        assert page_dates.git_date(unpacked / "docs/guide.md") is None
    finally:
        os.environ["PATH"] = saved


def test_a_shallow_clone_does_not_claim_its_cut_off_date(tmp_path):
    repo = _history(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    _set_mtime(clone / "docs/guide.md", datetime.date(2022, 7, 14))
    _clear_caches()
    # The one commit a depth-1 clone holds is from 9 June 2025; the guide did not change then.
    assert page_dates.last_change(clone / "docs/guide.md") == datetime.date(2022, 7, 14)
