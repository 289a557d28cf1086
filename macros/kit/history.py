"""The date a page last really changed, from git history, or why git cannot say.

A guide shows the author date of the newest commit that touched its file,
skipping merges and the commits listed in .git-blame-ignore-revs (mass
reformatting, renames: the file git blame reads).

Where git history cannot date a page, the page shows no date: a date it
cannot back is worse than none. That happens in a copy or a tarball (no
repository), without the git program, in a checkout git refuses to read (one
owned by another user: git's "dubious ownership" check), in a shallow clone
whose history stops before the page last changed, and for a file not yet
committed. The file's modification time used to stand in, and dated every
guide of a fresh clone or CI checkout today. `Dates` keeps each reason with
the pages it left undated, so the build can say so once.

No MkDocs here: the plugin (macros/plugin/plugin.py) asks for the dates and logs the summary.
"""

from __future__ import annotations

import datetime
import pathlib
import subprocess

NO_GIT = "git is not installed"
NOT_A_REPOSITORY = "the project is not a git repository (a copy or a tarball)"
NOT_COMMITTED = "they are not committed yet"
ONLY_IGNORED = "only commits listed in .git-blame-ignore-revs touched them"
SHALLOW = (
    "this is a shallow clone, whose history stops before they last changed (`git fetch --unshallow` fetches the rest)"
)
REFUSED_OWNER = (
    "git refuses to read this checkout because another user owns it "
    "(git's safe.directory check; see `git config --global --add safe.directory`)"
)


class Dates:
    """Dates of last change for one build, and the pages git could not date, by reason."""

    def __init__(self):
        self.undated: dict[str, list[str]] = {}
        self._repositories: dict[str, tuple] = {}  # folder -> (top level or None, reason)
        self._ignored: dict[str, frozenset] = {}
        self._shallow: dict[str, frozenset] = {}

    def last_change(self, path: pathlib.Path, name: str | None = None) -> datetime.date | None:
        """The date `path` last really changed, or None (and why, under `name`)."""
        when, reason = self.find(pathlib.Path(path))
        if reason:
            self.undated.setdefault(reason, []).append(name or str(path))
        return when

    def find(self, path: pathlib.Path) -> tuple:
        """(date, None), or (None, why git history cannot date the file)."""
        folder = str(path.parent)
        top, reason = self._repository(folder)
        if reason:
            return None, reason
        log = _git(folder, "log", "--no-merges", "--format=%H %aI", "--", path.name)
        if log.returncode != 0:
            return None, _refusal(log.stderr)
        if not log.stdout.strip():
            return None, NOT_COMMITTED
        ignored, shallow = self._ignored_commits(top), self._cutoffs(folder)
        for line in log.stdout.splitlines():
            commit, _, date = line.partition(" ")
            if commit in shallow:
                return None, SHALLOW  # the cut-off commit claims every file; the real date is older
            if commit not in ignored:
                return datetime.datetime.fromisoformat(date).date(), None
        return None, ONLY_IGNORED

    def summary(self) -> str | None:
        """One message for every page left without a date, or None."""
        if not self.undated:
            return None
        lines = [
            f"- {len(names)} page{'s' if len(names) != 1 else ''} ({_listed(names)}): {reason}"
            for reason, names in self.undated.items()
        ]
        return "Dates of last change: git history cannot date these pages, so they show no date.\n" + "\n".join(lines)

    def _repository(self, folder: str) -> tuple:
        if folder not in self._repositories:
            try:
                found = _git(folder, "rev-parse", "--show-toplevel")
            except OSError:
                self._repositories[folder] = (None, NO_GIT)
            else:
                ok = found.returncode == 0
                self._repositories[folder] = (found.stdout.strip(), None) if ok else (None, _refusal(found.stderr))
        return self._repositories[folder]

    def _ignored_commits(self, top: str) -> frozenset:
        if top not in self._ignored:
            listing = pathlib.Path(top, ".git-blame-ignore-revs")
            lines = listing.read_text(encoding="utf-8").splitlines() if listing.is_file() else []
            self._ignored[top] = frozenset(
                line.split()[0] for line in lines if line.strip() and not line.startswith("#")
            )
        return self._ignored[top]

    def _cutoffs(self, folder: str) -> frozenset:
        if folder not in self._shallow:
            found = _git(folder, "rev-parse", "--path-format=absolute", "--git-path", "shallow")
            path = pathlib.Path(found.stdout.strip()) if found.returncode == 0 else None
            self._shallow[folder] = frozenset(path.read_text().split()) if path and path.is_file() else frozenset()
        return self._shallow[folder]


def _git(folder: str, *args: str) -> subprocess.CompletedProcess:
    """A git command run in `folder`; OSError when there is no git program."""
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=30)
    except subprocess.SubprocessError as err:
        return subprocess.CompletedProcess(args, 1, "", f"fatal: git did not answer ({err})")


def _refusal(stderr: str) -> str:
    """Why git would not read the repository, in words."""
    if "dubious ownership" in stderr:
        return REFUSED_OWNER
    if "not a git repository" in stderr:
        return NOT_A_REPOSITORY
    said = next((line for line in stderr.splitlines() if line.strip()), "no message")
    return f"git cannot read the repository ({said.removeprefix('fatal: ').strip()})"


def _listed(names: list, shown: int = 3) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")
