"""Onboarding tracks: the other side's words, then the reading path with ticks.

A track page (docs/onboarding/*-track.md) calls the `onboarding_track` macro
with the glossary sides its readers need. The guides come from the nav
(guides.reading_path), their titles and minutes from their front matter
(onboarding.page_entry), the words from the glossary: nothing is listed twice.
Plain Python, no MkDocs import.
"""

from __future__ import annotations

import pathlib
import posixpath

from .. import templating
from . import glossary
from .reading_lists import GuideError, page_entry


def render_track(docs_dir, templates_dir, page_url: str, pages: list, sides: list) -> str:
    """The body of a track page: words for these glossary sides, then the path."""
    unknown = [s for s in sides if s not in glossary.SIDES]
    if unknown:
        raise GuideError(f"onboarding_track: {unknown[0]!r} is not a glossary side ({', '.join(glossary.SIDES)})")
    words = [t for t in glossary.load(docs_dir) if t["side"] in sides]
    steps = []
    for src in pages:
        entry = page_entry(pathlib.Path(docs_dir), src)
        steps.append(
            {**entry, "slug": posixpath.basename(src)[: -len(".md")], "href": templating.page_href(page_url, src)}
        )
    template = templating.environment(str(templates_dir)).get_template("onboarding_track.md.j2")
    return templating.markdown_blocks(
        template.render(
            words=words,
            steps=steps,
            total_minutes=sum(s["minutes"] for s in steps),
            glossary_href=templating.page_href(page_url, "onboarding/glossary.md"),
        )
    )
