"""Every built guide shows the date of its last change that git gives for its file
(macros/page_date_hooks.py; tests/unit/test_page_dates.py tries the fallbacks)."""
import datetime
import pathlib
import re
import subprocess

from support.project import ROOT


def _expected_date(path: pathlib.Path) -> str:
    """What the page must show: git's date for the file, or where history
    cannot say (no git, shallow clone, never committed) its modification date."""
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip()
    found = subprocess.run(["git", "log", "-1", "--no-merges", "--format=%as", "--", str(path)],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if shallow == "false" and found:
        return found
    return datetime.date.fromtimestamp(path.stat().st_mtime).isoformat()


def test_every_guide_shows_its_date_of_last_change(built_site):
    guides = sorted((ROOT / "docs/playbook").glob("*.md"))
    assert guides
    for guide in guides:
        url = "playbook/" if guide.stem == "index" else f"playbook/{guide.stem}/"
        page = (built_site / url / "index.html").read_text(encoding="utf-8")
        shown = re.search(r'Last changed <time datetime="([0-9-]+)">([^<]+)</time>', page)
        assert shown, f"/{url} shows no date of last change"
        assert shown.group(1) == _expected_date(guide), f"/{url}: shows {shown.group(1)}"
