"""The built site words coded values as templates/partials/labels.yml does, on
the pages and in the data file the composer and run mode read.

A step's facts line on an exercise page names its grouping in the file's
in-text form; the library and the filters name formats with its labels; and
kit-data.js carries the same file, so run mode's "In pairs" and the page's
"in pairs" are one entry."""

import html
import json
import re

import pytest

from macros.kit import exercises, labels
from support.project import ROOT

LIBRARY = exercises.load_library(ROOT)
WORDS = labels.load(ROOT / "templates")


def _kit_data(built_site) -> dict:
    text = (built_site / "assets" / "javascripts" / "kit-data.js").read_text(encoding="utf-8")
    assert text.startswith("window.cgKit = ") and text.endswith(";\n")
    return json.loads(text[len("window.cgKit = ") : -2])


def test_the_data_file_carries_the_labels_file(built_site):
    assert _kit_data(built_site)["labels"] == WORDS.data()


@pytest.mark.parametrize("exercise_id", sorted(e.id for e in LIBRARY))
def test_each_steps_facts_name_its_grouping_and_minutes_in_the_labels_words(built_site, exercise_id):
    page = (built_site / "exercises" / exercise_id / "index.html").read_text(encoding="utf-8")
    facts = [html.unescape(m) for m in re.findall(r'<span class="cg-step-meta">(.*?)</span>', page)]
    steps = LIBRARY[exercise_id]["steps"]
    assert len(facts) == len(steps)
    for step, line in zip(steps, facts, strict=True):
        want = f"{step['minutes']} {WORDS.units['minutes']} · {WORDS.groupings[step['grouping']]['in_text']} · "
        assert line.startswith(want), (line, want)


def test_the_library_and_its_filter_name_formats_with_the_labels(built_site):
    page = (built_site / "exercises" / "index.html").read_text(encoding="utf-8")
    options = re.findall(r'<option value="([a-z-]+)" data-cg-in-text="([^"]+)">([^<]+)</option>', page)
    assert options == [(code, name["in_text"], name["label"]) for code, name in WORDS.formats.items()]
    listed = re.findall(r'<ul class="cg-library-formats">(.*?)</ul>', page)
    assert len(listed) == len(LIBRARY)
    for exercise, cell in zip(LIBRARY, listed, strict=True):
        assert re.findall(r"<li>([^<]+)</li>", cell) == [WORDS.formats[f]["label"] for f in exercise["formats"]]
