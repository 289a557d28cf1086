"""Reading lists built from the guides' own front matter.

The onboarding path and the playbook index both list guides with their
title, reading time and one-line description. Reading those from each
guide's front matter means the numbers on "Start here" can never drift from
the guides themselves. Plain Python, no MkDocs import, so tests can call it.
"""

import pathlib

from .. import templating
from ..kit.frontmatter import read_page
from ..kit.problems import KitProblem
from ..kit.reads import nothing
from ..kit.yamlsource import Document, YamlProblem


class GuideError(KitProblem, ValueError):
    """A listed page is missing, or its front matter lacks what a list needs."""


def display(path: pathlib.Path) -> str:
    """'docs/playbook/x.md' for a page of this project, as errors name files."""
    parts = pathlib.Path(path).parts
    return "/".join(parts[len(parts) - 1 - parts[::-1].index("docs") :]) if "docs" in parts else str(path)


def front_matter(path: pathlib.Path) -> Document:
    """The checked front matter of a Markdown page (the kit's YAML reader,
    every guard), with the line of each field."""
    name = display(path)
    if not pathlib.Path(path).is_file():
        raise GuideError("listed in a reading list but the file does not exist", file=name, line=1)
    try:
        page = read_page(path, name)
    except YamlProblem as err:
        raise GuideError(err.message, **err.place) from None
    if page.front is None:
        raise GuideError("no front matter ('---' block) at the top", file=name, line=1)
    return page.front


def read_front_matter(path: pathlib.Path) -> dict:
    """The fields of a page's front matter."""
    return front_matter(path).data


def page_entry(docs_dir: pathlib.Path, src: str, record=nothing) -> dict:
    """Title, description and reading time of one guide.

    Lists show guides only, and the build checks every guide once, in the
    plugin's on_config, with guides.check, the one guide checker (reading_time
    a whole number of minutes, at least 1, named by file, line and field)."""
    path = docs_dir / src
    record(str(path))  # the list shows this guide's front matter
    meta = front_matter(path).data
    # Front matter is data: shown as typed, never read as Markdown or HTML.
    return {
        "src": src,
        "title": templating.literal_markdown(meta["title"]),
        "description": templating.literal_markdown(meta["description"]),
        "minutes": meta["reading_time"],
    }


def _entries(docs_dir, links, pages: list, record=nothing) -> list:
    """Each listed guide's checked entry, with its link from the page that shows the list (`links`)."""
    return [
        {**entry, "href": links.markdown(entry["src"])}
        for entry in (page_entry(pathlib.Path(docs_dir), src, record) for src in pages)
    ]


def reading_path(templates_dir, docs_dir, links, pages: list, record=nothing) -> str:
    """A numbered Markdown list: step, link, minutes, what the step teaches
    (templates/reading_path.md.j2)."""
    entries = _entries(docs_dir, links, pages, record)
    template = templating.environment(str(templates_dir)).get_template("reading_path.md.j2")
    return template.render(entries=entries, total=sum(entry["minutes"] for entry in entries))


def guide_list(templates_dir, docs_dir, links, pages: list, record=nothing) -> str:
    """A bullet list of guides with their one-line descriptions (templates/guide_list.md.j2)."""
    template = templating.environment(str(templates_dir)).get_template("guide_list.md.j2")
    # No line break after the last bullet: the page's own text follows the macro.
    return template.render(entries=_entries(docs_dir, links, pages, record)).rstrip("\n")
