"""Common Ground's build: the kit's YAML turned into web pages and PDFs.

The MkDocs plugin (macros/plugin/, listed in mkdocs.yml as `common-ground`)
holds the build's state and registers the kit's macros with mkdocs-macros.
The layers below it import one way (an import-linter contract in
pyproject.toml checks it), and none imports MkDocs or its plugins:
- macros/kit: YAML files turned into checked objects; kit/links.py makes every link,
  kit/problems.py is the one family of problems a maintainer fixes;
- macros/templating.py: the one Jinja environment;
- macros/web: bodies of web pages; macros/pdf: the PDFs;
- macros/preview: `make serve` rebuilding only what a save affects.
macros/plugin/errors.py is how a problem in a kit file leaves MkDocs: as its message alone.
macros/plugin/sandbox.py is what a page's template can reach: the kit's macros, its front matter.
macros/publish.py is the `make site` command; it runs MkDocs in a child process.
docs/about/conventions.md shows the whole layout.
"""
