"""The words for the kit's coded values come from one file: templates/partials/labels.yml.

Formats, groupings, agenda kinds and units are shown by the pages, the PDFs,
the composer and run mode. Here: the file names every value the exercise
and workshop schemas allow, no more; a broken file is refused naming its
file, line and field, through the kit's one YAML reader and its schema; an
edited label reaches the templates on the next build of the same process;
and no script, template or module types a label of its own.
(tests/browser/test_composer.py shows the composer and run mode taking
their words from the data file; tests/site/test_labels_site.py the pages.)
"""

import json
import re
import shutil

import pytest

from macros import templating
from macros.kit import exercises, labels
from macros.kit import kit as kit_load
from macros.kit.materials import FORMAT_ORDER
from support.project import ROOT

LABELS = ROOT / "templates" / "partials" / "labels.yml"
LABELS_SCHEMA = ROOT / "templates" / "partials" / "labels.schema.json"
SCRIPTS = sorted((ROOT / "docs" / "assets" / "javascripts").glob("*.js"))


def _schema(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _allowed() -> dict:
    """Group -> the values the kit's own schemas allow, in their order."""
    ex, ws = _schema(ROOT / "exercises" / "schema.json"), _schema(ROOT / "exercises" / "workshops" / "schema.json")
    return {
        "formats": ex["$defs"]["format"]["enum"],
        "groupings": ex["properties"]["steps"]["items"]["properties"]["grouping"]["enum"],
        "kinds": ws["properties"]["agenda"]["items"]["properties"]["kind"]["enum"],
    }


def test_the_labels_name_every_value_the_kit_schemas_allow_and_no_other():
    words = labels.load(ROOT / "templates")
    own_schema = _schema(LABELS_SCHEMA)["properties"]
    for group, values in _allowed().items():
        assert sorted(getattr(words, group)) == sorted(values), group
        assert sorted(own_schema[group]["required"]) == sorted(values), f"labels.schema.json, {group}"
        assert sorted(own_schema[group]["properties"]) == sorted(values), f"labels.schema.json, {group}"
    # Pages list formats in the kit's order, which the file keeps.
    assert list(words.formats) == list(FORMAT_ORDER)


def test_the_real_labels_have_both_forms_and_units():
    words = labels.load(ROOT / "templates")
    for group in ("formats", "groupings", "kinds"):
        for code, name in getattr(words, group).items():
            assert set(name) == {"label", "in_text"}, (group, code)
    assert words.length(220) == "3 h 40 min"
    assert words.data()["units"] == {"minutes": "min", "hours": "h", "people": "people"}


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


# (what is broken, edit of the file's text, text of the line at fault, words the message holds)
BROKEN = [
    (
        "a name without its in-text form",
        lambda t: t.replace("pairs: {label: In pairs, in_text: in pairs}", "pairs: {label: In pairs}"),
        "pairs: {label: In pairs}",
        "field 'groupings.pairs': missing required field 'in_text'",
    ),
    (
        "a format left out",
        lambda t: t.replace("  remote: {label: Remote, in_text: remote}\n", ""),
        "formats:",
        "field 'formats': missing required field 'remote'",
    ),
    (
        "a grouping the schemas do not know",
        lambda t: t.replace("  solo: {", "  trios: {label: In trios, in_text: in trios}\n  solo: {"),
        "trios:",
        "unknown field 'trios' in 'groupings'",
    ),
    (
        "an empty label",
        lambda t: t.replace("{label: Remote,", "{label: '',"),
        "label: ''",
        "field 'formats.remote.label'",
    ),
    (
        "markup in a label",
        lambda t: t.replace("{label: Hybrid,", "{label: <b>Hybrid</b>,"),
        "<b>Hybrid</b>",
        "field 'formats.hybrid.label': '<b>Hybrid</b>' is not a label",
    ),
    (
        "a unit that is a YAML 1.1 boolean",
        lambda t: t.replace("  people: people", "  people: yes"),
        "people: yes",
        "field 'units.people'",
    ),
    (
        "a key written twice",
        lambda t: t.replace("  hours: h\n", "  hours: h\n  hours: hrs\n"),
        "hours: hrs",
        "duplicate key 'hours'",
    ),
]


@pytest.mark.parametrize("case", BROKEN, ids=[case[0] for case in BROKEN])
def test_a_broken_labels_file_is_refused_naming_file_line_and_field(kit, case):
    _, edit, at, words = case
    path = kit / "templates" / "partials" / "labels.yml"
    text = edit(path.read_text(encoding="utf-8"))
    assert text != path.read_text(encoding="utf-8"), "the edit changed nothing"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(labels.LabelsError) as caught:
        labels.load(kit / "templates")
    message = str(caught.value)
    assert message.startswith("1 problem in the labels file:\n"), message
    assert f"templates/partials/labels.yml:{_line_of(text, at)}: " in message, message
    assert words in message, message
    assert "Traceback" not in message and str(kit) not in message


@pytest.mark.parametrize("gone", ["labels.yml", "labels.schema.json"])
def test_a_missing_labels_file_or_schema_is_named(kit, gone):
    (kit / "templates" / "partials" / gone).unlink()
    with pytest.raises(labels.LabelsError, match=f"templates/partials/{re.escape(gone)}:1: "):
        labels.load(kit / "templates")


def test_the_kits_load_stops_on_a_broken_labels_file(kit):
    """The plugin reports every ExerciseError as the kit's problem: the labels are one."""
    path = kit / "templates" / "partials" / "labels.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  people: people\n", ""), encoding="utf-8")
    with pytest.raises(exercises.ExerciseError, match="field 'units': missing required field 'people'"):
        kit_load.load(kit, kit / "docs")


