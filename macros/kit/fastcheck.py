"""A compiled schema check that only ever says "nothing to explain".

jsonschema walks the schema for every file (about 6 ms of CPU an exercise);
fastjsonschema turns the schema into Python code once and checks a file in
a fraction of that. It cannot say where or why a file fails in the kit's
words, so schema.py uses it as a gate: a file it passes has no schema
problem, and any other file goes to the explaining validator, which finds
and words every problem as before. A file therefore gets the same messages
either way, as long as the gate never passes what jsonschema refuses. Where
the two could differ, the gate stands aside:
- a float anywhere: JSON Schema counts 10.0 as an integer and the kit's
  validator need not;
- a true or false where the schema compares with a number (enum, const):
  Python's True == 1;
- a format other than the ones mirrored here from jsonschema's checker;
- a schema that fastjsonschema cannot compile, or whose $ref leaves the file
  (it would fetch it over the network).
fastjsonschema follows the older drafts, where a $ref hides the keywords
beside it ({"$ref": "#/$defs/line", "maxLength": 70} would not check the
length); draft 2020-12 applies both, so the schema is compiled with each such
$ref and its neighbours written as an allOf, which means the same.
"""

from __future__ import annotations

import datetime
import re

# jsonschema's "date" check: the ASCII form YYYY-MM-DD, and a real day.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
FORMATS = {"date": lambda text: bool(_DATE.fullmatch(text)) and _is_date(text)}

# id(schema) -> (schema, check or None); holding the schema keeps its id.
_COMPILED: dict = {}


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def passes(schema: dict, data, scalar_types=None) -> bool:
    """True only if `data` certainly meets `schema`; False means "ask jsonschema".

    `scalar_types`, when the reader recorded them (yamlsource.Document), are
    the types of every value in `data` that is not text, a list or a mapping:
    then the data need not be walked again to find a float or a boolean.
    """
    check = _check(schema)
    if check is None or not check.accepts(data, scalar_types):
        return False
    try:
        check.validate(data)
    except Exception:  # noqa: BLE001 - any failure of the gate means: explain
        return False
    return True


class _Check:
    def __init__(self, validate, numbers_compared: bool):
        self.validate = validate
        self.numbers_compared = numbers_compared

    def accepts(self, data, scalar_types=None) -> bool:
        """False if `data` holds a value the two validators could judge differently."""
        if scalar_types is not None:
            return float not in scalar_types and not (bool in scalar_types and self.numbers_compared)
        stack = [data]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
            elif isinstance(value, float) or (isinstance(value, bool) and self.numbers_compared):
                return False
        return True


def _check(schema: dict):
    stored = _COMPILED.get(id(schema))
    if stored is None or stored[0] is not schema:
        stored = _COMPILED[id(schema)] = (schema, _compile(schema))
    return stored[1]


def _compile(schema: dict):
    keywords = list(_keywords(schema))
    # A property may be called "format" too; its value is then a schema, not a name.
    formats = {value for key, value in keywords if key == "format" and isinstance(value, str)}
    refs = [value for key, value in keywords if key == "$ref" and isinstance(value, str)]
    if not formats <= FORMATS.keys() or any(not ref.startswith("#") for ref in refs):
        return None
    numbers = any(key in ("enum", "const") and _has_number(value) for key, value in keywords)
    compiled = {key: _ref_beside(value) for key, value in schema.items()}
    if not all(_resolves(compiled, ref) for ref in refs):
        return None
    compiled = _inline_leaves(compiled)
    try:
        import fastjsonschema

        validate = fastjsonschema.compile(compiled, formats=FORMATS, use_default=False, handlers=_NO_FETCH)
    except Exception:  # noqa: BLE001 - no gate; jsonschema checks every file
        return None
    return _Check(validate, numbers)


def _ref_beside(node):
    """The schema with {"$ref": r, ...more} written as {"allOf": [{"$ref": r}, {...more}]}."""
    if isinstance(node, list):
        return [_ref_beside(value) for value in node]
    if not isinstance(node, dict):
        return node
    node = {key: _ref_beside(value) for key, value in node.items()}
    if isinstance(node.get("$ref"), str) and len(node) > 1:
        rest = {key: value for key, value in node.items() if key != "$ref"}
        return {"allOf": [{"$ref": node["$ref"]}, rest]}
    return node


def _inline_leaves(schema: dict) -> dict:
    """The schema with each bare {"$ref": "#/$defs/name"} to a definition that
    holds no $ref and no if written out in its place.

    fastjsonschema turns every $ref into a function call, and builds the
    name of each value it passes (for a message the gate never shows) with
    str.format(**locals()): for a list of texts, once per text. Written out,
    the same check runs inline, in half the time. A local $ref to a
    definition means that definition, wherever it is written; definitions
    that refer on (or use if/then) stay as they are.
    """
    definitions = schema.get("$defs")
    if not isinstance(definitions, dict):
        return schema
    leaves: dict = {}
    found = True
    while found:  # a definition may become a leaf once those it refers to are written out
        found = False
        for name, definition in definitions.items():
            written = _written_out(definition, leaves)
            if name not in leaves and not _refers(written):
                leaves[name], found = written, True
    return {key: value if key == "$defs" else _written_out(value, leaves) for key, value in schema.items()}


def _written_out(node, leaves: dict):
    if isinstance(node, list):
        return [_written_out(value, leaves) for value in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/") and ref[len("#/$defs/") :] in leaves:
        return leaves[ref[len("#/$defs/") :]]
    return {key: _written_out(value, leaves) for key, value in node.items()}


def _refers(node) -> bool:
    """Whether a schema holds a $ref or an if anywhere (a property so named counts too)."""
    if isinstance(node, dict):
        return "$ref" in node or "if" in node or any(_refers(value) for value in node.values())
    if isinstance(node, list):
        return any(_refers(value) for value in node)
    return False


def _resolves(schema: dict, ref: str) -> bool:
    """Whether a local $ref ('#/$defs/line') still points at a schema after the rewrite."""
    node = schema
    for part in ref.lstrip("#").split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return isinstance(node, dict | bool)


def _refuse(uri):
    raise ValueError(f"not fetching {uri}")


_NO_FETCH = {"http": _refuse, "https": _refuse, "file": _refuse, "ftp": _refuse}


def _keywords(node):
    """(keyword, value) for every keyword anywhere in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _keywords(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keywords(value)


def _has_number(value) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
