"""What every guide and page gets from the guides' front matter, the glossary and the ledger.

- Every guide gets a header under its title, built from its front matter,
  its place on the reading path (the nav) and the exercises whose YAML names
  it, rendered from templates/guide_header.html.j2 with the kit's escaping
  Jinja environment: front-matter text is data, never a template.
- Every page but the glossary gets the glossary's tooltips, made from the
  same list as the glossary page (docs/includes/glossary.yml), and every
  tooltip can be reached with the keyboard.
- Every page's tags come from the allowed list (docs/includes/tags.yml);
  any other tag stops the build with file, line and field.
- "Next" from Start here goes to the first guide, from a track to the first of its path.
- Every source claim gets its footnote from the claims ledger, and a page
  whose markers and ledger disagree stops the build (macros/web/citations.py).

The plugin calls these after mkdocs-macros, so the Markdown seen here has
already been through the macros: nothing added here is read as Jinja.
Plain functions of the page and the build's `Guides` (loaded once in on_config).
"""

from __future__ import annotations

import dataclasses
import pathlib
import re

from .. import templating
from ..kit import claims
from ..kit.problems import KitProblem
from ..web import citations, glossary, guides
from ..web.reading_lists import GuideError, read_front_matter
from . import errors

GLOSSARY_PAGE = "onboarding/glossary.md"
START_PAGES = ("onboarding/index.md",)
TRACK_PAGE = re.compile(r"^onboarding/[a-z0-9-]+-track\.md$")


@dataclasses.dataclass(frozen=True)
class Guides:
    """What the build works out once for every page: allowed tags, tooltips,
    the reading path and its titles, the claims ledger."""

    allowed_tags: dict
    abbreviations: str
    path: list  # the guides' docs paths, in reading order
    titles: dict  # docs path -> title
    ledger: object


def load(kit, nav) -> Guides:
    """The guides, tags, glossary and ledger of this build, checked; KitError naming file and line."""
    docs = kit.docs_dir
    try:
        allowed_tags = guides.load_allowed_tags(docs / "includes" / "tags.yml")
        abbreviations = glossary.abbreviations(glossary.load(docs))
        read = guides.load_guides(docs, nav, allowed_tags)
        ledger = claims.load(kit.root)
        guides.check_yaml_tags([*kit.library, *kit.workshops.values()], allowed_tags)
    except KitProblem as err:
        raise errors.kit_error(str(err)) from None
    return Guides(allowed_tags, abbreviations, [g.src for g in read], {g.src: g.title for g in read}, ledger)


def prepare(markdown: str, page, kit, found: Guides, record, links) -> str:
    """Tags checked, search boost and the files the header shows, footnotes, tooltips."""
    if page.meta.get("tags") and page.file.abs_src_path:  # generated pages: checked in their YAML
        # page.meta holds the front matter made inert (macros/plugin/generated.py);
        # the allowed list is checked against the tags as typed.
        path = pathlib.Path(page.file.abs_src_path)
        try:
            guides.check_tags(path, read_front_matter(path), found.allowed_tags)
        except GuideError as err:
            raise errors.kit_error(str(err)) from None
    if guides.is_guide(page.file.src_uri):
        # Guides outrank exercises and workshops that share their topic word.
        page.meta.setdefault("search", {"boost": 2})
        # The header shows these files' titles: under `make serve` a change
        # to any of them rebuilds this guide.
        shown = guides.practice(page.file.src_uri, kit.library, kit.workshops)
        record("exercises/*.yml", *(ex.file for ex in shown["exercises"]), *(w.file for w in shown["workshops"]))
    try:
        markdown = citations.cite(kit.templates, found.ledger, links, markdown, page.file.content_string)
    except claims.LedgerError as err:
        raise errors.kit_error(str(err)) from None
    if page.file.src_uri == GLOSSARY_PAGE:
        return markdown  # the glossary shows the definitions in full
    return f"{markdown}\n\n{found.abbreviations}\n"


def finish(html: str, page, kit, found: Guides, links) -> str:
    """Focusable tooltips; a guide's header under its title."""
    html = focusable_terms(html)
    src = page.file.src_uri
    if src not in found.path:
        return html
    head, sep, rest = html.partition("</h1>")
    if not sep:
        raise errors.kit_error("a guide needs a '# Title' heading for its header to sit under", file=f"docs/{src}")
    return head + sep + "\n" + header(page, kit, found, links) + rest


# A link, whole: a term inside one is reached by tabbing to the link, and a
# focusable element inside a link is invalid HTML.
_LINK = re.compile(r"(<a\b[^>]*>.*?</a>)", re.S)


def focusable_terms(html: str) -> str:
    """Tooltips open on focus as well as hover (Material's content.tooltips),
    so each glossary term outside a link can be reached with Tab."""
    parts = _LINK.split(html)
    for i in range(0, len(parts), 2):  # the even parts lie between links
        parts[i] = parts[i].replace("<abbr title=", '<abbr tabindex="0" title=')
    return "".join(parts)


def header(page, kit, found: Guides, links) -> str:
    src = page.file.src_uri
    step = found.path.index(src)
    meta = read_front_matter(pathlib.Path(page.file.abs_src_path))

    def neighbour(index):
        if 0 <= index < len(found.path):
            other = found.path[index]
            return {"title": found.titles[other], "href": links.href(other)}
        return None

    practice = guides.practice(src, kit.library, kit.workshops)
    template = templating.environment(str(kit.templates)).get_template("guide_header.html.j2")
    return templating.squeeze(
        template.render(
            guide=meta,
            slug=src[len(guides.PLAYBOOK) : -len(".md")],
            step=step + 1,
            total=len(found.path),
            previous=neighbour(step - 1),
            next=neighbour(step + 1),
            path_href=links.href("onboarding/index.md#reading-path"),
            exercises=[
                {
                    "title": ex["title"],
                    "minutes": ex["minutes"]["run"],
                    "href": links.href(f"exercises/{ex.id}.md"),
                }
                for ex in practice["exercises"]
            ],
            workshops=[
                {"title": w["title"], "href": links.href(f"workshops/{w.id}.md")} for w in practice["workshops"]
            ],
        )
    )


def next_page(page, nav, found: Guides) -> None:
    """A track reads its own path first; Start here reads the playbook's order."""
    src = page.file.src_uri
    if (src in START_PAGES or TRACK_PAGE.match(src)) and found.path:
        start = (page.meta.get("track") or {}).get("path") or found.path
        first = next((p for p in nav.pages if p.file.src_uri == start[0]), None)
        if first is not None:
            page.next_page = first
