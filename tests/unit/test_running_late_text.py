"""What a workshop's run sheet says a late-running cut saves is what the exercise's cuts save.

A workshop's agenda item for an exercise may say, in `if_late`, what to drop
when the session runs over and "(saves N minutes)". The exercise file holds
the same cuts with their minutes (`cuts[].saves`); the facilitator reads the
workshop's figure on the run sheet while the clock runs, so it must be one
number, and a number the exercise's own cuts add up to.
"""

import re

import pytest
import yaml

from support.project import ROOT

SAVES = re.compile(r"\(saves ([^)]*)\)")


def _problems(workshop: dict, cuts_of: dict, name: str) -> list:
    found = []
    for index, item in enumerate(workshop.get("agenda") or []):
        said = SAVES.search(item.get("if_late") or "")
        if item.get("kind") != "exercise" or not said:
            continue
        where = f"{name}: field 'agenda[{index}].if_late'"
        number = re.fullmatch(r"(\d+) minutes?", said.group(1))
        if not number:
            found.append(f"{where}: says it saves '{said.group(1)}'; say one number, '(saves 5 minutes)'")
            continue
        saves = [cut["saves"] for cut in cuts_of.get(item["exercise"], [])]
        sums = {sum(saves[i] for i in range(len(saves)) if mask >> i & 1) for mask in range(1, 2 ** len(saves))}
        if int(number.group(1)) not in sums:
            found.append(
                f"{where}: says it saves {number.group(1)} minutes, but the cuts of {item['exercise']} save "
                f"{', '.join(map(str, saves)) or 'nothing'}"
            )
    return found


def _cuts_of(root=ROOT) -> dict:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8")).get("cuts") or []
        for path in sorted((root / "exercises").glob("[!_]*.yml"))
    }


def test_every_running_late_figure_is_what_the_exercise_cuts_save():
    cuts_of = _cuts_of()
    found = []
    for path in sorted((ROOT / "exercises" / "workshops").glob("*.yml")):
        workshop = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += _problems(workshop, cuts_of, path.relative_to(ROOT).as_posix())
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "if_late, wrong",
    [
        ("Drop the swap (saves 4 minutes).", False),  # one cut
        ("Drop both (saves 9 minutes).", False),  # two cuts together
        ("Drop the swap (saves 6 minutes).", True),  # no cut, nor two together, saves that
        ("Drop things (saves 5 to 8 minutes).", True),  # a range is no figure to plan by
        ("Drop things (saves about 5 minutes).", True),
        ("Drop the swap.", False),  # no figure given
    ],
)
def test_a_running_late_figure_is_checked(if_late, wrong):
    workshop = {"agenda": [{"kind": "exercise", "exercise": "x", "if_late": if_late}]}
    cuts_of = {"x": [{"id": "a", "saves": 4}, {"id": "b", "saves": 5}]}
    problems = _problems(workshop, cuts_of, "exercises/workshops/w.yml")
    assert bool(problems) is wrong, problems
    assert all(p.startswith("exercises/workshops/w.yml: field 'agenda[0].if_late': ") for p in problems)
