"""Schema errors say what a valid value looks like, never the regular expression.

Every `pattern` in exercises/schema.json and exercises/workshops/schema.json
carries a `patternErrorMessage` (the build prints it, and editors with the
YAML language server show the same text). Found by walking the schemas, so a
pattern added next year without words fails here.
"""

import json

import pytest

from macros.kit import schema, yamlsource
from support.project import ROOT

SCHEMAS = [ROOT / "exercises" / "schema.json", ROOT / "exercises" / "workshops" / "schema.json"]
# Fails every pattern the kit uses: upper case, a slash, a space, a line break.
BAD_TEXT = "Not/Valid value\nsecond line"


def _patterned(node, where="#"):
    """(where, subschema) for every subschema with a pattern."""
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield where, node
        for key, value in node.items():
            yield from _patterned(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _patterned(value, f"{where}/{index}")


CASES = [
    (path.relative_to(ROOT).as_posix() + where, sub)
    for path in SCHEMAS
    for where, sub in _patterned(json.loads(path.read_text(encoding="utf-8")))
]


def test_the_schemas_have_patterns_to_check():
    assert len(CASES) >= 15


@pytest.mark.parametrize("where,sub", CASES, ids=[c[0] for c in CASES])
def test_a_value_that_fails_a_pattern_is_told_what_to_write(where, sub):
    words = sub.get("patternErrorMessage")
    assert isinstance(words, str) and words.startswith("is not "), f"{where}: no message in words"
    assert not any(mark in words for mark in ("^", "$", "\\d", "[a-z", "+)")), f"{where}: {words}"
    checker = schema.KitValidator({"type": "object", "properties": {"field": sub}})
    doc = yamlsource.load_text("field: x\n", "f.yml")
    errors = [e for e in checker.iter_errors({"field": BAD_TEXT}) if e.validator == "pattern"]
    assert errors, f"{where}: the bad value passed the pattern"
    messages = [str(p) for e in errors for p in schema._explain(e, doc, "f.yml")]
    assert messages == [f"f.yml:1: field 'field': {BAD_TEXT!r} {words}"]
    assert sub["pattern"] not in messages[0] and repr(sub["pattern"]) not in messages[0]


@pytest.mark.parametrize("value", ["2026-13-45", "2026-02-30", "23/11/2026", "2026-1-5"])
def test_a_date_that_is_wrong_either_way_gets_one_message_in_words(tmp_path, value):
    checker = schema.validator(ROOT / "exercises" / "schema.json")
    text = (ROOT / "tests" / "fixtures" / "sample-exercise.yml").read_text(encoding="utf-8")
    doc = yamlsource.load_text(text.replace('updated: "2026-11-23"', f'updated: "{value}"'), "x.yml")
    problems = schema.schema_problems(doc, "x.yml", checker)
    assert len(problems) == 1, problems
    assert "is not a date" in problems[0].message and "YYYY-MM-DD" in problems[0].message, problems
    assert "\\d" not in problems[0].message
