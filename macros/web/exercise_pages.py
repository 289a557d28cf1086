"""Exercise pages and the exercise library, from the checked exercises.

Plain functions over the loaded data and the Jinja templates in templates/;
the plugin (macros/plugin/kit_macros.py) registers them as the `worksheet(id)` and
`exercise_index()` macros.
"""

from __future__ import annotations

from markupsafe import Markup

from .. import templating
from ..kit.reads import nothing

# Time filter of the library: an exercise shows when it fits the time chosen.
SLOTS = ((30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "90 minutes"))


def render_exercise_page(templates_dir, exercise, library, links, record=nothing) -> str:
    """The body of an exercise page: facilitator view, then the worksheet;
    `links` are the page's (macros/kit/links.py)."""
    template = templating.environment(str(templates_dir)).get_template("exercise_page.md.j2")
    related = [library[other] for other in exercise.data.get("related", [])]
    # The page shows its related exercises' titles and summaries too.
    record(exercise.file, *(r.file for r in related))
    return templating.markdown_blocks(
        templating.render(
            template,
            links,
            ex=exercise.data,
            related=[r.data for r in related],
            href=links.href,
        )
    )


def meta_description(item) -> Markup:
    """The summary of an exercise or workshop for <meta name="description">,
    escaped here because MkDocs renders theme templates without autoescaping."""
    return templating.inert(item.data["summary"])


def render_index(templates_dir, library, links, record=nothing) -> str:
    """The exercise library table, with a tag filter that JavaScript switches on."""
    exercises = list(library)
    record("exercises/*.yml", *(e.file for e in exercises))
    tags = sorted({tag for ex in exercises for tag in ex.data["tags"]})
    template = templating.environment(str(templates_dir)).get_template("exercise_index.html.j2")
    return templating.squeeze(
        templating.render(
            template,
            links,
            exercises=[e.data for e in exercises],
            tags=tags,
            lengths=SLOTS,
            href=links.href,
        )
    )
