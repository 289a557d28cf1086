"""The YAML reader gives the same data, lines and messages with either parser.

When PyYAML has libyaml, yamlsource reads events from its C parser; without
it, from PyYAML's pure-Python one. A maintainer must not be able to tell
which one ran: every file of the kit and every bad case must come out the
same, refusals included.
"""

import pathlib

import pytest
import yaml

from macros.kit import yamlsource

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
FILES = sorted(
    [
        *(ROOT / "tests" / "bad_exercises").glob("*.yml"),
        *(ROOT / "exercises").rglob("*.yml"),
        *(ROOT / "tests" / "fixtures").glob("*.yml"),
        *(ROOT / "tests" / "pdf_fixtures").glob("*.yml"),
    ]
)
# Refusals the bad-exercise corpus does not cover, as (text, expected message).
EXTRA = {
    "merge key": ("a: 1\nb:\n  <<: {x: 1}\n", "f.yml:3: field 'b': merge keys ('<<') are not allowed"),
    "set tag on a mapping": (
        "a: !!set {x, y}\n",
        "f.yml:1: field 'a': cannot read value: tag 'tag:yaml.org,2002:set' is not allowed; write plain data",
    ),
    "anchor on a text": (
        "a: &x 1\nb: 2\n",
        "f.yml:1: field 'a': YAML anchors and aliases (&x / *x) are not allowed; write the value out in full",
    ),
    # Where else YAML reads an anchor or alias: in a flow list, after a tag,
    # on a complex key. The fast reader must send each to the checked path.
    "anchor and alias in a flow list": (
        "a: [&x 1, *x]\n",
        "f.yml:1: field 'a[0]': YAML anchors and aliases (&x / *x) are not allowed; write the value out in full",
    ),
    "anchor after a tag": (
        "a: 1\nb: !!str &y text\n",
        "f.yml:2: field 'b': YAML anchors and aliases (&y / *y) are not allowed; write the value out in full",
    ),
    "anchor on a complex key": (
        "? &k a\n: 1\n",
        "f.yml:1: YAML anchors and aliases (&k / *k) are not allowed; write the value out in full",
    ),
    "control character": (
        'a: 1\nb: "x\x07y"\n',
        "f.yml:2: character #x0007 is not allowed in YAML text; delete it or retype the line",
    ),
    "list as a key": ("[1]: 2\n", "f.yml:1: key [1] is not text; field names are words like 'title'"),
    "deep nesting": (
        "[" * 5000 + "]" * 5000,
        "f.yml:1: field '[0][0][0]…': lists and mappings are nested more than 50 deep here; a kit file needs a "
        "few levels at most. Look for brackets or dashes repeated by mistake",
    ),
}


def outcome(text: str, fast: bool):
    try:
        doc = yamlsource.load_text(text, "f.yml", fast=fast)
    except yamlsource.YamlProblem as problem:
        return str(problem)
    return doc.data, doc.lines, doc.scalar_types


def text_of(path: pathlib.Path):
    try:
        return yamlsource.decode(path.read_bytes(), "f.yml")
    except yamlsource.YamlProblem:
        return None


def test_libyaml_is_used_where_pyyaml_has_it():
    assert (yamlsource._CLoader is not None) == yaml.__with_libyaml__


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_parsers_give_the_same_data_lines_and_messages(path):
    text = text_of(path)
    if text is None:  # not UTF-8: refused before any parser runs
        with pytest.raises(yamlsource.YamlProblem, match="file is not UTF-8"):
            yamlsource.load_file(path)
        return
    assert outcome(text, fast=True) == outcome(text, fast=False)


@pytest.mark.parametrize("case", EXTRA)
def test_other_refusals_read_the_same_with_both_parsers(case):
    text, message = EXTRA[case]
    assert outcome(text, fast=True) == message
    assert outcome(text, fast=False) == message


def test_stars_and_ampersands_in_text_are_text_with_both_parsers():
    text = "a: some *italic* text, R&D and 5 * 3\nb:\n  - '*quoted*'\n  - x & y\n"
    expected = {"a": "some *italic* text, R&D and 5 * 3", "b": ["*quoted*", "x & y"]}
    for fast in (True, False):
        assert outcome(text, fast)[0] == expected


