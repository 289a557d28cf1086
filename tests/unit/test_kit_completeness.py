"""What every exercise of the kit carries, walking every exercise's YAML:
everything a step asks people to use is on its in-person materials list, so
the pack's combined list is complete (issue 26: dot stickers were used, never
listed); an opener to read aloud; an example row in every table, which sizes
its columns for handwriting; and a known answer length for every prompt.
The schema leaves opener and example optional for an exercise in the making;
the kit's own exercises all have them."""

import pathlib
import re

import pytest
import yaml

from support.project import ROOT

# What a step's words ask for -> what the materials list must then name.
# A printed wall chart stands in for a flip chart drawn by hand.
THINGS = {
    "dot stickers": (r"\bdots?\b|dot stickers?", r"dot stickers?"),
    "sticky notes": (r"sticky[- ]notes?", r"sticky[- ]notes?"),
    "markers": (r"\bmarkers?\b", r"\bmarkers?\b|marker pens?"),
    "a flip chart or wall chart": (r"flip[- ]charts?|wall charts?", r"flip[- ]charts?|wall charts?"),
    "a timer": (r"\btimer\b", r"\btimer\b"),
    "scissors or a trimmer": (r"\bscissors\b|\bcut (the|each) cards?\b", r"scissors|trimmer"),
}
EXERCISES = sorted(p for p in (ROOT / "exercises").glob("*.yml") if not p.name.startswith("_"))


def _material_text(line) -> str:
    return line if isinstance(line, str) else f"{line['item']} {line.get('note', '')}"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_what_the_steps_use_is_on_the_in_person_materials_list(path: pathlib.Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = " ".join(s["instruction"] for s in data["steps"]).lower()
    listed = " ".join(_material_text(m) for m in data["materials"].get("in-person", [])).lower()
    missing = [
        name for name, (used, named) in THINGS.items() if re.search(used, steps) and not re.search(named, listed)
    ]
    assert not missing, f"{path.name}: the steps use {', '.join(missing)}, the in-person materials do not list it"


def _data(path: pathlib.Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_every_exercise_has_an_opener_and_every_table_an_example_row(path: pathlib.Path):
    data = _data(path)
    assert len(data.get("opener", "")) >= 40, f"{path.name}: no opener to read aloud"
    tables = [b["label"] for b in data["worksheet"]["blocks"] if b["kind"] == "table" and "example" not in b]
    assert not tables, f"{path.name}: tables without an example row: {tables}"


QUOTED = re.compile(r"\"[^\"]+\"|\u201c[^\u201d]+\u201d")


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_every_prompt_knows_how_long_its_answer_is(path: pathlib.Path):
    """A write: hint, or an example quoted in the step that fills it: the sheet sizes the box from it."""
    data = _data(path)
    unknown = []
    for block in data["worksheet"]["blocks"]:
        if block["kind"] != "prompt" or "write" in block:
            continue
        step = block.get("step")
        if not step or not QUOTED.search(data["steps"][step - 1]["instruction"]):
            unknown.append(block["label"])
    assert not unknown, f"{path.name}: prompts with no write: hint and no example quoted in their step: {unknown}"
