"""The preview as `make serve` starts it: its command, read from the Makefile.

Tests and the benchmark run exactly what a maintainer runs, on a free port,
so a change to the serve recipe is what gets tested and measured.
"""

import pathlib
import re
import shlex
import socket

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def serve_args(makefile: pathlib.Path = ROOT / "Makefile") -> list:
    """The mkdocs arguments of the `serve` recipe, e.g. ['serve', '--strict', '--dirty']."""
    text = makefile.read_text(encoding="utf-8")
    recipe = re.search(r"^serve:.*\n((?:\t.*\n)+)", text, flags=re.M)
    if not recipe:
        raise LookupError(f"{makefile}: no 'serve:' target with a recipe")
    for line in recipe.group(1).splitlines():
        words = shlex.split(line.strip())
        for index, word in enumerate(words):
            if word.endswith("mkdocs") and words[index + 1 : index + 2] == ["serve"]:
                return words[index + 1 :]
    raise LookupError(f"{makefile}: the serve recipe does not run 'mkdocs serve'")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
