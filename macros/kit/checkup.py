"""The team check-up: its YAML file, the scores and the ranking.

exercises/checkup/checkup.yml holds the statements and the eight friction
areas, each pointing to its guide, its exercises and a first step. It is read
by the kit's one YAML reader and checked against exercises/checkup/schema.json,
then against what a schema cannot say: the guides and exercises exist, every
area has statements, ids and letters are unique. Every problem is reported at
once, as 'file:line: field ...: message'.

Scores are whole tenths (10 = 1.0, trouble, .. 50 = 5.0, healthy), so Python
and docs/assets/javascripts/checkup.js compute the same numbers with integer
arithmetic; tests/fixtures/checkup-cases.json holds the two together.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re

from .schema import ExerciseError, Problem, checked_file, field_of, schema_problems, unknown_id, validator
from .yamlsource import Document, YamlProblem

CHECKUP_DIR = "exercises/checkup"
CHECKUP_FILE = f"{CHECKUP_DIR}/checkup.yml"
SCHEMA_FILE = f"{CHECKUP_DIR}/schema.json"
GUIDES_DIR = "playbook"
LOW, HIGH = 10, 50  # an area's score in tenths
AGREE, SPLIT = 10, 20  # a team's spread (tenths) at or below AGREE agrees; at or above SPLIT is split


class CheckupError(ExerciseError):
    """Every problem in the check-up file; the build stops on it."""

    def __init__(self, problems):
        super().__init__(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the check-up file:"
        self.args = ("\n".join([head, *map(str, self.problems)]),)

    def __str__(self) -> str:
        return self.args[0]


class CodeError(ValueError):
    """A result code that cannot be read; str() is the short message a person sees.
    `kind` names the rule it broke (the shared case table names it too).

    Not a KitProblem: it refuses a code a person types or opens, not a kit
    file. No build raises it; this is the Python half of the rule checkup.js
    applies in the browser (tests/checkup cases run both)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclasses.dataclass(frozen=True)
class Checkup:
    file: str
    data: dict
    doc: Document

    def __getitem__(self, key):
        return self.data[key]

    @property
    def area_ids(self) -> list:
        return [area["id"] for area in self.data["areas"]]

    def area(self, area_id: str) -> dict:
        return next(area for area in self.data["areas"] if area["id"] == area_id)


# --- Loading and checking ---------------------------------------------------


def load(root, docs_dir, library, workshops: dict | None = None) -> Checkup:
    """The checked check-up, or CheckupError naming every problem."""
    root = pathlib.Path(root)
    try:
        checker = validator(root / SCHEMA_FILE, SCHEMA_FILE)
    except ExerciseError as err:
        raise CheckupError(err.problems) from None
    path = root / CHECKUP_FILE
    if not path.is_file():
        raise CheckupError([Problem(CHECKUP_FILE, 1, "the check-up file is missing; restore it from git")])
    doc, problems = checked_file(path, CHECKUP_FILE, checker, shape_problems)
    if isinstance(doc, YamlProblem):
        raise CheckupError([Problem.of(doc)])
    problems = problems or link_problems(doc, CHECKUP_FILE, pathlib.Path(docs_dir), {ex.id for ex in library})
    if problems:
        raise CheckupError(problems)
    return Checkup(CHECKUP_FILE, doc.data, doc)


def shape_problems(doc: Document, name: str, checker) -> list:
    if not isinstance(doc.data, dict):
        return [
            Problem(name, 1, "the file is not a mapping; the check-up is fields such as 'areas:' and 'statements:'")
        ]
    return schema_problems(doc, name, checker)


def link_problems(doc: Document, name: str, docs_dir: pathlib.Path, exercise_ids: set) -> list:
    """What the schema cannot say, each at the line of the field at fault."""
    data, problems = doc.data, []

    def add(path, message):
        problems.append(Problem(name, doc.line_of(path), message, field_of(path)))

    for key in ("id", "letter"):
        seen: dict = {}
        for index, area in enumerate(data["areas"]):
            if area[key] in seen:
                add(
                    ("areas", index, key),
                    f"'{area[key]}' is also areas[{seen[area[key]]}].{key}; each area needs its own",
                )
            seen.setdefault(area[key], index)
    for index, area in enumerate(data["areas"]):
        guides = [("guide",)] + [("also_read", n) for n in range(len(area.get("also_read", [])))]
        for sub in guides:
            page = area[sub[0]] if len(sub) == 1 else area[sub[0]][sub[1]]
            if not (docs_dir / page).is_file():
                add(("areas", index, *sub), f"guide '{page}' does not exist under docs/")
        for n, exercise in enumerate(area["exercises"]):
            if exercise not in exercise_ids:
                add(("areas", index, "exercises", n), unknown_id("exercise", exercise, exercise_ids))
    areas = [area["id"] for area in data["areas"]]
    seen = {}
    for index, statement in enumerate(data["statements"]):
        if statement["area"] not in areas:
            add(("statements", index, "area"), f"no area with id '{statement['area']}' (known: {', '.join(areas)})")
        if statement["id"] in seen:
            add(("statements", index, "id"), f"'{statement['id']}' is also statements[{seen[statement['id']]}].id")
        seen.setdefault(statement["id"], index)
    asked = {statement["area"] for statement in data["statements"]}
    for index, area in enumerate(data["areas"]):
        if area["id"] not in asked:
            add(("areas", index, "id"), f"no statement scores area '{area['id']}'; add one with area: {area['id']}")
    values = [step["value"] for step in data["scale"]]
    if values != [1, 2, 3, 4, 5]:
        add(("scale",), f"the values are {values}; list them 1, 2, 3, 4, 5, in that order")
    return problems


