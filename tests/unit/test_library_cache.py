"""Loading an unchanged library again reuses each file's checked result, in
memory and, for the next build, on disk; any change (the file, or the schema
it is checked against) is seen at once.

`mkdocs serve` reloads the library in the same process for every rebuild,
so a stale entry here would show a maintainer an old page or hide an error.
"""

import json
import os

import pytest

from macros.kit import exercises, loaded, schema, workshops


def _touch_later(path):
    """A later modification time, as a save a second later would give."""
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))


def _count_parses(monkeypatch):
    calls = []
    real = schema.load_file
    monkeypatch.setattr(schema, "load_file", lambda *a: calls.append(a[1]) or real(*a))
    return calls


def test_second_load_parses_nothing_and_gives_the_same_library(kit, monkeypatch):
    calls = _count_parses(monkeypatch)
    first = exercises.load_library(kit)
    first_workshops = workshops.load_workshops(kit, first)
    parsed = len(calls)
    assert parsed == len(first) + len(first_workshops)
    second = exercises.load_library(kit)
    second_workshops = workshops.load_workshops(kit, second)
    assert len(calls) == parsed, f"unchanged files parsed again: {calls[parsed:]}"
    assert [e.data for e in second] == [e.data for e in first]
    assert {k: w.slots for k, w in second_workshops.items()} == {k: w.slots for k, w in first_workshops.items()}


def test_one_build_loads_the_kit_once_and_the_next_build_loads_it_again(kit, monkeypatch):
    """define_env and the two hooks share one load a build (macros/kit/loaded.py)."""
    loads = []
    real = exercises.load_library
    monkeypatch.setattr(exercises, "load_library", lambda *a: loads.append(1) or real(*a))
    build, next_build = object(), object()
    first = loaded.kit(kit, kit / "docs", build)
    assert loaded.kit(kit, str(kit / "docs"), build) == first and len(loads) == 1
    assert loaded.kit(kit, kit / "docs", next_build)[0] is not first[0] and len(loads) == 2
    # A load that fails is not kept: the next caller of the same build is told too.
    (kit / "exercises" / "cx-brainstorm.yml").write_text("id: [broken\n", encoding="utf-8")
    broken_build = object()
    for _ in range(2):
        with pytest.raises(exercises.ExerciseError, match="cx-brainstorm.yml"):
            loaded.kit(kit, kit / "docs", broken_build)
    assert len(loads) == 4


def test_edited_workshop_is_read_again(kit, monkeypatch):
    library = exercises.load_library(kit)
    workshops.load_workshops(kit, library)
    path = kit / "exercises" / "workshops" / "friction-to-vision.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle: ", "\ntitle: Edited ", 1), encoding="utf-8")
    _touch_later(path)
    assert workshops.load_workshops(kit, library)["friction-to-vision"]["title"].startswith("Edited ")
    # A file that breaks after being cached is reported, not served stale.
    path.write_text(text.replace("\ntitle: ", "\ntitle:\n  - not text\n_: ", 1), encoding="utf-8")
    _touch_later(path)
    with pytest.raises(workshops.WorkshopError, match="exercises/workshops/friction-to-vision.yml"):
        workshops.load_workshops(kit, library)


def test_edited_schema_checks_unchanged_files_again(kit):
    exercises.load_library(kit)
    schema_path = kit / "exercises" / "schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["title"]["maxLength"] = 3
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    _touch_later(schema_path)
    with pytest.raises(
        exercises.ExerciseError, match=r"field 'title': the text is \d+ characters long; it must be at most 3"
    ):
        exercises.load_library(kit)


def test_a_guide_removed_after_loading_is_reported(kit):
    """The guide check looks at docs/, which the per-file cache does not watch."""
    library = exercises.load_library(kit)
    exercise = next(e for e in library if e.get("guide"))
    (kit / "docs" / exercise["guide"].split("#")[0]).unlink()
    with pytest.raises(exercises.ExerciseError, match=f"guide '{exercise['guide']}' does not exist"):
        exercises.load_library(kit)


# --- On disk, between builds (macros/filecache.py) -------------------------


def _new_process():
    """What a new build starts with: nothing in memory, .cache/yaml on disk."""
    schema.forget_checked_files()


def test_next_build_reads_checked_files_from_disk_not_by_parsing(kit, monkeypatch):
    first = exercises.load_library(kit)
    first_workshops = workshops.load_workshops(kit, first)
    _new_process()
    calls = _count_parses(monkeypatch)
    second = exercises.load_library(kit)
    second_workshops = workshops.load_workshops(kit, second)
    assert calls == []
    assert [(e.data, e.doc.lines) for e in second] == [(e.data, e.doc.lines) for e in first]
    assert {k: w.slots for k, w in second_workshops.items()} == {k: w.slots for k, w in first_workshops.items()}


def test_disk_entry_follows_the_content_not_the_clock(kit, monkeypatch):
    exercises.load_library(kit)
    path = kit / "exercises" / "rewards-menu.yml"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle: ", "\ntitle: Renamed ", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time, new words
    _new_process()
    assert exercises.load_library(kit)["rewards-menu"]["title"].startswith("Renamed ")


def test_broken_file_gives_the_same_problem_from_disk(kit):
    path = kit / "exercises" / "rewards-menu.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: [unclosed\n_x: ", 1), encoding="utf-8"
    )
    with pytest.raises(exercises.ExerciseError) as first:
        exercises.load_library(kit)
    _new_process()
    with pytest.raises(exercises.ExerciseError) as again:
        exercises.load_library(kit)
    assert "exercises/rewards-menu.yml:" in str(first.value)
    assert str(again.value) == str(first.value)


def test_a_corrupt_pack_is_ignored(kit, monkeypatch):
    exercises.load_library(kit)
    files = exercises.exercise_files(kit)
    pack = kit / ".cache" / "yaml" / "exercises.pack"
    assert pack.stat().st_size > 1000 * len(files)
    pack.write_bytes(b"not a pickle")
    _new_process()
    calls = _count_parses(monkeypatch)
    assert len(exercises.load_library(kit)) == len(files)
    assert len(calls) == len(files)
