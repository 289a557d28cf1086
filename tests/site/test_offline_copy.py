"""The offline copy's files: every link of every page opens a file of the copy.

Opened from a file, a link to a folder shows a listing and a link to
"/about/" leads to the root of the disk: in the copy every link leads to a
file in it, whatever code wrote the link (macros/plugin/offline.py points
folder links at their pages). The hosted site's link checks are in
test_links.py; the copy in a browser is tests/browser/test_browser_from_a_file.py.
"""

import pathlib
import urllib.parse

from support.sitehtml import parse_page


def _problem(page: pathlib.Path, link: str, copy: pathlib.Path) -> str | None:
    parts = urllib.parse.urlsplit(link)
    if parts.scheme or parts.netloc:
        return None  # another site: for readers online (the newer copy's address)
    if link.startswith("/"):
        return "an address from the root of the disk"
    if not parts.path:
        return None  # this page
    target = (page.parent / urllib.parse.unquote(parts.path)).resolve()
    if not target.is_relative_to(copy.resolve()):
        return "leads out of the copy"
    if target.is_dir():
        return "a folder (a listing, not its page)"
    if not target.is_file():
        return "no such file"
    return None


def test_every_link_in_the_copy_opens_a_file_of_the_copy(offline_copy):
    broken, checked = [], 0
    for page in sorted(offline_copy.rglob("*.html")):
        for link in sorted(set(parse_page(page).links)):
            checked += 1
            if why := _problem(page, link, offline_copy):
                broken.append(f"{page.relative_to(offline_copy)}: {link!r}: {why}")
    assert checked > 1000, f"only {checked} links found: is the parser or the copy broken?"
    assert not broken, f"{len(broken)} links in the offline copy do not open a file:\n" + "\n".join(broken)


def test_the_copy_holds_every_page_of_the_hosted_site_and_its_search_as_a_script(built_site, offline_copy):
    hosted = {
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("index.html")
        if p.parent != built_site and "md-header" in p.read_text(encoding="utf-8")
    }
    as_files = {(path[: -len("/index.html")] + ".html") for path in hosted}
    missing = [
        p
        for p in sorted(as_files)
        if not (offline_copy / p).is_file() and not (offline_copy / p.replace(".html", "/index.html")).is_file()
    ]
    assert not missing, f"pages of the hosted site missing from the copy: {missing}"
    script = (offline_copy / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = {") and '"location":"playbook/rewards.html"' in script.replace(" ", "")
    assert not (offline_copy / "404.html").exists(), "the 404 page is a server's; from a file its links lead nowhere"
