"""Load, validate and cross-check the exercise YAML files.

One call, `load_library(root)`, returns every exercise or raises one
ExerciseError listing every problem found, each as 'file:line: message'.
Maintainers fix a broken file faster when they see all its problems at once,
so nothing here stops at the first one.
"""
from __future__ import annotations

import dataclasses
import json
import pathlib

from jsonschema import Draft202012Validator

from . import filecache
from .yamlsource import Document, YamlProblem, load_file

EXERCISES_DIR = "exercises"
SCHEMA_FILE = "schema.json"
# Files in exercises/ that are not exercises.
SKIPPED = {"_template.yml"}

# (absolute path, name, check) -> (file state, validator, (Document |
# YamlProblem, problems)). A file is parsed and checked against its schema
# again only when it (or the schema) changed, so loading an unchanged library
# costs a stat per file: `mkdocs serve` rebuilds reuse the process.
_FILE_CACHE: dict = {}
_SCHEMA_CACHE: dict = {}
# id(validator) -> (validator, digest of its schema); holding the validator
# keeps its id from being reused by a later one.
_SCHEMA_DIGESTS: dict = {}


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ExerciseError(Exception):
    """Every problem in the exercise files; the build stops on it."""

    def __init__(self, problems):
        self.problems = sorted(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the exercise files:"
        super().__init__("\n".join([head, *map(str, self.problems)]))


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
            known = ", ".join(sorted(self.exercises)) or "none"
            missing = Problem(f"{EXERCISES_DIR}/{exercise_id}.yml", 1, f"no exercise with id '{exercise_id}' (known: {known})")
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
    validator = _validator(root / EXERCISES_DIR / SCHEMA_FILE)
    problems, valid, declared = [], [], []
    for path in exercise_files(root):
        name = path.relative_to(root).as_posix()
        parsed, found = checked_file(path, name, validator, schema_problems, root)
        if isinstance(parsed, YamlProblem):
            problems.append(Problem(parsed.file, parsed.line, parsed.message))
            # Its id is its file name: the files that relate to it are not
            # blamed for one unreadable file.
            declared.append((path.stem, name, 1))
            continue
        if isinstance(parsed.data, dict) and isinstance(parsed.data.get("id"), str):
            declared.append((parsed.data["id"], name, parsed.line_of(("id",))))
        if not found:
            # Not cached: it looks at docs/ too, and it is cheap.
            found = file_problems(parsed, name, path.stem, docs_dir)
        problems += found
        if not found:
            valid.append(Exercise(parsed.data["id"], name, parsed.data, parsed))
    problems += library_problems(valid, declared)
    if problems:
        raise ExerciseError(problems)
    ordered = sorted(valid, key=lambda e: e.data["title"].lower())
    return Library({e.id: e for e in ordered})


def checked_file(path: pathlib.Path, name: str, validator, check, root=None) -> tuple:
    """(Document or YamlProblem, problems `check(doc, name, validator)` found).

    Remembered in memory until the file changes (time, size or inode:
    editors that save by renaming give a new inode) or its schema does, and,
    given the kit's root, on disk by content (filecache.py) for the next
    build. The Document is shared between loads; nothing downstream changes it.
    """
    stat = path.stat()
    state = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    slot = (path, name, check)
    cached = _FILE_CACHE.get(slot)
    if cached and cached[0] == state and cached[1] is validator:
        return cached[2]
    entry = None
    if root is not None:
        entry = filecache.key(name, path.read_bytes(), _schema_digest(validator), check.__name__)
        outcome = filecache.get(root, entry)
    if entry is None or outcome is None:
        outcome = _check_file(path, name, validator, check)
        if entry is not None:
            filecache.put(root, entry, outcome)
    _FILE_CACHE[slot] = (state, validator, outcome)
    return outcome


def _check_file(path, name, validator, check) -> tuple:
    try:
        parsed = load_file(path, name)
        return (parsed, check(parsed, name, validator))
    except YamlProblem as problem:
        return (problem, [])


def _schema_digest(validator) -> bytes:
    stored = _SCHEMA_DIGESTS.get(id(validator))
    if stored is None or stored[0] is not validator:
        stored = _SCHEMA_DIGESTS[id(validator)] = (validator, filecache.schema_digest(validator.schema))
    return stored[1]


def _validator(schema_path: pathlib.Path) -> Draft202012Validator:
    stat = schema_path.stat()
    key = (schema_path, stat.st_mtime_ns, stat.st_size)
    if key not in _SCHEMA_CACHE:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        # Drop only older versions of this schema: workshops.py keeps its own
        # schema here too, and clearing all made the two evict each other.
        for stale in [k for k in _SCHEMA_CACHE if k[0] == schema_path]:
            del _SCHEMA_CACHE[stale]
        _SCHEMA_CACHE[key] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return _SCHEMA_CACHE[key]


# --- Schema problems ------------------------------------------------------


def field_name(path) -> str:
    """('steps', 2, 'minutes') -> 'steps[2].minutes' (indexes count from 0)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def schema_problems(doc: Document, name: str, validator) -> list:
    """Every way the file breaks the schema, with the line of the field at fault."""
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else f"a single value ({_short(doc.data)})"
        return [Problem(name, 1, f"the file is {kind}; an exercise is a mapping of fields such as 'id:' and 'title:'")]
    problems = []
    for error in validator.iter_errors(doc.data):
        problems += _explain(error, doc, name)
    return sorted(set(problems))


def _explain(error, doc: Document, name: str) -> list:
    path = tuple(error.absolute_path)
    where = f"field '{field_name(path)}': " if path else ""
    if error.validator == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
        inside = f" in '{field_name(path)}'" if path else ""
        return [Problem(name, doc.line_of(path + (k,)), f"unknown field '{k}'{inside}; allowed: {allowed}") for k in extra]
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return [Problem(name, doc.line_of(path), f"{where}missing required field '{missing}'")]
    if error.validator == "pattern" and "patternErrorMessage" in error.schema:
        # The schema says why the pattern exists (VS Code shows the same text).
        return [Problem(name, doc.line_of(path), f"{where}{_short(error.instance)} {error.schema['patternErrorMessage']}")]
    if error.validator in ("type", "enum", "const", "pattern", "format"):
        # jsonschema repeats the whole value; a long text makes the line unreadable.
        message = error.message.replace(repr(error.instance), _short(error.instance), 1)
        return [Problem(name, doc.line_of(path), f"{where}{message}")]
    return [Problem(name, doc.line_of(path), f"{where}{error.message}")]


# --- Checks the schema cannot express -------------------------------------


def file_problems(doc: Document, name: str, stem: str, docs_dir: pathlib.Path) -> list:
    """Rules within one schema-valid file."""
    data, problems = doc.data, []

    def add(path, message):
        problems.append(Problem(name, doc.line_of(path), message))

    if data["id"] != stem:
        add(("id",), f"id '{data['id']}' does not match the file name; rename the file to {data['id']}.yml or set id: {stem}")
    size = data["group_size"]
    if size["min"] > size["max"]:
        add(("group_size",), f"group_size: min ({size['min']}) is larger than max ({size['max']})")
    total = sum(step["minutes"] for step in data["steps"])
    if total != data["minutes"]["run"]:
        add(("minutes", "run"), f"minutes.run is {data['minutes']['run']} but the steps add up to {total}; make them equal")
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
    for index, block in enumerate(data["worksheet"]["blocks"]):
        for path, message in block_problems(block):
            add(("worksheet", "blocks", index, *path), f"field '{field_name(('worksheet', 'blocks', index, *path))}': {message}")
    return problems


def block_problems(block: dict) -> list:
    """(relative path, message) pairs for one worksheet block."""
    if block["kind"] != "table":
        return []
    found = []
    columns = len(block["columns"])
    if "example" in block and len(block["example"]) != columns:
        found.append((("example",), f"the example row has {len(block['example'])} cells but the table has {columns} columns"))
    if "rows" not in block and "row_labels" not in block:
        found.append(((), "a table needs 'rows' (blank rows) or 'row_labels' (labelled rows)"))
    if "rows" in block and "row_labels" in block:
        found.append((("rows",), "give 'rows' or 'row_labels', not both: with row_labels, each label is one row"))
    return found


def library_problems(exercises: list, declared: list) -> list:
    """Rules across files: unique ids, related exercises that exist.

    `declared` holds (id, file, line) for every file that names an id, valid
    or not: a typo elsewhere in one file must not also blame every file that
    relates to it, and two files claiming one id clash whatever else is wrong.
    """
    problems, by_id = [], {}
    for exercise_id, file, line in declared:
        by_id.setdefault(exercise_id, []).append((file, line))
    for exercise_id, owners in by_id.items():
        for file, line in owners:
            # Ids equal file names, so only a file whose id differs from its
            # name can clash; the file that rightly owns the id is not blamed.
            if len(owners) > 1 and pathlib.PurePosixPath(file).stem != exercise_id:
                others = ", ".join(f"{f}:{n}" for f, n in owners if f != file)
                problems.append(Problem(file, line, f"duplicate id '{exercise_id}': also used by {others}"))
    for ex in exercises:
        for index, other in enumerate(ex.data.get("related", [])):
            if other not in by_id:
                problems.append(Problem(ex.file, ex.doc.line_of(("related", index)), f"field 'related[{index}]': no exercise with id '{other}'"))
    return problems
