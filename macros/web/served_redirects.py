"""The redirects a built site holds, written for a web server that answers 301.

mkdocs-redirects publishes each redirect in mkdocs.yml as a stub page that
refreshes to the new address. Every host can serve that, but a reader gets a
blank page first and a search engine keeps the old address. A server that
can answer 301 should: `make site` (macros/publish.py) reads the stubs from
the built tree, so the list is what is published whatever wrote it, and
writes them as an nginx map at site/.nginx-redirects.map, which
.ci/deploy/nginx/common-ground.conf includes. The map travels with the site,
so a deploy never pairs one build's pages with another build's redirects.

Keys are the paths nginx compares ($uri: percent-decoded), each of an old
page's spellings (`/old/`, `/old`, `/old/index.html`); values are the new
address, percent-encoded, so neither can inject nginx syntax.
"""

from __future__ import annotations

import html
import pathlib
import re
import urllib.parse

from ..kit.problems import KitProblem

MAP_NAME = ".nginx-redirects.map"
# The stub mkdocs-redirects writes: <meta http-equiv="refresh" content="0; url=TARGET">.
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]*)">')
_STUB_SIZE = 2048  # a stub is a few hundred bytes; a real page is never this small
# What may stay as it is in a path or fragment of a Location header: no quote,
# space, backslash, `$` (an nginx variable) or `%` (escaped again, so `%` stays text).
_SAFE = "/-._~!&'()*+,;=:@"
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")
_HOST = re.compile(r"[A-Za-z0-9.:\[\]-]*")  # an outside target's host and port, nothing else


class RedirectMapError(KitProblem):
    """A redirect stub that cannot be written into a server's map: the stub in
    site/, the line of its refresh, the address at fault."""


def stubs(site: pathlib.Path) -> dict:
    """{stub's path in the site ('old/index.html'): its target as written} for every stub."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        if page.stat().st_size > _STUB_SIZE:
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        match = _REFRESH.search(text)
        if match and "md-" not in text:  # Material's pages carry md- classes; stubs have none
            found[page.relative_to(site).as_posix()] = html.unescape(match.group(1))
    return found


def served(site: pathlib.Path, base: str = "/") -> list:
    """[(old path as nginx sees it, new address)] for every stub, each spelling of an old page.

    `base` is the site's path on its host ('/' or '/kit/'), from the site address."""
    pairs = []
    for stub, target in stubs(site).items():
        folder = stub[: -len("index.html")] if stub.endswith("index.html") else None
        own = base + (folder if folder is not None else stub)
        try:
            where = _location(urllib.parse.urljoin(own, target))
        except ValueError as err:
            raise RedirectMapError(str(err), **_stub_place(site, stub)) from None
        olds = [base + stub]
        if folder:  # a directory URL: '/old/', and '/old' before nginx adds the slash
            olds = [base + folder, base + folder.rstrip("/"), *olds]
        for old in olds:
            if _UNPRINTABLE.search(old):
                raise RedirectMapError(
                    "the old address holds a control character; rename the page", **_stub_place(site, stub)
                )
            pairs.append((old, where))
    return pairs


def _stub_place(site: pathlib.Path, stub: str) -> dict:
    """Where a stub's problem is: the stub as site/ will hold it, the line of its refresh."""
    text = (site / stub).read_text(encoding="utf-8", errors="replace")
    match = _REFRESH.search(text)
    line = text.count("\n", 0, match.start()) + 1 if match else 1
    return {"file": f"site/{stub}", "line": line, "field": "refresh url"}


def _location(url: str) -> str:
    """The new address, percent-encoded as a Location header carries it; ValueError when it is none."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("", "http", "https") or not _HOST.fullmatch(parts.netloc) or _UNPRINTABLE.search(url):
        # Internal: served() turns it into a RedirectMapError naming the stub.
        raise ValueError(f"the redirect's target {url!r} is not an http(s) address or a page")
    path = urllib.parse.quote(urllib.parse.unquote(parts.path), safe=_SAFE)
    fragment = urllib.parse.quote(urllib.parse.unquote(parts.fragment), safe=_SAFE + "?")
    query = urllib.parse.quote(urllib.parse.unquote(parts.query), safe=_SAFE + "?")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, fragment))


def nginx_map(pairs: list) -> str:
    """The body of an nginx `map $uri ...` block: one quoted `"old" "new";` line per spelling."""
    lines = [
        "# Written by `make site` from the redirect pages in this site (mkdocs.yml, plugins > redirects).",
        "# Included by .ci/deploy/nginx/common-ground.conf: old address -> 301 to the new one.",
    ]
    lines += [f'"{_quoted(old)}" "{_quoted(new)}";' for old, new in pairs]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """Text inside an nginx double-quoted string: backslash and quote escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def write_nginx_map(site: pathlib.Path, base: str = "/") -> pathlib.Path:
    """Write site/.nginx-redirects.map; an empty map (comments only) when nothing is redirected."""
    target = site / MAP_NAME
    target.write_text(nginx_map(served(site, base)), encoding="utf-8")
    return target
