"""The team check-up's data and arithmetic (macros/kit/checkup.py).

The shipped file loads and reaches every guide and exercise; a broken one is
refused naming file, line and field; the shared case table
(tests/fixtures/checkup-cases.json) holds scores, team figures, ranking and
result codes, and the same table is run through docs/assets/javascripts/checkup.js
in node, so the page ranks as Python does.
"""

import json
import shutil
import subprocess

import pytest

from macros.kit import checkup, exercises
from support.project import ROOT

CASES = json.loads((ROOT / "tests" / "fixtures" / "checkup-cases.json").read_text(encoding="utf-8"))
LETTERS = dict(CASES["areas"])
NODE = shutil.which("node")


@pytest.fixture(scope="module")
def library():
    return exercises.load_library(ROOT)


@pytest.fixture(scope="module")
def shipped(library):
    return checkup.load(ROOT, ROOT / "docs", library)


def test_the_shipped_check_up_has_eight_areas_and_ten_to_sixteen_statements(shipped):
    assert [[a["id"], a["letter"]] for a in shipped["areas"]] == CASES["areas"]
    assert 10 <= len(shipped["statements"]) <= 16
    assert {s["area"] for s in shipped["statements"]} == set(shipped.area_ids)


def test_every_guide_and_exercise_is_reached_by_an_area(shipped, library):
    assert checkup.unreached(shipped, checkup.guide_pages(ROOT / "docs"), [e.id for e in library]) == ([], [])


def test_an_unreached_guide_or_exercise_is_named(shipped):
    guides = [*checkup.guide_pages(ROOT / "docs"), "playbook/new-guide.md"]
    assert checkup.unreached(shipped, guides, ["goal-cascade", "new-exercise"]) == (
        ["playbook/new-guide.md"],
        ["new-exercise"],
    )


def _broken(kit, old: str, new: str):
    path = kit / "exercises" / "checkup" / "checkup.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(checkup.CheckupError) as err:
        checkup.load(kit, kit / "docs", exercises.load_library(kit, kit / "docs"))
    return str(err.value), line


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("guide: playbook/rewards.md", "guide: playbook/reward.md", "areas[5].guide", "does not exist"),
        ("guide: playbook/rewards.md", "guide: playbook/gone/rewards.md", "areas[5].guide", "does not exist"),
        (
            "also_read: [playbook/strengths.md]",
            "also_read: [playbook/strength.md]",
            "areas[6].also_read[0]",
            "does not",
        ),
        ("exercises: [rewards-menu]", "exercises: [reward-menu]", "areas[5].exercises[0]", "no exercise"),
        ("exercises: [goal-cascade]", "exercises: [goal-cascade, nope]", "areas[1].exercises[1]", "no exercise"),
        (
            "    area: vision\n    text: We know",
            "    area: visions\n    text: We know",
            "statements[15].area",
            "no area",
        ),
        ("letter: V", "letter: R", "areas[7].letter", "also areas[0].letter"),
        ("letter: V", "letter: v", "areas[7].letter", "capital letter"),
        ("  - id: vision-works", "  - id: vision-picture", "statements[15].id", "also statements[14].id"),
    ],
)
def test_a_broken_link_names_file_line_and_field(kit, old, new, field, words):
    message, line = _broken(kit, old, new)
    assert f"exercises/checkup/checkup.yml:{line}: field '{field}'" in message or (
        f"exercises/checkup/checkup.yml:{line}:" in message and field in message
    ), message
    assert words in message and "Traceback" not in message


def test_an_area_without_statements_is_refused(kit):
    path = kit / "exercises" / "checkup" / "checkup.yml"
    text = path.read_text(encoding="utf-8").replace("area: vision", "area: skills")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(checkup.CheckupError) as err:
        checkup.load(kit, kit / "docs", exercises.load_library(kit, kit / "docs"))
    assert "field 'areas[7].id'" in str(err.value) and "no statement scores area 'vision'" in str(err.value)


@pytest.mark.parametrize("case", CASES["scoring"], ids=lambda c: c["name"])
def test_scores_from_answers(case):
    assert checkup.scores_of(case["statements"], case["areas"], case["answers"]) == case["scores"]


@pytest.mark.parametrize("case", CASES["teams"], ids=lambda c: c["name"])
def test_team_figures_and_ranking(case):
    people = [checkup.decode(code, LETTERS) for code in case["people"]]
    order = list(LETTERS)
    assert checkup.rank(people, order) == case["ranking"]
    figures = checkup.team(people, order)
    for area, expected in case["team"].items():
        assert {key: figures[area][key] for key in expected} == expected, area


@pytest.mark.parametrize("case", CASES["codes"], ids=lambda c: repr(c["code"])[:40])
def test_codes_read_or_refused(case):
    if "error" in case:
        with pytest.raises(checkup.CodeError) as err:
            checkup.decode(case["code"], LETTERS)
        assert err.value.kind == case["error"] and 0 < len(str(err.value)) <= 90
    else:
        scores = checkup.decode(case["code"], LETTERS)
        assert scores == case["scores"]
        assert checkup.decode(checkup.encode(scores, LETTERS), LETTERS) == scores


def test_the_shipped_answers_score_as_the_table_does(shipped):
    answers = {s["id"]: 5 if s["healthy"] == "agree" else 1 for s in shipped["statements"]}
    assert set(checkup.area_scores(shipped, answers).values()) == {50}


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_same_table_in_javascript():
    run = subprocess.run(
        [NODE, str(ROOT / "tests" / "support" / "checkup_cases.js")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    counts = json.loads(run.stdout.strip().splitlines()[-1])
    assert counts == {
        "scoring": len(CASES["scoring"]),
        "teams": len(CASES["teams"]),
        "codes": len(CASES["codes"]),
        "failed": 0,
    }
