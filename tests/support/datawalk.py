"""Every data file of a project and every text field in it, found by walking.

What counts as data: every file under docs/ and exercises/ whose name ends
in .yml, .yaml or .json (in any case), and the front matter of every
Markdown file under docs/, found as MkDocs finds it (a YAML block, or
MultiMarkdown 'Key: value' lines). Nothing here lists a file or a field:
a data file added next year, or a field added to one, is walked the day
it appears.
JSON Schemas (a mapping with a "$schema" key) are the rules data is checked
against, reviewed like code: they are visited, named as schemas, and get no
payloads. Every other file under those folders must be a static asset
(`STATIC_SUFFIXES`), copied as it is; `unvisited` names any file that is
neither, so a new kind of file cannot slip past the walk.

A field is a text leaf (a string value, a list item that is a string) or a
mapping key that is a string. Numbers, booleans and nulls are not text.
Dates stay text, as the kit's own reader keeps them.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import pathlib
import subprocess

import yaml

FOLDERS = ("docs", "exercises")
DATA_SUFFIXES = (".yml", ".yaml", ".json")
PAGE_SUFFIXES = (".md", ".markdown")
# Files published as they are, never read as data by the build.
STATIC_SUFFIXES = (
    ".css",
    ".js",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".webp",
    ".ico",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML as the kit reads it: dates stay the text that was typed."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclasses.dataclass
class Source:
    """One data file, or one page's front matter."""

    rel: str  # posix path from the project root
    kind: str  # "yaml", "json", "front matter" or "schema"
    data: object
    body: str = ""  # a page's Markdown after its front matter

    def text(self, data=None) -> str:
        """The file's text holding `data` (the file's own data by default)."""
        data = self.data if data is None else data
        if self.kind == "json":
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        dumped = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=2**30)
        if self.kind == "front matter":
            return f"---\n{dumped}---\n{self.body}"
        return dumped


@dataclasses.dataclass(frozen=True)
class Field:
    """A text field of a source: a value at `path`, or the key that ends `path`."""

    rel: str
    path: tuple
    is_key: bool
    text: str

    def name(self) -> str:
        """The field as messages name it: its keys and list positions."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out + (" (key)" if self.is_key else "")


def _files(root: pathlib.Path) -> list:
    """Every file under the walked folders, by a directory walk and by git."""
    found = set()
    for folder in FOLDERS:
        for place, _, names in os.walk(root / folder):
            found.update(pathlib.Path(place, name).relative_to(root).as_posix() for name in names)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *FOLDERS], cwd=root, capture_output=True, text=True, check=False
    )
    if listed.returncode == 0:
        found.update(name for name in listed.stdout.split("\0") if name and (root / name).exists())
    return sorted(found)


def is_data(rel: str) -> bool:
    return rel.lower().endswith(DATA_SUFFIXES)


def is_page(rel: str) -> bool:
    return rel.startswith("docs/") and rel.lower().endswith(PAGE_SUFFIXES)


def sources(root) -> list:
    """Every data file and every page with front matter, parsed."""
    root = pathlib.Path(root)
    out = []
    for rel in _files(root):
        path = root / rel
        if is_data(rel):
            text = path.read_text(encoding="utf-8-sig")
            data = json.loads(text) if rel.lower().endswith(".json") else yaml.load(text, Loader=_Loader)
            is_schema = isinstance(data, dict) and "$schema" in data
            kind = "schema" if is_schema else "json" if rel.lower().endswith(".json") else "yaml"
            out.append(Source(rel, kind, data))
        elif is_page(rel):
            meta = front_matter(path.read_text(encoding="utf-8-sig"))
            if meta is not None:
                out.append(Source(rel, "front matter", *meta))
    return out


def front_matter(text: str):
    """(data, body) of a page's front matter as MkDocs finds it, or None.

    MkDocs' own rules (mkdocs.utils.meta): a YAML block between '---' lines
    (read here with dates kept as text), or MultiMarkdown 'Key: value'
    lines at the top. Written back, either is a YAML block."""
    from mkdocs.utils import meta

    block = meta.YAML_RE.match(text)
    if block:
        data = yaml.load(block.group(1), Loader=_Loader)
        return (data, text[block.end() :]) if isinstance(data, dict) else None
    body, data = meta.get_data(text)
    return (data, body) if data else None


def unvisited(root) -> list:
    """Files under the walked folders that are neither walked nor a static asset."""
    root = pathlib.Path(root)
    return [rel for rel in _files(root) if not (is_data(rel) or is_page(rel) or rel.lower().endswith(STATIC_SUFFIXES))]


def fields(source: Source) -> list:
    """Every text field of a source, in file order (none for a schema)."""
    if source.kind == "schema":
        return []
    out: list = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str):
                    out.append(Field(source.rel, (*path, key), True, key))
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))
        elif isinstance(node, str):
            out.append(Field(source.rel, path, False, node))

    walk(source.data, ())
    return out


def with_changes(source: Source, changes: dict) -> str:
    """The source's text with some fields changed: {Field: new text}.

    Values are set first, by their original keys; then keys are renamed,
    deepest first, so a renamed mapping still holds its changed values."""
    data = copy.deepcopy(source.data)
    for field, text in changes.items():
        if not field.is_key:
            _set(data, field.path, text)
    for field, text in sorted(((f, t) for f, t in changes.items() if f.is_key), key=lambda item: -len(item[0].path)):
        parent = _get(data, field.path[:-1])
        parent_items = list(parent.items())
        parent.clear()
        parent.update((text if key == field.path[-1] else key, value) for key, value in parent_items)
    return source.text(data)


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _set(data, path, value):
    _get(data, path[:-1])[path[-1]] = value
