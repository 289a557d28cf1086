"""The publishing setting, checked: the site's address, the repository's address, the edit path.

The three come from mkdocs.yml (`site_url`, `repo_url`, `edit_uri`), which
reads them from COMMON_GROUND_SITE_URL, COMMON_GROUND_REPO_URL and
COMMON_GROUND_EDIT_URI (README.md, Publish). They reach every page (canonical
link, edit link, the repository link in the header), the sitemap and every
PDF's footer and QR code, so one bad value spoils the whole site.

What is refused, and why:

- Characters that end an HTML attribute or start markup (quotes, angle
  brackets), spaces, backslashes, control characters and anything outside
  ASCII. The templates escape these values too; the check is the first wall.
- A query or a fragment in an address: every page address is the site's
  address plus the page's path, so `/?utm_source=chat#top` turned each QR
  code into a link to the home page.
- A user name or password in an address: it would be printed on every page.
- In the site's address, anything but letters, digits, `-._~/` and `%xx`
  escapes in its path: MkDocs prints that path unescaped into the 404 page's
  asset links, so `&` and its friends are written as `%26` and so on.
- A site address that is still the placeholder host, however spelled
  (case, a trailing dot): a release build refuses it.

No MkDocs here: macros/plugin/publishing.py turns a problem into the build's error.
"""

from __future__ import annotations

import re
import urllib.parse

PLACEHOLDER_HOST = "common-ground.example.org"
SITE_URL = "site_url (COMMON_GROUND_SITE_URL)"
REPO_URL = "repo_url (COMMON_GROUND_REPO_URL)"
EDIT_URI = "edit_uri (COMMON_GROUND_EDIT_URI)"
GOOD_SITE_URL = "an address like https://kit.example.com/ or https://example.com/common-ground/"
GOOD_REPO_URL = "an address like https://github.com/example/common-ground"
GOOD_EDIT_URI = "a path like edit/main/ (GitHub, Gitea) or -/edit/main/ (GitLab)"

# Characters named in a message, in the words a maintainer would use.
_NAMED = {
    '"': "a double quote",
    "'": "a single quote",
    "`": "a backtick",
    "<": "an angle bracket",
    ">": "an angle bracket",
    "\\": "a backslash",
    " ": "a space",
}
# What a URL may hold beyond letters and digits (RFC 3986), without the quote.
_URL_PUNCTUATION = set("-._~:/?#[]@!$&()*+,;=%")
# What the path of the site's address may hold: the unreserved characters and
# '/'; everything else as a %xx escape.
_SITE_PATH = re.compile(r"(?:[A-Za-z0-9._~/-]|%[0-9A-Fa-f]{2})*")
# A relative path that git would accept as (part of) a branch name.
_EDIT_PATH = re.compile(r"(?:[A-Za-z0-9._~!$&()*+,;=@/-]|%[0-9A-Fa-f]{2})+")
_PERCENT_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# A host name or an IPv6 address in brackets, then an optional port.
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?")


def shown(value: str, limit: int = 80) -> str:
    """A value as a message may print it: quoted, with anything unprintable as
    an escape (a control character could rewrite the terminal), cut short."""
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in value)
    return "'" + (text if len(text) <= limit else text[: limit - 3] + "...") + "'"


def site_url_problem(value: str | None) -> str | None:
    """What is wrong with the site's address, or None."""
    if not value:
        return f"{SITE_URL} is empty; set it to {GOOD_SITE_URL} (README.md, Publish)"
    problem = _characters_problem(value) or _https_problem(value)
    if problem is None and not _SITE_PATH.fullmatch(urllib.parse.urlsplit(value).path):
        problem = "its path holds a character other than letters, digits and -._~/; write it as a %xx escape (& is %26)"
    return _said(SITE_URL, value, problem, GOOD_SITE_URL)


def repo_url_problem(value: str | None) -> str | None:
    """What is wrong with the repository's address (None when unset or fine)."""
    if not value:
        return None
    problem = _characters_problem(value) or _https_problem(value)
    return _said(REPO_URL, value, problem, GOOD_REPO_URL)


def edit_uri_problem(value: str | None) -> str | None:
    """What is wrong with the edit path (None when unset or fine). It is a
    plain path from the repository's address, never an address of its own."""
    if not value:
        return None
    problem = _characters_problem(value)
    if problem is None:
        segments = value.rstrip("/").split("/")
        if "://" in value or value.startswith(("/", "//")):
            problem = "it is not a relative path"
        elif "?" in value or "#" in value:
            problem = "it holds a query (?) or a fragment (#)"
        elif any(segment in ("", ".", "..") for segment in segments):
            problem = "it holds an empty, '.' or '..' step"
        elif not _EDIT_PATH.fullmatch(value):
            problem = "it holds a character a branch name in an address cannot: use letters, digits and -._/"
    return _said(EDIT_URI, value, problem, GOOD_EDIT_URI)


def is_placeholder(site_url: str) -> bool:
    """True while the site's address is the placeholder, however its host is spelled."""
    host = urllib.parse.urlsplit(site_url).hostname or ""
    return host.rstrip(".").lower() == PLACEHOLDER_HOST


def is_preview(site_url: str | None, dev_addr) -> bool:
    """True under `mkdocs serve`, which swaps site_url for the preview address."""
    host, port = getattr(dev_addr, "host", None), getattr(dev_addr, "port", None)
    return bool(site_url) and site_url.startswith((f"http://{host}:{port}/", f"http://[{host}]:{port}/"))


def _said(name: str, value: str, problem: str | None, good: str) -> str | None:
    if problem is None:
        return None
    return f"{name} is {shown(value)}: {problem}. Set it to {good} (README.md, Publish)"


def _characters_problem(value: str) -> str | None:
    for ch in value:
        if ch in _NAMED:
            return f"it holds {_NAMED[ch]}"
        if not ch.isprintable() or ch in "\u2028\u2029":
            return f"it holds the control character {ascii(ch)[1:-1]}"
        if not ch.isascii():
            return (
                f"it holds {ch!r}, which is not ASCII; write a host in its xn-- form and "
                "any other character as a %xx escape"
            )
        if not ch.isalnum() and ch not in _URL_PUNCTUATION:
            return f"it holds {ch!r}, which an address cannot hold; write it as a %xx escape"
    if _PERCENT_ESCAPE.search(value):
        return "it holds a % that does not start a %xx escape"
    return None


def _https_problem(value: str) -> str | None:
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 -- a bad port raises here
    except ValueError:
        return "it is not an address"
    if parts.scheme != "https":
        return "it does not start with https://"
    if not parts.hostname:
        return "it names no host"
    if "@" in parts.netloc:
        return "it holds a user name or password, which every page would print"
    if not _HOST.fullmatch(parts.netloc):
        return "its host holds a character other than letters, digits, '-' and '.'"
    if "?" in value or "#" in value:
        return (
            "it holds a query (?) or a fragment (#); every page's address and QR code is this address "
            "plus the page's path, so they would all open one page"
        )
    return None
