"""Clock times have one specification: tests/clock-cases.yml, run on both implementations.

The kit states its clock rules twice, because the browser needs them: in
Python (macros/kit/workshops.py, variants.py, sheets.py) for the pages and
the PDFs, and in docs/assets/javascripts/schedule.js for the composer and
run mode. This file runs every case of the one table on each: the Python
side in process, the browser's in node (tests/support/clock_cases.js, no
npm package), with the build's own data file contents as its input. The
table is held to the real YAML too: every ready-made workshop and length
variant, and every combination of every exercise's cuts, must have a case,
and no case may name one that is gone.
"""

import functools
import itertools
import json
import shutil
import subprocess

import fastjsonschema
import pytest

from macros.kit import exercises, labels, schema, variants, workshops
from macros.kit.links import Links
from macros.kit.yamlsource import load_file
from macros.web import composer_data
from support.project import ROOT

TABLE = ROOT / "tests" / "clock-cases.yml"
TABLE_SCHEMA = ROOT / "tests" / "clock-cases.schema.json"
NODE_RUNNER = ROOT / "tests" / "support" / "clock_cases.js"
WORKSHOP_SCHEMA = ROOT / "exercises" / "workshops" / "schema.json"


@functools.cache
def _table() -> dict:
    doc = load_file(TABLE, "tests/clock-cases.yml")
    problems = schema.schema_problems(doc, "tests/clock-cases.yml", schema.validator(TABLE_SCHEMA))
    assert not problems, "\n".join(map(str, problems))
    return doc.data


@functools.cache
def _kit():
    library = exercises.load_library(ROOT)
    return library, workshops.load_workshops(ROOT, library), labels.load(ROOT / "templates")


def _cut_combinations(exercise) -> list:
    """'none', then every set of the exercise's cuts, in the file's order, as the table names them."""
    ids = [cut["id"] for cut in exercise.data.get("cuts", [])]
    sets = [combo for size in range(len(ids) + 1) for combo in itertools.combinations(ids, size)]
    return [" + ".join(combo) or "none" for combo in sets]


def _versions(workshop) -> list:
    return ["full", *(v.id for v in workshop.variants)]


# --- What the table expects, and what each side gives ----------------------------


def expected(table: dict) -> dict:
    found = {}
    found.update({f"clock[{i}]": case["clock"] for i, case in enumerate(table["clock"])})
    found.update({f"lengths[{i}]": case["label"] for i, case in enumerate(table["lengths"])})
    found.update({f"starts[{i}]": case["valid"] for i, case in enumerate(table["starts"])})
    found.update({f"schedules[{i}]": case["times"] for i, case in enumerate(table["schedules"])})
    for exercise_id, combos in table["cuts"].items():
        found.update({f"cuts {exercise_id}: {taken}": needs for taken, needs in combos.items()})
    for workshop_id, versions in table["workshops"].items():
        found.update({f"workshops {workshop_id}: {v}": case for v, case in versions.items()})
    return found


def _start_checkers() -> list:
    """The Python side's statement of a start time: the workshop schema's `start`
    (a variant's is the same), as jsonschema and the compiled quick check read it."""
    data = json.loads(WORKSHOP_SCHEMA.read_text(encoding="utf-8"))
    start = data["properties"]["start"]

    def rule(sub):
        return {key: value for key, value in sub.items() if key != "description"}

    assert rule(data["properties"]["variants"]["items"]["properties"]["start"]) == rule(start)
    explaining = schema.KitValidator(start)
    compiled = fastjsonschema.compile(start)

    def passes_compiled(text) -> bool:
        try:
            compiled(text)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return [explaining.is_valid, passes_compiled]


def python_results(table: dict) -> dict:
    library, known, words = _kit()
    out = {}
    for i, case in enumerate(table["clock"]):
        out[f"clock[{i}]"] = workshops.clock(case["minutes"])
    for i, case in enumerate(table["lengths"]):
        out[f"lengths[{i}]"] = words.length(case["minutes"])
    checkers = _start_checkers()
    for i, case in enumerate(table["starts"]):
        answers = {check(case["text"]) for check in checkers}
        out[f"starts[{i}]"] = answers.pop() if len(answers) == 1 else "jsonschema and the quick check disagree"
    for i, case in enumerate(table["schedules"]):
        out[f"schedules[{i}]"] = [f"{a}–{b}" for a, b in workshops.times(case["start"], case["minutes"])]
    for exercise_id, combos in table["cuts"].items():
        for taken in combos:
            ids = [] if taken == "none" else taken.split(" + ")
            exercise = library.exercises.get(exercise_id)
            out[f"cuts {exercise_id}: {taken}"] = variants.minimum_minutes(exercise.data, ids) if exercise else None
    for workshop_id, versions in table["workshops"].items():
        for version in versions:
            out[f"workshops {workshop_id}: {version}"] = _workshop_result(known.get(workshop_id), version, words)
    return out


