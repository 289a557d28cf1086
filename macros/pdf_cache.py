"""A content-addressed store of rendered PDFs (.cache/pdf/ by default).

A PDF's key is a hash of everything that made it: the HTML (which already
holds the YAML text, the templates' output, the paper size and the page
address), the print CSS, the font files, and the rendering code with its
WeasyPrint version. Same key, same bytes, so a build with nothing changed
copies files instead of rendering them.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import pathlib
import re
import shutil
import tempfile
import time

from .pdf_paths import FONT_DIR, PRINT_DIR

RENDER_CODE = pathlib.Path(__file__).resolve().parent / "pdf_render.py"
MANIFEST = "manifest.json"
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


def renderer_digest() -> str:
    """Hash of the print CSS, the fonts it names, the code that renders and
    the versions of WeasyPrint and segno (QR codes).

    Deliberately imports neither: a build that finds every PDF in the cache
    should not pay for loading WeasyPrint.
    """
    css = [PRINT_DIR / "fonts.css", PRINT_DIR / "print.css"]
    fonts = re.findall(r'url\("([^"]+)"\)', css[0].read_text(encoding="utf-8"))
    files = [*css, *(FONT_DIR / name for name in fonts), RENDER_CODE]
    code = _inputs_digest(tuple(_file_state(p) for p in files))
    versions = " ".join(importlib.metadata.version(name) for name in ("weasyprint", "pydyf", "segno"))
    return _digest(code.encode(), versions.encode())


def job_key(job, renderer: str) -> str:
    return _digest(renderer.encode(), job.html.encode(), job.paper.encode(), job.one_page.encode())


class PdfCache:
    def __init__(self, folder: pathlib.Path):
        self.folder = pathlib.Path(folder)

    def path(self, key: str) -> pathlib.Path:
        return self.folder / key[:2] / f"{key}.pdf"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def put(self, key: str, pdf: bytes) -> None:
        """Write atomically: two builds at once never see half a file."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(pdf)
        os.replace(tmp.name, target)

    def copy_to(self, key: str, destination: pathlib.Path) -> None:
        source = self.path(key)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        os.utime(source)  # keep entries in use from being pruned

    def write_manifest(self, outputs: dict) -> None:
        """Remember which entry each published PDF came from (used under serve)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / MANIFEST
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(outputs, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, target)

    def manifest(self) -> dict:
        try:
            return json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def prune(self, keep: set, now: float | None = None) -> int:
        """Remove old entries no current PDF uses; returns how many went."""
        now = now or time.time()
        removed = 0
        for entry in self.folder.glob("*/*.pdf"):
            if entry.stem not in keep and now - entry.stat().st_mtime > MAX_AGE_SECONDS:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed
