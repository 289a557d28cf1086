"""The one family of problems a maintainer fixes in a kit file.

Kit, guide, workshop, glossary, ledger, PDF and publish problems all derive
from `KitProblem`. Its text is what the terminal shows: 'file:line: field:
message', the file named relative to the project (`docs/playbook/x.md`,
`exercises/x.yml`), never as a path of this machine. Raised from plain Python
that knows nothing of MkDocs; one place, the plugin (macros/plugin/, through
macros/errors.py), turns any of them into the build's error.
"""

from __future__ import annotations


class KitProblem(Exception):
    """A problem in a kit file. Either a whole message that already names its place
    ('file:line: ...', as most checks write it), or its parts, joined here."""

    def __init__(self, message: str = "", *, file=None, line: int | None = None, field: str | None = None):
        self.file, self.line, self.field, self.message = file, line, field, message
        super().__init__(where(file, line, field) + message)


def where(file, line: int | None = None, field: str | None = None) -> str:
    """'file:line: field 'x': ' for the parts given ('' for none)."""
    place = ""
    if file is not None:
        place = str(file) + (f":{line}" if line is not None else "") + ": "
    if field is not None:
        place += f"field '{field}': "
    return place
