"""Checked YAML files kept on disk between builds, in .cache/yaml/.

Parsing an exercise and checking it against its schema costs about 8 ms of
CPU; a clean build of a kit with hundreds of exercises paid that for every
file on every build, although the files rarely change between two builds
(docs/about/performance.md). The entry for a file is found by a hash of
everything its result depends on:
- the file's relative name and its bytes (not its modification time, so a
  fresh clone or a `touch` still hits);
- the schema it is checked against;
- the code that reads and checks it (this package's loader modules);
so a stale entry cannot be found. Checks that look beyond the file (other
exercises, guides in docs/) are never cached. A missing, unreadable or
corrupt entry is a miss; the cache is never needed, only used.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import pathlib
import pickle
import tempfile

FOLDER = pathlib.Path(".cache") / "yaml"
# The modules whose code decides a file's parse and schema problems.
CODE = ("yamlsource.py", "schema.py", "exercises.py", "workshops.py", "filecache.py")


@functools.lru_cache(maxsize=1)
def _code_digest() -> bytes:
    here = pathlib.Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in CODE:
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    return h.digest()


def schema_digest(schema: dict) -> bytes:
    return hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).digest()


def key(name: str, raw: bytes, schema: bytes, check: str) -> str:
    h = hashlib.sha256(_code_digest() + schema)
    for part in (name.encode(), check.encode(), raw):
        h.update(len(part).to_bytes(8, "big") + part)
    return h.hexdigest()


def get(root: pathlib.Path, entry: str):
    """The stored outcome, or None."""
    try:
        with open(root / FOLDER / f"{entry}.pickle", "rb") as stored:
            return pickle.load(stored)
    except Exception:  # noqa: BLE001 - any unreadable entry is just a miss
        return None


def put(root: pathlib.Path, entry: str, outcome) -> None:
    """Store atomically; a full disk or a read-only checkout only loses the speed-up."""
    folder = root / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{entry}.pickle")
    except OSError:
        pass
