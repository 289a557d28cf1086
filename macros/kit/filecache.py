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
import itertools
import json
import logging
import os
import pathlib
import pickle

FOLDER = pathlib.Path(".cache") / "yaml"
# Each entry starts with the SHA-256 of the pickle that follows.
_DIGEST_SIZE = 32
# Cache folders found unwritable in this process: warned about once, then skipped.
_UNWRITABLE: set = set()
_UNWRITABLE_SAID: list = []
# A temporary file's number, and how it is opened: never one that exists.
_COUNT = itertools.count()
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL
# Under MkDocs' logger so the message shows in the build log; at INFO level,
# because a strict build stops on any warning and a slow build is still right.
log = logging.getLogger("mkdocs.plugins.common_ground.cache")
# The modules whose code decides a file's parse and schema problems.
CODE = ("yamlsource.py", "schema.py", "fastcheck.py", "exercises.py", "workshops.py", "filecache.py")


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
    """The stored outcome, or None. An entry whose bytes no longer match the
    digest stored with them (cut short, altered) is a miss: it is never unpickled."""
    try:
        with open(root / FOLDER / f"{entry}.pickle", "rb") as stored:
            raw = stored.read()
        digest, payload = raw[:_DIGEST_SIZE], raw[_DIGEST_SIZE:]
        if hashlib.sha256(payload).digest() != digest:
            return None
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - any unreadable entry is just a miss
        return None


def put(root: pathlib.Path, entry: str, outcome) -> None:
    """Store atomically; a full disk or a read-only checkout only loses the
    speed-up, and says so once per build process."""
    folder = root / FOLDER
    if str(folder) in _UNWRITABLE:
        return
    payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        # A name no other process or entry uses: this process's id and a
        # count, created exclusively (mkstemp's random names cost half of a
        # cold build's cache writes, a file per exercise).
        temporary = f"{folder}/{entry}.{os.getpid()}.{next(_COUNT)}.tmp"
        try:
            handle = os.open(temporary, _NEW_FILE, 0o644)
        except FileNotFoundError:  # the first entry, or .cache/ deleted meanwhile
            folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(temporary, _NEW_FILE, 0o644)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, f"{folder}/{entry}.pickle")
        except OSError:
            os.unlink(temporary)
            raise
    except OSError as err:
        _UNWRITABLE.add(str(folder))
        cannot_write(folder, err)


def cannot_write(folder: pathlib.Path, err: OSError) -> None:
    """Say once per build process that a cache cannot be written (read-only
    checkout, full disk, a file where the folder should be), whichever cache
    finds out first; every cache then goes on without storing."""
    if _UNWRITABLE_SAID:
        return
    _UNWRITABLE_SAID.append(str(folder))
    log.info(
        f"Cache warning: cannot write to {folder}: {err.strerror or err}. This build stores nothing "
        "there and checks or renders what it cannot store; the site is the same, only slower to build."
    )
