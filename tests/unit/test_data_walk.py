"""Every data file and every text field, walked in-process (no build).

The walk (tests/support/datawalk.py) finds data by walking docs/ and
exercises/: every .yml, .yaml and .json file, in any case, and the front
matter of every Markdown page. The field check (tests/support/fieldcheck.py)
runs the build's own readers on the changed files and decides, for every
field, whether it takes free text. A field that takes it is shown as typed
in every output (tests/build/test_hostile_text.py builds once to see); a
field that refuses it must say so cleanly: the file as the project names it,
the line, the field, and no crash (a traceback in the build).
"""

from __future__ import annotations

import pytest

from support import datawalk, fieldcheck, hostile
from support.project import ROOT

SECRET = "SECRET-41c7-read-by-an-include"
SNIPPET = "includes/secret-snippet.md"


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    """The field check over a copy of the project: every payload into every field."""
    base = tmp_path_factory.mktemp("walk")
    project = fieldcheck.copy_data_project(base / "project", ROOT)
    secret = base / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    walk = fieldcheck.FieldWalk(project)
    found = fieldcheck.plan(
        walk, hostile.payloads(str(secret), SNIPPET), hostile.multiline_payload(str(secret), SNIPPET)
    )
    return walk, found


# --- The walk finds every data file ---------------------------------------------


def test_every_file_under_docs_and_exercises_is_walked_or_a_static_asset():
    assert datawalk.unvisited(ROOT) == [], (
        "a file the data walk does not read: teach tests/support/datawalk.py its format, "
        "or, if the build copies it as it is, add its suffix to STATIC_SUFFIXES"
    )


def test_the_walk_finds_a_new_file_and_a_new_field_without_being_told(tmp_path):
    project = fieldcheck.copy_data_project(tmp_path / "project", ROOT)
    (project / "exercises" / "Ghost.YML").write_text("title: a ghost\n", encoding="utf-8")
    (project / "docs" / "includes" / "roles.yaml").write_text("- name: lead\n  note: a note\n", encoding="utf-8")
    (project / "docs" / "includes" / "data.toml").write_text('title = "not walked"\n', encoding="utf-8")
    page = project / "docs" / "about" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nsubtitle: new field\n", 1))
    # MkDocs also reads MultiMarkdown meta lines, and a byte-order mark.
    (project / "docs" / "about" / "old.md").write_text("\ufeffTitle: old style\n\n# Old\n", encoding="utf-8")
    walked = {f.rel: f for source in datawalk.sources(project) for f in datawalk.fields(source)}
    texts = {(f.rel, f.text) for source in datawalk.sources(project) for f in datawalk.fields(source)}
    assert ("exercises/Ghost.YML", "a ghost") in texts
    assert ("docs/includes/roles.yaml", "a note") in texts and ("docs/includes/roles.yaml", "name") in texts
    assert ("docs/about/index.md", "new field") in texts and ("docs/about/old.md", "old style") in texts
    assert datawalk.unvisited(project) == ["docs/includes/data.toml"]
    # The files the build reads today are among them.
    for rel in ("docs/includes/glossary.yml", "docs/includes/tags.yml", "exercises/cx-brainstorm.yml"):
        assert rel in walked


def test_schemas_are_visited_as_rules_not_data():
    kinds = {source.rel: source.kind for source in datawalk.sources(ROOT)}
    assert kinds["exercises/schema.json"] == kinds["exercises/workshops/schema.json"] == "schema"
    assert all(kind != "json" for kind in kinds.values()), "a JSON data file: check the walk puts payloads in it"


# --- Every field: free text, or a clean refusal ------------------------------------


def test_no_field_crashes_a_reader(walked):
    walk, found = walked
    crashes = [f"{walk.groups[g][0].rel}: {walk.groups[g][0].name()}: {message}" for g, _, message in found.crashes]
    assert not crashes, "a reader failed with a traceback instead of a problem:\n" + "\n".join(crashes[:20])


def test_every_field_that_refuses_free_text_names_file_line_and_field(walked):
    walk, found = walked
    unclean = []
    for group, text, problems in found.refusals:
        reasons = [problem.clean_for(walk.groups[group], walk.project) for problem in problems]
        if problems and all(reasons):
            field = walk.groups[group][0]
            unclean.append(
                f"{field.rel}: {field.name()} refused {text[:40]!r}: {problems[0].message[:160]} ({reasons[0]})"
            )
    assert not unclean, f"{len(unclean)} refusals do not name file, line and field:\n" + "\n".join(unclean[:20])


