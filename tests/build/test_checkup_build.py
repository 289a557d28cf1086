"""Through a real strict build: the check-up's links are checked before any page.

An area naming a guide or an exercise that does not exist stops the build
with file, line and field, and no traceback; a guide or exercise that no
area reaches is listed in the build log (and the build goes on).
"""

import logging
import types

import pytest

from macros.kit import checkup, exercises
from macros.plugin import kit_macros
from support.project import ROOT, run_build

CHECKUP = "exercises/checkup/checkup.yml"
LOG = logging.getLogger("mkdocs.plugins.common_ground")  # the plugin's logger


@pytest.mark.build
def test_an_area_pointing_to_a_missing_guide_and_exercise_stops_the_build(project_copy, tmp_path):
    path = project_copy / CHECKUP
    text = path.read_text(encoding="utf-8")
    text = text.replace("guide: playbook/rewards.md", "guide: playbook/reward.md")
    text = text.replace("exercises: [goal-cascade]", "exercises: [goal-cascades]")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    guide = 1 + lines.index("    guide: playbook/reward.md")
    exercise = 1 + lines.index("    exercises: [goal-cascades]")
    result = run_build(project_copy, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    assert f"{CHECKUP}:{guide}: field 'areas[5].guide': guide 'playbook/reward.md' does not exist" in log, log[-3000:]
    assert f"{CHECKUP}:{exercise}: field 'areas[1].exercises[0]': no exercise with id 'goal-cascades'" in log
    assert "Traceback" not in log
    assert not (tmp_path / "out" / "index.html").exists()


def test_what_no_area_reaches_is_listed_in_the_build_log(caplog, tmp_path):
    library = exercises.load_library(ROOT)
    shipped = checkup.load(ROOT, ROOT / "docs", library)
    docs = tmp_path / "docs"
    (docs / "playbook").mkdir(parents=True)
    for name in [*checkup.guide_pages(ROOT / "docs"), "playbook/new-guide.md", "playbook/index.md"]:
        (docs / name).write_text("# x\n", encoding="utf-8")

    class Extra:
        id = "new-exercise"

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.common_ground.checkup"):
        kit_macros.log_unreached(
            types.SimpleNamespace(checkup=shipped, docs_dir=docs, library=[*library, Extra()]), LOG
        )
    said = caplog.text
    assert "exercises/checkup/checkup.yml: guides no check-up area points to: playbook/new-guide.md" in said
    assert "exercises no check-up area points to: new-exercise" in said
    assert "index.md" not in said
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.common_ground.checkup"):
        kit_macros.log_unreached(types.SimpleNamespace(checkup=shipped, docs_dir=ROOT / "docs", library=library), LOG)
    assert caplog.text == ""
