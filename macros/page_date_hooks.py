"""The date a guide last really changed, shown at the foot of the page.

The dates come from git history (macros/kit/history.py). Where history
cannot date a page (no repository, no git, a checkout git refuses, a shallow
clone, a file not committed yet), the page shows no date, and the build says
so once, with the reason, at INFO level: a warning would fail the strict
build over something a reader is better off without than misled by.

Material shows page.meta.revision_date in its "source file" footer.
Exercise and workshop pages show the `updated` date of their YAML instead.
"""

import logging
import pathlib
import sys

_PROJECT = pathlib.Path(__file__).resolve().parent.parent
if str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from macros.kit import history  # noqa: E402

log = logging.getLogger("mkdocs.plugins.common_ground.dates")
# Pages of hand-written text, by docs path prefix.
DATED = ("playbook/", "onboarding/", "about/")
_build: list = [history.Dates()]  # this build's dates and undated pages


def on_config(config):
    _build[0] = history.Dates()
    return config


def on_page_markdown(markdown, page, config, files):
    if page.file.abs_src_path and page.file.src_uri.startswith(DATED):
        when = _build[0].last_change(pathlib.Path(page.file.abs_src_path), f"docs/{page.file.src_uri}")
        if when is not None:
            page.meta["revision_date"] = (
                f'Last changed <time datetime="{when.isoformat()}">{when.day} {when:%B %Y}</time>'
            )
    return markdown


def on_post_build(config):
    said = _build[0].summary()
    if said:
        log.info(said)
