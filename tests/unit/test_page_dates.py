"""A guide's date of last real change, from git history, or no date and why (macros/kit/history.py).

Tried in throw-away git repositories: a full history, ignored reformatting
commits, a shallow clone, a file not committed yet, a repository git refuses
to read, a folder that is no repository, and no git program at all. Where
history cannot date a page, no date stands in (the file's modification time
dated every guide of a fresh clone today) and the reason is kept for the
build's one message. tests/site/test_guide_dates.py checks the built guides;
tests/build/test_guide_dates_build.py builds copies that git cannot date.
"""

import datetime
import os
import pathlib
import shutil
import subprocess

from macros.kit import history


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


def _date(path) -> datetime.date | None:
    return history.Dates().last_change(path)


def test_date_is_the_last_commit_that_touched_the_guide(tmp_path):
    repo = _history(tmp_path)
    dates = history.Dates()
    assert dates.last_change(repo / "docs/guide.md") == datetime.date(2024, 3, 5)
    assert dates.last_change(repo / "docs/other.md") == datetime.date(2025, 6, 9)
    assert dates.summary() is None


def test_commits_listed_as_ignored_do_not_count(tmp_path):
    repo = _history(tmp_path)
    reformat = _commit(repo, "docs/guide.md", "second, reflowed\n", "2025-08-01T08:00:00+00:00")
    _commit(repo, ".git-blame-ignore-revs", f"# mass reflow\n{reformat}\n", "2025-08-01T08:05:00+00:00")
    assert _date(repo / "docs/guide.md") == datetime.date(2024, 3, 5)


def _set_mtime(path: pathlib.Path, day: datetime.date):
    stamp = datetime.datetime.combine(day, datetime.time(12)).timestamp()
    os.utime(path, (stamp, stamp))


def _undated(path, reason: str) -> None:
    """`path` gets no date, and the reason is `reason`, whatever the file's modification time."""
    _set_mtime(path, datetime.date(2022, 7, 14))
    dates = history.Dates()
    assert dates.last_change(path, "docs/guide.md") is None
    assert dates.undated == {reason: ["docs/guide.md"]}
    assert "2022" not in (dates.summary() or "")


def test_a_folder_that_is_no_repository_shows_no_date(tmp_path):
    """A tarball or a copy: the files, no history."""
    repo = _history(tmp_path)
    unpacked = tmp_path / "unpacked"
    shutil.copytree(repo / "docs", unpacked / "docs")
    _undated(unpacked / "docs/guide.md", history.NOT_A_REPOSITORY)


def test_without_a_git_program_no_page_is_dated(tmp_path, monkeypatch):
    repo = _history(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    _undated(repo / "docs/guide.md", history.NO_GIT)


def test_a_shallow_clone_does_not_claim_its_cut_off_date(tmp_path):
    repo = _history(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    # The one commit a depth-1 clone holds is from 9 June 2025; the guide did not change then.
    _undated(clone / "docs/guide.md", history.SHALLOW)


def test_a_deeper_shallow_clone_dates_what_its_history_holds(tmp_path):
    repo = _history(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], check=True)
    dates = history.Dates()
    assert dates.last_change(clone / "docs/other.md") == datetime.date(2025, 6, 9)
    assert dates.last_change(clone / "docs/guide.md") is None  # its commit is the cut-off one
    assert list(dates.undated) == [history.SHALLOW]


def test_a_file_not_committed_yet_shows_no_date(tmp_path):
    repo = _history(tmp_path)
    (repo / "docs/new.md").write_text("draft\n")
    dates = history.Dates()
    assert dates.last_change(repo / "docs/new.md", "docs/new.md") is None
    assert dates.undated == {history.NOT_COMMITTED: ["docs/new.md"]}


def test_a_checkout_git_refuses_shows_no_date(tmp_path, monkeypatch):
    """Git's "dubious ownership" refusal (exit 128), as a checkout owned by another
    user gets: made with git's own test switch GIT_TEST_ASSUME_DIFFERENT_OWNER,
    which runs the same check as a real owner mismatch (tests/build/ chowns a
    copy when it runs as root). safe.directory from the user's configuration
    must not let it through, so the test reads no global or system configuration."""
    repo = _history(tmp_path)
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    refused = subprocess.run(["git", "log", "-1"], cwd=repo, capture_output=True, text=True)
    assert refused.returncode == 128 and "dubious ownership" in refused.stderr, refused.stderr
    _undated(repo / "docs/guide.md", history.REFUSED_OWNER)


def test_the_summary_names_each_reason_once_with_its_pages(tmp_path):
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    dates = history.Dates()
    for n in range(5):
        (unpacked / f"g{n}.md").write_text("text\n")
        assert dates.last_change(unpacked / f"g{n}.md", f"docs/g{n}.md") is None
    said = dates.summary()
    assert said.count(history.NOT_A_REPOSITORY) == 1, said
    assert "5 pages (docs/g0.md, docs/g1.md, docs/g2.md and 2 more)" in said, said
