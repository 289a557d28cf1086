"""Which kit files the page being rendered was made from.

Code that turns kit files into page text names the files it read
(`record`). Nothing here knows who listens: under `make serve` the preview
subscribes (macros/preview/deps.py) to rebuild just the pages whose files
changed; a plain build has no listener and recording costs a call. Keeping
the recorder in the data layer lets page code report its reads without
importing the preview.
"""

from __future__ import annotations

_listeners: list = []


def subscribe(listener) -> None:
    """Call `listener(*keys)` for every later record; once per listener."""
    if listener not in _listeners:
        _listeners.append(listener)


def record(*keys: str) -> None:
    """The page being rendered was made from these files.

    Keys are paths relative to the project (`exercises/x.yml`); a key with a
    `*` (`exercises/*.yml`) stands for which files that folder holds.
    """
    for listener in _listeners:
        listener(*keys)
