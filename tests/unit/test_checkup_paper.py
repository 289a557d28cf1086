"""The paper check-up's arithmetic (macros/kit/checkup_paper.py).

The participant sheet prints, under each box, the points it gives (turned
round where disagreeing is healthy), and the tally sheet one cell per points
total an area can reach. Tallies typed back give the same team figures and
the same ranking as the same answers typed, for every team in the shared case
table and for many random teams; bad tallies are refused with a short message.
"""

import json
import random

import pytest

from macros.kit import checkup, checkup_paper, exercises
from support.project import ROOT

CASES = json.loads((ROOT / "tests" / "fixtures" / "checkup-cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shipped():
    return checkup.load(ROOT, ROOT / "docs", exercises.load_library(ROOT))


def test_sheet_prints_every_statement_with_its_points_turned_round_where_disagreeing_is_healthy(shipped):
    sheet = checkup_paper.sheet(shipped)
    assert [s["text"] for s in sheet["statements"]] == [s["text"] for s in shipped["statements"]]
    for printed, statement in zip(sheet["statements"], shipped["statements"], strict=True):
        want = [1, 2, 3, 4, 5] if statement["healthy"] == "agree" else [5, 4, 3, 2, 1]
        assert printed["points"] == want, statement["id"]
    for area in sheet["areas"]:
        k = len(area["numbers"])
        assert area["totals"] == list(range(k, 5 * k + 1))
        assert all(shipped["statements"][n - 1]["area"] == area["id"] for n in area["numbers"])
    assert sorted(n for a in sheet["areas"] for n in a["numbers"]) == list(range(1, len(shipped["statements"]) + 1))


def _same(shipped, answers):
    order = shipped.area_ids
    typed = [checkup.area_scores(shipped, a) for a in answers]
    tallied = checkup_paper.people_from_tally(shipped, checkup_paper.tally_of(shipped, answers))
    assert checkup.rank(tallied, order) == checkup.rank(typed, order)
    figures = ("sum", "count", "mean", "low", "high", "spread", "view")
    want = {a: {f: v[f] for f in figures} for a, v in checkup.team(typed, order).items()}
    got = {a: {f: v[f] for f in figures} for a, v in checkup.team(tallied, order).items()}
    assert got == want


def test_the_case_tables_teams_rank_the_same_from_tallies(shipped):
    """Each team of tests/fixtures/checkup-cases.json whose scores two statements can give,
    turned into tallies and back: the table's own ranking."""
    letters = dict(CASES["areas"])
    k = {a["id"]: len(a["numbers"]) for a in checkup_paper.sheet(shipped)["areas"]}
    used = 0
    for case in CASES["teams"]:
        people = [checkup.decode(code, letters) for code in case["people"]]
        if any((t * k[a]) % 10 for person in people for a, t in person.items()):
            continue  # a score these statements cannot give on paper (V11 needs 2.2 points)
        tallies = {area: {} for area in shipped.area_ids}
        for person in people:
            for area, tenths in person.items():
                points = tenths * k[area] // 10
                tallies[area][points] = tallies[area].get(points, 0) + 1
        rebuilt = checkup_paper.people_from_tally(shipped, tallies)
        assert checkup.rank(rebuilt, shipped.area_ids) == case["ranking"], case["name"]
        used += 1
    assert used >= 3, "the case table no longer has teams the paper sheet can give"


@pytest.mark.parametrize("seed", range(200))
def test_tallies_typed_back_rank_as_the_answers_typed(shipped, seed):
    rng = random.Random(seed)
    people = rng.randint(1, 24)
    # Skewed answers too, so that ties (broken by spread) come up often.
    choices = rng.choice([[1, 2, 3, 4, 5], [2, 3], [3], [1, 5], [1, 1, 2, 5]])
    answers = [{s["id"]: rng.choice(choices) for s in shipped["statements"]} for _ in range(people)]
    _same(shipped, answers)


def test_a_tie_on_the_mean_is_broken_by_spread_after_tallying_too(shipped):
    """Two people: 'roles' 2+2 and 4+4 (mean 3.0, split), 'goals' 3+3 twice (mean 3.0, agreed):
    roles ranks first, typed or tallied."""
    base = {s["id"]: 3 for s in shipped["statements"]}

    def person(value):
        answers = dict(base)
        for s in shipped["statements"]:
            if s["area"] == "roles":
                answers[s["id"]] = value if s["healthy"] == "agree" else 6 - value
        return answers

    answers = [person(2), person(4)]
    _same(shipped, answers)
    tallied = checkup_paper.people_from_tally(shipped, checkup_paper.tally_of(shipped, answers))
    assert checkup.rank(tallied, shipped.area_ids)[0] == "roles"


@pytest.mark.parametrize(
    ("tallies", "words"),
    [
        ({"roles": {4: 2}}, "do not add up to the same number"),
        ({"roles": {1: 1}}, "cannot be reached"),
        ({"roles": {4: -1}}, "a count runs from 0"),
        ({"roles": {4: 10**6}}, "a count runs from 0"),
        ({"roles": {4: 1.5}}, "a count runs from 0"),
        ({"roles": {4: True}}, "a count runs from 0"),
        ({"roles": {11: 1}}, "cannot be reached"),
        ({}, "count between 1 and"),
    ],
)
def test_bad_tallies_are_refused_with_a_short_message(shipped, tallies, words):
    if words.startswith("do not"):
        tallies = {area: {4: 1} for area in shipped.area_ids} | tallies
    with pytest.raises(checkup_paper.TallyError) as err:
        checkup_paper.people_from_tally(shipped, tallies)
    assert words in str(err.value) and len(str(err.value)) < 120
