"""MkDocs hooks (mkdocs.yml `hooks:`) that keep the build's reading inside the checkout.

Thin glue: the checks are plain functions of paths in macros/kit/checkout.py.
- on_config, before any plugin: a symbolic link under docs/, exercises/ or
  templates/ that leads out of the checkout (or into .git/, .venv/, .cache/,
  site*) stops the build before any page, YAML file or template is read.
- on_page_markdown, before the macros and the other hooks: every
  markdown-include directive of the page, and of the fragments it includes,
  must name a file in docs/includes/; the error gives the page and the line.
  macros/includes.py refuses the same paths again while Markdown runs.
"""

from __future__ import annotations

import pathlib
import sys

from mkdocs.plugins import event_priority

_PROJECT = pathlib.Path(__file__).resolve().parent.parent
if str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from macros import errors  # noqa: E402
from macros.kit import checkout  # noqa: E402


@event_priority(100)  # before mkdocs-macros loads the kit and the social plugin reads its layouts
def on_config(config, **kwargs):
    problems = checkout.link_problems(pathlib.Path(config["config_file_path"]).parent)
    if problems:
        raise errors.kit_error("\n".join(problems))
    return config


@event_priority(120)  # the page as written, before anything else changes its Markdown
def on_page_markdown(markdown, page, config, files, **kwargs):
    problems = checkout.include_problems(
        config["docs_dir"], markdown, f"docs/{page.file.src_uri}", _first_line(markdown, page)
    )
    if problems:
        raise errors.kit_error("\n".join(problems))
    return markdown


def _first_line(markdown: str, page) -> int:
    """The line of the page's file that its Markdown (front matter taken off) starts on."""
    try:
        source = page.file.content_string
    except (OSError, ValueError):
        return 1
    if not source.endswith(markdown):
        return 1
    return source[: len(source) - len(markdown)].count("\n") + 1
