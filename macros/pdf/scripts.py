"""Text the PDFs can print, checked before any PDF is made.

The PDFs embed only the pinned Source Sans Pro files (templates/print/fonts.css).
They cover Latin, Greek and Cyrillic. A character they lack, Korean, Chinese,
Japanese or an emoji, would print as an empty box, or in whatever font the
build machine happens to have, which the PDF cache key cannot see. So the
build refuses such text, naming the file, line and field, before rendering.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..kit.schema import Problem, field_name
from .files import FONT_DIR, PRINT_DIR

# Whitespace is laid out, not drawn.
_LAID_OUT = {"\n", "\r", "\t"}
MAX_LISTED = 3


@functools.lru_cache(maxsize=1)
def printable() -> frozenset:
    """Code points the upright faces of fonts.css all have a glyph for. (The
    package's italic lacks Greek and Cyrillic; YAML text is set upright but
    for *emphasis*, where pango then borrows the upright glyph.)"""
    from fontTools.ttLib import TTFont

    css = (PRINT_DIR / "fonts.css").read_text(encoding="utf-8")
    names = re.findall(r'font-style: normal; src: url\("([^"]+)"\)', css)
    sets = [set(TTFont(FONT_DIR / name, lazy=True).getBestCmap()) for name in names]
    return frozenset(set.intersection(*sets))


@functools.lru_cache(maxsize=1)
def _drawn() -> frozenset:
    """The characters the fonts draw, and those that are laid out instead."""
    return frozenset(map(chr, printable())) | _LAID_OUT


def problems(items) -> list:
    """Problems for every text field of these exercises or workshops (objects
    with .file, .data and .doc) holding a character the PDF fonts cannot print."""
    found = []
    drawn = _drawn()
    for item in items:
        for path, text in _texts(item.data, ()):
            # Set difference, in C: every build checks every character of the kit.
            missing = sorted(set(text) - drawn)
            if missing:
                found.append(Problem(item.file, item.doc.line_of(path), _message(missing), field_name(path)))
    return found


def _message(missing: list) -> str:
    shown = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in missing[:MAX_LISTED])
    more = f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else ""
    return (
        f"{shown}{more} cannot be printed: the kit's PDF font (Source Sans Pro) "
        "has no glyph for it and the sheet would show an empty box. The PDFs print Latin, Greek and "
        "Cyrillic text; write this field without the character"
    )


def _texts(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from _texts(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _texts(sub, (*path, index))
