"""Workshop YAML: every shipped workshop loads, its clock times are right,
and a broken file is reported with file, line and field."""

import shutil

import pytest

from macros.kit import exercises, materials, workshops
from support.facts import expected_times, yaml_workshops
from support.project import ROOT, expected_problems, run_build

WORKSHOP_DIR = ROOT / "exercises" / "workshops"


@pytest.fixture(scope="module")
def library():
    return exercises.load_library(ROOT)


@pytest.fixture(scope="module")
def loaded(library):
    return workshops.load_workshops(ROOT, library)


def test_the_two_planned_workshops_ship(loaded):
    assert {"friction-to-vision", "keeping-crm-promises"} <= set(loaded)


def test_agenda_clock_times_follow_from_start_and_minutes(loaded):
    for workshop_id, data in yaml_workshops().items():
        slots = loaded[workshop_id].slots
        assert [(s.start, s.end) for s in slots] == expected_times(data), workshop_id


def test_minutes_add_up_and_every_exercise_exists(loaded, library):
    for workshop in loaded.values():
        assert sum(s.minutes for s in workshop.slots) == workshop["minutes_total"]
        for exercise_id in workshop.exercise_ids:
            assert library[exercise_id].id == exercise_id


def test_materials_merge_identical_lines_and_keep_who_needs_them():
    a = {"id": "a", "materials": {"in-person": ["Pens.", "Sticky notes."]}}
    b = {"id": "b", "materials": {"in-person": ["Pens.", "A timer."], "remote": ["A shared board."]}}
    combined = materials.combined_materials([a, b])
    assert [group["format"] for group in combined] == ["in-person", "remote"]
    lines = {line["text"]: line["used_by"] for line in combined[0]["lines"]}
    assert lines == {"Pens.": ["a", "b"], "Sticky notes.": ["a"], "A timer.": ["b"]}


def test_countable_materials_merge_by_name_with_the_largest_quantity_for_the_group():
    a = {"id": "a", "materials": {"in-person": [{"item": "Sticky-note pads", "per": "participant"}]}}
    b = {
        "id": "b",
        "materials": {
            "in-person": [
                {"item": "sticky-note pads", "per": "pair", "count": 3, "note": "two colours"},
                {"item": "Flip chart", "per": "room"},
            ]
        },
    }
    lines = materials.combined_materials([a, b], people=16)[0]["lines"]
    assert [(line["item"], line["quantity"], line["used_by"]) for line in lines] == [
        ("Sticky-note pads", 24, ["a", "b"]),
        ("Flip chart", 1, ["b"]),
    ]
    assert lines[0]["notes"] == ["two colours"]


def test_length_labels_read_like_a_person_wrote_them():
    units = {"minutes": "min", "hours": "h", "people": "people"}
    assert [workshops.length_label(m, units) for m in (45, 60, 220)] == ["45 min", "1 h", "3 h 40 min"]
    # The words are the labels file's, not the function's.
    assert workshops.length_label(90, {"minutes": "Min.", "hours": "Std."}) == "1 Std. 30 Min."


# --- Broken workshop files: clear errors with file and line -----------------


def _break(kit, replace_from, replace_to, name="friction-to-vision"):
    path = kit / "exercises" / "workshops" / f"{name}.yml"
    text = path.read_text(encoding="utf-8")
    assert replace_from in text, f"fixture drifted: {replace_from!r} not in {name}.yml"
    path.write_text(text.replace(replace_from, replace_to, 1), encoding="utf-8")
    return text.splitlines()


def _problems(kit):
    library = exercises.load_library(kit)
    with pytest.raises(workshops.WorkshopError) as caught:
        workshops.load_workshops(kit, library)
    return str(caught.value)


def _line_of(lines, fragment):
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


def test_unknown_exercise_is_named_with_its_line(kit):
    lines = _break(kit, "exercise: exceptions-finder", "exercise: exceptions-finders")
    message = _problems(kit)
    line = _line_of(lines, "exercise: exceptions-finder")
    assert f"exercises/workshops/friction-to-vision.yml:{line}:" in message
    assert "no exercise with id 'exceptions-finders'" in message


