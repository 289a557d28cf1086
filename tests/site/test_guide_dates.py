"""Every built guide shows the date of its last change that git gives for its file,
or, where git history cannot say, no date at all (macros/kit/history.py;
tests/unit/test_page_dates.py tries each reason, tests/build/test_guide_dates_build.py
builds copies git cannot date)."""

import pathlib
import re
import subprocess

from support.project import ROOT


def _git(*args) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def _expected_date(path: pathlib.Path) -> str | None:
    """What the page must show: git's date for the file, or None where history
    cannot say (no repository, never committed, or cut off by a shallow clone)."""
    commit, _, date = _git("log", "-1", "--no-merges", "--format=%H %as", "--", str(path)).partition(" ")
    shallow = _git("rev-parse", "--path-format=absolute", "--git-path", "shallow")
    cutoffs = pathlib.Path(shallow).read_text().split() if shallow and pathlib.Path(shallow).is_file() else []
    return date if commit and commit not in cutoffs else None


def test_every_guide_shows_its_date_of_last_change_or_none(built_site):
    guides = sorted((ROOT / "docs/playbook").glob("*.md"))
    assert guides
    for guide in guides:
        url = "playbook/" if guide.stem == "index" else f"playbook/{guide.stem}/"
        page = (built_site / url / "index.html").read_text(encoding="utf-8")
        shown = re.search(r'Last changed <time datetime="([0-9-]+)">([^<]+)</time>', page)
        expected = _expected_date(guide)
        if expected is None:
            assert not shown, f"/{url} shows {shown.group(1)}, a date git history cannot back"
        else:
            assert shown, f"/{url} shows no date of last change"
            assert shown.group(1) == expected, f"/{url}: shows {shown.group(1)}"
