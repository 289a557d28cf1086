"""What the plugin does to every page: plain functions of the page, its Markdown and the config.

- `include_problems`: every markdown-include directive of the page, and of
  the fragments it includes, names a file in docs/includes/ (the checks are
  macros/kit/checkout.py's; macros/plugin/includes.py refuses the same paths
  again while Markdown runs);
- `revision_date`: the date a page of hand-written text last really changed,
  from git history (macros/kit/history.py), as the theme's footer shows it.
"""

from __future__ import annotations

import pathlib

from ..kit import checkout

# Pages of hand-written text that show a date of last change, by docs path prefix.
DATED = ("playbook/", "onboarding/", "about/")


def include_problems(markdown: str, page, config) -> list:
    """'docs/<page>:<line>: …' for every include that reads outside docs/includes/."""
    return checkout.include_problems(
        config["docs_dir"], markdown, f"docs/{page.file.src_uri}", _first_line(markdown, page)
    )


def _first_line(markdown: str, page) -> int:
    """The line of the page's file that its Markdown (front matter taken off) starts on."""
    try:
        source = page.file.content_string
    except (OSError, ValueError):
        return 1
    if not source.endswith(markdown):
        return 1
    return source[: len(source) - len(markdown)].count("\n") + 1


def revision_date(dates, page) -> str | None:
    """The footer's "Last changed" line of a dated page, or None (no date, or not dated).

    Where history cannot date a page, it shows none, and `dates` keeps the
    reason for the build's one message (its summary)."""
    if not (page.file.abs_src_path and page.file.src_uri.startswith(DATED)):
        return None
    when = dates.last_change(pathlib.Path(page.file.abs_src_path), f"docs/{page.file.src_uri}")
    if when is None:
        return None
    return f'Last changed <time datetime="{when.isoformat()}">{when.day} {when:%B %Y}</time>'