def test_minutes_total_that_does_not_add_up_is_reported(kit):
    lines = _break(kit, "minutes_total: 220", "minutes_total: 200")
    message = _problems(kit)
    assert f"friction-to-vision.yml:{_line_of(lines, 'minutes_total:')}:" in message
    assert "minutes_total is 200 but the agenda adds up to 220" in message


def test_start_time_must_be_a_real_clock_time(kit):
    lines = _break(kit, 'start: "09:00"', 'start: "9.00"')
    message = _problems(kit)
    assert f"friction-to-vision.yml:{_line_of(lines, 'start:')}:" in message and "field 'start'" in message


def test_session_running_past_midnight_is_refused(kit):
    _break(kit, 'start: "09:00"', 'start: "22:30"')
    assert "runs past midnight" in _problems(kit)


def test_unknown_field_and_duplicate_key_are_reported(kit):
    _break(kit, "minutes: 35\n", "minutes: 35\n    minutes: 40\n")
    assert "duplicate key 'minutes'" in _problems(kit)


def test_break_without_title_is_reported(kit):
    _break(kit, "    title: Break\n", "")
    message = _problems(kit)
    assert "'title' is a required property" in message or "missing required field 'title'" in message, message


# --- The bad-workshop corpus: tests/bad_workshops/<case>.yml + .expect -------
# Like tests/bad_exercises/: each .expect line is a line number, then a
# fragment of the message the loader must report there.

BAD = ROOT / "tests" / "bad_workshops"
BAD_CASES = sorted(p.stem for p in BAD.glob("*.yml"))


def _expected(case):
    return expected_problems(BAD / f"{case}.expect")


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_workshop_reports_every_expected_problem_at_its_line(kit, case):
    shutil.copy(BAD / f"{case}.yml", kit / "exercises" / "workshops")
    library = exercises.load_library(kit)
    with pytest.raises(workshops.WorkshopError) as caught:
        workshops.load_workshops(kit, library)
    problems, name = caught.value.problems, f"exercises/workshops/{case}.yml"
    report = "\n".join(map(str, problems))
    assert all(p.file == name for p in problems), f"a shipped workshop was blamed:\n{report}"
    want = _expected(case)
    assert len(problems) == len(want), f"expected {len(want)} problems, got:\n{report}"
    for line, fragment in want:
        assert any(p.line == line and fragment in str(p).removeprefix(f"{name}:{line}: ") for p in problems), (
            f"no problem at {name}:{line} containing {fragment!r}; got:\n{report}"
        )


def test_slot_longer_than_its_exercise_is_fine(kit):
    # The spare minutes are for moving people and regrouping.
    _break(kit, "minutes_total: 220", "minutes_total: 225")
    _break(kit, "    exercise: cx-brainstorm\n    minutes: 55", "    exercise: cx-brainstorm\n    minutes: 60")
    # The three-hour version keeps the brainstorm, so it grows too.
    _break(kit, "    minutes_total: 180\n", "    minutes_total: 185\n")
    loaded = workshops.load_workshops(kit, exercises.load_library(kit))
    assert [s.minutes for s in loaded["friction-to-vision"].slots if s.exercise == "cx-brainstorm"] == [60]


@pytest.mark.build
def test_slot_too_short_for_its_exercise_fails_the_build(project_copy, tmp_path):
    case = "slot-shorter-than-exercise"
    shutil.copy(BAD / f"{case}.yml", project_copy / "exercises" / "workshops")
    out = tmp_path / "out"
    result = run_build(project_copy, out)
    log = result.stdout + result.stderr
    line, fragment = _expected(case)[0]
    assert result.returncode != 0, log[-3000:]
    assert f"exercises/workshops/{case}.yml:{line}: {fragment}" in log, log[-3000:]
    assert "Traceback" not in log, "the maintainer should see the problem list, not a traceback"
    assert not (out / "index.html").exists()


# --- Length variants ----------------------------------------------------------


