"""The body of the composer page (docs/workshops/compose.md).

The page is built with the exercise list in it, so it reads and links
without JavaScript; docs/assets/javascripts/composer.js turns it into the
composer, and loads its data file (macros/web/composer_data.py) only here.
"""

from __future__ import annotations

from .. import templating
from ..kit.reads import nothing
from .workshop_pages import SLOTS


def render(templates_dir, library, links, record=nothing) -> str:
    """`links`: the page's Links (macros/kit/links.py)."""
    record("exercises/*.yml", "exercises/workshops/*.yml", *(e.file for e in library))
    template = templating.environment(str(templates_dir)).get_template("composer.html.j2")
    return templating.squeeze(
        template.render(exercises=[e.data for e in library], lengths=SLOTS, href=links.href, root=links.root)
    )
