"""The kit as one build read it: its exercises and workshops, loaded once.

define_env, the page hooks and the guide hooks each need the loaded kit
while MkDocs reads its configuration. Loading it three times cost a file
status and the checks that look beyond each file (guides in docs/, ids
across files) three times over: about 0.2 s at 1,000 exercises. Whoever
asks first loads it; the others of the same build get the same objects.
`build` is whatever marks one build (the hooks pass MkDocs' config); a
different one, or another project folder, loads again, so `make serve`
sees every edit.
"""

from __future__ import annotations

import pathlib

from . import exercises, labels, workshops

_last: list = []  # [(build, root, docs_dir, library, workshops)], the latest build's


def kit(root, docs_dir, build) -> tuple:
    """(library, workshops by id) for this build, or ExerciseError naming every problem."""
    root, docs_dir = pathlib.Path(root), pathlib.Path(docs_dir)
    if _last and _last[0][0] is build and _last[0][1:3] == (root, docs_dir):
        return _last[0][3], _last[0][4]
    _last.clear()  # a failed load leaves nothing to reuse
    # Checked here so a broken labels file stops the build with the kit's
    # problems; the templates read it when they first print a label.
    labels.load(root / "templates")
    library = exercises.load_library(root, docs_dir)
    known = workshops.load_workshops(root, library)
    _last.append((build, root, docs_dir, library, known))
    return library, known
