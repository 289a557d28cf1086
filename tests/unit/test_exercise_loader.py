"""The exercise loader: every bad file fails with the right file, line and field.

Each case in tests/bad_exercises/ is one exercise file beside a valid
neighbour (tests/fixtures/sample-exercise.yml). Its .expect sidecar lists
every problem the loader must report, one per line: the line number, then a
fragment of the message. A sidecar with no problem lines means the file is
valid (injection.yml: HTML and Jinja in YAML text are data, not errors).
"""

import os
import pathlib
import shutil

import pytest

from macros.kit import exercises, schema, yamlsource
from macros.kit.exercises import ExerciseError, load_library
from support.project import expected_problems

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BAD = ROOT / "tests" / "bad_exercises"
SAMPLE = ROOT / "tests" / "fixtures" / "sample-exercise.yml"
CASES = sorted(p.stem for p in BAD.glob("*.yml"))


def expected(case: str) -> list:
    return expected_problems(BAD / f"{case}.expect")


def make_project(tmp_path: pathlib.Path, *files: pathlib.Path) -> pathlib.Path:
    """A minimal project: the real schema, the given exercise files, an empty docs/."""
    folder = tmp_path / "project" / "exercises"
    folder.mkdir(parents=True)
    (tmp_path / "project" / "docs").mkdir()
    shutil.copy(ROOT / "exercises" / "schema.json", folder)
    for path in files:
        shutil.copy(path, folder)
    return tmp_path / "project"


def problems_for(project: pathlib.Path) -> list:
    try:
        load_library(project)
    except ExerciseError as err:
        return err.problems
    return []


def test_corpus_has_at_least_fifteen_failing_cases():
    failing = [case for case in CASES if expected(case)]
    assert len(failing) >= 15, failing


@pytest.mark.parametrize("case", CASES)
def test_bad_file_reports_every_expected_problem_at_its_line(tmp_path, case):
    project = make_project(tmp_path, SAMPLE, BAD / f"{case}.yml")
    problems = problems_for(project)
    name = f"exercises/{case}.yml"
    assert all(p.file == name for p in problems), f"the valid neighbour was blamed: {problems}"
    want = expected(case)
    report = "\n".join(map(str, problems))
    assert len(problems) == len(want), f"expected {len(want)} problems, got:\n{report}"
    for line, fragment in want:
        assert any(p.line == line and fragment in str(p).removeprefix(f"{name}:{line}: ") for p in problems), (
            f"no problem at {name}:{line} containing {fragment!r}; got:\n{report}"
        )


def test_error_text_lists_each_problem_as_file_line_message(tmp_path):
    project = make_project(tmp_path, SAMPLE, BAD / "several-problems.yml")
    with pytest.raises(ExerciseError) as caught:
        load_library(project)
    lines = str(caught.value).splitlines()
    assert lines[0] == "3 problems in the exercise files:"
    assert lines[1].startswith("exercises/several-problems.yml:")
    assert "exercises/several-problems.yml:31: field 'steps[1].minutes': 'five' is not of type 'integer'" in lines


def test_template_is_skipped_and_matches_the_schema(tmp_path):
    """The scaffold stays in step with the schema, apart from its id."""
    template = ROOT / "exercises" / "_template.yml"
    project = make_project(tmp_path, SAMPLE, template)
    assert problems_for(project) == []  # skipped by the loader
    doc = yamlsource.load_file(template)
    validator = schema.validator(ROOT / "exercises" / "schema.json")
    assert exercises.schema_problems(doc, "exercises/_template.yml", validator) == []
    assert template.read_text().startswith("# yaml-language-server: $schema=schema.json\n")


def test_subfolders_are_not_exercises(tmp_path):
    project = make_project(tmp_path, SAMPLE)
    (project / "exercises" / "workshops").mkdir()
    shutil.copy(BAD / "empty-file.yml", project / "exercises" / "workshops" / "x.yml")
    assert [e.id for e in load_library(project)] == ["sample-exercise"]


