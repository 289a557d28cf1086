"""Every link the kit makes: one helper, handed to every renderer.

A `Links` knows the page it is on (its URL and its docs path), whether the
site uses directory URLs, and the site's address. Web pages link relatively
(`href`, `markdown`, `base`), so the site works from any folder and from a
copy; PDFs and QR codes carry the page's absolute address (`url`). A PDF's
Links is on no page: its `base` is the site's address, so a link typed in
YAML text points at the published site, never at the build machine's files
(WeasyPrint resolves relative links to file://).

Pure string work, no MkDocs and no Jinja, so every layer may import it.
"""

from __future__ import annotations

import dataclasses
import posixpath


@dataclasses.dataclass(frozen=True)
class Links:
    """Links from one page (`page`: its URL, 'exercises/x/'; `src`: its docs
    path, 'exercises/x.md') of one site. `page=None` is print: no page, only
    the site's address."""

    page: str | None = ""
    src: str = ""
    use_directory_urls: bool = True
    site_url: str = ""

    @classmethod
    def of(cls, page, config) -> Links:
        """The links of an MkDocs page (its `url`, `file.src_uri`) in a build's
        config; read by attribute, so this module needs no MkDocs."""
        return cls(page.url, page.file.src_uri, config["use_directory_urls"], config.get("site_url") or "")

    @classmethod
    def of_site(cls, config) -> Links:
        """The links of a build's site root (for files every page loads, as kit-data.js)."""
        return cls("", "", config["use_directory_urls"], config.get("site_url") or "")

    def href(self, doc: str) -> str:
        """A page's link from this page: 'about/sources.md#a' -> '../../about/sources/#a'."""
        return _href(self.page or "", doc, self.use_directory_urls)

    def url(self, doc: str) -> str:
        """A page's permanent address: 'exercises/x.md' -> 'https://site/exercises/x/'."""
        return self.site_url.rstrip("/") + "/" + _href("", doc, self.use_directory_urls).lstrip("./")

    def markdown(self, doc: str) -> str:
        """A Markdown link target from this page's source to another docs page
        ('b.md#a'), which MkDocs checks and turns into the page's address."""
        path, _, anchor = doc.partition("#")
        target = posixpath.relpath(path, posixpath.dirname(self.src) or ".")
        return f"{target}#{anchor}" if anchor else target

    def typed(self, url: str) -> str | None:
        """A site link typed in YAML text, written from the site root
        ('playbook/x.md#why', 'playbook/x/#why', '/playbook/x/'), as a link
        from this output; None when it is not one ('//host', '..', a bare '#anchor')."""
        if url.startswith("//"):
            return None
        path, sep, anchor = url.lstrip("/").partition("#")
        if not path or ".." in path.split("/"):
            return None
        if path.endswith(".md"):
            path = _href("", path, self.use_directory_urls).removeprefix("./")
        return self.base + path + sep + anchor

    @property
    def root(self) -> str:
        """The site root from this page, for files under it ('../..', '.')."""
        return self.href("index.md").rstrip("/") or "."

    @property
    def base(self) -> str:
        """What a site path from YAML text ('playbook/x/#why') is joined to:
        '../../' on a page two folders down, the site's address in print."""
        if self.page is None:
            return self.site_url.rstrip("/") + "/"
        return self.href("index.md").rstrip("/") + "/"


def _href(from_url: str, to_doc: str, use_directory_urls: bool = True) -> str:
    """Relative link from a page URL ('exercises/x/') to a docs path ('about/sources.md#a')."""
    path, _, anchor = to_doc.partition("#")
    target = path[: -len(".md")]
    if target == "index" or target.endswith("/index"):
        target = target[: -len("index")]
    elif use_directory_urls:
        target += "/"
    else:
        target += ".html"
    base = posixpath.dirname(from_url) if not from_url.endswith("/") else from_url.rstrip("/")
    rel = _relative(target, base)
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


def _relative(target: str, base: str) -> str:
    """posixpath.relpath(target or '.', base or '.') for two site paths.

    relpath makes both absolute first (a getcwd() each); a page prints some
    ten links. Paths that climb ('..') or start at '/' take relpath itself.
    """
    to = [part for part in target.split("/") if part and part != "."]
    start = [part for part in base.split("/") if part and part != "."]
    if ".." in to or ".." in start or target.startswith("/") or base.startswith("/"):
        return posixpath.relpath(target or ".", base or ".")
    same = 0
    while same < len(to) and same < len(start) and to[same] == start[same]:
        same += 1
    return "/".join([".."] * (len(start) - same) + to[same:]) or "."
