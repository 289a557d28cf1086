"""markdown-include that reads only docs/includes/ (mkdocs.yml `markdown_extensions: macros.plugin.includes`).

markdown-include stays the engine: its preprocessor, its `{!file!}` and
`{!file!lines=…}` grammar, its options. What changes is the one call that
opens a file. Its `run` opens every file, the page's and each nested
fragment's, through the module-level name `open`; this extension runs
markdown-include's own `run` code with that one name bound to
`_Fragments.open`, which asks macros/kit/checkout.py where the file really
is and refuses anything outside docs/includes/ before a byte is read. So the
check sees the path markdown-include computed (after `~`, `..`, absolute
paths and symlinks), including a directive that only appears while Markdown
runs (glued from a fragment and the page, or written by a macro), and the
third-party module is left untouched for anyone else in the process.

The page-and-line check before Markdown runs lives in macros/plugin/pages.py;
this is the net under it. A refusal is a KitError: MkDocs names the page and
prints the message, never a traceback.
"""

from __future__ import annotations

import io
import os
import types

from markdown_include import include as engine

from ..kit import checkout
from . import errors


class _Fragments:
    """Opens include files for one Markdown instance, only under its docs/includes/."""

    def __init__(self, base_path):
        self.docs_dir = os.path.abspath(os.fspath(base_path))

    def open(self, filename, mode="r", encoding="utf-8", *args, **kwargs):
        path = os.path.abspath(filename)
        shown = os.path.relpath(path, self.docs_dir)
        try:
            real = checkout.include_target(self.docs_dir, path)
            text = checkout.read_fragment(real, "docs/" + os.path.relpath(real, os.path.realpath(self.docs_dir)))
        except checkout.IncludeRefused as refused:
            # relative to docs/, as written in a page: never the machine's absolute path
            raise errors.kit_error(f"the include {{!{shown}!}} {refused}") from None
        return io.StringIO(text, newline=None)


class SafeIncludePreprocessor(engine.IncludePreprocessor):
    def __init__(self, md, config):
        super().__init__(md, config)
        # A refusal stops the build whatever `throwException` says: as a
        # warning, markdown-include would print the path and carry on.
        self.throwException = True
        fragments = _Fragments(self.base_path)
        run = engine.IncludePreprocessor.run
        # markdown-include's own run, reading its globals from a copy whose `open` is ours.
        guarded = types.FunctionType(
            run.__code__, {**vars(engine), "open": fragments.open}, run.__name__, run.__defaults__, run.__closure__
        )
        # Nested fragments are read by `self.run(...)`, so they come back here too.
        self.run = types.MethodType(guarded, self)


class SafeInclude(engine.MarkdownInclude):
    def extendMarkdown(self, md):
        md.preprocessors.register(SafeIncludePreprocessor(md, self.getConfigs()), "include", 101)


def makeExtension(**kwargs):
    return SafeInclude(kwargs)
