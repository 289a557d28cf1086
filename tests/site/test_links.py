"""Links that never break: inside the built site, and for every address we ever published.

Every href and src in every built page must lead to a file, and every #anchor
to an id on the target page. tests/published-urls.txt lists the pages and
heading anchors people may have pasted into tickets; each must keep working,
directly or through a mkdocs-redirects redirect. `make urls` updates the list.
"""

import pathlib
import urllib.parse

from mkdocs_redirects.plugin import write_html

from support.published import URL_LIST, current_urls, file_for, page_ids, read_list, resolve
from support.sitehtml import html_files, internal_target, parse_page, url_of

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def test_no_broken_internal_links_or_anchors(built_site):
    broken, checked = [], 0
    for html in html_files(built_site):
        page_url = url_of(built_site, html)
        for link in sorted(set(parse_page(html).links)):
            target = internal_target(page_url, link)
            if target is None or target.endswith("#"):
                continue
            checked += 1
            problem = _link_problem(built_site, target)
            if problem:
                broken.append(f"{page_url or '/'} links to {link!r}: {problem}")
    assert checked > 0, "no internal links found at all: is the parser broken?"
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)


def _link_problem(site, target) -> str | None:
    path, _, anchor = target.partition("#")
    built = file_for(site, path)
    if built is None:
        return "no such file"
    if anchor and built.suffix == ".html" and urllib.parse.unquote(anchor) not in page_ids(built):
        return f"no id {anchor!r} on that page"
    return None


def test_every_published_url_still_resolves(built_site):
    listed = read_list()
    assert listed, f"{URL_LIST} is empty: run `make urls`"
    problems = [p for p in (resolve(built_site, url) for url in listed) if p]
    assert not problems, (
        "published addresses stopped working; keep them with a redirect in mkdocs.yml "
        "(plugins > redirects > redirect_maps: 'old/page.md': 'new/page.md') "
        "or restore the heading id:\n" + "\n".join(problems)
    )


def test_every_page_and_promised_heading_is_on_the_published_list(built_site):
    missing = sorted(set(current_urls(built_site)) - set(read_list()))
    assert not missing, (
        f"new pages or headings are not yet in {URL_LIST.name}; run `make urls` and commit it:\n" + "\n".join(missing)
    )


def _tiny_site(tmp_path) -> pathlib.Path:
    site = tmp_path / "site"
    (site / "playbook/new-name").mkdir(parents=True)
    (site / "playbook/new-name/index.html").write_text(
        '<html><head><title>Guide</title></head><body><h2 id="why">Why</h2></body></html>'
    )
    return site


def test_removed_page_is_reported_until_a_redirect_sends_it_on(tmp_path):
    site = _tiny_site(tmp_path)
    assert "no such page" in resolve(site, "playbook/old-name/#why")
    # Exactly what mkdocs-redirects writes for 'playbook/old-name.md': 'playbook/new-name.md'.
    write_html(str(site), "playbook/old-name/index.html", "../new-name/")
    assert resolve(site, "playbook/old-name/") is None
    assert resolve(site, "playbook/old-name/#why") is None
    assert "no heading id #gone" in resolve(site, "playbook/old-name/#gone")


def test_redirect_to_a_missing_page_is_reported(tmp_path):
    site = _tiny_site(tmp_path)
    write_html(str(site), "playbook/old-name/index.html", "../nowhere/")
    assert "redirects to" in resolve(site, "playbook/old-name/")
