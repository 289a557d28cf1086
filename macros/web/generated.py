"""Pages made from YAML alone: one per exercise and one per workshop.

An exercise is one YAML file. Its page source (front matter from the YAML)
and its body are made here; the plugin (macros/plugin/generated.py) hands the sources to MkDocs as
generated files, lists them in the navigation and puts the body in when
MkDocs reads the page, so there is no thin page in docs/ whose title or
tags could drift from the YAML.

The body is rendered here, not by a macro call that mkdocs-macros would
render: that compiled each page's source as a Jinja template, about a
fifth of what the macros cost a kit of 1,000 exercises
(docs/about/performance.md). The front matter says `render_macros: false`,
so mkdocs-macros leaves the finished body alone.
"""

from __future__ import annotations

import dataclasses
import functools
import re

import jinja2

from ..kit.paths import page_source
from ..kit.reads import nothing
from . import exercise_pages as _exercise_pages
from . import workshop_pages as _workshop_pages


@dataclasses.dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where the page sits under docs/, e.g. exercises/x.md
    source_file: str  # the YAML it is made from, relative to the project
    content: str  # front matter; the body comes from render_body
    kind: str  # "exercise" or "workshop"
    item: object  # the checked exercise or workshop


def exercise_pages(templates_dir, library) -> list:
    return [_page(templates_dir, "exercise", exercise) for exercise in library]


def workshop_pages(templates_dir, workshops: dict) -> list:
    return [_page(templates_dir, "workshop", workshop) for workshop in workshops.values()]


def render_body(templates_dir, kind: str, item, library, links, record=nothing):
    """(Markdown body, meta description) of the page of an exercise or workshop
    (`kind`), with that page's `links`: for a generated page and for the macros alike."""
    if kind == "exercise":
        body = _exercise_pages.render_exercise_page(templates_dir, item, library, links, record)
    else:
        body = _workshop_pages.render_workshop_page(templates_dir, item, library, links, record)
    # The summary is the meta description, written once in the YAML.
    return body, _exercise_pages.meta_description(item)


def _page(templates_dir, kind: str, item) -> GeneratedPage:
    # The title goes into the front matter as typed; macros/plugin/generated.py makes
    # every page's front matter inert when MkDocs reads it, this one included.
    content = _template(str(templates_dir)).render(front_matter=front_matter(item["title"], item["tags"]))
    return GeneratedPage(page_source(kind, item.id), item.file, content + "\n", kind, item)


def front_matter(title: str, tags) -> str:
    """The front matter of a generated page, as YAML that reads back as
    {"title": title, "tags": [...], "render_macros": False}.

    Written here, not by yaml.safe_dump, whose emitter took a fifth of a
    cold load at 1,000 exercises: every value is a double-quoted scalar,
    in which YAML reads nothing but the escapes written below.
    """
    listed = ", ".join(_quoted(tag) for tag in tags)
    return f"title: {_quoted(str(title))}\ntags: [{listed}]\nrender_macros: false\n"


# What a double-quoted YAML scalar cannot hold as typed: the quote and the
# backslash, what YAML does not print, the line breaks of YAML 1.1 (U+0085,
# U+2028, U+2029) and the byte-order mark.
_ESCAPE = re.compile(r'["\\]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]')


def _quoted(text: str) -> str:
    return '"' + _ESCAPE.sub(_escaped, text) + '"'


def _escaped(match) -> str:
    char = match.group()
    if char in '"\\':
        return "\\" + char
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@functools.lru_cache(maxsize=4)
def _template(templates_dir: str):
    # A plain environment: the output is Markdown for mkdocs-macros, and the
    # only values in it are the dumped front matter and a checked id.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    return env.get_template("pages/generated.md.j2")


def nav_with(nav, index_src: str, pages: list):
    """`nav` (mkdocs.yml's nav) with `pages` listed right after `index_src`,
    in the section that holds it. Entries are docs paths: MkDocs takes each
    page's nav title from its front matter. A page the nav already lists,
    anywhere, stays where the maintainer put it: a kit with hundreds of
    exercises groups them in sections (docs/about/performance.md#nav). A nav
    without `index_src` is returned unchanged; the build's orphan check then
    names the pages."""
    listed = set(_paths(nav))
    return _insert(nav, index_src, [p for p in pages if p not in listed])


def _paths(nav):
    """Every docs path a nav (or part of one) lists."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for entry in nav:
            yield from _paths(entry)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _paths(value)


def _insert(nav, index_src: str, pages: list):
    if not isinstance(nav, list):
        return nav
    out = []
    for entry in nav:
        if entry == index_src:
            out += [entry, *pages]
        elif isinstance(entry, dict):
            out.append({title: _insert(value, index_src, pages) for title, value in entry.items()})
        else:
            out.append(entry)
    return out
