"""Checked YAML files kept on disk between builds, in .cache/yaml/, as data only.

Parsing an exercise and checking it against its schema costs about 2 ms of
CPU; a clean build of a kit with hundreds of exercises paid that for every
file on every build, although the files rarely change between two builds
(docs/about/performance.md). Each file's entry is found by a hash of
everything it depends on:
- the file's relative name and its bytes (not its modification time, so a
  fresh clone or a `touch` still hits);
- the schema it is checked against;
- the code that reads and checks it (this package's loader modules);
so a stale entry cannot be found. Checks that look beyond the file (other
exercises, guides in docs/) are never cached. A missing, unreadable or
corrupt pack is a miss; the cache is never needed, only used.

A cache may come from elsewhere (CI restores .cache/ from a cache shared by
every branch), so it holds data and nothing that runs: JSON, read by
json.loads, never pickle, which runs whatever code its bytes name. The
digest in front of the JSON finds damage, not tampering, so an entry only
saves the parse: a file that passed is stored as its data, and on a hit that
data meets the schema check again (its compiled form, fastcheck.py, in a
fraction of a parse); data that fails it is a miss and the file is parsed.
A file with problems is not stored: it is read again until it is fixed.

The entries of one folder (the exercises, the workshops) are stored
together in one pack file, written once per load that changed something: a
file each cost a file creation per exercise, up to a fifth of a cold load
at 1,000 exercises depending on the state of the file system.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import logging
import os
import pathlib

FOLDER = pathlib.Path(".cache") / "yaml"
# A pack is the SHA-256 of the JSON that follows, in hex, a newline, then the JSON.
_DIGEST_SIZE = 64
# Packs of earlier layouts (pickle) are deleted unread.
_OLD_PACKS = ("*.pickle", "*.pack")
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


class Pack:
    """The stored data of one folder's files, by file name, in .cache/yaml/<kind>.json.

    One load of a folder uses one Pack: `get` and `put` as it checks each
    file, then `save` with the names of every file the folder now holds.
    """

    def __init__(self, root: pathlib.Path, kind: str):
        self.folder = pathlib.Path(root) / FOLDER
        self.path = self.folder / f"{kind}.json"
        self._stored: dict | None = None  # name -> [key, data], read when first asked
        self._new: dict = {}  # what this load checked and the pack does not hold yet

    def get(self, name: str, entry: str):
        """The stored data of file `name` if it was stored under `entry`, else None.
        A pack whose bytes no longer match its digest (cut short, altered) is
        a miss for every file in it. The caller checks the data again."""
        found = self._read().get(name)
        if not isinstance(found, list) or len(found) != 2 or found[0] != entry:
            return None
        return found[1]

    def put(self, name: str, entry: str, data) -> None:
        self._new[name] = [entry, data]

    def save(self, names) -> None:
        """Store this load's new entries with the stored ones of the other
        `names` (files served from memory are not asked for); files no
        longer in the folder are dropped. Nothing new, nothing written."""
        if not self._new or str(self.folder) in _UNWRITABLE:
            return
        stored = self._read()
        kept = {n: self._new.get(n) or stored.get(n) for n in names}
        self._stored = {n: v for n, v in kept.items() if v is not None}
        self._new = {}
        payload = json.dumps(self._stored, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if _write(self.folder, self.path, hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload):
            _forget_old_packs(self.folder)

    def _read(self) -> dict:
        if self._stored is None:
            self._stored = {}
            try:
                raw = self.path.read_bytes()
                digest, payload = raw[:_DIGEST_SIZE], raw[_DIGEST_SIZE + 1 :]
                if hashlib.sha256(payload).hexdigest().encode() == digest:
                    stored = json.loads(payload)
                    if isinstance(stored, dict):
                        self._stored = stored
            except (OSError, ValueError, RecursionError):  # any unreadable pack is just a miss
                pass
        return self._stored


def _forget_old_packs(folder: pathlib.Path) -> None:
    """Packs of earlier layouts are never read again (pickle could run code)."""
    try:
        for pattern in _OLD_PACKS:
            for old in folder.glob(pattern):
                old.unlink(missing_ok=True)
    except OSError:
        pass  # they cost disk space only


def _write(folder: pathlib.Path, target: pathlib.Path, data: bytes) -> bool:
    """Store atomically (True); a full disk or a read-only checkout only loses
    the speed-up, and says so once per build process (False)."""
    try:
        # A name no other process uses: this process's id and a count,
        # created exclusively.
        temporary = f"{folder}/{target.name}.{os.getpid()}.{next(_COUNT)}.tmp"
        try:
            handle = os.open(temporary, _NEW_FILE, 0o644)
        except FileNotFoundError:  # the first pack, or .cache/ deleted meanwhile
            folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(temporary, _NEW_FILE, 0o644)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except OSError:
            os.unlink(temporary)
            raise
    except OSError as err:
        _UNWRITABLE.add(str(folder))
        cannot_write(folder, err)
        return False
    return True


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
