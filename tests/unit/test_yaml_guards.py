"""The guards of the one YAML reader (macros/kit/yamlsource.py), each with both parsers.

Every YAML text and every front matter the build reads goes through this
reader (the glossary, the allowed tags and pages: tests/unit/test_data_readers.py).
Each guard is tested as a family of spellings, with PyYAML's pure-Python
parser and with libyaml, and each message names the file, the line and the
field in plain words: what is wrong and how to write it instead.
"""

import subprocess
import sys

import pytest

from macros.kit import yamlsource
from support.project import ROOT

PARSERS = {"libyaml": True, "pure Python": False}


def problem(text: str, fast: bool) -> str:
    try:
        yamlsource.load_text(text, "f.yml", fast=fast)
    except yamlsource.YamlProblem as err:
        return str(err)
    raise AssertionError(f"read without a problem: {text[:80]!r}")


def data(text: str, fast: bool):
    return yamlsource.load_text(text, "f.yml", fast=fast).data


# --- Nesting depth: checked before libyaml composes --------------------------

LIMIT = yamlsource.MAX_DEPTH


def _flow_lists(depth):
    return "deep: " + "[" * depth + "]" * depth + "\n"


def _flow_maps(depth):
    return "deep: " + "{a: " * depth + "1" + "}" * depth + "\n"


def _dashes(depth):
    return "deep:\n  " + "- " * depth + "x\n"


def _indented_maps(depth):
    return "deep:\n" + "".join("  " * level + "a:\n" for level in range(1, depth)) + "  " * depth + "a: 1\n"


def _indentless(depth):
    # A list at the indentation of its key, a mapping in each item: two levels per step.
    lines, indent = ["deep:"], ""
    for _ in range(depth // 2):
        lines += [f"{indent}- a:"]
        indent += "  "
    lines[-1] += " 1"
    return "\n".join(lines) + "\n"


def _mixed(depth):
    half = depth // 2
    return "deep:\n  " + "- " * half + "[" * (depth - half) + "1" + "]" * (depth - half) + "\n"


NESTINGS = {
    "flow lists": _flow_lists,
    "flow mappings": _flow_maps,
    "dashes on one line": _dashes,
    "indented mappings": _indented_maps,
    "lists at their key's indentation": _indentless,
    "dashes then brackets": _mixed,
}


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
@pytest.mark.parametrize("shape", NESTINGS)
def test_nesting_beyond_the_limit_is_refused_with_line_and_field(shape, fast):
    text = NESTINGS[shape](LIMIT + 4)
    message = problem(text, fast)
    assert message.startswith("f.yml:"), message
    assert "field 'deep" in message and f"nested more than {LIMIT} deep" in message, message


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
@pytest.mark.parametrize("shape", NESTINGS)
def test_nesting_within_the_limit_is_read(shape, fast):
    # The document's own mapping is one level; its field's value gets the rest.
    text = NESTINGS[shape](LIMIT - 2)
    assert isinstance(data(text, fast)["deep"], list | dict)


HUGE = {
    "flow lists": "'deep: ' + '[' * 40_000 + ']' * 40_000",
    "dashes on one line": "'deep:\\n  ' + '- ' * 40_000 + 'x'",
    "indented mappings": "'deep:\\n' + ''.join(' ' * n + 'a:\\n' for n in range(1, 4_000)) + ' ' * 4_000 + 'a: 1'",
}


@pytest.mark.parametrize("shape", HUGE)
def test_thousands_of_levels_stop_with_a_message_not_a_crash(shape):
    """libyaml's composer recursed in C and crashed the process (exit -11) at 40,000 levels."""
    script = (
        "from macros.kit import yamlsource\n"
        f"text = {HUGE[shape]}\n"
        "try:\n    yamlsource.load_text(text, 'exercises/deep.yml')\n"
        "except yamlsource.YamlProblem as err:\n    print(err)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-500:]}"
    assert result.stdout.startswith("exercises/deep.yml:") and "nested more than" in result.stdout, result.stdout


def test_the_cheap_depth_bound_never_sends_a_shipped_file_to_the_slow_path():
    """The bound from the text alone must clear every file the kit ships, or the
    build would check every file's events one by one."""
    files = [*ROOT.glob("exercises/**/*.yml"), ROOT / "docs/includes/glossary.yml", ROOT / "docs/includes/tags.yml"]
    deep = [p.name for p in files if yamlsource._may_be_deep(p.read_text(encoding="utf-8"))]
    assert deep == []


@pytest.mark.parametrize("shape", NESTINGS)
def test_the_cheap_depth_bound_is_never_below_the_real_depth(shape):
    for depth in (1, 2, 5, LIMIT // 2, LIMIT - 2, LIMIT + 1, LIMIT * 3):
        text = NESTINGS[shape](depth)
        if not yamlsource._may_be_deep(text):
            assert _real_depth(data(text, fast=False)) <= LIMIT, (shape, depth)


def _real_depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_real_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_real_depth(v) for v in value), default=0)
    return 0


# --- Invisible characters that reorder or hide text ----------------------------

INVISIBLE = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u061c": "ARABIC LETTER MARK",
    "\u2028": "LINE SEPARATOR",
    "\U000e0041": "TAG LATIN CAPITAL LETTER A",
}
# Where in a file the character sits: (text, line, field).
PLACES = {
    "a value": ("id: x\ntitle: Safe {c}text\n", 2, "title"),
    "a quoted value": ('id: x\ntitle: "Safe {c}text"\n', 2, "title"),
    "a list item": ("id: x\ntags:\n  - one\n  - tw{c}o\n", 4, "tags[1]"),
    "a nested value": ("id: x\nsteps:\n  - title: a\n    say: b{c}\n", 4, "steps[0].say"),
    "a folded text's second line": ("id: x\nintro: >-\n  first line\n  second {c}line\n", 4, "intro"),
    "a key": ("id: x\nti{c}tle: t\n", 2, "ti{c}tle"),
}


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_is_refused_naming_line_field_and_character(char, place, fast):
    template, line, field = PLACES[place]
    text = template.format(c=char)
    message = problem(text, fast)
    expected_field = field.format(c=char).replace(char, f"\\u{ord(char):04x}" if ord(char) < 0x10000 else "?")
    assert message.startswith(f"f.yml:{line}: "), message
    assert f"U+{ord(char):04X} ({INVISIBLE[char]})" in message, message
    assert "Delete it" in message, message
    if place != "a key":
        assert f"field '{expected_field}'" in message, message
    assert char not in message, "the message must not carry the invisible character itself"


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
def test_an_invisible_character_in_a_comment_is_refused_too(fast):
    message = problem("id: x\n# note \u202e\ntitle: t\n", fast)
    assert message.startswith("f.yml:2: ") and "U+202E" in message, message


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
def test_a_byte_order_mark_at_the_start_is_accepted(fast):
    assert data("\ufeffid: x\n", fast) == {"id": "x"}
    assert yamlsource.load_file(ROOT / "x.yml", "x.yml", raw="\ufeffid: x\n".encode()).data == {"id": "x"}


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
def test_emoji_joined_with_a_zero_width_joiner_are_text(fast):
    # Woman technologist and rainbow flag: a ZWJ between pictographs draws one emoji.
    text = "title: Team \U0001f469\u200d\U0001f4bb and \U0001f3f3\ufe0f\u200d\U0001f308\n"
    assert data(text, fast)["title"].startswith("Team \U0001f469")


