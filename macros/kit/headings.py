"""The ids of a page's headings, as the built page will have them, read from its Markdown.

An exercise's `guide:` may point at a section of its guide
(`playbook/x.md#why-it-matters`). The page and the PDFs link there, so an
anchor the guide does not have is a dead link published with exit 0. MkDocs
only checks anchors in hand-written Markdown, not in the kit's YAML, so the
loader checks them here.

A heading's id is the one its attribute list gives (`## Why { #why }`, as
every guide writes on its H2s), or else the one Python-Markdown's toc
extension makes from its text (its own slugify, so the two agree), with
`_1`, `_2` added to repeats as toc does. Headings inside fenced code blocks
are not headings. Pages are read once per change (time and size).
"""

from __future__ import annotations

import html
import pathlib
import re

from markdown.extensions.toc import slugify, unique

# Indented too: a heading inside an admonition or a details block is one.
_HEADING = re.compile(r"^\s*(#{1,6})[ \t]+(.*?)[ \t]*$")
_ATX_CLOSE = re.compile(r"[ \t]+#+$")
# attr_list's pattern for a heading's attributes: a space, then { ... } at the end.
_ATTRIBUTES = re.compile(r"[ ]+\{:?([^}\n]*)\}[ ]*$")
_ID_IN_ATTRIBUTES = re.compile(r"(?:^|\s)#([^\s}]+)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Inline Markdown whose text, not its markup, makes the slug.
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|`+)(.+?)\1")

_CACHE: dict = {}  # path -> ((mtime_ns, size), ids)


def heading_ids(markdown: str) -> list:
    """Every heading's id, in page order."""
    ids, fence = [], None
    for line in markdown.splitlines():
        opened = _FENCE.match(line)
        if opened and (fence is None or opened.group(1).startswith(fence)):
            fence = None if fence else opened.group(1)
            continue
        match = None if fence else _HEADING.match(line)
        if match:
            ids.append(_heading_id(match.group(2), ids))
    return ids


def _heading_id(text: str, taken: list) -> str:
    text = _ATX_CLOSE.sub("", text)
    attributes = _ATTRIBUTES.search(text)
    if attributes:
        given = _ID_IN_ATTRIBUTES.search(attributes.group(1))
        if given:
            return given.group(1)
        text = text[: attributes.start()]
    text = _EMPHASIS.sub(r"\2", _TAG.sub("", _LINK.sub(r"\1", text)))
    return unique(slugify(html.unescape(text), "-"), set(taken))


def page_ids(path: pathlib.Path) -> list:
    """The heading ids of the page at `path`, read again only when it changed."""
    stat = path.stat()
    state = (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(path)
    if cached is None or cached[0] != state:
        text = path.read_text(encoding="utf-8", errors="replace")
        cached = _CACHE[path] = (state, heading_ids(text))
    return cached[1]


def anchor_problem(docs_dir: pathlib.Path, link: str) -> str | None:
    """What is wrong with the anchor of `link` ('playbook/x.md#id'), or None.
    A link without an anchor, or to a page that does not exist, is not this check's."""
    page, _, anchor = link.partition("#")
    path = pathlib.Path(docs_dir) / page
    if not anchor or not path.is_file():
        return None
    ids = page_ids(path)
    if anchor in ids:
        return None
    known = ", ".join(ids) if ids else "none"
    return f"docs/{page} has no heading with the id '{anchor}' (its headings' ids: {known})"