def _workshop_result(workshop, version: str, words):
    """A version's clock times as the loader timed them, each named as a variant names it."""
    if workshop is None:
        return None
    variant = next((v for v in workshop.variants if v.id == version), None)
    if version != "full" and variant is None:
        return None
    items = variants.apply(workshop["agenda"], variant.data) if variant else workshop["agenda"]
    slots = (variant or workshop).slots
    total = sum(slot.minutes for slot in slots)
    return {
        "times": [
            f"{slot.start}–{slot.end} {variants.item_key(item)}"
            + (f", cuts {' + '.join(slot.cuts)}" if slot.cuts else "")
            for item, slot in zip(items, slots, strict=True)
        ],
        "minutes": total,
        "length": words.length(total),
    }


def js_results(table: dict) -> dict:
    node = shutil.which("node")
    assert node, "node runs the browser's side of the table: apt-get install nodejs (make tools does)"
    library, known, _ = _kit()
    data = composer_data.kit_data(ROOT / "templates", library, known, Links())
    given = json.dumps({"table": table, "kit": data}, ensure_ascii=True)
    result = subprocess.run([node, str(NODE_RUNNER)], input=given, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _differences(got: dict, want: dict) -> list:
    return [
        f"{key}: the table says {json.dumps(want.get(key), ensure_ascii=False)}, "
        f"got {json.dumps(got.get(key, '(no answer)'), ensure_ascii=False)}"
        for key in sorted(set(want) | set(got))
        if got.get(key, "(no answer)") != want.get(key)
    ]


# --- The two sides ------------------------------------------------------------------


def test_python_gives_every_answer_the_table_gives():
    wrong = _differences(python_results(_table()), expected(_table()))
    assert not wrong, "macros/kit disagrees with tests/clock-cases.yml:\n" + "\n".join(wrong)


def test_schedule_js_gives_every_answer_the_table_gives():
    wrong = _differences(js_results(_table()), expected(_table()))
    assert not wrong, "schedule.js disagrees with tests/clock-cases.yml:\n" + "\n".join(wrong)


# --- The table covers the kit as it is ---------------------------------------------


def test_every_workshop_and_length_variant_has_a_case():
    _, known, _ = _kit()
    have = {(w, v) for w, versions in _table()["workshops"].items() for v in versions}
    want = {(w.id, v) for w in known.values() for v in _versions(w)}
    missing = sorted(want - have)
    assert not missing, (
        "tests/clock-cases.yml has no case for "
        + ", ".join(f"{w} ({v})" for w, v in missing)
        + ": add its clock times under `workshops`, worked out by hand from its YAML"
    )
    assert not sorted(have - want), f"cases for workshops or versions that are gone: {sorted(have - want)}"


def test_every_combination_of_every_exercises_cuts_has_a_case():
    library, _, _ = _kit()
    have = {(e, taken) for e, combos in _table()["cuts"].items() for taken in combos}
    want = {(e.id, taken) for e in library for taken in _cut_combinations(e)}
    missing = sorted(want - have)
    assert not missing, "tests/clock-cases.yml has no case for the cuts " + ", ".join(f"{e}: {t}" for e, t in missing)
    assert not sorted(have - want), f"cases for exercises or cuts that are gone: {sorted(have - want)}"


@pytest.mark.parametrize(
    "edge",
    [
        "no breaks",
        "crosses midnight",
        "ends on the stroke of midnight",
        "the longest day",
        "a 0-minute item",
        "a start at 23:30",
    ],
)
def test_the_edges_have_cases(edge):
    names = [case["name"] for case in _table()["schedules"]]
    assert any(edge in name for name in names), f"no schedule case for {edge!r}; cases: {names}"