def test_an_edited_label_reaches_the_templates_after_the_next_refresh(tmp_path):
    copy = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", copy)
    templating.refresh(copy)
    env = templating.environment(str(copy))
    page = env.from_string("{{ labels.groupings['pairs'].in_text }} · {{ labels.length(90) }}")
    assert page.render() == "in pairs · 1 h 30 min"
    path = copy / "partials" / "labels.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("in_text: in pairs", "in_text: two by two").replace("hours: h", "hours: hr"), "utf-8")
    templating.refresh(copy)
    assert page.render() == "two by two · 1 hr 30 min"


# --- Nobody types a label of their own ----------------------------------------------

_JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\"'\\])//[^\n]*", re.S)


def _names_typed_in_prose(groups=("formats", "groupings", "kinds")) -> list:
    """Every label, and every in-text form that is not also its code (a code
    such as "remote" or "break" is compared with, and is no label there)."""
    words = labels.load(ROOT / "templates")
    found = []
    for group in groups:
        for code, name in getattr(words, group).items():
            found.append(name["label"])
            if name["in_text"] != code:
                found.append(name["in_text"])
    return found


def _js_strings(path) -> list:
    text = _JS_COMMENT.sub("", path.read_text(encoding="utf-8"))
    return [literal[1:-1] for literal in _JS_STRING.findall(text)]


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_no_script_types_a_label_or_a_unit(script):
    names = _names_typed_in_prose()
    units = labels.load(ROOT / "templates").units
    # A unit after a space inside a string (" min", " people"): a number went
    # before it. A string that is only the word is a key ("people" the field).
    unit_word = re.compile(r"(?<=\s)(" + "|".join(map(re.escape, units.values())) + r")(?![\w-])")
    typed = []
    for literal in _js_strings(script):
        typed += [
            f"{literal!r} holds the label {n!r}" for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", literal)
        ]
        typed += [f"{literal!r} holds the unit {m.group(1)!r}" for m in unit_word.finditer(literal)]
    assert not typed, f"{script.name} types words that templates/partials/labels.yml holds:\n" + "\n".join(typed)


def _template_texts() -> list:
    return [
        p
        for p in sorted((ROOT / "templates").rglob("*"))
        if p.is_file() and p.suffix in (".j2", ".html") and "theme" not in p.relative_to(ROOT / "templates").parts
    ]


# A number printed by a template or an f-string, then a unit typed after it.
_NUMBER_THEN_UNIT = re.compile(r"(\}\}|\})[ \u00a0]*(min|h|people)\b")


@pytest.mark.parametrize(
    "path",
    [
        *_template_texts(),
        *sorted((ROOT / "macros").rglob("*.py")),
    ],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_no_template_or_module_types_a_label_or_a_unit(path):
    text = path.read_text(encoding="utf-8")
    typed = [f"a unit after a number: {m.group(0)!r}" for m in _NUMBER_THEN_UNIT.finditer(text)]
    # Kinds are named only by the browser; "Exercise" heads the library's column.
    names = _names_typed_in_prose(("formats", "groupings"))
    typed += [f"the label {n!r}" for n in names if re.search(rf"[>\"']{re.escape(n)}[<\"']", text)]
    assert not typed, f"{path.relative_to(ROOT)} types words that templates/partials/labels.yml holds: {typed}"
