"""The one family of problems a maintainer fixes in a kit file.

Kit, guide, workshop, glossary, ledger, check-up, labels, redirect map, PDF
fit and publish problems all derive from `KitProblem`. Its text is what the
terminal shows: 'file:line: field 'x': message', the file named relative to
the project (`docs/playbook/x.md`, `exercises/x.yml`), never as a path of
this machine. Raised from plain Python that knows nothing of MkDocs; one
place, macros/plugin/errors.py, turns any of them into the build's error.

This module is the one writer of that place: a raise hands over the file,
the line and the field as parts (`KitProblem(message, file=, line=, field=)`,
or `Problem` records, one line each, for a list), never a text that already
holds them. A message that names other places ("also used by a.yml:3") writes
each with `place`. tests/unit/test_error_family.py walks every exception
class under macros/, and every text built there, for a place written by hand.
"""

from __future__ import annotations

import dataclasses
import pathlib


class KitProblem(Exception):
    """A problem in a kit file: its message, and where it is as parts, joined here.
    No file (None) for a problem of no one file, or one listing several (ExerciseError);
    no line for a file named as a whole; no field when none is at fault."""

    def __init__(self, message: str = "", *, file=None, line: int | None = None, field: str | None = None):
        self.file = None if file is None else shown(file)
        self.line, self.field, self.message = line, field, message
        super().__init__(where(self.file, line, field) + message)

    @property
    def place(self) -> dict:
        """{'file', 'line', 'field'}: where this problem is, to hand on to another one."""
        return {"file": self.file, "line": self.line, "field": self.field}


@dataclasses.dataclass(frozen=True)
class Problem:
    """One line of a problem list (ExerciseError, LedgerError, ...): 'file:line: field 'x': message'."""

    file: str
    line: int | None
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return where(self.file, self.line, self.field) + self.message

    def __lt__(self, other: Problem) -> bool:
        # In file, then line order; on one line, as the text reads (field first).
        return self._order() < other._order()

    def _order(self) -> tuple:
        return (self.file, self.line or 0, where(None, None, self.field) + self.message)

    @classmethod
    def of(cls, problem: KitProblem) -> Problem:
        """A YamlProblem (or any one-place KitProblem) as a line of a list."""
        return cls(problem.file, problem.line, problem.message, problem.field)


def where(file=None, line: int | None = None, field: str | None = None) -> str:
    """'file:line: field 'x': ' for the parts given ('' for none)."""
    said = ""
    if file is not None:
        said = place(file, line) + ": "
    if field is not None:
        said += f"field '{field}': "
    return said


def place(file, line: int | None = None) -> str:
    """'file:line' (or 'file' with no line): a place a message names, among others."""
    return shown(file) + (f":{line}" if line is not None else "")


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
