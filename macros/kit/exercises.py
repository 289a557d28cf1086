"""Load, validate and cross-check the exercise YAML files.

One call, `load_library(root)`, returns every exercise or raises one
ExerciseError listing every problem found, each as 'file:line: message'.
Maintainers fix a broken file faster when they see all its problems at once,
so nothing here stops at the first one.
"""

from __future__ import annotations

import dataclasses
import pathlib

from . import filecache, headings, sheets
from .problems import place
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

EXERCISES_DIR = "exercises"
SCHEMA_FILE = "schema.json"
# Files in exercises/ that are not exercises.
SKIPPED = {"_template.yml"}


@dataclasses.dataclass(frozen=True)
class Exercise:
    """One valid exercise: its data and where it came from."""

    id: str
    file: str  # relative path used in messages, e.g. exercises/cx-brainstorm.yml
    data: dict
    doc: Document

    def __getitem__(self, key):
        return self.data[key]

    def get(self, key, default=None):
        return self.data.get(key, default)


@dataclasses.dataclass(frozen=True)
class Library:
    """Every exercise of the kit, by id, in title order."""

    exercises: dict

    def __getitem__(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            missing = Problem(
                f"{EXERCISES_DIR}/{exercise_id}.yml", 1, unknown_id("exercise", exercise_id, self.exercises)
            )
            raise ExerciseError([missing]) from None

    def __iter__(self):
        return iter(self.exercises.values())

    def __len__(self):
        return len(self.exercises)


def exercise_files(root: pathlib.Path) -> list:
    """The exercise files: exercises/*.yml, without the template or subfolders."""
    folder = root / EXERCISES_DIR
    return sorted(p for p in folder.glob("*.yml") if p.name not in SKIPPED and p.is_file())


def load_library(root: pathlib.Path, docs_dir: pathlib.Path | None = None) -> Library:
    """Every exercise under root/exercises, or ExerciseError naming every problem."""
    root = pathlib.Path(root)
    docs_dir = pathlib.Path(docs_dir) if docs_dir else root / "docs"
    checker = validator(root / EXERCISES_DIR / SCHEMA_FILE, f"{EXERCISES_DIR}/{SCHEMA_FILE}")
    problems, valid, declared = misnamed_files(root, EXERCISES_DIR, "exercise"), [], []
    files, pack = exercise_files(root), filecache.Pack(root, "exercises")
    for path in files:
        name = path.relative_to(root).as_posix()
        parsed, found = checked_file(path, name, checker, schema_problems, pack)
        if isinstance(parsed, YamlProblem):
            problems.append(Problem.of(parsed))
            # Its id is its file name: the files that relate to it are not
            # blamed for one unreadable file.
            declared.append((path.stem, name, None))
            continue
        if isinstance(parsed.data, dict) and isinstance(parsed.data.get("id"), str):
            declared.append((parsed.data["id"], name, parsed))
        if not found:
            # Not cached: it looks at docs/ too, and it is cheap.
            found = file_problems(parsed, name, path.stem, docs_dir)
        problems += found
        if not found:
            valid.append(Exercise(parsed.data["id"], name, parsed.data, parsed))
    pack.save(path.relative_to(root).as_posix() for path in files)
    problems += library_problems(valid, declared)
    if problems:
        raise ExerciseError(problems)
    ordered = sorted(valid, key=lambda e: e.data["title"].lower())
    return Library({e.id: e for e in ordered})


# --- Checks the schema cannot express -------------------------------------


def file_problems(doc: Document, name: str, stem: str, docs_dir: pathlib.Path) -> list:
    """Rules within one schema-valid file."""
    data, problems = doc.data, []

    def add(path, message, field=None):
        problems.append(Problem(name, doc.line_of(path), message, field))

    problems += id_problem(doc, name, stem)
    size = data["group_size"]
    if size["min"] > size["max"]:
        add(("group_size",), f"group_size: min ({size['min']}) is larger than max ({size['max']})")
    total = sum(step["minutes"] for step in data["steps"])
    if total != data["minutes"]["run"]:
        add(
            ("minutes", "run"),
            f"minutes.run is {data['minutes']['run']} but the steps add up to {total}; make them equal",
        )
    for fmt in data["materials"]:
        if fmt not in data["formats"]:
            add(("materials", fmt), f"materials for '{fmt}' but '{fmt}' is not listed in formats")
    for fmt in data["formats"]:
        if fmt not in data["materials"]:
            add(("formats",), f"format '{fmt}' has no materials list; add materials.{fmt}")
    if data["id"] in data.get("related", []):
        add(("related",), "an exercise cannot be related to itself")
    guide = data.get("guide")
    if guide and not (docs_dir / guide.split("#")[0]).is_file():
        add(("guide",), f"guide '{guide}' does not exist under docs/")
    elif guide and (dead := headings.anchor_problem(docs_dir, guide)):
        add(("guide",), dead, "guide")
    problems += [Problem(name, doc.line_of(path), message, field_of(path)) for path, message in cut_problems(data)]
    for index, block in enumerate(data["worksheet"]["blocks"]):
        if block.get("step", 0) > len(data["steps"]):
            add(
                ("worksheet", "blocks", index, "step"),
                f"step {block['step']} does not exist; the exercise has {len(data['steps'])} steps, counted from 1",
                field_of(("worksheet", "blocks", index, "step")),
            )
        for path, message in block_problems(block):
            where = ("worksheet", "blocks", index, *path)
            add(where, message, field_of(where))
    stray = sheets.order_problem(data)
    if stray:
        where = ("worksheet", "blocks", stray[0], "private")
        add(where, stray[1], field_of(where))
    return problems


def cut_problems(data: dict) -> list:
    """(path, message) pairs for the cuts: each names a real step and saves
    no more than that step takes, so a cut exercise never runs below zero.
    Each problem names its field (the path), as every other kit message does."""
    found, seen = [], set()
    steps = {step["title"]: step["minutes"] for step in data["steps"]}
    for index, cut in enumerate(data.get("cuts", [])):
        if cut["id"] in seen:
            found.append(
                (
                    ("cuts", index, "id"),
                    f"'{cut['id']}' is used by another cut of this exercise",
                )
            )
        seen.add(cut["id"])
        if cut["step"] not in steps:
            known = "; ".join(steps)
            found.append(
                (
                    ("cuts", index, "step"),
                    f"no step titled '{cut['step']}' (steps: {known})",
                )
            )
        elif cut["saves"] > steps[cut["step"]]:
            found.append(
                (
                    ("cuts", index, "saves"),
                    f"{cut['saves']} minutes is more than step '{cut['step']}' takes ({steps[cut['step']]})",
                )
            )
    return found


def block_problems(block: dict) -> list:
    """(relative path, message) pairs for one worksheet block."""
    if block["kind"] != "table":
        return []
    found = []
    columns = len(block["columns"])
    if "example" in block and len(block["example"]) != columns:
        found.append(
            (("example",), f"the example row has {len(block['example'])} cells but the table has {columns} columns")
        )
    if "rows" not in block and "row_labels" not in block:
        found.append(((), "a table needs 'rows' (blank rows) or 'row_labels' (labelled rows)"))
    if "rows" in block and "row_labels" in block:
        found.append((("rows",), "give 'rows' or 'row_labels', not both: with row_labels, each label is one row"))
    return found


def library_problems(exercises: list, declared: list) -> list:
    """Rules across files: unique ids, related exercises that exist.

    `declared` holds (id, file, Document or None) for every file that names
    an id, valid or not: a typo elsewhere in one file must not also blame
    every file that relates to it, and two files claiming one id clash
    whatever else is wrong. (An unreadable file names its id by its name, line 1.)
    """
    problems, by_id = [], {}
    for exercise_id, file, doc in declared:
        by_id.setdefault(exercise_id, []).append((file, doc))
    for exercise_id, owners in by_id.items():
        if len(owners) < 2:
            continue
        lines = {file: doc.line_of(("id",)) if doc else 1 for file, doc in owners}
        for file, _ in owners:
            # Ids equal file names, so only a file whose id differs from its
            # name can clash; the file that rightly owns the id is not blamed.
            if pathlib.PurePosixPath(file).stem != exercise_id:
                others = ", ".join(place(f, lines[f]) for f, _ in owners if f != file)
                problems.append(Problem(file, lines[file], f"duplicate id '{exercise_id}': also used by {others}"))
    for ex in exercises:
        for index, other in enumerate(ex.data.get("related", [])):
            if other not in by_id:
                problems.append(
                    Problem(
                        ex.file,
                        ex.doc.line_of(("related", index)),
                        f"no exercise with id '{other}'",
                        field_of(("related", index)),
                    )
                )
    return problems