def test_the_lengths_people_book_are_on_offer(loaded):
    lengths = {w["minutes_total"] for w in loaded.values()} | {
        v["minutes_total"] for w in loaded.values() for v in w.variants
    }
    assert 90 in lengths and 180 in lengths, sorted(lengths)
    assert max(lengths) >= 7 * 60, f"no full-day option: {sorted(lengths)}"


def test_a_variant_times_its_own_agenda_and_takes_its_cuts(loaded):
    three = next(v for v in loaded["friction-to-vision"].variants if v.id == "three-hours")
    assert [s.exercise for s in three.slots if s.exercise] == ["conflict-diagnosis", "cx-brainstorm", "strengths-map"]
    assert (three.start, three.end) == ("09:00", "12:00")
    diagnosis = next(s for s in three.slots if s.exercise == "conflict-diagnosis")
    assert (diagnosis.start, diagnosis.end, diagnosis.cuts) == ("09:08", "09:40", ("one-note-per-pair",))


def test_a_variant_breaks_when_its_workshop_changes_under_it(kit):
    # A longer opening in the agenda: the 90-minute version keeps it and no longer adds up.
    _break(kit, "minutes_total: 220", "minutes_total: 225")
    _break(kit, "    title: Opening\n    minutes: 10", "    title: Opening\n    minutes: 15")
    message = _problems(kit)
    assert "field 'variants[1].minutes_total': minutes_total is 90 but this version's agenda adds up to 95" in message


# --- An exercise on the agenda twice --------------------------------------------

TWICE = """id: twice
title: The same exercise twice
summary: Runs the exceptions finder before and after a break.
audience: Maintainers testing the variant rules.
updated: "2026-11-23"
start: "09:00"
minutes_total: 70
tags:
  - conflict
prepare:
  - Nothing.
variants:
  - id: short
    title: Short
    minutes_total: 40
    drop:
      - {drop}
agenda:
  - kind: exercise
    exercise: exceptions-finder
    minutes: 30
  - kind: break
    title: Break
    minutes: 10
  - kind: exercise
    exercise: exceptions-finder
{title}    minutes: 30
"""


def _twice(kit, drop, title=""):
    path = kit / "exercises" / "workshops" / "twice.yml"
    path.write_text(TWICE.format(drop=drop, title=title), encoding="utf-8")


def test_an_exercise_on_the_agenda_twice_gets_advice_that_works(kit):
    """The message said "give them different titles", but an exercise item
    was named by its exercise id whatever its title: the advice could not be followed."""
    _twice(kit, "exceptions-finder")
    message = _problems(kit)
    line = TWICE.splitlines().index("      - {drop}") + 1
    assert (
        f"exercises/workshops/twice.yml:{line}: field 'variants[0].drop[0]': 'exceptions-finder' names 2 agenda "
        "items: the exercise is on the agenda 2 times. Give each a title of its own in the agenda "
        "(title: ...) and name it here by that title" in message
    ), message
    # Following the advice: the second round gets a title, and the version drops it by that title.
    _twice(kit, "Exceptions finder, second round", title="    title: Exceptions finder, second round\n")
    loaded = workshops.load_workshops(kit, exercises.load_library(kit))["twice"]
    short = next(v for v in loaded.variants if v.id == "short")
    assert [(s.exercise, s.minutes) for s in short.slots] == [("exceptions-finder", 30), (None, 10)]
    assert [s.title for s in loaded.slots][2] == "Exceptions finder, second round"


def test_an_exercise_item_with_a_title_takes_cuts_and_minutes_by_that_title(kit):
    _twice(kit, "Break", title="    title: Second round\n")
    path = kit / "exercises" / "workshops" / "twice.yml"
    text = path.read_text(encoding="utf-8").replace(
        "minutes_total: 40\n", "minutes_total: 50\n    minutes:\n      Second round: 20\n"
    )
    path.write_text(text, encoding="utf-8")
    message = _problems(kit)
    assert "20 minutes is shorter than exercise 'exceptions-finder' needs" in message, message
    assert "field 'variants[0].minutes.Second round'" in message, message
