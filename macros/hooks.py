"""MkDocs hooks (mkdocs.yml `hooks:`): a page for every exercise and workshop YAML file.

Uses MkDocs' own mechanism for files that exist only in the build,
`File.generated` in `on_files`, rather than a plugin: it needs no extra
dependency, and a maintained plugin such as mkdocs-gen-files would run a
script per build to do the same. The navigation gets each page right after
its section's index (exercises/index.md, workshops/index.md) in `on_config`,
so MkDocs builds prev/next links and sections as for any listed page.
The page sources come from macros/web/generated.py; this file only glues
them into MkDocs.
"""
from __future__ import annotations

import pathlib
import sys

_PROJECT = pathlib.Path(__file__).resolve().parent.parent
if str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from macros.kit import exercises, workshops  # noqa: E402
from macros.web import generated, redirects  # noqa: E402

SECTIONS = (("exercises/index.md", "exercise"), ("workshops/index.md", "workshop"))
_pages: dict = {}  # kind -> [GeneratedPage], made in on_config for on_files


def _plugin_error(message: str):
    from mkdocs.exceptions import PluginError

    return PluginError(message)


def on_config(config, **kwargs):
    root = pathlib.Path(config["config_file_path"]).parent
    templates = root / "templates"
    try:
        library = exercises.load_library(root, pathlib.Path(config["docs_dir"]))
        known = workshops.load_workshops(root, library)
    except exercises.ExerciseError as err:
        raise _plugin_error(str(err)) from None
    _pages["exercise"] = generated.exercise_pages(templates, library)
    _pages["workshop"] = generated.workshop_pages(templates, known)
    for index_src, kind in SECTIONS:
        config["nav"] = generated.nav_with(config["nav"], index_src, [p.src_uri for p in _pages[kind]])
    return config


def on_files(files, config, **kwargs):
    from mkdocs.structure.files import File

    for kind in ("exercise", "workshop"):
        for page in _pages.get(kind, ()):
            if files.get_file_from_path(page.src_uri) is not None:
                raise _plugin_error(
                    f"docs/{page.src_uri}: this page is made from {page.source_file}; delete docs/{page.src_uri}")
            file = File.generated(config, page.src_uri, content=page.content)
            # The edit button opens the YAML, relative to docs/ (edit_uri).
            file.edit_uri = "../" + page.source_file
            files.append(file)
    _check_redirects(files, config)
    return files


def _check_redirects(files, config) -> None:
    """Stop the build on a redirect that would replace a real page, loop, or lead nowhere."""
    plugin = config["plugins"].get("redirects")
    maps = dict(getattr(plugin, "config", {}).get("redirect_maps") or {}) if plugin else {}
    pages = {file.src_uri for file in files.documentation_pages()}
    found = redirects.problems(maps, pages, config["config_file_path"])
    if found:
        raise _plugin_error("\n".join(found))
