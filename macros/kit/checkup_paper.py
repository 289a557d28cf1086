"""The paper check-up: what its two sheets show, and how tallies become scores.

A participant ticks one box per statement; under each box is the number of
points it gives (1 to 5, turned round for a statement where disagreeing is
the healthy answer), and at the foot the participant adds up each area's
points. The facilitator's tally sheet has one row per area and one cell per
points total an area can reach (k to 5k for an area of k statements); each
sheet adds one mark to every row.

Those tallies give every person's score in every area exactly, as
tenths(points, k), the check-up's own rule (macros/kit/checkup.py). The team
view reads each area on its own (total, lowest, highest), so people rebuilt
by sorting each area's scores rank exactly as the same answers typed.
docs/assets/javascripts/tally.js applies the same rule in the browser;
tests/site/test_checkup_paper_site.py holds the two together.
"""

from __future__ import annotations

from . import checkup as checkup_rules

MAX_PEOPLE = 200  # per tally cell and per area; a room, not a survey


class TallyError(ValueError):
    """Tallies that cannot be turned into people; str() is a short message.

    Not a KitProblem: it refuses what a facilitator types into the tally form,
    not a kit file. No build raises it; this is the Python half of the rule
    tally.js applies in the browser, which shows its own words."""


def statements_by_area(checkup) -> dict:
    """Area id -> its statements' numbers on the sheet (1-based, file order)."""
    numbers: dict = {area: [] for area in checkup.area_ids}
    for number, statement in enumerate(checkup["statements"], start=1):
        numbers[statement["area"]].append(number)
    return numbers


def sheet(checkup) -> dict:
    """What the participant sheet and the tally sheet print."""
    numbers = statements_by_area(checkup)
    statements = []
    for number, statement in enumerate(checkup["statements"], start=1):
        points = [1, 2, 3, 4, 5] if statement["healthy"] == "agree" else [5, 4, 3, 2, 1]
        statements.append({"number": number, "text": statement["text"], "area": statement["area"], "points": points})
    areas = []
    for area in checkup["areas"]:
        count = len(numbers[area["id"]])
        areas.append(
            {
                "id": area["id"],
                "letter": area["letter"],
                "title": area["title"],
                "numbers": numbers[area["id"]],
                "totals": list(range(count, 5 * count + 1)),
            }
        )
    return {"statements": statements, "areas": areas, "scale": checkup["scale"]}


def people_from_tally(checkup, tallies: dict) -> list:
    """One person per sheet ({area id: tenths}) from {area id: {points total: count}}.

    Every area must have the same number of marks (each sheet marks every
    row once). Raises TallyError with a short message otherwise."""
    numbers = statements_by_area(checkup)
    scores: dict = {}
    for area in checkup.area_ids:
        count = len(numbers[area])
        row = tallies.get(area, {})
        values = []
        for total, marks in row.items():
            if not isinstance(marks, int) or isinstance(marks, bool) or not 0 <= marks <= MAX_PEOPLE:
                raise TallyError(f"{area}: a count runs from 0 to {MAX_PEOPLE}")
            if not count <= total <= 5 * count:
                raise TallyError(f"{area}: {total} points cannot be reached")
            values += [checkup_rules.tenths(total, count)] * marks
        scores[area] = sorted(values)
    sizes = {len(values) for values in scores.values()}
    if len(sizes) != 1:
        raise TallyError("every area needs one mark per sheet: the rows do not add up to the same number")
    people = sizes.pop()
    if not 1 <= people <= MAX_PEOPLE:
        raise TallyError(f"count between 1 and {MAX_PEOPLE} sheets")
    return [{area: scores[area][i] for area in checkup.area_ids} for i in range(people)]


def tally_of(checkup, answers: list) -> dict:
    """What a facilitator's tally sheet holds for these people's answers
    ({statement id: 1..5} each): {area id: {points total: count}}."""
    tallies: dict = {area: {} for area in checkup.area_ids}
    for person in answers:
        totals: dict = {area: 0 for area in checkup.area_ids}
        for statement in checkup["statements"]:
            answer = person[statement["id"]]
            totals[statement["area"]] += answer if statement["healthy"] == "agree" else 6 - answer
        for area, total in totals.items():
            tallies[area][total] = tallies[area].get(total, 0) + 1
    return tallies
