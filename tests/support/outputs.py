"""What a built site shows, output by output: the text a reader, a search
box, a chat preview or a printer gets from every file of the build.

`texts(site)` yields (file, where, text) for every place text can reach a
person: a page's visible text, each of its attribute values (tooltips,
meta descriptions, Open Graph tags) and the JSON its scripts read; each
search entry's title and text and Material's tags export (HTML, as the
theme's titles are); the composer's data (plain strings as they are,
`_html` strings as their visible text); the text of every PDF; any other
text file as it is.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
from html.parser import HTMLParser

TEXT_SUFFIXES = (".html", ".xml", ".json", ".js", ".css", ".txt", ".svg", ".webmanifest")


def squeeze(text: str) -> str:
    return " ".join(text.split())


class _Page(HTMLParser):
    """Visible text (not scripts or styles), every element with its attributes,
    and the text of every script, of an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list = []
        self.elements: list = []  # (tag, {attribute: value})
        self.scripts: list = []  # (type, text)
        self._script = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag in ("script", "style"):
            self._script = (dict(attrs).get("type") or tag, [])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._script:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def handle_data(self, data):
        if self._script:
            self._script[1].append(data)
        else:
            self.chunks.append(data)


def parse(document: str) -> _Page:
    parser = _Page()
    parser.feed(document)
    parser.close()
    return parser


def page_view(document: str) -> tuple:
    """(visible text, [(tag, attribute, value)]) of an HTML document, squeezed."""
    parser = parse(document)
    attributes = [(tag, name, squeeze(value)) for tag, attrs in parser.elements for name, value in attrs.items()]
    return squeeze(" ".join(parser.chunks)), [a for a in attributes if a[2]]


def pdf_text(path: pathlib.Path) -> str:
    """The text of a PDF in the order it was drawn (-raw): a table cell's
    lines stay together, rather than each line of a row across its cells."""
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _strings(node, key=""):
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _strings(name, "")
            yield from _strings(value, str(name))
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, key)
    elif isinstance(node, str):
        yield key, node


def texts(site: pathlib.Path):
    """(file, where, text) for every piece of text the build put out."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".pdf":
            yield name, "PDF text", squeeze(pdf_text(path))
        elif path.suffix == ".html":
            document = path.read_text(encoding="utf-8")
            visible, attributes = page_view(document)
            yield name, "visible text", visible
            for tag, attribute, value in attributes:
                yield name, f"<{tag} {attribute}>", value
            # Data a page's own script shows (the 404 page's list of titles).
            for kind, text in parse(document).scripts:
                if kind == "application/json":
                    for key, value in _strings(json.loads(text)):
                        yield name, f"<script> JSON {key}", squeeze(value)
        elif name == "search/search_index.json":
            # Entries are HTML: escaped text, with the paragraphs of a section kept.
            for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
                for part in ("title", "text"):
                    yield name, f"{doc['location']} {part}", page_view(doc[part])[0]
        elif name == "tags.json":
            # Material's tags export: its page titles and tag names are HTML, as in its nav.
            for key, value in _strings(json.loads(path.read_text(encoding="utf-8"))):
                yield name, key, page_view(value)[0]
        elif name.endswith(("kit-data.js", "kit-text.js")):
            data = path.read_text(encoding="utf-8")
            data = json.loads(data[data.index("{") : data.rindex("}") + 1])
            for key, value in _strings(data):
                yield name, key, page_view(value)[0] if key.endswith("_html") else squeeze(value)
        elif path.suffix in TEXT_SUFFIXES:
            yield name, "file", path.read_text(encoding="utf-8", errors="replace")


def raw(site: pathlib.Path):
    """(file, bytes as a person or a tool may read them) for every file: PDFs as their text."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".pdf":
            data += pdf_text(path).encode("utf-8")
        yield path.relative_to(site).as_posix(), data
