"""Common Ground's build: the kit's YAML turned into web pages and PDFs.

The MkDocs plugin (macros/plugin/, listed in mkdocs.yml as `common-ground`)
holds the build's state and registers the kit's macros with mkdocs-macros.
The layers below it import one way (an import-linter contract in
pyproject.toml checks it), and none imports MkDocs:
- macros/kit: YAML files turned into checked objects;
- macros/templating.py: the one Jinja environment and the link helper;
- macros/web: bodies of web pages; macros/pdf: the PDFs;
- macros/preview: `make serve` rebuilding only what a save affects.
macros/errors.py is how a problem in a kit file leaves: as its message alone.
macros/sandbox.py is what a page's template can reach: the kit's macros, its front matter.
docs/about/conventions.md shows the whole layout.
"""
