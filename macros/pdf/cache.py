"""A content-addressed store of rendered PDFs (.cache/pdf/ by default).

A PDF's key is a hash of everything that makes it, taken from the inputs so
that a build with nothing changed makes no HTML at all:
- the data it shows, as loaded from the YAML, with the paper size and the
  site address (macros.pdf.jobs.plan_all digests those);
- the print templates and the partials they include, the print CSS and the
  font files it names;
- the kit's code that can shape a PDF: the data layer (macros/kit), the
  Jinja environment (macros/templating.py) and this package; not the web
  pages' or the preview's code, which no PDF is made from;
- the versions of the libraries that turn templates into PDFs, and the
  system libraries WeasyPrint loads: with libharfbuzz-subset present it
  subsets fonts itself and the bytes differ.
Same key, same bytes, so such a build copies files instead of rendering.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import pathlib
import re
import subprocess
import tempfile
import time

from ..kit import filecache
from .files import FONT_DIR, PRINT_DIR

_MACROS = pathlib.Path(__file__).resolve().parent.parent
# The kit's code that a PDF's bytes can depend on (see the module docstring).
CODE_FILES = ("templating.py", "kit/*.py", "pdf/*.py")
# Shared libraries WeasyPrint loads through cffi; their versions change
# layout, shaping and font subsetting. Absent ones count too.
SYSTEM_LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig", "freetype")
# Template folders the print templates read from (tests check they name no other).
TEMPLATE_FOLDERS = ("print", "partials")
LIBRARIES = ("weasyprint", "pydyf", "segno", "jinja2", "markupsafe")
MANIFEST = "manifest.json"
# Entry key -> its number of pages, for the links that say how long a booklet is.
PAGE_COUNTS = "pages.json"
# Entries nobody used for this long are removed after a build.
MAX_AGE_SECONDS = 14 * 24 * 3600


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def _file_state(path: pathlib.Path) -> tuple:
    stat = path.stat()
    return (str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _inputs_digest(states: tuple) -> str:
    return _digest(*(pathlib.Path(path).read_bytes() for path, _, _ in states))


def renderer_digest(templates_dir=None) -> str:
    """Hash of what shapes every PDF besides its data: print templates and
    partials, print CSS, the fonts it names, the kit's code, library versions.

    Deliberately imports none of those libraries: a build that finds every
    PDF in the cache should not pay for loading WeasyPrint.
    """
    templates = pathlib.Path(templates_dir) if templates_dir else PRINT_DIR.parent
    css = [PRINT_DIR / "fonts.css", PRINT_DIR / "print.css"]
    fonts = re.findall(r'url\("([^"]+)"\)', css[0].read_text(encoding="utf-8"))
    # (folder, file) pairs in an order that does not depend on where the
    # project lies, so a copied checkout finds the PDFs its original made.
    files = [
        *((PRINT_DIR, p) for p in css),
        *((FONT_DIR, FONT_DIR / name) for name in fonts),
        *((_MACROS, p) for pattern in CODE_FILES for p in sorted(_MACROS.glob(pattern))),
        *(
            (templates, p)
            for folder in TEMPLATE_FOLDERS
            for p in sorted((templates / folder).rglob("*"))
            if p.is_file()
        ),
    ]
    # Names as well as contents: a renamed template is a different template.
    names = "\n".join(p.relative_to(base).as_posix() for base, p in files)
    code = _inputs_digest(tuple(_file_state(p) for _, p in files))
    return _digest(code.encode(), names.encode(), _versions().encode(), system_libraries().encode())


@functools.lru_cache(maxsize=1)
def _versions() -> str:
    return " ".join(importlib.metadata.version(name) for name in LIBRARIES)


@functools.lru_cache(maxsize=1)
def system_libraries() -> str:
    """Which of SYSTEM_LIBRARIES this machine has, each as its real file name
    (which carries the version, e.g. libharfbuzz.so.0.60000.0), or 'absent'."""
    found = {}
    try:
        listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    for line in listing.splitlines():
        name, _, path = line.strip().partition(" => ")
        lib = name.split(" ")[0]
        for wanted in SYSTEM_LIBRARIES:
            if lib.startswith(f"lib{wanted}.so") and wanted not in found:
                found[wanted] = os.path.basename(os.path.realpath(path))
    return " ".join(f"{name}={found.get(name, 'absent')}" for name in SYSTEM_LIBRARIES)


# A key is hex (a SHA-256); a published PDF lies under pdf/ in the site.
_KEY = re.compile(r"[0-9a-f]{2,64}\Z")
_SITE_PDF = re.compile(r"pdf/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\.pdf\Z")


def _is_key(key) -> bool:
    return isinstance(key, str) and _KEY.match(key) is not None


def job_key(inputs: str, renderer: str) -> str:
    """The cache key of one PDF: its planned inputs under this renderer."""
    return _digest(renderer.encode(), inputs.encode())


class PdfCache:
    """Entries are <key>.pdf with a <key>.sum beside it: the PDF's length and
    SHA-256, written when it was stored. An entry is used only when its bytes
    still match (a truncated copy, a flipped bit or a half-written file is a
    miss, and `damaged` names it). The cache is never needed, only used: when
    the folder cannot be written (read-only checkout, full disk, a file where
    the folder should be), the build goes on without storing, saying so once.
    """

    def __init__(self, folder: pathlib.Path):
        self.folder = pathlib.Path(folder)
        self.damaged: list = []  # keys found damaged and not used
        self.unwritable: str = ""  # why nothing more is stored, once known

    def path(self, key: str) -> pathlib.Path:
        if not _is_key(key):
            raise ValueError(f"not a PDF cache key: {key!r}")
        return self.folder / key[:2] / f"{key}.pdf"

    def _sum_path(self, key: str) -> pathlib.Path:
        return self.folder / key[:2] / f"{key}.sum"

    def _recorded(self, key: str) -> tuple | None:
        try:
            size, digest = self._sum_path(key).read_text(encoding="ascii").split()
            return int(size), digest
        except (OSError, ValueError):
            return None

    def has(self, key: str) -> bool:
        """True when the entry is there and its bytes match what was stored."""
        return self.read(key) is not None

    def read(self, key: str) -> bytes | None:
        """The entry's bytes if they are whole and unchanged, else None."""
        if not _is_key(key):
            return None
        recorded = self._recorded(key)
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        if recorded is None or recorded != (len(data), hashlib.sha256(data).hexdigest()):
            self.damaged.append(key)
            return None
        return data

    def put(self, key: str, pdf: bytes) -> None:
        """Write atomically, the PDF then its check, so a build killed between
        the two leaves an entry without a check: a miss, never a bad PDF."""
        if self.unwritable:
            return
        try:
            target = self.path(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            self._write(target, pdf)
            self._write(self._sum_path(key), f"{len(pdf)} {hashlib.sha256(pdf).hexdigest()}\n".encode())
        except OSError as err:
            self._cannot_write(err)

    def _write(self, target: pathlib.Path, data: bytes) -> None:
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        try:
            os.replace(tmp.name, target)
        except OSError:
            os.unlink(tmp.name)
            raise

    def _cannot_write(self, err: OSError) -> None:
        self.unwritable = str(err.strerror or err)
        filecache.cannot_write(self.folder, err)

    def copy_to(self, key: str, destination: pathlib.Path) -> bool:
        """Publish a checked entry at `destination`; False (nothing written) when it is damaged."""
        data = self.read(key)
        if data is None:
            return False
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        with contextlib.suppress(OSError):
            os.utime(self.path(key))  # keep entries in use from being pruned
        return True

    def _write_json(self, name: str, data: dict) -> None:
        """Replace the cache's file `name` with `data` at once (what the next build reads back)."""
        if self.unwritable:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write(self.folder / name, json.dumps(data, indent=1, sort_keys=True).encode())
        except OSError as err:
            self._cannot_write(err)

    def _read_json(self, name: str) -> dict:
        """The cache's file `name` as a dict; {} when it is missing, unreadable or not a dict.
        Its entries are still to be checked by the caller: the cache may come from elsewhere."""
        try:
            found = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def write_manifest(self, outputs: dict) -> None:
        """Remember which entry each published PDF came from (used under serve)."""
        self._write_json(MANIFEST, outputs)

    def manifest(self) -> dict:
        """Published PDF -> entry key, as the last build wrote it. The cache
        may come from elsewhere: only a PDF under pdf/ in the site and a key
        that names an entry are kept, so no entry can be written outside the
        site or read from outside the cache."""
        found = self._read_json(MANIFEST)
        return {output: key for output, key in found.items() if _SITE_PDF.match(output) and _is_key(key)}

    def page_counts(self) -> dict:
        """Entry key -> its number of pages, as counted when the entry was first read or made.

        An entry's bytes never change under its key, so neither does its count:
        an unchanged build need not parse its PDFs again to say how many pages
        they have (pypdf took about 0.4 s a booklet). Only a key and a positive
        whole number are kept from the file; the count says no more than the
        entry itself, which comes from the same folder."""
        found = self._read_json(PAGE_COUNTS)
        return {key: n for key, n in found.items() if _is_key(key) and type(n) is int and n > 0}

    def write_page_counts(self, counts: dict) -> None:
        """Keep these counts (key -> pages) for the next build, replacing the file at once."""
        self._write_json(PAGE_COUNTS, counts)

    def prune(self, keep: set, now: float | None = None) -> int:
        """Remove old entries no current PDF uses, and damaged ones; returns how many went."""
        if self.unwritable:
            return 0
        now = now or time.time()
        removed = 0
        try:
            for entry in self.folder.glob("*/*.pdf"):
                if entry.stem in self.damaged or (
                    entry.stem not in keep and now - entry.stat().st_mtime > MAX_AGE_SECONDS
                ):
                    entry.unlink(missing_ok=True)
                    entry.with_suffix(".sum").unlink(missing_ok=True)
                    removed += 1
        except OSError:
            pass  # pruning is housekeeping; the next build tries again
        return removed
