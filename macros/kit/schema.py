"""Reading a kit YAML file against its JSON Schema, and the wording of what is wrong.

Exercises and workshops share this: the per-file cache, the validator, and
how a schema error becomes 'file:line: field 'x': message'. A maintainer
reads these messages, so the wording lives here once.
"""

from __future__ import annotations

import json
import pathlib

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import SchemaError

from . import fastcheck, filecache
from .problems import KitProblem, Problem
from .yamlsource import Document, YamlProblem, field_name, field_of, invisible_character, load_file

# (absolute path, name, check) -> (file state, validator, (Document |
# YamlProblem, problems)). A file is parsed and checked against its schema
# again only when it (or the schema) changed, so loading an unchanged library
# costs a stat per file: `mkdocs serve` rebuilds reuse the process.
_FILE_CACHE: dict = {}
_SCHEMA_CACHE: dict = {}
# id(validator) -> (validator, digest of its schema); holding the validator
# keeps its id from being reused by a later one.
_SCHEMA_DIGESTS: dict = {}


class ExerciseError(KitProblem):
    """Every problem in the exercise files; the build stops on it."""

    def __init__(self, problems):
        self.problems = sorted(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the exercise files:"
        super().__init__("\n".join([head, *map(str, self.problems)]))


def checked_file(path: pathlib.Path, name: str, validator, check, pack=None) -> tuple:
    """(Document or YamlProblem, problems `check(doc, name, validator)` found).

    Remembered in memory until the file changes (time, size or inode:
    editors that save by renaming give a new inode) or its schema does, and,
    given the folder's filecache.Pack, on disk by content for the next
    build (the caller saves the pack): the data of a file that passed, which
    meets `check` again when it is read back. The Document is shared between
    loads; nothing downstream changes it.
    """
    stat = path.stat()
    state = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    slot = (path, name, check)
    cached = _FILE_CACHE.get(slot)
    if cached and cached[0] == state and cached[1] is validator:
        return cached[2]
    outcome = entry = raw = None
    if pack is not None:
        raw = path.read_bytes()  # read once: the key and, on a miss, the parse
        entry = filecache.key(name, raw, _schema_digest(validator), check.__name__)
        outcome = _stored_outcome(pack.get(name, entry), raw, name, validator, check)
    if outcome is None:
        outcome = _check_file(path, name, validator, check, raw)
        if pack is not None and isinstance(outcome[0], Document) and not outcome[1]:
            pack.put(name, entry, outcome[0].data)
    _FILE_CACHE[slot] = (state, validator, outcome)
    return outcome


def _stored_outcome(data, raw: bytes, name: str, validator, check):
    """The outcome of a file from its stored data, or None (a miss).

    The store is data that anyone with the cache folder could have written:
    it must pass the same check as a parsed file (the compiled schema check
    passes a valid file in a fraction of a parse), and its lines come from
    the file's own bytes, which the entry's key was made from."""
    if data is None:
        return None
    try:
        # The reader's guard against invisible characters, which no schema
        # expresses, holds for stored text too.
        if invisible_character(json.dumps(data, ensure_ascii=False)) is not None:
            return None
        doc = Document(data, None, None, raw.decode("utf-8-sig"))
        return None if check(doc, name, validator) else (doc, [])
    except Exception:  # noqa: BLE001 - stored data the check cannot even read is a miss
        return None


def _check_file(path, name, validator, check, raw=None) -> tuple:
    try:
        parsed = load_file(path, name, raw)
        return (parsed, check(parsed, name, validator))
    except YamlProblem as problem:
        return (problem, [])


def _schema_digest(validator) -> bytes:
    stored = _SCHEMA_DIGESTS.get(id(validator))
    if stored is None or stored[0] is not validator:
        stored = _SCHEMA_DIGESTS[id(validator)] = (validator, filecache.schema_digest(validator.schema))
    return stored[1]


def _is_integer(checker, instance) -> bool:
    """Only a YAML integer is an integer. JSON Schema also counts 10.0, which
    then reached pages as "10.0 min" and crashed range() on `lines: 3.0`."""
    return isinstance(instance, int) and not isinstance(instance, bool)


# Draft 2020-12 with the stricter integer; everything else as standard.
KitValidator = validators.extend(
    Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
)


def validator(schema_path: pathlib.Path, name: str | None = None) -> Draft202012Validator:
    """The checker for one schema file; a missing, empty or broken schema is
    an ExerciseError naming the file (`name` is how messages call it)."""
    name = name or schema_path.as_posix()
    try:
        stat = schema_path.stat()
    except OSError as err:
        raise ExerciseError(
            [Problem(name, 1, f"cannot read the schema: {err.strerror}; restore it from git")]
        ) from None
    key = (schema_path, stat.st_mtime_ns, stat.st_size)
    if key not in _SCHEMA_CACHE:
        schema = _read_schema(schema_path, name)
        # Drop only older versions of this schema: workshops.py keeps its own
        # schema here too, and clearing all made the two evict each other.
        for stale in [k for k in _SCHEMA_CACHE if k[0] == schema_path]:
            del _SCHEMA_CACHE[stale]
        _SCHEMA_CACHE[key] = KitValidator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return _SCHEMA_CACHE[key]


def _read_schema(schema_path: pathlib.Path, name: str) -> dict:
    """The schema as a checked JSON Schema, or ExerciseError with file and line."""

    def fail(line, message):
        raise ExerciseError([Problem(name, line, message)])

    try:
        text = schema_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        fail(1, f"cannot read the schema ({err}); restore it from git")
    if not text.strip():
        fail(1, "the schema file is empty; restore it from git (git checkout -- " + name + ")")
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as err:
        fail(err.lineno, f"the schema is not valid JSON: {err.msg} at column {err.colno}")
    if not isinstance(schema, dict):
        fail(1, "the schema must be a JSON object ({...}) describing one kit file")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as err:
        where = "/".join(map(str, err.absolute_path)) or "the top level"
        fail(
            1,
            f"the schema is not a valid JSON Schema at {where}: {_short(err.instance)} {err.validator} error: "
            f"{err.message[:200]}",
        )
    return schema


def misnamed_files(root: pathlib.Path, folder: str, kind: str) -> list:
    """Files the loader would otherwise skip in silence: a YAML file whose
    extension is not '.yml' in lower case ('.yaml', '.YML', '.Yml'...), or a
    folder named like a kit file. Either way the maintainer's work is lost."""
    problems = []
    try:
        entries = sorted((pathlib.Path(root) / folder).iterdir())
    except OSError:
        return problems
    for path in entries:
        if path.suffix.lower() not in (".yml", ".yaml"):
            continue
        name = f"{folder}/{path.name}"
        if path.is_dir():
            problems.append(
                Problem(
                    name,
                    1,
                    f"this is a folder, but a {kind} is one file named <id>.yml; "
                    f"move what it holds out and delete or rename the folder",
                )
            )
        elif path.suffix != ".yml":
            problems.append(
                Problem(
                    name,
                    1,
                    f"{kind} files end in '.yml', in lower case, so this one is not read; rename it to {path.stem}.yml",
                )
            )
    return problems


def unknown_id(kind: str, wanted: str, known) -> str:
    """The message for an id that names no exercise or workshop, with the ids that do."""
    return f"no {kind} with id '{wanted}' (known: {', '.join(sorted(known)) or 'none'})"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def schema_problems(doc: Document, name: str, validator) -> list:
    """Every way the file breaks the schema, with the line of the field at fault."""
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else f"a single value ({_short(doc.data)})"
        return [Problem(name, 1, f"the file is {kind}; a kit file is a mapping of fields such as 'id:' and 'title:'")]
    # The compiled check passes most files in a fraction of the time; the
    # explaining validator words what is wrong with the rest (fastcheck.py).
    if fastcheck.passes(validator.schema, doc.data, doc.scalar_types):
        return []
    errors = list(validator.iter_errors(doc.data))
    # A value that is not written like a date is not a date either: one message.
    patterned = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
    problems = []
    for error in errors:
        if error.validator != "format" or tuple(error.absolute_path) not in patterned:
            problems += _explain(error, doc, name)
    return sorted(set(problems))


# What a value of each format looks like, in words (a pattern's are in the schema).
FORMAT_MESSAGES = {"date": 'is not a date on the calendar: write year, month and day as YYYY-MM-DD, like "2026-11-23"'}


def _explain(error, doc: Document, name: str) -> list:
    path = tuple(error.absolute_path)
    field = field_of(path)
    if error.validator == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
        inside = f" in '{field_name(path)}'" if path else ""
        return [
            Problem(name, doc.line_of(path + (k,)), f"unknown field '{k}'{inside}; allowed: {allowed}") for k in extra
        ]
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return [Problem(name, doc.line_of(path), f"missing required field '{missing}'", field)]
    if error.validator == "pattern" and "patternErrorMessage" in error.schema:
        # The schema says why the pattern exists (VS Code shows the same text).
        return [
            Problem(name, doc.line_of(path), f"{_short(error.instance)} {error.schema['patternErrorMessage']}", field)
        ]
    if error.validator == "format" and error.validator_value in FORMAT_MESSAGES:
        return [
            Problem(
                name, doc.line_of(path), f"{_short(error.instance)} {FORMAT_MESSAGES[error.validator_value]}", field
            )
        ]
    if error.validator == "type" and isinstance(error.instance, bool) and "string" in _types(error.validator_value):
        # YAML 1.1 reads an unquoted no, yes, on, off, true or false as a boolean.
        return [
            Problem(
                name,
                doc.line_of(path),
                f"YAML read this value as {str(error.instance).lower()}, "
                "not as text: an unquoted no, yes, on, off, true or false is a yes/no value in YAML. "
                'Put the text in quotes, for example "no"',
                field,
            )
        ]
    if error.validator == "type" and isinstance(error.instance, float) and "integer" in _types(error.validator_value):
        return [
            Problem(
                name,
                doc.line_of(path),
                f"{error.instance!r} is not a whole number; "
                f"write it without a decimal point, for example {int(error.instance)}",
                field,
            )
        ]
    if error.validator in ("maxLength", "minLength"):
        size, limit = len(error.instance), error.validator_value
        rule = "at most" if error.validator == "maxLength" else "at least"
        return [
            Problem(
                name,
                doc.line_of(path),
                f"the text is {size} characters long; it must be {rule} {limit} ({_short(error.instance)})",
                field,
            )
        ]
    # jsonschema repeats the whole value; a long text makes the line unreadable.
    message = error.message.replace(repr(error.instance), _short(error.instance), 1)
    if len(message) > 300:
        message = message[:297] + "..."
    return [Problem(name, doc.line_of(path), message, field)]


def _types(value) -> tuple:
    return (value,) if isinstance(value, str) else tuple(value)


def id_problem(doc: Document, name: str, stem: str) -> list:
    """An exercise's or workshop's id is its file name: pages, PDFs and links are named by it."""
    found = doc.data["id"]
    if found == stem:
        return []
    return [
        Problem(
            name,
            doc.line_of(("id",)),
            f"id '{found}' does not match the file name; rename the file to {found}.yml or set id: {stem}",
        )
    ]


def forget_checked_files() -> None:
    """Empty the in-memory cache, as a new process starts: the next load reads
    each file from .cache/yaml/ or parses it again."""
    _FILE_CACHE.clear()