# --- YAML 1.1 forms a maintainer does not expect -------------------------------

SURPRISES = {
    # value: (fragment of the message, what it would have read as)
    "016": (
        'octal number in YAML 1.1 (it reads as 14); write 16 without the leading zero, or put it in quotes ("016")'
    ),
    "-07": (
        'octal number in YAML 1.1 (it reads as -7); write -7 without the leading zero, or put it in quotes ("-07")'
    ),
    "0x1f": 'hexadecimal number in YAML 1.1 (it reads as 31); write it in decimal, or put it in quotes ("0x1f")',
    "0b101": 'binary number in YAML 1.1 (it reads as 5); write it in decimal, or put it in quotes ("0b101")',
    "1_000": 'reads as the number 1000 in YAML 1.1; write 1000 without underscores, or put it in quotes ("1_000")',
    "1_000.5": "reads as the number 1000.5 in YAML 1.1; write 1000.5 without underscores, or put it in quotes",
    "10:30": 'is a base-60 number in YAML 1.1 (it reads as 630), not a time; write a time like "10:30", in quotes',
    "9:05": 'is a base-60 number in YAML 1.1 (it reads as 545), not a time; write a time like "09:05", in quotes',
    "190:20:30": "is a base-60 number in YAML 1.1 (it reads as 685230)",
    ".inf": 'is infinity in YAML 1.1; write a number, or put it in quotes (".inf")',
    "-.Inf": 'is infinity in YAML 1.1; write a number, or put it in quotes ("-.Inf")',
    ".NaN": 'is "not a number" in YAML 1.1; write a number, or put it in quotes (".NaN")',
    "yes": "YAML read this value as true, not as text",
    "No": "YAML read this value as false, not as text",
    "ON": "YAML read this value as true, not as text",
    "off": "YAML read this value as false, not as text",
    "=": 'an unquoted = means something else to YAML 1.1; put it in quotes ("=")',
}
PLAIN = {"16": 16, "-3": -3, "0": 0, "+7": 7, "1.5": 1.5, "2.0": 2.0, "6.8e+5": 680000.0}
PLAIN |= {"true": True, "False": False, "TRUE": True, "null": None, "~": None, "": None}
PLAIN |= {"0o17": "0o17", "1e3": "1e3", "y": "y", "n": "n", "2026-11-23": "2026-11-23", "10.30": 10.3}


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
@pytest.mark.parametrize("value", SURPRISES)
def test_a_yaml_1_1_surprise_is_refused_with_a_hint_to_quote_it(value, fast):
    for text, line, field in (
        (f"id: x\nmax: {value}\n", 2, "max"),
        (f"id: x\ngroup:\n  - a\n  - {value}\n", 4, "group[1]"),
        (f"id: x\nsize: {{min: 2, max: {value}}}\n", 2, "size.max"),
    ):
        message = problem(text, fast)
        assert message.startswith(f"f.yml:{line}: field '{field}': "), message
        assert SURPRISES[value] in message, message


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
def test_plain_numbers_booleans_and_empty_values_read_as_expected(fast):
    text = "".join(f"k{n}: {value}\n" for n, value in enumerate(PLAIN))
    got = data(text, fast)
    for n, (value, expected) in enumerate(PLAIN.items()):
        assert got[f"k{n}"] == expected and type(got[f"k{n}"]) is type(expected), value


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
@pytest.mark.parametrize("value", SURPRISES)
def test_the_same_surprise_in_quotes_is_text(value, fast):
    assert data(f'max: "{value}"\n', fast) == {"max": value}


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!timestamp 2026-11-23", "!!python/none ''", "!!omap [a: 1]"])
def test_a_value_that_is_not_plain_data_is_refused(tag, fast):
    message = problem(f"id: x\nk: {tag}\n", fast)
    assert message.startswith("f.yml:2: ") and "not allowed; write plain data" in message, message


