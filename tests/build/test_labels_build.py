"""A broken labels file (templates/partials/labels.yml) stops a real build
with its file, line and field, as a broken exercise does: no traceback, and
nothing that looks like a finished site."""

import pytest

from support.project import run_build

pytestmark = pytest.mark.build


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("  pairs: {label: In pairs, in_text: in pairs}", "  pairs: {label: In pairs}", 22, "field 'groupings.pairs'"),
        (
            "  people: people",
            '  people: "<b>100%</b> people"',
            36,
            "field 'units.people': '<b>100%</b> people' is not a label",
        ),
    ],
    ids=["a name without its in-text form", "a unit with markup and a percent sign"],
)
def test_a_broken_labels_file_stops_the_build_naming_file_line_and_field(project_copy, tmp_path, old, new, line, words):
    path = project_copy / "templates" / "partials" / "labels.yml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[line - 1] == old, "the labels file moved: fix the line in this test"
    path.write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(project_copy, out)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    assert f"templates/partials/labels.yml:{line}: {words}" in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert not (out / "index.html").exists(), "a failed build left a site that looks finished"