def test_each_file_is_parsed_once_until_it_changes(tmp_path, monkeypatch):
    project = make_project(tmp_path, SAMPLE)
    calls = []
    real = schema.load_file
    monkeypatch.setattr(schema, "load_file", lambda *a: calls.append(a) or real(*a))
    load_library(project)
    load_library(project)
    assert len(calls) == 1
    path = project / "exercises" / "sample-exercise.yml"
    path.write_text(path.read_text().replace("title: Sample exercise", "title: Sample exercise, edited"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load_library(project)["sample-exercise"]["title"] == "Sample exercise, edited"
    assert len(calls) == 2


def test_dates_stay_as_typed_text():
    doc = yamlsource.load_text("updated: 2026-11-23\n", "x.yml")
    assert doc.data == {"updated": "2026-11-23"}


def test_every_shipped_exercise_validates():
    library = load_library(ROOT)
    ids = {p.stem for p in exercises.exercise_files(ROOT)}
    assert {e.id for e in library} == ids
    assert {"cx-brainstorm", "strengths-map"} <= ids


def test_every_shipped_exercise_names_its_schema_for_editors():
    for path in exercises.exercise_files(ROOT):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema.json", path.name


def test_an_unreadable_file_is_the_only_file_blamed(tmp_path):
    """A syntax error in one exercise does not also report every exercise that relates to it."""
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    path = tmp_path / "exercises" / "cx-brainstorm.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: [unclosed\n_x: ", 1), encoding="utf-8"
    )
    relating = [
        p.name for p in exercises.exercise_files(tmp_path) if "- cx-brainstorm" in p.read_text(encoding="utf-8")
    ]
    assert relating, "no shipped exercise relates to cx-brainstorm any more; pick another"
    with pytest.raises(ExerciseError) as err:
        load_library(tmp_path)
    blamed = {problem.file for problem in err.value.problems}
    assert blamed == {"exercises/cx-brainstorm.yml"}, str(err.value)


# --- Files the loader cannot read as the maintainer meant -------------------


def test_a_yaml_extension_is_named_not_skipped(tmp_path):
    project = make_project(tmp_path, SAMPLE)
    shutil.copy(SAMPLE, project / "exercises" / "extra.yaml")
    assert [str(p) for p in problems_for(project)] == [
        "exercises/extra.yaml:1: exercise files end in '.yml', in lower case, so this one is not read; "
        "rename it to extra.yml"
    ]


# Every spelling of a YAML extension but '.yml' was skipped in silence unless it was '.yaml'.
MISNAMED = ["Ghost.YML", "ghost.Yml", "ghost.yML", "ghost.YAML", "ghost.Yaml", "ghost.yAml"]


@pytest.mark.parametrize("file_name", MISNAMED)
@pytest.mark.parametrize("folder", ["exercises", "exercises/workshops"])
def test_a_yaml_extension_in_capitals_is_named_not_skipped(tmp_path, folder, file_name):
    project = make_project(tmp_path, SAMPLE)
    (project / "exercises" / "workshops").mkdir(exist_ok=True)
    shutil.copy(SAMPLE, project / folder / file_name)
    kind = "exercise" if folder == "exercises" else "workshop"
    stem = file_name.split(".")[0]
    assert [str(p) for p in schema.misnamed_files(project, folder, kind)] == [
        f"{folder}/{file_name}:1: {kind} files end in '.yml', in lower case, so this one is not read; "
        f"rename it to {stem}.yml"
    ]
    if folder == "exercises":
        assert [p.file for p in problems_for(project)] == [f"exercises/{file_name}"]


def test_a_folder_named_like_an_exercise_file_is_named(tmp_path):
    project = make_project(tmp_path, SAMPLE)
    (project / "exercises" / "folder.yml").mkdir()
    problems = problems_for(project)
    assert [(p.file, p.line) for p in problems] == [("exercises/folder.yml", 1)]
    assert "is a folder" in problems[0].message


@pytest.mark.parametrize(
    "content, line, fragment",
    [
        ("", 1, "the schema file is empty"),
        ('{\n  "type": "object",\n  "properties": {\n}}}\n', 4, "the schema is not valid JSON"),
        ("[1, 2]", 1, "must be a JSON object"),
        ('{"type": "objekt"}', 1, "not a valid JSON Schema at type"),
    ],
)
def test_a_broken_schema_file_is_named_with_its_line(tmp_path, content, line, fragment):
    project = make_project(tmp_path, SAMPLE)
    (project / "exercises" / "schema.json").write_text(content, encoding="utf-8")
    problems = problems_for(project)
    assert [(p.file, p.line) for p in problems] == [("exercises/schema.json", line)], problems
    assert fragment in problems[0].message


def test_no_message_repeats_a_long_value(tmp_path):
    project = make_project(tmp_path, SAMPLE, BAD / "too-long.yml")
    assert all(len(p.message) < 300 for p in problems_for(project))
