"""Every accessibility check in the browser tests reads the page through one runner.

tests/support/browser.py axe_violations switches transitions off while axe
reads, so no check measures a colour halfway through one of Material's fades
(CI failed once on such a blend, in a test file that ran axe its own way).
This walks every Python file under tests/ and finds axe run anywhere else:
the only other run allowed is the one that shows the fade is caught bare.
"""

from pathlib import Path

from support.project import ROOT

RUNNER = "tests/support/browser.py"
# file -> how many bare runs it may hold, each with its reason.
BARE = {"tests/browser/test_browser_a11y.py": 1}  # the fade test: proves a bare run catches the blend
# This file names the call it looks for; it is read from where it is, not spelled out.
SELF = Path(__file__).resolve()


def test_axe_runs_only_through_the_shared_runner():
    found = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        count = path.read_text(encoding="utf-8").count("axe.run(")
        if count and name != RUNNER and path.resolve() != SELF:
            found[name] = count
    assert found == BARE, f"run axe through {RUNNER} axe_violations(page), not by hand: {found}"
    assert (ROOT / RUNNER).read_text(encoding="utf-8").count("axe.run(") == 1
