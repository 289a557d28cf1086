"""What the check-up's browser tests share: the shipped check-up and a page opened until its script is ready.

The on-screen check-up (test_browser_checkup.py) and its paper tally
(test_browser_checkup_paper.py) read the same check-up file and wait for
their scripts the same way; each only names the element it waits for.
"""

from macros.kit import checkup, exercises
from support.project import ROOT


def shipped_checkup() -> dict:
    """The check-up as the build loads it from exercises/checkup/checkup.yml."""
    return checkup.load(ROOT, ROOT / "docs", exercises.load_library(ROOT))


def open_ready(page, url: str, marker: str) -> None:
    """Go to url and wait until the script has marked `marker` (a data attribute) ready."""
    page.goto(url)
    page.locator(f"[{marker}][data-cg-ready]").wait_for(state="attached")
