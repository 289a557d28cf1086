"""How a problem in the kit leaves the engine: one MkDocs error that shows its message alone.

Every problem a maintainer fixes in a kit file (an exercise, a workshop, a
guide's front matter, a PDF) already reads 'file:line: field ...'. The
plugin (macros/plugin/: its events, the kit's macros, the PDF step) raises it as a
KitError, made here and nowhere else, so that it reaches the terminal as
that message whatever text the YAML holds.

MkDocs prints an error raised by a hook as its message. mkdocs-macros does
not: an exception raised inside a macro goes through its own formatter
(mkdocs_macros/errors.py, format_error), which prints a traceback under the
message and then applies `%` to the whole report. A message holding
'100% buy-in' crashed that formatter into a TypeError or ValueError whose
traceback hid the message. The formatter dispatches on the exception's type,
so KitError gets a formatter of its own that returns the message alone. If
this mkdocs-macros has no such formatter, a message raised from a macro has
its `%` doubled, so that the formatter's `%` gives each one back.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from ..kit.problems import where


class KitError(PluginError):
    """A problem in a kit file; its message names the file, the line and the field."""


def _message_alone(error, markdown=None, page=None) -> str:
    return str(error)


def _register() -> bool:
    try:
        from mkdocs_macros.errors import format_error

        format_error.register(KitError, _message_alone)
    except (ImportError, AttributeError):
        return False
    return True


REGISTERED = _register()


def kit_error(message: str, **place) -> KitError:
    """The error for a kit problem raised from a hook or the PDF step; `place`
    (file=, line=, field=) is written in front of it as a KitProblem's is."""
    return KitError(where(**place) + message)


def macro_error(message: str, **place) -> KitError:
    """The error for a kit problem raised inside a macro, as mkdocs-macros reports it."""
    message = where(**place) + message
    return KitError(message if REGISTERED else message.replace("%", "%%"))
