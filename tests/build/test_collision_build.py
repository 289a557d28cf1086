"""Wrong output with exit 0, refused in a real build: ids whose outputs meet, and dead guide anchors.

- Exercise `no-show-role-play-cards` wrote its worksheet over the card sheet
  of `no-show-role-play`; exercise `index` and workshop `compose` were told to
  "delete docs/exercises/index.md", and doing so built, exit 0, without the
  exercise library. One build of a kit holding all three now stops before a
  page is written, naming both sources of each clash (file and line of each
  id) and asking for another id (macros/kit/outputs.py, macros/plugin/generated.py).
- `guide: playbook/x.md#no-such-anchor` published a dead link: it stops the
  build with file, line, field and the ids the guide has (macros/kit/headings.py).

tests/unit/test_output_clashes.py and test_guide_anchors.py try more spellings.
"""

import re

import pytest

from support.project import copy_project, run_build


def _copy_with_id(path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    (path.parent / f"{new}.yml").write_text(text.replace(f"id: {old}", f"id: {new}"), encoding="utf-8")


def _build_fails(project, site):
    result = run_build(project, site)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    assert "Traceback" not in log
    assert not (site / "index.html").exists()
    return result.stderr


@pytest.mark.build
def test_ids_whose_outputs_meet_stop_the_build_naming_both_and_never_advise_deleting(tmp_path):
    project = copy_project(tmp_path / "project")
    _copy_with_id(project / "exercises/cx-brainstorm.yml", "cx-brainstorm", "no-show-role-play-cards")
    _copy_with_id(project / "exercises/cx-brainstorm.yml", "cx-brainstorm", "index")
    _copy_with_id(project / "exercises/workshops/one-team-day.yml", "one-team-day", "compose")
    said = _build_fails(project, tmp_path / "site")
    assert "delete" not in said.lower(), said
    expected = [
        (
            "exercises/no-show-role-play-cards.yml:2: field 'id': ",
            ["exercises/no-show-role-play.yml:2", "pdf/worksheets/no-show-role-play-cards-a4.pdf", "another id"],
        ),
        ("exercises/index.yml:2: field 'id': ", ["docs/exercises/index.md", "another id", "keep"]),
        ("exercises/workshops/compose.yml:2: field 'id': ", ["docs/workshops/compose.md", "another id", "keep"]),
    ]
    for start, fragments in expected:
        line = next((line for line in said.splitlines() if start in line), None)
        assert line, f"nothing starts with {start!r}:\n{said}"
        assert all(fragment in line for fragment in fragments), line
    assert (project / "docs/exercises/index.md").is_file()


@pytest.mark.build
def test_a_guide_anchor_the_guide_does_not_have_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "exercises/cx-brainstorm.yml"
    text = re.sub(r"(?m)^guide: (.*)$", r"guide: \1#no-such-anchor", path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")
    said = _build_fails(project, tmp_path / "site")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("guide:"))
    assert (
        f"exercises/cx-brainstorm.yml:{line}: field 'guide': docs/playbook/exceptions-and-vision.md has no heading "
        "with the id 'no-such-anchor' (its headings' ids: " in said
    ), said
    assert "why-it-matters" in said
