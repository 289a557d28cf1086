"""A page for every exercise and workshop YAML file, glued into MkDocs.

Uses MkDocs' own mechanism for files that exist only in the build,
`File.generated` in on_files, rather than a script per build such as
mkdocs-gen-files would run. The navigation gets each page right after its
section's index (exercises/index.md, workshops/index.md) in on_config, so
MkDocs builds prev/next links and sections as for any listed page. The page
sources and bodies come from macros/web/generated.py; the body goes in when
MkDocs reads the page (on_page_markdown), so `make serve` renders only the
pages it rebuilds. Plain functions: the plugin (macros/plugin/plugin.py)
holds the pages and calls these.
"""

from __future__ import annotations

import pathlib

from mkdocs.structure.files import File

from .. import templating
from ..kit import exercises, frontmatter, outputs
from ..kit.links import Links
from ..kit.yamlsource import YamlProblem
from ..web import generated, redirects
from . import errors

SECTIONS = (("exercises/index.md", "exercise"), ("workshops/index.md", "workshop"))


def pages(kit) -> dict:
    """src_uri -> GeneratedPage, exercises first, each kind in the kit's order."""
    made = generated.exercise_pages(kit.templates, kit.library) + generated.workshop_pages(kit.templates, kit.workshops)
    return {page.src_uri: page for page in made}


def nav_with_pages(nav, made: dict):
    """mkdocs.yml's nav with each generated page right after its section's index."""
    for index_src, kind in SECTIONS:
        nav = generated.nav_with(nav, index_src, [p.src_uri for p in made.values() if p.kind == kind])
    return nav


def add_files(files, config, made: dict, kit) -> None:
    """The generated pages as MkDocs files; first, no two outputs at one path."""
    check_outputs(files, config, kit)
    for page in made.values():
        file = File.generated(config, page.src_uri, content=page.content)
        # The edit button opens the YAML, relative to docs/ (edit_uri).
        file.edit_uri = "../" + page.source_file
        files.append(file)
    check_redirects(files, config)


def check_outputs(files, config, kit) -> None:
    """Stop the build where two outputs (a page, a PDF, a file of docs/) would land
    at one path, naming both sources; a hand-written page is never the one to go."""
    made = outputs.kit_outputs(kit.library, kit.workshops, config["use_directory_urls"])
    # Drafts too: `mkdocs serve` publishes them.
    by_hand = outputs.written_by_hand((f.src_uri, f.dest_uri) for f in files if f.inclusion.is_in_serve())
    found = outputs.clashes(made + by_hand)
    if found:
        raise errors.kit_error("\n".join(map(str, sorted(found))))


def check_redirects(files, config) -> None:
    """Stop the build on a redirect that would replace a real page, loop, or lead nowhere."""
    plugin = config["plugins"].get("redirects")
    maps = dict(getattr(plugin, "config", {}).get("redirect_maps") or {}) if plugin else {}
    pages = {file.src_uri for file in files.documentation_pages()}
    found = redirects.problems(maps, pages, config["config_file_path"])
    if found:
        raise errors.kit_error("\n".join(found))


def read_source(page, config, made) -> str:
    """The page's text once it passed the kit's reader: its bytes (UTF-8), its
    front matter (every YAML guard) and no invisible character
    (macros/kit/frontmatter.py); a generated page's text (`made`) is checked the same way."""
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


def body(made, page, config, kit, record) -> str:
    """The body of a generated page; its meta description is the YAML's summary."""
    try:
        text, page.meta["description"] = generated.render_body(
            kit.templates, made.kind, made.item, kit.library, Links.of(page, config), record
        )
    except exercises.ExerciseError as err:
        raise errors.kit_error(str(err), file=made.source_file) from None
    return text


def inert_front_matter(page) -> None:
    """Every text in a page's front matter (title, description, tags, and any
    key added later) becomes inert Markup, the one place it is read: the theme
    prints titles, descriptions, tags and subtitles unescaped into the nav,
    <title>, meta tags, the tags page and search, and mkdocs-macros would
    render a title holding '{{' as a template. Generated pages write their
    YAML's title as typed and come through here too."""
    page.meta = templating.inert_data(page.meta)