def test_dates_stay_typed_text_with_both_parsers():
    for fast in (True, False):
        assert outcome("updated: 2026-11-23\n", fast)[0] == {"updated": "2026-11-23"}


# Every kind of plain scalar YAML 1.1 resolves by its first character, and
# the same texts quoted. The C path resolves them with its own short
# resolver; the values and their types must be PyYAML's.
SCALARS = [
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "False",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "0",
    "-12",
    "+7",
    "0x1f",
    "0o17",
    "017",
    "1_000",
    "190:20:30",
    "0b101",
    "1.5",
    "-.5",
    "+1e3",
    "6.8523015e+5",
    "1_000.5",
    ".inf",
    "-.Inf",
    ".NaN",
    "190:20:30.15",
    "=",
    "<<",
    "2026-11-23",
    "2001-12-14t21:59:43.10-05:00",
    "!",
    "&",
    "*",
    "text",
    "Yesterday",
    "0.1.2",
]


@pytest.mark.parametrize("quote", ["", "'"])
def test_every_kind_of_scalar_reads_the_same_with_both_parsers(quote):
    """Each scalar alone, so that one refused (a YAML 1.1 surprise, '=') does
    not hide the others: value, type and message are the same either way."""
    # Unquoted, these four are syntax.
    plain_only = ("<<", "!", "&", "*")
    read = {}
    for value in SCALARS:
        if not quote and value in plain_only:
            continue
        text = f"k: {quote}{value}{quote}\n"
        fast, slow = outcome(text, fast=True), outcome(text, fast=False)
        assert fast == slow, value
        if isinstance(fast, tuple):
            # Values of the same text compare equal across types (1 == True): types too.
            assert type(fast[0]["k"]) is type(slow[0]["k"]), value
            assert fast[2] == frozenset({type(fast[0]["k"])} - {str}), value
            read[value] = fast[0]["k"]
    if quote:
        assert read == {value: value for value in SCALARS}
    else:
        assert {float, bool, int, type(None)} <= {type(v) for v in read.values()}


def test_the_fast_path_stops_an_alias_bomb_at_its_first_shared_node():
    """Second guard: were an alias ever to reach libyaml's composer, the walk
    would meet a node twice and hand the file to the checked path at once."""
    text = (ROOT / "tests" / "bad_exercises" / "alias-bomb.yml").read_text()
    with pytest.raises(yamlsource._SyntaxInC):
        yamlsource._load_with(yamlsource._CComposer, text, "f.yml")
    shared = "a: &x [1, 2]\nb: *x\n"
    with pytest.raises(yamlsource._SyntaxInC):
        yamlsource._load_with(yamlsource._CComposer, shared, "f.yml")


def test_a_plain_equals_sign_is_refused_the_same_way_by_both_parsers():
    message = "f.yml:1: field 'k': an unquoted = means something else to YAML 1.1; put it in quotes (\"=\")"
    assert outcome("k: =\n", fast=True) == outcome("k: =\n", fast=False) == message


def test_lines_are_found_when_first_asked_and_survive_the_disk_cache():
    """Reading records no lines (a third of the read); a message asks for them."""
    import pickle

    text = "id: x\nsteps:\n  - title: a\n    minutes: 5\n  - title: b\n"
    doc = yamlsource.load_text(text, "f.yml")
    assert doc._lines is None
    stored = pickle.loads(pickle.dumps(doc))
    assert stored._lines is None
    expected = {
        (): 1,
        ("id",): 1,
        ("steps",): 2,
        ("steps", 0): 3,
        ("steps", 0, "title"): 3,
        ("steps", 0, "minutes"): 4,
        ("steps", 1): 5,
        ("steps", 1, "title"): 5,
    }
    assert stored.lines == expected == yamlsource.load_text(text, "f.yml", fast=False).lines
    assert stored.line_of(("steps", 1, "minutes")) == 5


def test_a_duplicate_key_names_the_line_of_the_first():
    text = "id: x\ntitle: a\nsteps: []\ntitle: b\n"
    for fast in (True, False):
        assert outcome(text, fast) == "f.yml:4: duplicate key 'title' (first given on line 2)"