def test_free_text_fields_of_every_kind_of_file_take_every_payload_together(walked):
    walk, found = walked
    walk.write(found.texts)
    try:
        assert walk.check() == [], "the texts each field took one by one are refused together"
    finally:
        walk.restore()
    took = {f.rel for g in found.texts for f in walk.groups[g]}
    # Every data file the build reads has fields that take free text.
    read = {rel for rel, source in walk.sources.items() if datawalk.fields(source)} - walk.unread()
    assert read and read <= took, read - took
    # The cases the issue names: a glossary tooltip, a tag's meaning, a guide's title.
    shown = {(f.rel, f.path[-1]) for g in found.texts for f in walk.groups[g] if not f.is_key}
    assert ("docs/includes/glossary.yml", "short") in shown
    assert ("docs/playbook/strengths.md", "title") in shown


# --- Bidirectional controls and 100 KB (the readers' guards, macros/kit/yamlsource.py) ---


def _refused_everywhere(walk, proposed: dict) -> list:
    """The fields, of files the build reads, that take their proposed text or refuse it unclearly."""
    outcome = walk.trial(proposed)
    walk.restore()
    unread = walk.unread()
    problems = [
        f"{walk.groups[g][0].rel}: {walk.groups[g][0].name()}"
        for g in outcome.accepted
        if any(f.rel not in unread for f in walk.groups[g])
    ]
    problems += [
        f"{walk.groups[g][0].rel}: {walk.groups[g][0].name()}: crashed: {m}" for g, m in outcome.crashed.items()
    ]
    for group, found in outcome.refused.items():
        if all(problem.clean_for(walk.groups[group], walk.project) for problem in found):
            problems.append(f"{walk.groups[group][0].rel}: {walk.groups[group][0].name()}: {found[0].message[:120]}")
    return problems


@pytest.fixture
def fresh_walk(tmp_path):
    return fieldcheck.FieldWalk(fieldcheck.copy_data_project(tmp_path / "project", ROOT))


def test_bidi_and_zero_width_controls_are_refused_in_every_field(fresh_walk):
    # Each field gets one of the controls, in turn: each control lands in hundreds of fields.
    controls = hostile.CONTROLS
    proposed = {g: f"{fresh_walk.marker(g)} a{controls[g % len(controls)]}b" for g in fresh_walk.groups}
    accepted = _refused_everywhere(fresh_walk, proposed)
    assert not accepted, f"{len(accepted)} fields take a control character or refuse it unclearly:\n" + "\n".join(
        accepted[:15]
    )


def _one_per_shape(walk, groups) -> list:
    """The first group of each (file, field path with list indices as *) shape."""
    seen: dict = {}
    for group in sorted(groups):
        shape = frozenset(
            (f.rel, f.is_key, tuple("*" if isinstance(step, int) else step for step in f.path))
            for f in walk.groups[group]
        )
        seen.setdefault(shape, group)
    return list(seen.values())


def test_a_100_kb_value_is_refused_in_every_field(walked):
    """In every field with no length limit: one that refuses a few hundred
    characters cleanly (test above) refuses 100 KB by the same rule."""
    walk, found = walked
    long = " ".join(["overlong"] * 11_400)  # 100 KB
    # One long value per file at a time: many at once make a file too big to
    # read at all, a refusal of the whole file that names no field. One field
    # of each shape per file (claims[*].text stands for all 241 claims' texts):
    # the reader's limit does not depend on an index, and one round per field
    # of the claims ledger would take the better part of an hour.
    rounds: list = []
    for group in _one_per_shape(walk, found.unbounded):
        files = {f.rel for f in walk.groups[group]}
        chosen = next((r for r in rounds if not files & r["files"]), None)
        if chosen is None:
            chosen = {"files": set(), "groups": {}}
            rounds.append(chosen)
        chosen["files"] |= files
        chosen["groups"][group] = f"{walk.marker(group)} {long}"
    accepted = [problem for r in rounds for problem in _refused_everywhere(walk, r["groups"])]
    assert not accepted, f"{len(accepted)} fields take a 100 KB value or refuse it unclearly:\n" + "\n".join(
        accepted[:15]
    )


def test_the_walk_leaves_the_files_as_they_were(tmp_path):
    project = fieldcheck.copy_data_project(tmp_path / "project", ROOT)
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    walk = fieldcheck.FieldWalk(project)
    outcome = walk.trial({g: f"{walk.marker(g)} <b>" for g in list(walk.groups)[:40]})
    assert outcome.accepted and outcome.refused
    walk.restore()
    assert {p: p.read_bytes() for p in before} == before
