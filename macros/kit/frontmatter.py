"""A Markdown page as the build reads it: its bytes, its text and its front matter.

MkDocs reads every page itself (mkdocs.utils.meta.get_data) with PyYAML's
plain safe loader: an alias bomb grew past 6 GB, 3,000 nested lists gave a
RecursionError traceback, a Latin-1 byte a UnicodeDecodeError naming no
file, and a front matter it could not read was silently dropped, its '---'
block left in the page. The hooks hand MkDocs the text this module returns
instead (on_page_read_source), so MkDocs only ever parses front matter that
the kit's reader has passed with every guard (yamlsource.py), and the guides'
own readers (web/reading_lists.py) use the same function. Plain Python: no
MkDocs import.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re

from .yamlsource import MAX_BYTES, Document, YamlProblem, decode, invisible_character, invisible_message, load_text

# MkDocs' own pattern for a front matter block (mkdocs/utils/meta.py YAML_RE):
# the same text must be found here as there, or a block could reach MkDocs
# unchecked (tests/unit/test_data_readers.py compares the two).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


@dataclasses.dataclass(frozen=True)
class Page:
    """A page that passed: its text as MkDocs should read it, and its front matter
    (None when it has no '---' block)."""

    text: str
    front: Document | None


def read_page(path: pathlib.Path, name: str) -> Page:
    """The page at `path`, checked; `name` is how messages call it (docs/…)."""
    return check_page(decode(pathlib.Path(path).read_bytes(), name), name)


def check_page(text: str, name: str) -> Page:
    """The page's front matter read with the kit's guards, and no invisible
    character anywhere in the page; YamlProblem with file, line and field."""
    if text.startswith("\ufeff"):
        text = text[1:]
    found = FRONT_MATTER.match(text)
    front = None
    if found:
        block = found.group(1)
        if len(block.encode("utf-8")) > MAX_BYTES:
            raise YamlProblem(name, 2, f"the front matter is over {MAX_BYTES} bytes; keep it to a page's fields")
        # A blank line for the opening '---', so that lines are the page's own.
        front = load_text("\n" + block, name, empty=None)
        if front.data is None:
            front = Document({}, {}, frozenset(), "\n" + block)
        if not isinstance(front.data, dict):
            raise YamlProblem(name, 2, "the front matter must be fields such as 'title:' and 'description:'")
    body_start = found.end() if found else 0
    at = invisible_character(text[body_start:])
    if at is not None:
        line, message = invisible_message(text, body_start + at)
        raise YamlProblem(name, line, message)
    return Page(text, front)
