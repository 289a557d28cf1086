"""The booklets' download links, on the pages the booklets print.

Why: a reader deciding whether to print wants the paper size and the number
of pages before they press print. The booklets (macros/pdf/booklets.py) are
made after the pages are converted and before any is written, so the
`booklet_downloads` macro leaves an empty mark in each link and the plugin
fills in the page count once the booklet exists (fill_pages). A link whose
booklet could not be counted (a preview with no full build yet) keeps its
paper size only. Plain Python, no MkDocs import.
"""

from __future__ import annotations

import posixpath
import re

from .. import templating
from ..kit.paths import booklet_pdfs
from .reading_lists import GuideError

PLAYBOOK_PAGE = "playbook/index.md"
TRACK_PAGE = re.compile(r"^onboarding/[a-z0-9-]+-track\.md$")
_MARK = re.compile(r'<span data-cg-booklet-pages="(pdf/booklets/[a-z0-9-]+\.pdf)"></span>')


def booklet_id(page_src: str) -> str:
    """The booklet a page prints: 'onboarding/it-track.md' -> 'it-track', the playbook's index -> 'playbook'."""
    if page_src == PLAYBOOK_PAGE:
        return "playbook"
    if TRACK_PAGE.match(page_src):
        return posixpath.basename(page_src)[: -len(".md")]
    raise GuideError(
        f"booklet_downloads() prints no booklet here: only the onboarding track pages "
        f"(onboarding/<role>-track.md) and {PLAYBOOK_PAGE} have one",
        file=f"docs/{page_src}",
        line=1,
    )


def render_downloads(templates_dir, page_src: str, links) -> str:
    """The booklet's download links, one per paper size, each with an empty mark for its page count."""
    template = templating.environment(str(templates_dir)).get_template("partials/booklet_downloads.html.j2")
    return templating.squeeze(
        template.render(
            links=booklet_pdfs(booklet_id(page_src)),
            root=links.root,
        )
    )


def fill_pages(html: str, pages: dict) -> str:
    """Each mark filled with its booklet's page count (pages: output path -> count)."""

    def count(match) -> str:
        found = pages.get(match.group(1))
        return f", {found} pages" if found else ""

    return _MARK.sub(count, html)


def has_marks(html: str) -> bool:
    return "data-cg-booklet-pages" in html
