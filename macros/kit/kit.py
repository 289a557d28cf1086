"""The kit as one build reads it: exercises, workshops and where they live.

The plugin (macros/plugin/plugin.py) loads it once per build, in on_config,
and hands this object to every page, macro and the PDF step; nothing else
loads the kit during a build, so there is nothing to share or remember
between callers. Unchanged files come from the loaders' per-file cache, so
a `make serve` rebuild reloads cheaply and sees every edit.
"""

from __future__ import annotations

import dataclasses
import gc
import pathlib

from . import checkup, exercises, labels, workshops


@dataclasses.dataclass(frozen=True)
class Kit:
    """One build's exercises, workshops and check-up, and the folders they came from."""

    root: pathlib.Path  # the project folder (mkdocs.yml's)
    docs_dir: pathlib.Path
    library: exercises.Library
    workshops: dict  # workshop id -> checked workshop, in title order
    checkup: checkup.Checkup  # the team check-up's statements and areas (exercises/checkup/)

    @property
    def templates(self) -> pathlib.Path:
        return self.root / "templates"

    def titles(self) -> dict:
        """Exercise and workshop titles by id (the claims ledger links to them)."""
        return {**{ex.id: ex["title"] for ex in self.library}, **{w.id: w["title"] for w in self.workshops.values()}}


def load(root, docs_dir) -> Kit:
    """The kit under `root`, checked, or ExerciseError naming every problem.

    Reading makes objects by the hundred thousand at 1,000 exercises, and
    none forms a cycle worth chasing meanwhile: the cycle collector waits
    until the kit is loaded (about 10 % of a cold load's CPU)."""
    root, docs_dir = pathlib.Path(root), pathlib.Path(docs_dir)
    # Checked first so a broken labels file stops the build with the kit's
    # problems; the templates read it when they first print a label.
    labels.load(root / "templates")
    gc.disable()
    try:
        library = exercises.load_library(root, docs_dir)
        known = workshops.load_workshops(root, library)
        return Kit(root, docs_dir, library, known, checkup.load(root, docs_dir, library, known))
    finally:
        gc.enable()
