"""The kit's own scripts and stylesheets, made smaller in the built site.

The sources in docs/assets/ keep their comments, which say why; the built
site sends them without comments and indentation. rjsmin and rcssmin remove
only what the language ignores and rename nothing, so a script behaves as
its source does and reads the same in the browser's tools, on one line.
That takes about a third off what the composer and the check-up load first
on a phone (docs/about/performance.md, the composer on a phone).

Pages lose the indentation between their tags (Material's templates indent
every line): about a fifth of a page's bytes, the same page in every browser.

Material's files are minified already and carry a hash of their content in
their name (web servers keep them for a year), and vendor/ holds scripts as
their authors ship them: both are left as they are.
"""

from __future__ import annotations

import pathlib
import re

import rcssmin
import rjsmin

# Folder under assets/ -> (suffix, minifier)
KINDS = {"javascripts": (".js", rjsmin.jsmin), "stylesheets": (".css", rcssmin.cssmin)}


def minify(docs_dir: pathlib.Path, site_dir: pathlib.Path) -> int:
    """Minify, in the built site, each script and stylesheet of docs/assets/ (its top folder
    only). Returns the bytes saved. Running it twice changes nothing."""
    saved = 0
    for folder, (suffix, squeeze) in KINDS.items():
        for source in sorted((pathlib.Path(docs_dir) / "assets" / folder).glob(f"*{suffix}")):
            target = pathlib.Path(site_dir) / "assets" / folder / source.name
            if not target.is_file():
                continue
            text = target.read_text(encoding="utf-8")
            small = squeeze(text).strip() + "\n"
            if len(small) < len(text):
                target.write_text(small, encoding="utf-8")
                saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved


# Where white space is content: preformatted text, a text box, a script, a stylesheet.
_KEPT = re.compile(r"(<(?:pre|textarea|script|style)\b.*?</(?:pre|textarea|script|style)\s*>)", re.S | re.I)
# Between two tags; a part starts and ends at a tag (the kept elements are cut out whole).
_BETWEEN_TAGS = re.compile(r"(?:(?<=>)|^)[ \t\r\n]*\n[ \t\r\n]*(?=<|$)")


def compact_html(html: str) -> str:
    """The page with each run of white space between two tags that holds a line break made one
    line break: the same white space to a browser, which collapses it, outside the kept elements."""
    parts = _KEPT.split(html)
    return "".join(part if i % 2 else _BETWEEN_TAGS.sub("\n", part) for i, part in enumerate(parts))
