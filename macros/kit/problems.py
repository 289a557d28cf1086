"""The one family of problems a maintainer fixes in a kit file.

Kit, guide, workshop, glossary, ledger, check-up, labels, redirect map, PDF
fit and publish problems all derive from `KitProblem`. Its text is what the
terminal shows: 'file:line: field 'x': message', the file named relative to
the project (`docs/playbook/x.md`, `exercises/x.yml`), never as a path of
this machine. Raised from plain Python that knows nothing of MkDocs; one
place, macros/plugin/errors.py, turns any of them into the build's error.
tests/unit/test_error_family.py walks every exception class under macros/.
"""

from __future__ import annotations

import pathlib


class KitProblem(Exception):
    """A problem in a kit file. Either a whole message that already names its place
    ('file:line: ...', as most checks write it), or its parts, joined here."""

    def __init__(self, message: str = "", *, file=None, line: int | None = None, field: str | None = None):
        self.file = None if file is None else shown(file)
        self.line, self.field, self.message = line, field, message
        super().__init__(where(self.file, line, field) + message)


def where(file, line: int | None = None, field: str | None = None) -> str:
    """'file:line: field 'x': ' for the parts given ('' for none)."""
    place = ""
    if file is not None:
        place = shown(file) + (f":{line}" if line is not None else "") + ": "
    if field is not None:
        place += f"field '{field}': "
    return place


def shown(file) -> str:
    """A file as messages name it: relative to the project (the folder of the
    nearest mkdocs.yml above it), never a path of the build machine."""
    path = pathlib.PurePath(file)
    if not path.is_absolute():
        return path.as_posix()
    for folder in pathlib.Path(path).parents:
        if (folder / "mkdocs.yml").is_file():
            return path.relative_to(folder).as_posix()
    return path.name
