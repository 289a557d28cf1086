"""The offline copy: the whole site as a folder that works opened from a file (issue 25).

The hosted site keeps the directory addresses teams paste into tickets
(`/playbook/rewards/`); opened from a file, such a link shows a folder
listing. So `make site` builds the site a second time with
COMMON_GROUND_OFFLINE=1 (macros/publish.py) and zips that build into the
hosted site's downloads/ folder, offered on the home and workshops pages.
That variable switches on Material's offline plugin (mkdocs.yml), which
gives every page an address ending in .html and writes the search index as
a script (search/search_index.js) a page can read from a file.

The plugin does the rest, through these helpers:
- Material's plugin adds a shim that runs the search worker in an iframe
  (browsers refuse workers from file://), loaded from a CDN: the kit serves
  its own copy instead (docs/assets/javascripts/vendor/, MIT, from the
  iframe-worker package), so the copy asks no other host for anything;
- it points every link that still ends in a folder (`../playbook/rewards/`,
  written by code that assumed the hosted addresses, today's or next
  year's) at the page file itself, since a folder opened from a file shows a
  listing, not its page;
- it tells the theme which build it is (`config.extra.offline_copy`), so the
  home and workshops pages offer the download on the hosted site and say
  "this is the offline copy" in the copy itself (templates/theme/main.html).
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse

from material.plugins.offline.plugin import OfflinePlugin

from ..kit import paths

SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


def offline_build(config) -> bool:
    return any(isinstance(plugin, OfflinePlugin) and plugin.config.enabled for plugin in config.plugins.values())


def configure(config) -> None:
    """Which build this is, for the theme; in the copy, the kit's own search shim."""
    offline = offline_build(config)
    config.extra["offline_copy"] = offline
    config.extra["offline_zip"] = paths.OFFLINE_ZIP  # where macros/publish.py writes it
    if offline:
        # Material's offline plugin, listed before this one in mkdocs.yml, has
        # added its CDN shim by now (the same priority runs in list order).
        polyfills = [script for script in config.extra.get("polyfills", []) if "iframe-worker" not in str(script)]
        config.extra["polyfills"] = [*polyfills, SHIM]


# A link in a built page: the attribute's opening, the address, its closing quote.
_HREF = re.compile(r'(\shref=")([^"]*)(")')


def page_files(files, config) -> set:
    """Every page's output path in the copy (empty in the hosted build)."""
    if not config.extra.get("offline_copy"):
        return set()
    return {f.dest_uri for f in files.documentation_pages()}


def point_links_at_files(output: str, page, pages: set) -> str:
    """The built page with each folder link pointed at its page file (the copy only: `pages` is empty otherwise)."""
    if not pages:
        return output
    here = page.file.dest_uri
    return _HREF.sub(lambda m: m.group(1) + file_link(here, m.group(2), pages) + m.group(3), output)


def file_link(here: str, href: str, pages: set) -> str:
    """`href` on the page at `here`, pointed at a file when it leads to a folder of the site.

    "../playbook/rewards/" becomes "../playbook/rewards.html" when that page
    exists, else "../playbook/rewards/index.html"; ".." and "./" the same. Links to other sites, absolute paths and files
    are left as they are."""
    parts = urllib.parse.urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "#")) or href.startswith("javascript:"):
        return href
    path = parts.path
    if path and not (path.endswith("/") or path in (".", "..") or path.endswith("/..")):
        return href  # a file already: page.html, a PDF, an image
    if not path:
        return href  # this very page
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path or "."))
    target = "" if target == "." else target
    for candidate in (f"{target}.html", posixpath.join(target, "index.html")):
        if candidate in pages:
            break
    else:
        return href  # no page there: leave it, so the link checks name it
    link = posixpath.relpath(candidate, posixpath.dirname(here) or ".")
    return urllib.parse.urlunsplit(("", "", link, parts.query, parts.fragment))
