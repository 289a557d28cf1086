"""The words the kit shows for its coded values: formats, groupings, agenda kinds, units.

templates/partials/labels.yml holds them once, checked against
labels.schema.json beside it and read by the kit's one YAML reader. The
templates print them (the `labels` of macros/templating.py), and the
composer and run mode read the same words from the build's data file
(`cgKit.labels`, macros/web/composer_data.py), so a page, a PDF and the
browser cannot word one thing two ways.

Each name has two forms, both written in the file: `label` where it stands
alone (a menu option, a heading, the start of a line) and `in_text`
inside a sentence or after a separator (a step's facts line). A rule
such as "lower-case the first letter" would break on the first name that
holds a proper noun or an acronym.

The file sits in templates/partials/ because it is part of what shapes a
PDF: the PDF cache's key covers that folder (macros/pdf/cache.py).
Plain Python: no Jinja, no MkDocs.
"""

from __future__ import annotations

import dataclasses
import pathlib

from .schema import ExerciseError, Problem, checked_file, schema_problems, validator
from .workshops import length_label
from .yamlsource import YamlProblem

FOLDER = "partials"
FILE = "labels.yml"
SCHEMA = "labels.schema.json"


class LabelsError(ExerciseError):
    """What is wrong with the labels file; the build stops on it."""

    def __init__(self, problems):
        super().__init__(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the labels file:"
        self.args = ("\n".join([head, *map(str, self.problems)]),)

    def __str__(self) -> str:
        return self.args[0]


@dataclasses.dataclass(frozen=True)
class Labels:
    """Code -> {'label', 'in_text'} for formats, groupings and kinds; unit -> word."""

    formats: dict
    groupings: dict
    kinds: dict
    units: dict

    def length(self, minutes: int) -> str:
        """210 -> '3 h 30 min', in this file's units."""
        return length_label(minutes, self.units)

    def data(self) -> dict:
        """As the browser gets them (cgKit.labels)."""
        return dataclasses.asdict(self)


def path_of(templates_dir) -> pathlib.Path:
    return pathlib.Path(templates_dir) / FOLDER / FILE


def load(templates_dir) -> Labels:
    """The checked labels of a templates folder, or LabelsError naming file, line and field.

    Read again only when the file or its schema changed (schema.checked_file)."""
    folder = pathlib.Path(templates_dir) / FOLDER
    prefix = f"{pathlib.Path(templates_dir).name}/{FOLDER}"
    try:
        checker = validator(folder / SCHEMA, f"{prefix}/{SCHEMA}")
        doc, problems = checked_file(folder / FILE, f"{prefix}/{FILE}", checker, schema_problems)
    except ExerciseError as err:  # the schema is missing or broken
        raise LabelsError(err.problems) from None
    except OSError as err:
        raise LabelsError([Problem(f"{prefix}/{FILE}", 1, f"cannot read the labels: {err.strerror}")]) from None
    if isinstance(doc, YamlProblem):
        raise LabelsError([Problem.of(doc)])
    if problems:
        raise LabelsError(problems)
    return Labels(**doc.data)


class Current:
    """The labels of one templates folder, read when first used.

    The kit's Jinja environment lives for the process; `forget` (called when
    the templates folder changed, templating.refresh) makes the next use
    read the file again, so `make serve` shows an edited label."""

    def __init__(self, templates_dir):
        self._folder = templates_dir
        self._labels: Labels | None = None

    def forget(self) -> None:
        self._labels = None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._labels is None:
            self._labels = load(self._folder)
        return getattr(self._labels, name)
