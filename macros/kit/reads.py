"""How page code says which kit files the page being rendered was made from.

Every renderer takes a `record` callable and calls it with the files it read:
paths relative to the project (`exercises/x.yml`); a key with a `*`
(`exercises/*.yml`) stands for which files that folder holds. Under
`make serve` the plugin hands in its preview tracker's `uses`
(macros/preview/deps.py), which rebuilds just the pages whose files changed;
elsewhere (a plain build, tests) the default records nothing.
"""

from __future__ import annotations


def nothing(*keys: str) -> None:
    """The `record` of a build that keeps no record of what each page read."""
