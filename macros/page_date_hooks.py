"""The date a guide last really changed, shown at the foot of the page.

Taken from git history: the author date of the newest commit that touched the
page's file, skipping merges and the commits listed in .git-blame-ignore-revs
(mass reformatting, renames: the same file git blame reads). Where history
cannot say (a tarball, a shallow clone whose cut-off commit is the one found,
a file not yet committed), the file's modification time stands in: tarballs
and `git archive` keep it.

Material shows page.meta.revision_date in its "source file" footer.
Exercise and workshop pages show the `updated` date of their YAML instead.
"""

import datetime
import functools
import pathlib
import subprocess

# Pages of hand-written text, by docs path prefix.
DATED = ("playbook/", "onboarding/", "about/")


def on_page_markdown(markdown, page, config, files):
    if page.file.abs_src_path and page.file.src_uri.startswith(DATED):
        when = last_change(pathlib.Path(page.file.abs_src_path))
        page.meta["revision_date"] = f'Last changed <time datetime="{when.isoformat()}">{when.day} {when:%B %Y}</time>'
    return markdown


def last_change(path: pathlib.Path) -> datetime.date:
    """Date of the file's last real change: git history, else its modification time."""
    return git_date(path) or datetime.date.fromtimestamp(path.stat().st_mtime)


def git_date(path: pathlib.Path) -> datetime.date | None:
    folder = str(path.parent)
    log = _git(folder, "log", "--no-merges", "--format=%H %aI", "--", path.name)
    if log is None:
        return None
    ignored, shallow = _ignored_commits(folder), _shallow_cutoffs(folder)
    for line in log.splitlines():
        commit, _, date = line.partition(" ")
        if commit in shallow:
            return None  # the cut-off commit claims every file; the real date is older
        if commit not in ignored:
            return datetime.datetime.fromisoformat(date).date()
    return None


@functools.cache
def _ignored_commits(folder: str) -> frozenset[str]:
    top = _git(folder, "rev-parse", "--show-toplevel")
    listing = pathlib.Path(top.strip(), ".git-blame-ignore-revs") if top else None
    if not listing or not listing.is_file():
        return frozenset()
    lines = listing.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split()[0] for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _shallow_cutoffs(folder: str) -> frozenset[str]:
    shallow = _git(folder, "rev-parse", "--path-format=absolute", "--git-path", "shallow")
    path = pathlib.Path(shallow.strip()) if shallow else None
    return frozenset(path.read_text().split()) if path and path.is_file() else frozenset()


def _git(folder: str, *args: str) -> str | None:
    """Output of a git command run in `folder`, or None where git or history is missing."""
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None
