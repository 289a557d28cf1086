"""What a hand-written page's template can reach: the kit's macros and the page's own front matter.

mkdocs-macros renders a page as a Jinja template only when its front matter
says `render_macros: true` (mkdocs.yml sets `render_by_default: false`). Its
own environment is a plain jinja2.Environment: `lipsum.__globals__` reaches
`os` (the build's environment variables, a shell), and its template variables
hold the build's configuration and paths (`config`, `plugin`, `environment`,
`page.file`), git's committer (`git`) and its own helpers (`macros_info()`).

`lock_down` swaps that environment for Jinja's immutable sandbox, which
refuses any attribute that starts with `_` (so `__globals__`, `__class__`,
`__mro__`), any method that changes a list or dict, and the same through
`str.format`. Its globals are the kit's own macros, nothing else (no `lipsum`,
`range`, `namespace`, nor mkdocs-macros' `context` or `now`); it has no filter,
no test and no file to include. The template's variables are the page's front
matter as plain data, and `page` (its title, address and front matter).

A template that breaks one of these rules stops the build with the page, the
line and what went wrong, through mkdocs-macros' own report (`report` below),
never a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

import jinja2
from jinja2.exceptions import SecurityError, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from mkdocs_macros.errors import format_error

from ..kit.problems import where

# The package whose macros pages may call; mkdocs-macros' own (context,
# macros_info, now, fix_url) are defined elsewhere and left out.
KIT_PACKAGE = __name__.partition(".")[0]
# The syntax mkdocs.yml may set for mkdocs-macros (the comment markers, say), kept as it is.
SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
)
# Front matter nested deeper than this is left out of the template's variables.
DEPTH = 20
# How Python names a macro in its own messages: Macros.guide_list (macros/plugin/kit_macros.py),
# or a function defined inside another, register.<locals>.guide_list; a page knows it as guide_list.
LOCALS = re.compile(r"[\w.]+<locals>[.]|\bMacros[.]")
SCALARS = (str, int, float, bool, type(None), datetime.date, datetime.datetime)


def lock_down(plugin) -> None:
    """From each build's first page on, mkdocs-macros renders in the sandbox with plain data.

    mkdocs-macros builds its environment in its on_config and sets `page`,
    `navigation` and `files` while pages are read; its pre-macro functions
    run after `page` is set and before the page is rendered."""
    plugin.pre_macro_functions.append(_before_page)


@dataclasses.dataclass(frozen=True)
class PageData:
    """What a template sees of its page. mkdocs-macros reads `meta` to decide whether to render."""

    title: str
    url: str
    meta: dict


class PageSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox; `{% include %}` and its kin find no file."""


class _NoFiles(jinja2.BaseLoader):
    def get_source(self, environment, template):
        raise TemplateNotFound(template, f"a page may not include or import a file ({template!r})")


def sandbox(macros: dict, **syntax) -> PageSandbox:
    """The environment pages render in: `macros` as its only globals, no filters, strict undefined names."""
    env = PageSandbox(loader=_NoFiles(), undefined=_undefined_class(sorted(macros)), **syntax)
    env.globals = dict(macros)
    env.filters = {}
    env.tests = {}
    return env


def _before_page(plugin) -> None:
    if not isinstance(plugin.env, PageSandbox):
        kit_macros = {name: fn for name, fn in plugin.macros.items() if _is_kits(fn)}
        plugin._env = sandbox(kit_macros, **{key: getattr(plugin.env, key) for key in SYNTAX})
        # A title is front matter: data, never a template (mkdocs-macros renders one holding '{{').
        plugin.has_j2 = lambda text: False
    page = plugin.page
    meta = plain(page.meta)
    # Everything else mkdocs-macros put there (config, environment, plugin,
    # git, macros, filters, extra, navigation, files) goes; `page` stays,
    # as plain data, so that the variables are never empty (mkdocs-macros
    # then skips rendering) and it can read `render_macros` from `page.meta`.
    plugin.variables.clear()
    plugin.variables["page"] = PageData(title=str(page.title or ""), url=str(page.url), meta=meta)


def _is_kits(fn) -> bool:
    return getattr(fn, "__module__", "").partition(".")[0] == KIT_PACKAGE


def plain(value, depth: int = 0):
    """Front matter as YAML gives it (mappings, lists, text, numbers, dates); any other object goes."""
    if type(value) in SCALARS:
        return value
    if depth < DEPTH and isinstance(value, dict):
        return {key: plain(item, depth + 1) for key, item in value.items() if type(key) is str}
    if depth < DEPTH and isinstance(value, (list, tuple)):
        return [plain(item, depth + 1) for item in value]
    return None


def _undefined_class(names: list):
    """StrictUndefined that tells a page which names it may call."""

    class KitUndefined(jinja2.StrictUndefined):
        __slots__ = ()

        @property
        def _undefined_message(self) -> str:
            if self._undefined_hint is None and self._undefined_obj is missing:
                return (
                    f"this page may only call the kit's macros ({', '.join(names)}) "
                    f"and read its front matter; {self._undefined_name!r} is not one of them"
                )
            return super()._undefined_message

    return KitUndefined


def report(error: Exception, markdown: str, page) -> str:
    """mkdocs-macros' report of an error on a page: `docs/<page>:<line>: <what>`.

    Its own report adds a traceback and applies `%` to the text, which a
    message holding '100%d' crashed; this one does neither."""
    line = _template_line(error)
    if line:
        line += _lines_before(page, markdown)
    if isinstance(error, TemplateSyntaxError):
        what = (
            f"Jinja cannot read this: {error.message.rstrip('.')}. To show {{{{ or {{% as typed, "
            "put the text between {% raw %} and {% endraw %}"
        )
    elif isinstance(error, SecurityError):
        what = f"{error.message.rstrip('.')}: a page's template may only call the kit's macros and read plain values"
    elif isinstance(error, TemplateError):
        what = error.message
    else:  # a macro called the wrong way, a division by zero: Python's words, without its traceback
        what = f"{LOCALS.sub('', str(error))} ({type(error).__name__})"
    return where(f"docs/{page.file.src_uri}", line or None) + what


def _template_line(error: Exception) -> int | None:
    """The template's line the error came from (Jinja names the template's frames '<template>')."""
    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    line, frame = None, error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename == "<template>":
            line = frame.tb_lineno
        frame = frame.tb_next
    return line


def _lines_before(page, markdown: str) -> int:
    """Lines of the page's file above the text mkdocs-macros rendered (its front matter)."""
    try:
        source = page.file.content_string
    except (OSError, ValueError, TypeError):
        return 0
    return source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0


# mkdocs-macros picks its report by the error's type. KitError (macros/plugin/errors.py) keeps its own.
format_error.register(Exception, report)
format_error.register(TemplateSyntaxError, report)
