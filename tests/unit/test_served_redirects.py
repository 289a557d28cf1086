"""The nginx map `make site` writes from the redirect pages (macros/web/served_redirects.py).

Keys are the decoded paths nginx compares, in each spelling of an old page;
values are percent-encoded, so nothing in a page's name becomes nginx syntax;
a stub whose target is not an http(s) address or a page stops `make site`
with the stub's name and leaves site/ as it was. tests/site/test_nginx.py
serves the result through nginx.
"""

import sys

import pytest
from mkdocs_redirects.plugin import write_html

from macros import publish
from macros.web import served_redirects


def _site(tmp_path, stubs: dict):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<html class="md-page"><meta http-equiv="refresh" content="0; url=x"></html>')
    for old, target in stubs.items():
        write_html(str(site), old, target)
    return site


@pytest.mark.parametrize(
    "stub, target, base, olds, location",
    [
        ("old/index.html", "../new/", "/", ["/old/", "/old", "/old/index.html"], "/new/"),
        ("a/b/index.html", "../../c/#part", "/kit/", ["/kit/a/b/", "/kit/a/b"], "/kit/c/#part"),
        ("old.html", "new.html", "/", ["/old.html"], "/new.html"),
        ("café rules/index.html", "../règles/", "/", ["/café rules/"], "/r%C3%A8gles/"),
        ('$uri "x"\\/index.html', "../$host/", "/", ['/$uri "x"\\/'], "/%24host/"),
        ("ext/index.html", "https://example.org/a b/", "/", ["/ext/"], "https://example.org/a%20b/"),
        ("pct/index.html", "../100%25 sure/", "/", ["/pct/"], "/100%25%20sure/"),
    ],
)
def test_every_spelling_of_an_old_address_maps_to_an_encoded_location(tmp_path, stub, target, base, olds, location):
    pairs = dict(served_redirects.served(_site(tmp_path, {stub: target}), base))
    for old in olds:
        assert pairs[old] == location
    assert not {value for value in pairs.values() if any(c in value for c in ' "$\\')}


def test_map_lines_quote_what_nginx_would_read_as_syntax(tmp_path):
    text = served_redirects.nginx_map([('/a "b"\\c;$d/', "/e/")])
    assert text.splitlines()[-1] == '"/a \\"b\\"\\\\c;$d/" "/e/";'


def test_real_pages_and_the_home_page_are_not_redirects(tmp_path):
    site = _site(tmp_path, {})
    assert served_redirects.served(site) == []
    assert served_redirects.write_nginx_map(site).read_text().startswith("# Written by `make site`")


@pytest.mark.parametrize(
    "target",
    ["javascript:alert(1)", "data:text/html,x", "https://exa mple.org/", "https://ex$ample.org/", "../new/\x01"],
)
def test_a_target_that_is_no_address_stops_make_site_naming_the_stub(tmp_path, target):
    site = _site(tmp_path, {"old/index.html": target})
    with pytest.raises(publish.PublishError) as stopped:
        publish.write_redirect_map(site)
    assert "old/index.html" in str(stopped.value) and "site/ is unchanged" in str(stopped.value)


def test_make_site_puts_the_map_in_the_site_it_swaps_in(tmp_path, monkeypatch):
    """publish() writes the map into the new tree before the swap, with the base from the sitemap."""
    root = tmp_path / "project"
    root.mkdir()
    build = (
        "import pathlib, sys; from mkdocs_redirects.plugin import write_html; d = pathlib.Path(sys.argv[-1]); "
        "d.mkdir(exist_ok=True); (d / 'index.html').write_text('new'); write_html(str(d), 'old/index.html', '../new/'); "
        "(d / 'sitemap.xml').write_text('<urlset><url><loc>https://h.example/kit/</loc></url></urlset>')"
    )
    monkeypatch.setattr(publish, "problems_in", lambda tree, pages, checked=None: [])  # the stand-in tree may go live
    publish.publish(root, [sys.executable, "-c", build], say=lambda message: None)
    lines = (root / "site" / served_redirects.MAP_NAME).read_text().splitlines()
    assert '"/kit/old/" "/kit/new/";' in lines
