"""The kit's one Jinja environment and its filters.

Web pages (macros/web) and PDFs (macros/pdf) both render through it, so
escaping, inline Markdown and links follow the same rules everywhere.

YAML text is data. It reaches the page only through these templates, which
escape everything (autoescape) and fail on any missing variable
(StrictUndefined). It is never handed to a template engine as a template, so
'{{ 7*7 }}' in a YAML file is printed as typed.
"""

from __future__ import annotations

import contextvars
import functools
import os
import re
from html import unescape as html_unescape

import jinja2
from markupsafe import Markup, escape

from .kit import labels
from .kit.links import Links
from .kit.paths import cards_pdfs, worksheet_pdfs
from .kit.sheets import sheet_plan, timed_steps

# Light inline Markdown, matched on text that is already HTML-escaped.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_LINK = re.compile(r"(?<!!)\[([^\[\]]+)\]\(([^()\s]+)\)")
# http(s) links, or relative ones (no scheme at all): never javascript: or data:.
_SAFE_URL = re.compile(r"^(https?://|[A-Za-z0-9._~/#?%=-])[^\s]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# How an exercise credits the article it draws on; keys match `draws_on`
# and the anchors of docs/about/sources.md.
ARTICLES = {
    "gardner-2007": "Mary Gardner, “Soothing friction” (2007)",
    "dailey-obrien-2002-star-wars": "Dailey & O'Brien, “CRM Star Wars” (2002)",
    "dailey-obrien-2002-strategic-engine": "Dailey & O'Brien, “CRM: Strategic Engine or Just Another Technology Tool?” (2002)",
    "kirkby-2007": "Jennifer Kirkby, “Part three: skills building, performance and rewards” (2007)",
}
# Headings written in exercise_page.md.j2; the only Markdown in its output.
_HEADING = re.compile(r"^#{2,6} .+ \{ #[a-z0-9-]+ \}$")


# Characters that start a directive for a later stage of the build: markdown-
# include's {!file!}, attr_list's {: }, Jinja's {{ }}. HTML escaping leaves
# them alone, and markdown-include runs over what the macros emit, so YAML
# text holding them could pull any file on the build machine into the page.
# As character references they read the same to people, browsers, search
# and WeasyPrint, and no directive can match them.
_DIRECTIVE_CHARS = str.maketrans({"{": "&#123;", "}": "&#125;"})


# Characters Markdown acts on inline, with the HTML and directive ones. A
# template that prints YAML text on a Markdown line (a heading, so that it
# reaches the table of contents) passes it through `heading_text`.
_HEADING_CHARS = {c: f"&#{ord(c)};" for c in "[]()!*_`\\#|~:<>&\"'{}\n\r"}


def heading_text(value) -> Markup:
    """YAML text for a Markdown heading line: every character that Markdown,
    HTML or a later directive would act on is a character reference."""
    return Markup("".join(_HEADING_CHARS.get(c, c) for c in str(value)))


def inert(value) -> Markup:
    """Text (or already-escaped HTML) made safe to hand to Markdown: escaped,
    with no brace left that a later stage could read as a directive."""
    # Every value a template prints passes here (some 500 a page): escaped
    # text is not escaped again, and is copied only when it holds a brace.
    html = value if type(value) is Markup else escape(value)
    if "{" in html or "}" in html:
        return Markup(str(html).translate(_DIRECTIVE_CHARS))
    return html


def inert_data(value):
    """Parsed YAML (front matter, a data file) with every text in it made inert.

    Mappings keep their keys (field names), lists their order; numbers,
    booleans and dates stay as they are. Each text becomes escaped Markup
    with no brace left: the theme prints page titles and descriptions
    unescaped in some places and passes them through `| e` in others, and
    Markup reads the same in both (e leaves it alone)."""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, dict):
        return {key: inert_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [inert_data(item) for item in value]
    return value


# Characters Markdown (and its extensions: abbr, attr_list, snippets, tables,
# includes) can read as syntax, and HTML's own: as character references
# they show as typed, and nothing can read them as anything else. Line
# breaks too: a blank line in a title would end the list item, paragraph or
# definition the text was put in, and what follows would be read as Markdown.
_LITERAL_CHARS = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'{}\\`*_[]()!#+-|~:=^\n\r"})


def literal_markdown(text) -> Markup:
    """Text put into Markdown that a later stage renders (a reading list's
    titles and descriptions): nothing in it is read as Markdown, HTML or a directive."""
    return Markup(str(text).translate(_LITERAL_CHARS))


def inline(text, links: Links | None = None) -> Markup:
    """Escape text, then allow **bold**, *italic* and [links](url).

    A link is either absolute (http or https) or an address on this site,
    written from the site root ('playbook/strengths/' or
    'playbook/strengths.md#why'); `links` (macros/kit/links.py) make it
    from the output the text lands in: '../../' on a page two folders down, the
    site's https address in a PDF. Without one, a site link stays text:
    WeasyPrint would otherwise resolve it to a file on the build machine.
    """
    html = str(escape(text))
    # Most YAML text has no mark-up at all: each pattern runs only when its
    # marker is there (a page prints some 60 such texts).
    if "](" in html:
        html = _LINK.sub(lambda match: _anchor(match, links), html)
    if "*" in html or "_" in html:
        html = _BOLD.sub(r"<strong>\1</strong>", html)
        html = _ITALIC.sub(r"<em>\2</em>", html)
    return inert(Markup(html))


# The links of the output being rendered (see render()); a context variable
# rather than a template variable, so that macros imported without context
# and included partials see them too.
_LINKS: contextvars.ContextVar = contextvars.ContextVar("links", default=None)


def _inline_filter(text) -> Markup:
    """`{{ text | inline }}`, its site links resolved against the current render's root."""
    return inline(text, _LINKS.get())


def render(template, links: Links | None, **values) -> str:
    """Render a template whose YAML text may hold site links, made from
    `links` (macros/kit/links.py): relative on a page, absolute in print."""
    token = _LINKS.set(links)
    try:
        return template.render(**values)
    finally:
        _LINKS.reset(token)


def _anchor(match, links: Links | None) -> str:
    """A [label](url) of escaped YAML text as an <a>, its site link made by `links`."""
    label, url = match.group(1), match.group(2)
    if url.startswith(("http://", "https://")) and _SAFE_URL.match(url):
        return f'<a href="{url}">{label}</a>'
    if _SCHEME.match(url) or not _SAFE_URL.match(url) or links is None:
        return match.group(0)  # left as typed: visible, harmless
    href = links.typed(html_unescape(url))
    if href is None:
        return match.group(0)
    return f'<a href="{escape(href)}">{label}</a>'


def paragraphs(text) -> list:
    """Split YAML text on blank lines, so '|' blocks keep their paragraphs."""
    return [p.strip() for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


def _escape_finalized(value):
    """Autoescape's escape() for values that went through inert() already."""
    return value if type(value) is Markup else escape(value)


class _KitTemplate(jinja2.Template):
    """A compiled kit template whose autoescape does not copy escaped text.

    Every {{ value }} compiles to escape(finalize(value)); finalize is inert(),
    which always returns Markup, and escape() then makes a copy of it (some
    400 a page). The compiled code looks `escape` up in its own module
    namespace, so it is swapped there, for this environment's templates only;
    the output is the same (tests/unit/test_exercise_render.py).
    """

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = _escape_finalized
        return template


class _KitEnvironment(jinja2.Environment):
    """Jinja's environment, quicker at the lookup templates make most often."""

    template_class = _KitTemplate

    def getattr(self, obj, attribute):
        # `ex.title` on a field mapping: Jinja tries getattr() first, which
        # fails (an exception) for every field of every page. A key that is
        # not one of dict's own attributes is looked up directly; the result
        # is what Jinja's order gives (tests/unit/test_exercise_render.py).
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


@functools.lru_cache(maxsize=4)
def environment(templates_dir: str) -> jinja2.Environment:
    """One Jinja environment per templates folder, reused across pages.

    Templates are not checked for edits on every use (a file status per
    include, thousands a build); `refresh()` checks the folder once a build.
    """
    env = _KitEnvironment(
        loader=jinja2.FileSystemLoader(templates_dir),
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # Every {{ value }} passes through inert() before it reaches the page,
        # whatever filter made it: one rule for every field, present and future.
        finalize=inert,
    )
    env.filters["inline"] = _inline_filter
    env.filters["paragraphs"] = paragraphs
    env.filters["heading_text"] = heading_text
    # The words for formats, groupings, agenda kinds and units (templates/partials/labels.yml).
    env.globals["labels"] = labels.Current(templates_dir)
    env.globals["articles"] = ARTICLES
    # Download links to the PDFs that the build's last step makes.
    env.globals["worksheet_pdfs"] = worksheet_pdfs
    env.globals["cards_pdfs"] = cards_pdfs
    # What paper asks of a worksheet, and step start times: computed once in
    # macros/kit, printed by the web page and the PDFs alike.
    env.globals["sheet_plan"] = sheet_plan
    env.globals["timed_steps"] = timed_steps
    # No bytecode cache (jinja2.FileSystemBytecodeCache): it keeps compiled
    # templates as marshalled Python code and runs what it finds, so a cache
    # folder restored from elsewhere could run code (docs/about/performance.md#jinja-cache).
    return env


# templates folder -> what refresh() last saw there
_SEEN: dict = {}


def refresh(templates_dir) -> None:
    """Forget compiled templates if any file in the folder changed since the
    last build of this process (`make serve` rebuilds in one process)."""
    folder = str(templates_dir)
    state = []
    for place, _, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(place, name))
            state.append((place, name, stat.st_mtime_ns, stat.st_size))
    state.sort()
    if _SEEN.get(folder, state) != state:
        environment(folder).cache.clear()
        environment(folder).globals["labels"].forget()
    _SEEN[folder] = state


def squeeze(html: str) -> str:
    """Drop blank lines and indentation.

    Markdown treats an indented chunk after a blank line as a code block;
    output without either cannot be mangled, wherever it lands.
    """
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def markdown_blocks(text: str) -> str:
    """Squeeze the HTML, keeping a blank line around each template heading.

    For templates that mix Markdown headings (so they reach the page's table
    of contents) with HTML: exercise and workshop pages.
    """
    out = []
    for line in squeeze(text).splitlines():
        if _HEADING.match(line):
            out += ["", line, ""]
        else:
            out.append(line)
    return "\n".join(out).strip() + "\n"


def render_worksheet(
    templates_dir, exercise, heading_level: int = 2, print_mode: bool = False, links: Links | None = None
) -> str:
    """The participant worksheet alone: shared by the web page and the PDF pack."""
    template = environment(str(templates_dir)).get_template("partials/worksheet.html.j2")
    return squeeze(render(template, links, exercise=exercise.data, level=heading_level, print=print_mode))