def guide_pages(docs_dir) -> list:
    """The guides an area could point to: the playbook's pages, its index aside."""
    folder = pathlib.Path(docs_dir) / GUIDES_DIR
    return sorted(f"{GUIDES_DIR}/{p.name}" for p in folder.glob("*.md") if p.name != "index.md")


def unreached(checkup: Checkup, guides: list, exercise_ids) -> tuple:
    """(guides, exercises) that no area points to: the build log lists them."""
    pointed = {page for area in checkup["areas"] for page in [area["guide"], *area.get("also_read", [])]}
    used = {ex for area in checkup["areas"] for ex in area["exercises"]}
    return sorted(set(guides) - pointed), sorted(set(exercise_ids) - used)


# --- Scores -----------------------------------------------------------------


def area_scores(checkup: Checkup, answers: dict) -> dict:
    """Area id -> score in tenths, from statement id -> answer (1..5).

    A 'healthy: disagree' answer is turned round (6 - answer). The mean is
    rounded half up to a tenth with integers only, as checkup.js does."""
    return scores_of(checkup["statements"], checkup.area_ids, answers)


def scores_of(statements: list, area_ids: list, answers: dict) -> dict:
    """area_scores on plain data: statements as {id, area, healthy}."""
    sums: dict = {area: [0, 0] for area in area_ids}
    for statement in statements:
        answer = answers[statement["id"]]
        if not isinstance(answer, int) or isinstance(answer, bool) or not 1 <= answer <= 5:
            raise ValueError(f"answer to '{statement['id']}' must be 1 to 5, not {answer!r}")
        value = answer if statement["healthy"] == "agree" else 6 - answer
        sums[statement["area"]][0] += value
        sums[statement["area"]][1] += 1
    return {area: tenths(total, count) for area, (total, count) in sums.items()}


def tenths(total: int, count: int) -> int:
    """round(10 * total / count), halves up, in integers."""
    return (20 * total + count) // (2 * count)


def team(people: list, order: list) -> dict:
    """Area id -> the team's figures, in tenths: sum, count, mean, low, high, spread; and its view:
    agree (spread at most AGREE), split (at least SPLIT) or mixed."""
    out = {}
    for area in order:
        values = [person[area] for person in people]
        spread = max(values) - min(values)
        out[area] = {
            "sum": sum(values),
            "count": len(values),
            "mean": (2 * sum(values) + len(values)) // (2 * len(values)),  # tenths, halves up
            "low": min(values),
            "high": max(values),
            "spread": spread,
            "view": "agree" if spread <= AGREE else "split" if spread >= SPLIT else "mixed",
        }
    return out


def rank(people: list, order: list) -> list:
    """Area ids, weakest first: lowest team total (every person scores every
    area, so totals compare as means do, without rounding), then the wider
    spread, then the order of the areas in the file."""
    figures = team(people, order)
    return sorted(order, key=lambda area: (figures[area]["sum"], -figures[area]["spread"], order.index(area)))


# --- Result codes -----------------------------------------------------------

_PAIR = re.compile(r"([A-Z])([0-9]{2})")
MAX_CODE = 64  # characters; a longer text is refused before it is read


def encode(scores: dict, letters: dict) -> str:
    """'R25-G30-...': each area's letter and its score in tenths, in file order."""
    return "-".join(f"{letters[area]}{scores[area]:02d}" for area in letters)


def decode(code, letters: dict) -> dict:
    """Area id -> tenths from a code, or CodeError with a short message.

    `letters` maps area ids to their letters, in file order. Spaces and
    hyphens are ignored and letters may be lower case; anything else is
    refused: a code from outside is untrusted."""
    if not isinstance(code, str):
        raise CodeError("format", "not a check-up code")
    if len(code) > MAX_CODE:
        raise CodeError("length", "too long for a check-up code")
    # ASCII only, spelled out: Python's \d and \s take other scripts' digits
    # and spaces, JavaScript's do not, and the two must refuse the same codes.
    if not re.fullmatch(r"[A-Za-z0-9 \t\r\n-]*", code):
        raise CodeError("format", "not a check-up code: use letters and two-digit numbers, like R25")
    text = re.sub(r"[ \t\r\n-]", "", code).upper()
    expected = 3 * len(letters)
    if not text or not re.fullmatch(r"([A-Z][0-9]{2})*", text):
        raise CodeError("format", "not a check-up code: use letters and two-digit numbers, like R25")
    if len(text) != expected:
        raise CodeError("length", f"a check-up code has {len(letters)} parts like R25; this one has {len(text) // 3}")
    by_letter = {letter: area for area, letter in letters.items()}
    scores: dict = {}
    for letter, digits in _PAIR.findall(text):
        if letter not in by_letter:
            raise CodeError("area", f"unknown area letter {letter}")
        area = by_letter[letter]
        if area in scores:
            raise CodeError("area", f"area letter {letter} appears twice")
        value = int(digits)
        if not LOW <= value <= HIGH:
            raise CodeError("range", f"{letter}{digits}: a score runs from 10 (1.0) to 50 (5.0)")
        scores[area] = value
    return scores
