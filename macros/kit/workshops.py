"""Load the workshop YAML files and turn each agenda into a timed run sheet.

A workshop (exercises/workshops/<id>.yml) strings exercises, breaks and
discussions together. It is read with the same YAML reader as the exercises
(line numbers, no duplicate keys, no aliases) and checked against
exercises/workshops/schema.json, then against what a schema cannot say: the
exercises exist, each exercise gets at least the minutes its steps take,
the minutes add up, the session ends on the day it starts.
Every problem is reported at once, as 'file:line: message'.
"""

from __future__ import annotations

import dataclasses
import pathlib

from . import filecache
from . import variants as length_variants
from .materials import FORMAT_ORDER
from .schema import (
    ExerciseError,
    Problem,
    checked_file,
    field_of,
    id_problem,
    misnamed_files,
    schema_problems,
    unknown_id,
    validator,
)
from .yamlsource import Document, YamlProblem

WORKSHOPS_DIR = "exercises/workshops"
SCHEMA_FILE = "schema.json"
MINUTES_PER_DAY = 24 * 60


class WorkshopError(ExerciseError):
    """Every problem in the workshop files; the build stops on it."""

    def __init__(self, problems):
        super().__init__(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the workshop files:"
        self.args = ("\n".join([head, *map(str, self.problems)]),)

    def __str__(self) -> str:
        return self.args[0]


@dataclasses.dataclass(frozen=True)
class Slot:
    """One agenda item with its clock times (24-hour 'HH:MM')."""

    kind: str  # exercise, break or discussion
    title: str
    minutes: int
    start: str
    end: str
    exercise: str | None
    notes: str | None
    if_late: str | None
    cuts: tuple = ()  # ids of the exercise's own cuts this slot takes


@dataclasses.dataclass(frozen=True)
class Variant:
    """Another length of a workshop, with its own timed agenda."""

    id: str
    data: dict
    slots: tuple

    def __getitem__(self, key):
        return self.data[key]

    @property
    def start(self) -> str:
        return self.slots[0].start

    @property
    def end(self) -> str:
        return self.slots[-1].end


@dataclasses.dataclass(frozen=True)
class Workshop:
    id: str
    file: str
    data: dict
    doc: Document
    slots: tuple
    variants: tuple = ()

    def __getitem__(self, key):
        return self.data[key]

    @property
    def exercise_ids(self) -> list:
        """Exercise ids in agenda order, each once."""
        return list(dict.fromkeys(slot.exercise for slot in self.slots if slot.exercise))

    @property
    def end(self) -> str:
        return self.slots[-1].end


# --- Time -------------------------------------------------------------------
# The one Python statement of the kit's clock rules. The browser's is
# docs/assets/javascripts/schedule.js; tests/clock-cases.yml is the table of
# cases both are held to (tests/unit/test_clock_cases.py runs it on each).


def minutes_of_day(clock_time: str) -> int:
    hours, minutes = clock_time.split(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    """Minutes since midnight as 'HH:MM', wrapping after midnight."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def elapsed(minutes: int) -> str:
    """Minutes since something began, as hours and minutes: 5 -> '0:05', 75 -> '1:15'."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def times(start: str, lengths) -> list:
    """[(start, end)] clock times of items of these minutes, one after the
    other from `start`; a time past midnight wraps to the next day's."""
    out, now = [], minutes_of_day(start)
    for minutes in lengths:
        out.append((clock(now), clock(now + minutes)))
        now += minutes
    return out


def length_label(minutes: int, units: dict) -> str:
    """210 -> '3 h 30 min'; 45 -> '45 min'; 120 -> '2 h', in the labels' units."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} {units['minutes']}"
    return f"{hours} {units['hours']} {rest} {units['minutes']}" if rest else f"{hours} {units['hours']}"


def schedule(start: str, agenda: list, titles: dict) -> tuple:
    """Clock times for each agenda item, one after the other from `start`.

    `titles` maps exercise ids to titles, used when an exercise item has no
    title of its own.
    """
    slots = []
    for item, (begins, ends) in zip(agenda, times(start, [item["minutes"] for item in agenda]), strict=True):
        exercise = item.get("exercise")
        slots.append(
            Slot(
                kind=item["kind"],
                title=item.get("title") or titles.get(exercise, exercise),
                minutes=item["minutes"],
                start=begins,
                end=ends,
                exercise=exercise,
                notes=item.get("notes"),
                if_late=item.get("if_late"),
                cuts=tuple(item.get("cuts", ())),
            )
        )
    return tuple(slots)


# --- What a pack and a page show about the exercises ------------------------


def common_formats(exercises: list) -> list:
    """Formats every exercise of the workshop supports."""
    return [fmt for fmt in FORMAT_ORDER if all(fmt in ex["formats"] for ex in exercises)]


def group_range(exercises: list) -> tuple:
    """The group size every exercise can take: (largest min, smallest max)."""
    return (max(ex["group_size"]["min"] for ex in exercises), min(ex["group_size"]["max"] for ex in exercises))


def plan(workshop, library) -> dict:
    """Figures the workshop page and the pack's cover both show; the templates
    word them (length and group size: templates/partials/kit.html.j2)."""
    exercises = [library[i].data for i in workshop.exercise_ids]
    low, high = group_range(exercises) if exercises else (0, 0)
    return {
        "start": workshop.slots[0].start,
        "end": workshop.end,
        "minutes": workshop["minutes_total"],
        "group_min": low,
        "group_max": high,
        "formats": common_formats(exercises) if exercises else [],
        "prepare_minutes": sum(e["minutes"]["prepare"] for e in exercises),
        "exercises": len(exercises),
    }


# --- Loading and checking ---------------------------------------------------


def workshop_files(root: pathlib.Path) -> list:
    folder = pathlib.Path(root) / WORKSHOPS_DIR
    return sorted(p for p in folder.glob("*.yml") if p.is_file() and not p.name.startswith("_"))


def load_workshops(root: pathlib.Path, library) -> dict:
    """Every workshop by id (in title order), or WorkshopError naming every problem."""
    root = pathlib.Path(root)
    try:
        checker = validator(root / WORKSHOPS_DIR / SCHEMA_FILE, f"{WORKSHOPS_DIR}/{SCHEMA_FILE}")
    except ExerciseError as err:
        raise WorkshopError(err.problems) from None
    titles = {ex.id: ex["title"] for ex in library}
    needs = {ex.id: ex["minutes"]["run"] for ex in library}
    by_id = {ex.id: ex.data for ex in library}
    problems, found = misnamed_files(root, WORKSHOPS_DIR, "workshop"), []
    files, pack = workshop_files(root), filecache.Pack(root, "workshops")
    for path in files:
        name = path.relative_to(root).as_posix()
        doc, shape = checked_file(path, name, checker, shape_problems, pack)
        if isinstance(doc, YamlProblem):
            problems.append(Problem.of(doc))
            continue
        # The agenda checks need the exercises' titles and run times: done on every load.
        file_problems = shape or workshop_problems(doc, name, path.stem, titles, needs)
        if not file_problems:
            file_problems = length_variants.variant_problems(doc, name, by_id) + late_variants(doc, name)
        problems += file_problems
        if not file_problems:
            found.append(
                Workshop(
                    doc.data["id"],
                    name,
                    doc.data,
                    doc,
                    schedule(doc.data["start"], doc.data["agenda"], titles),
                    timed_variants(doc.data, titles),
                )
            )
    pack.save(path.relative_to(root).as_posix() for path in files)
    problems += duplicate_ids(found)
    if problems:
        raise WorkshopError(problems)
    return {w.id: w for w in sorted(found, key=lambda w: w["title"].lower())}


def shape_problems(doc: Document, name: str, validator) -> list:
    """A mapping that the workshop schema accepts, or what is wrong with it."""
    if not isinstance(doc.data, dict):
        return [Problem(name, 1, "the file is not a mapping; a workshop is fields such as 'id:' and 'agenda:'")]
    return schema_problems(doc, name, validator)


def workshop_problems(doc: Document, name: str, stem: str, titles: dict, needs: dict | None = None) -> list:
    """Rules the schema cannot express, each at the line of the field at fault.

    `needs` maps exercise ids to their run time (minutes.run, the sum of
    their steps), so an agenda slot too short for its exercise is caught.
    """
    data, problems = doc.data, []

    def add(path, message, field=None):
        problems.append(Problem(name, doc.line_of(path), message, field))

    problems += id_problem(doc, name, stem)
    for index, item in enumerate(data["agenda"]):
        exercise = item.get("exercise")
        if exercise and exercise not in titles:
            add(
                ("agenda", index, "exercise"),
                unknown_id("exercise", exercise, titles),
                field_of(("agenda", index, "exercise")),
            )
        elif exercise and needs and item["minutes"] < needs[exercise]:
            # A longer slot is fine: the spare minutes go on moving people
            # and regrouping. A shorter one would cut steps the run sheet
            # and the worksheet still promise.
            add(
                ("agenda", index, "minutes"),
                f"{item['minutes']} minutes is shorter than exercise "
                f"'{exercise}' needs ({needs[exercise]}, the sum of its steps); give the slot at least "
                f"{needs[exercise]} minutes or choose a shorter exercise",
                field_of(("agenda", index, "minutes")),
            )
    total = sum(item["minutes"] for item in data["agenda"])
    if total != data["minutes_total"]:
        add(
            ("minutes_total",),
            f"minutes_total is {data['minutes_total']} but the agenda adds up to {total}; make them equal",
        )
    if minutes_of_day(data["start"]) + total > MINUTES_PER_DAY:
        add(
            ("start",),
            f"starting at {data['start']}, the {total}-minute agenda runs past midnight; choose an earlier start",
        )
    return problems


def timed_variants(data: dict, titles: dict) -> tuple:
    """Each length variant with its clock times, in file order."""
    return tuple(
        Variant(v["id"], v, schedule(v.get("start", data["start"]), length_variants.apply(data["agenda"], v), titles))
        for v in data.get("variants", [])
    )


def late_variants(doc: Document, name: str) -> list:
    """A variant, like the agenda, ends on the day it starts."""
    problems = []
    for index, variant in enumerate(doc.data.get("variants", [])):
        start = variant.get("start", doc.data["start"])
        if minutes_of_day(start) + variant["minutes_total"] > MINUTES_PER_DAY:
            path = ("variants", index, "start") if "start" in variant else ("variants", index, "minutes_total")
            problems.append(
                Problem(
                    name,
                    doc.line_of(path),
                    f"starting at {start}, the "
                    f"{variant['minutes_total']}-minute version runs past midnight; choose an earlier start",
                    field_of(("variants", index)),
                )
            )
    return problems


def duplicate_ids(workshops: list) -> list:
    problems, seen = [], {}
    for workshop in workshops:
        if workshop.id in seen:
            problems.append(
                Problem(
                    workshop.file,
                    workshop.doc.line_of(("id",)),
                    f"duplicate id '{workshop.id}': also used by {seen[workshop.id]}",
                )
            )
        seen.setdefault(workshop.id, workshop.file)
    return problems


def by_id(workshops: dict, workshop_id: str):
    """The workshop with this id, or WorkshopError naming the known ones."""
    if workshop_id not in workshops:
        raise WorkshopError(
            [Problem(f"{WORKSHOPS_DIR}/{workshop_id}.yml", 1, unknown_id("workshop", workshop_id, workshops))]
        )
    return workshops[workshop_id]