# --- Messages of the reader name their field -----------------------------------


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
def test_a_duplicate_key_deep_in_a_file_names_its_field(fast):
    text = "id: x\nsteps:\n  - title: a\n    title: b\n"
    assert problem(text, fast) == "f.yml:4: field 'steps[0]': duplicate key 'title' (first given on line 3)"


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_written_as_an_escape_is_refused_too(char, fast):
    """A double-quoted YAML text makes the character from '\\u202e': the text holds no such character."""
    escape = f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"
    text = f'id: x\nsteps:\n  - title: "Safe {escape}text"\n'
    message = problem(text, fast)
    assert message.startswith("f.yml:3: field 'steps[0].title': "), message
    assert f"U+{ord(char):04X} ({INVISIBLE[char]})" in message and char not in message, message


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
def test_other_escapes_are_text(fast):
    assert data('a: "tab\\there \\u00e9t\\u00e9 \\x41 \\U0001F600"\n', fast) == {"a": "tab\there été A \U0001f600"}


@pytest.mark.parametrize("value", ["9:30", "10:30", "1:05", "23:59"])
def test_the_time_a_base_60_message_suggests_is_one_the_schema_takes(value):
    """Following the advice must not lead to the next error: "9:30" in quotes fails the pattern."""
    import json
    import re

    schema = json.loads((ROOT / "exercises" / "workshops" / "schema.json").read_text(encoding="utf-8"))
    pattern = schema["properties"]["start"]["pattern"]
    suggested = re.search(r'write a time like "([^"]+)"', problem(f"start: {value}\n", True)).group(1)
    assert re.match(pattern, suggested), suggested


# --- Size of one text and one key -------------------------------------------------


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
@pytest.mark.parametrize("style", ["plain", "quoted", "block"])
def test_a_text_past_the_limit_is_refused_naming_its_field(style, fast):
    long = "word " * (yamlsource.MAX_TEXT // 5 + 1)
    value = {"plain": long.strip(), "quoted": f'"{long}"', "block": "|\n      " + long}[style]
    message = problem(f"id: x\nsteps:\n  - title: a\n    instruction: {value}\n", fast)
    assert message.startswith("f.yml:4: field 'steps[0].instruction': a text of "), message
    assert f"the limit is {yamlsource.MAX_TEXT:,}" in message and long[:200] not in message


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
def test_a_text_at_the_limit_is_read(fast):
    assert len(data(f"a: {'x' * yamlsource.MAX_TEXT}\n", fast)["a"]) == yamlsource.MAX_TEXT


@pytest.mark.parametrize("fast", PARSERS.values(), ids=PARSERS)
def test_a_field_name_past_its_limit_is_refused_by_its_start(fast):
    key = "k" * (yamlsource.MAX_KEY + 1)
    message = problem(f"tags:\n  {key}: meaning\n", fast)
    assert message.startswith(f"f.yml:2: field 'tags.{'k' * 40}…': a field name of 201 characters"), message
