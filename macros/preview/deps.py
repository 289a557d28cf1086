"""Which files each page was built from, so the preview rebuilds only what a save affects.

`make serve` runs `mkdocs serve --dirty`. On its own, a dirty build renders
only pages whose Markdown is newer than their output; an exercise page's
Markdown is one macro call, so a saved YAML edit would never show. While a
build renders a page, the macros name the files they read (`uses`); the next
build compares those files with what they were and rebuilds just the pages
whose files changed (`pages_to_rebuild`). A change to anything every page is
made from (templates, macros, mkdocs.yml, includes, schemas) or to what the
navigation shows of a page (title, tags) rebuilds everything.

Plain Python without MkDocs: the plugin (macros/plugin/preview.py) feeds it
from MkDocs' events, and tests call it directly. Page code reports its reads
through the `record` callable every renderer takes (macros/kit/reads.py): under
`make serve` that is the tracker's `uses`. The tracker lives on the plugin
object, which `mkdocs serve` keeps from one rebuild to the next.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re

# Every page is made from these: a change rebuilds the whole site.
SITE_WIDE = (
    "mkdocs.yml",
    "templates",
    "macros",
    "docs/includes",
    "exercises/schema.json",
    "exercises/workshops/schema.json",
)
# Returned instead of a set of pages when every page must be rebuilt.
EVERYTHING = "everything"
# A page with this marker lists every page by tag (Material's tags plugin);
# it can only be rebuilt with every page read.
TAG_LISTING = "<!-- material/tags"

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_KEY = re.compile(r"^(title|tags):", re.M)


@dataclasses.dataclass
class Record:
    """What the last finished build was made from."""

    site_wide: tuple
    nav_facts: dict  # docs path -> the lines that make its title and tags
    inputs: dict  # docs path -> {input key: fingerprint when read}
    shown: dict = dataclasses.field(default_factory=dict)  # docs path -> (title, meta)


class Tracker:
    """Inputs per page for one build, and the record of the last one."""

    def __init__(self):
        self.records: dict = {}  # site_dir -> Record (serve keeps one site_dir)
        self.current = None  # docs path of the page being rendered
        self.used: dict = {}  # docs path -> set of input keys, this build
        self.snapshot: dict = {}  # input key -> fingerprint at build start
        self.shown: dict = {}  # docs path -> (title, meta) of pages read

    def start_build(self, root) -> None:
        self.current, self.used, self.shown = None, {}, {}
        self.snapshot = snapshot(pathlib.Path(root))

    def start_page(self, src: str) -> None:
        self.current = src
        self.used[src] = set()

    def uses(self, *keys: str) -> None:
        if self.current is not None:
            self.used[self.current].update(keys)

    def finish_build(self, root, site_dir: str, site_wide: tuple, nav_facts: dict) -> Record:
        """Keep, per page, the inputs it was last rendered from."""
        root = pathlib.Path(root)
        old = self.records.get(site_dir)
        inputs = dict(old.inputs) if old else {}
        shown = dict(old.shown) if old else {}
        for src, keys in self.used.items():
            # Fingerprints from the start of the build: a file saved while it
            # ran differs from them, so the next build renders its pages again.
            inputs[src] = {key: self.snapshot.get(key, fingerprint(root, key)) for key in keys}
        shown.update(self.shown)
        record = Record(site_wide, nav_facts, {s: i for s, i in inputs.items() if s in nav_facts}, shown)
        self.records[site_dir] = record
        self.current, self.used = None, {}
        return record


# --- Fingerprints -------------------------------------------------------------


def fingerprint(root: pathlib.Path, key: str):
    """What a file is now (mtime and size), or which files a folder pattern matches."""
    if "*" in key:
        folder, _, pattern = key.rpartition("/")
        return tuple(sorted(p.name for p in (root / folder).glob(pattern)))
    try:
        stat = os.stat(root / key)
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def snapshot(root: pathlib.Path) -> dict:
    """Fingerprints of every exercise and workshop file and folder, cheaply."""
    keys = {}
    for folder in ("exercises", "exercises/workshops"):
        pattern = f"{folder}/*.yml"
        keys[pattern] = fingerprint(root, pattern)
        for name in keys[pattern]:
            keys[f"{folder}/{name}"] = fingerprint(root, f"{folder}/{name}")
    return keys


def site_wide(root) -> tuple:
    """Every file under the site-wide inputs, with mtime and size."""
    root = pathlib.Path(root)
    found = []
    for part in SITE_WIDE:
        path = root / part
        if path.is_file():
            found.append((part, fingerprint(root, part)))
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                rel = os.path.relpath(os.path.join(folder, name), root)
                found.append((rel, fingerprint(root, rel)))
    return tuple(found)


def nav_facts(text: str) -> tuple:
    """The parts of a page other pages show: front matter title and tags, first H1.

    The navigation of every page lists every page's title, and the tags page
    lists every page's tags, so a change here rebuilds everything.
    """
    front = _FRONT.match(text)
    block = front.group(1) if front else ""
    keys = tuple(line for line in _block_lines(block))
    body = text[front.end() :] if front else text
    heading = next((line for line in body.splitlines() if line.startswith("# ")), "")
    return keys + (heading,)


def _block_lines(block: str):
    """The title and tags lines of a front matter block, with tags' list items."""
    keep = False
    for line in block.splitlines():
        if _KEY.match(line):
            keep = True
        elif line and not line[0].isspace() and not line.startswith("-"):
            keep = False
        if keep:
            yield line


# --- The decision ---------------------------------------------------------------


def pages_to_rebuild(previous: Record | None, root, site_wide_now: tuple, facts_now: dict):
    """(docs paths whose inputs changed since `previous`, or EVERYTHING; why)."""
    if previous is None:
        return EVERYTHING, "first build"
    if previous.site_wide != site_wide_now:
        changed = sorted({p for p, _ in set(previous.site_wide) ^ set(site_wide_now)})
        return EVERYTHING, f"{', '.join(changed[:3])} changed"
    if previous.nav_facts != facts_now:
        changed = sorted(set(previous.nav_facts) ^ set(facts_now)) or sorted(
            src for src in facts_now if previous.nav_facts[src] != facts_now[src]
        )
        return EVERYTHING, f"a page was added, removed or retitled or its tags changed: {', '.join(changed[:3])}"
    root = pathlib.Path(root)
    now: dict = {}
    stale = set()
    for src, inputs in previous.inputs.items():
        for key, was in inputs.items():
            if key not in now:
                now[key] = fingerprint(root, key)
            if now[key] != was:
                stale.add(src)
                break
    return stale, "their files changed"
