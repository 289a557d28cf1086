"""The compiled schema check (macros/kit/fastcheck.py) is only a shortcut.

It may pass a file only when the explaining validator finds nothing wrong
with it; otherwise a problem would go unreported. These tests hold it to
that on every shipped and bad file, and on one exercise and one workshop
broken in every way a maintainer could break a value, field by field.
"""

import copy
import pathlib

import pytest

from macros.kit import fastcheck, schema, yamlsource

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
SCHEMAS = {"exercise": ROOT / "exercises" / "schema.json", "workshop": ROOT / "exercises" / "workshops" / "schema.json"}
FILES = {
    "exercise": [
        *sorted((ROOT / "exercises").glob("[!_]*.yml")),
        *sorted((ROOT / "tests" / "bad_exercises").glob("*.yml")),
    ],
    "workshop": [
        *sorted((ROOT / "exercises" / "workshops").glob("*.yml")),
        *sorted((ROOT / "tests" / "bad_workshops").glob("*.yml")),
    ],
}
# What a value can wrongly become: too long, empty, out of range, a float
# where a whole number goes, a YAML yes/no, nothing, the wrong container.
REPLACEMENTS = ["x" * 400, "", "2026-02-30", -1, 0, 10**9, 2.0, 10.5, True, False, None, [], {}, ["x"], {"x": 1}]


def _data(path):
    try:
        return yamlsource.load_file(path, path.name).data
    except yamlsource.YamlProblem:
        return None


def _explained(kind, data):
    return list(schema.validator(SCHEMAS[kind]).iter_errors(data))


def _assert_never_passes_a_broken_file(kind, data, what):
    if fastcheck.passes(schema.validator(SCHEMAS[kind]).schema, data):
        errors = _explained(kind, data)
        assert not errors, f"{what}: the compiled check passed it, jsonschema says {errors[0].message}"


@pytest.mark.parametrize("kind", sorted(FILES))
def test_every_shipped_file_passes_and_no_bad_file_slips_through(kind):
    for path in FILES[kind]:
        data = _data(path)
        if data is None:
            continue
        _assert_never_passes_a_broken_file(kind, data, path.name)
        if "bad_" not in str(path):
            # Else the shortcut buys nothing: every build would take the slow path.
            assert fastcheck.passes(schema.validator(SCHEMAS[kind]).schema, data), path.name


def _leaves(node, path=()):
    """Every (path, value) of a parsed file, containers included."""
    yield path, node
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield from _leaves(value, (*path, key))


def _replaced(data, path, value):
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    if value is _DROP:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


_DROP = object()


@pytest.mark.parametrize(
    ("kind", "model"),
    [("exercise", "exercises/cx-brainstorm.yml"), ("workshop", "exercises/workshops/friction-to-vision.yml")],
)
def test_no_broken_value_anywhere_slips_through(kind, model):
    data = _data(ROOT / model)
    for path, _ in list(_leaves(data))[1:]:
        for value in [*REPLACEMENTS, _DROP]:
            _assert_never_passes_a_broken_file(
                kind, _replaced(data, path, value), f"{model} with {path} = {value!r:.40}"
            )
    for path, node in _leaves(data):
        if isinstance(node, dict):
            broken = _replaced(data, path, dict(node, unknown_field="x")) if path else dict(data, unknown_field="x")
            _assert_never_passes_a_broken_file(kind, broken, f"{model} with an unknown field at {path}")


def test_a_ref_checks_the_keywords_beside_it_as_draft_2020_12_does():
    line = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {"line": {"type": "string"}},
        "properties": {"title": {"$ref": "#/$defs/line", "maxLength": 5}},
    }
    assert fastcheck.passes(line, {"title": "short"})
    assert not fastcheck.passes(line, {"title": "far too long"})


def test_a_schema_that_points_outside_the_file_is_never_fetched():
    remote = {"properties": {"title": {"$ref": "https://example.org/line.json"}}}
    assert not fastcheck.passes(remote, {"title": "x"})


def test_values_the_two_validators_may_judge_apart_go_to_the_explaining_one():
    """The kit's integer need not be JSON Schema's (which counts 10.0), and True == 1 in Python."""
    whole = {"properties": {"minutes": {"type": "integer"}}}
    assert fastcheck.passes(whole, {"minutes": 10})
    assert not fastcheck.passes(whole, {"minutes": 10.0})
    counted = {"properties": {"level": {"enum": [1, 2]}}}
    assert not fastcheck.passes(counted, {"level": True})
    assert fastcheck.passes({"properties": {"kind": {"enum": ["a"]}}, "required": ["kind"]}, {"kind": "a", "on": True})


def test_the_types_the_reader_recorded_decide_as_the_walk_does():
    """yamlsource records the types of non-text values; the gate then skips its walk."""
    whole = {"properties": {"minutes": {"type": "integer"}}}
    assert fastcheck.passes(whole, {"minutes": 10}, frozenset({int}))
    assert not fastcheck.passes(whole, {"minutes": 10.0}, frozenset({float}))
    counted = {"properties": {"level": {"enum": [1, 2]}}}
    assert not fastcheck.passes(counted, {"level": True}, frozenset({bool}))
    assert fastcheck.passes({"properties": {"on": {"type": "boolean"}}}, {"on": True}, frozenset({bool}))
    # Recorded types are believed: the reader saw every value.
    assert not fastcheck.passes(whole, {"minutes": 10}, frozenset({float}))


def test_definitions_without_refs_are_written_out_and_still_check_the_same():
    """fastcheck writes out a $ref to a definition that refers nowhere (a call per
    value otherwise); a definition with an if, or one that refers on, stays a $ref."""
    line = {"type": "string", "pattern": "^[^\\n]+$"}
    schema = {
        "$defs": {
            "line": line,
            "label": {"allOf": [{"$ref": "#/$defs/line"}, {"maxLength": 5}]},
            "either": {"if": {"type": "object"}, "then": {"required": ["x"]}, "else": {"$ref": "#/$defs/line"}},
        },
        "properties": {
            "labels": {"type": "array", "items": {"$ref": "#/$defs/label"}},
            "thing": {"$ref": "#/$defs/either"},
        },
    }
    written = fastcheck._inline_leaves(schema)
    assert written["properties"]["labels"]["items"] == {"allOf": [line, {"maxLength": 5}]}
    assert written["properties"]["thing"] == {"$ref": "#/$defs/either"}
    assert written["$defs"] == schema["$defs"]
    assert fastcheck.passes(schema, {"labels": ["short", "tiny"], "thing": {"x": 1}})
    for broken in ({"labels": ["far too long"]}, {"labels": ["two\nlines"]}, {"thing": {}}, {"thing": "a\nb"}):
        assert not fastcheck.passes(schema, broken), broken
