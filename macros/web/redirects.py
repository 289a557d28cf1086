"""Checks on mkdocs.yml's redirects (plugins.redirects.redirect_maps).

mkdocs-redirects writes a stub page at each old address that refreshes to
the new one. It does so even where a real page is published, replacing it,
and it follows no chain: two real pages redirected into each other both
became stubs refreshing forever, under --strict. These rules stop the build
first, naming the line of mkdocs.yml.
"""

from __future__ import annotations

import pathlib

from ..kit.problems import where

FIELD = "plugins.redirects.redirect_maps"


def problems(redirects: dict, pages: set, config_file: pathlib.Path | None = None) -> list:
    """'mkdocs.yml:LINE: message' for every redirect that would break a published page.

    `redirects` maps old docs paths ('old/page.md') to new ones or to URLs;
    `pages` holds the docs paths of every page this build publishes.
    """
    found = []

    def add(old, message):
        found.append(where(*_place(config_file, old)) + f"{FIELD}['{old}']: {message}")

    for old, new in redirects.items():
        if old in pages:
            add(
                old,
                f"{old} is a page of this site, and the redirect would replace it with a stub; "
                "delete the page or the redirect",
            )
        target = str(new).split("#")[0]
        if target in redirects:
            chain = _chain(redirects, old)
            if chain[-1] in chain[:-1]:
                add(old, "the redirects form a loop (" + " → ".join(chain) + "); point each old address at a real page")
            else:
                add(old, f"points at {target}, which is itself redirected; point it at {chain[-1]} directly")
        elif target.endswith(".md") and target not in pages:
            add(old, f"points at {target}, which this site does not publish; point it at a page that exists")
    return found


def _chain(redirects: dict, start: str) -> list:
    chain = [start]
    while True:
        target = str(redirects[chain[-1]]).split("#")[0]
        chain.append(target)
        if target in chain[:-1] or target not in redirects:
            return chain


def _place(config_file, old: str) -> tuple:
    """(mkdocs.yml, the line of the redirect's key): 1 when it cannot be found, None when the file cannot be read."""
    if config_file is None:
        return "mkdocs.yml", None
    try:
        lines = pathlib.Path(config_file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return pathlib.Path(config_file).name, None
    line = next(
        (n for n, text in enumerate(lines, 1) if text.strip().startswith((f"{old}:", f"'{old}':", f'"{old}":'))), 1
    )
    return pathlib.Path(config_file).name, line
