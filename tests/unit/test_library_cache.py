"""Loading an unchanged library again reuses each file's checked result, in
memory and, for the next build, on disk; any change (the file, or the schema
it is checked against) is seen at once.

`mkdocs serve` reloads the library in the same process for every rebuild,
so a stale entry here would show a maintainer an old page or hide an error.
"""

import hashlib
import json
import os
import pickle

import pytest

from macros.kit import exercises, schema, workshops


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


# --- On disk, between builds (macros/kit/filecache.py) -------------------------


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
    pack = kit / ".cache" / "yaml" / "exercises.json"
    assert pack.stat().st_size > 1000 * len(files)
    pack.write_bytes(b"not a pack")
    _new_process()
    calls = _count_parses(monkeypatch)
    assert len(exercises.load_library(kit)) == len(files)
    assert len(calls) == len(files)


# --- A cache restored from elsewhere (a CI cache shared by every branch) ---------


def _rewrite_pack(kit, change):
    """Alter the stored exercises as anyone holding the cache folder could, digest included."""
    path = kit / ".cache" / "yaml" / "exercises.json"
    stored = json.loads(path.read_bytes().partition(b"\n")[2])
    change(stored)
    payload = json.dumps(stored).encode()
    path.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)


def _set(field, value):
    def change(stored):
        stored["exercises/rewards-menu.yml"][1][field] = value

    return change


TAMPERINGS = {
    "a title past its limit": _set("title", "x" * 5000),
    "a float for whole minutes": _set("minutes", {"run": 30.5, "prepare": 10}),
    "a list for a mapping": _set("group_size", [2, 8]),
    "a field the schema does not know": _set("__proto__", {"x": 1}),
    "a required field gone": lambda stored: stored["exercises/rewards-menu.yml"][1].pop("steps"),
    "no data": lambda stored: stored["exercises/rewards-menu.yml"].__setitem__(1, None),
    "data that is a list": lambda stored: stored["exercises/rewards-menu.yml"].__setitem__(1, ["id", "x"]),
    "an entry that is not a pair": lambda stored: stored.__setitem__("exercises/rewards-menu.yml", "passed"),
    # Within the schema, but past the reader's guard against invisible characters.
    "a right-to-left override in the title": _set("title", "Rewards \u202eunem"),
    "a zero-width space in a tag": _set("tags", ["moti\u200bvation"]),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_a_stored_entry_cannot_carry_data_past_the_schema(kit, tampering):
    """The digest finds damage, not tampering: an entry that claims a file
    passed meets the schema check again, and data that fails it is a miss."""
    real = exercises.load_library(kit)["rewards-menu"].data
    _rewrite_pack(kit, TAMPERINGS[tampering])
    _new_process()
    assert exercises.load_library(kit)["rewards-menu"].data == real


def test_a_pickled_pack_of_an_earlier_layout_is_never_unpickled(kit, tmp_path):
    """The earlier packs were pickle behind a SHA-256: whoever could write the
    cache could make the next build run any code."""
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Payload(str(marker)))
    old = kit / ".cache" / "yaml" / "exercises.pack"
    old.parent.mkdir(parents=True)
    old.write_bytes(hashlib.sha256(payload).digest() + payload)
    _new_process()
    assert len(exercises.load_library(kit)) == len(exercises.exercise_files(kit))
    assert not marker.exists(), "a cache entry ran code"
    assert not old.exists(), "the old pack is deleted unread"


class _Payload:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))
