"""MkDocs hooks (mkdocs.yml `hooks:`): a page for every exercise and workshop YAML file.

Uses MkDocs' own mechanism for files that exist only in the build,
`File.generated` in `on_files`, rather than a plugin: it needs no extra
dependency, and a maintained plugin such as mkdocs-gen-files would run a
script per build to do the same. The navigation gets each page right after
its section's index (exercises/index.md, workshops/index.md) in `on_config`,
so MkDocs builds prev/next links and sections as for any listed page.
The page sources and bodies come from macros/web/generated.py; this file
only glues them into MkDocs: the body goes in when MkDocs reads the page
(on_page_markdown), so `make serve` renders only the pages it rebuilds.
"""

from __future__ import annotations

import pathlib
import sys

from mkdocs.plugins import event_priority

_PROJECT = pathlib.Path(__file__).resolve().parent.parent
if str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from macros import errors, templating  # noqa: E402
from macros.kit import exercises, frontmatter, loaded, outputs  # noqa: E402
from macros.kit.yamlsource import YamlProblem  # noqa: E402
from macros.web import generated, redirects  # noqa: E402

SECTIONS = (("exercises/index.md", "exercise"), ("workshops/index.md", "workshop"))
_pages: dict = {}  # kind -> [GeneratedPage], made in on_config for on_files
_by_source: dict = {}  # src_uri -> GeneratedPage, for on_page_markdown
_kit: dict = {}  # the loaded library and where the templates are, for the bodies


def on_config(config, **kwargs):
    root = pathlib.Path(config["config_file_path"]).parent
    templates = root / "templates"
    try:
        library, known = loaded.kit(root, config["docs_dir"], config)
    except exercises.ExerciseError as err:
        raise errors.kit_error(str(err)) from None
    _pages["exercise"] = generated.exercise_pages(templates, library)
    _pages["workshop"] = generated.workshop_pages(templates, known)
    _by_source.clear()
    _by_source.update((page.src_uri, page) for pages in _pages.values() for page in pages)
    _kit.update(library=library, workshops=known, templates=templates)
    for index_src, kind in SECTIONS:
        config["nav"] = generated.nav_with(config["nav"], index_src, [p.src_uri for p in _pages[kind]])
    return config


def on_files(files, config, **kwargs):
    from mkdocs.structure.files import File

    _check_outputs(files, config)
    for kind in ("exercise", "workshop"):
        for page in _pages.get(kind, ()):
            file = File.generated(config, page.src_uri, content=page.content)
            # The edit button opens the YAML, relative to docs/ (edit_uri).
            file.edit_uri = "../" + page.source_file
            files.append(file)
    _check_redirects(files, config)
    return files


def _check_outputs(files, config) -> None:
    """Stop the build where two outputs (a page, a PDF, a file of docs/) would land
    at one path, naming both sources; a hand-written page is never the one to go."""
    made = outputs.kit_outputs(_kit["library"], _kit["workshops"], config["use_directory_urls"])
    # Drafts too: `mkdocs serve` publishes them.
    by_hand = outputs.written_by_hand((f.src_uri, f.dest_uri) for f in files if f.inclusion.is_in_serve())
    found = outputs.clashes(made + by_hand)
    if found:
        raise errors.kit_error("\n".join(map(str, sorted(found))))


def on_page_read_source(page, config, **kwargs):
    """Every page passes the kit's reader before MkDocs parses it: its bytes
    (UTF-8), its front matter (every YAML guard) and no invisible character.
    MkDocs then reads the text returned here, which passed
    (macros/kit/frontmatter.py); a generated page's text is checked the same way."""
    made = _by_source.get(page.file.src_uri)
    try:
        if page.file.abs_src_path is None:
            name = made.source_file if made else page.file.src_uri
            return frontmatter.check_page(page.file.content_string, name).text
        path = pathlib.Path(page.file.abs_src_path)
        root = pathlib.Path(config["config_file_path"]).parent
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else f"docs/{page.file.src_uri}"
        return frontmatter.read_page(path, name).text
    except YamlProblem as err:
        raise errors.kit_error(str(err)) from None


@event_priority(100)  # before mkdocs-macros reads the title, and before the tags plugin reads the tags
def on_page_markdown(markdown, page, config, files, **kwargs):
    """The body of a generated page; then, on every page, front matter is data.

    Every text in a page's front matter (title, description, tags, and any
    key added later) becomes inert Markup here, the one place it is read:
    the theme prints titles, descriptions, tags and subtitles unescaped into
    the nav, <title>, meta tags, the tags page and search, and mkdocs-macros
    would render a title holding '{{' as a template. Generated pages write
    their YAML's title as typed and come through here too."""
    made = _by_source.get(page.file.src_uri)
    if made is not None:
        markdown = _generated_body(made, page, config)
    page.meta = templating.inert_data(page.meta)
    return markdown


def _generated_body(made, page, config) -> str:
    try:
        body, page.meta["description"] = generated.render_body(
            _kit["templates"], made.kind, made.item, _kit["library"], page.url, config["use_directory_urls"]
        )
    except exercises.ExerciseError as err:
        raise errors.kit_error(f"{made.source_file}: {err}") from None
    return body


def _check_redirects(files, config) -> None:
    """Stop the build on a redirect that would replace a real page, loop, or lead nowhere."""
    plugin = config["plugins"].get("redirects")
    maps = dict(getattr(plugin, "config", {}).get("redirect_maps") or {}) if plugin else {}
    pages = {file.src_uri for file in files.documentation_pages()}
    found = redirects.problems(maps, pages, config["config_file_path"])
    if found:
        raise errors.kit_error("\n".join(found))
