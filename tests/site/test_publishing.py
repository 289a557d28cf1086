"""The publishing setting: one address and one repository reach everything a reader gets.

The shared test build publishes at conftest.SITE_URL with conftest.REPO_URL
(as `make release` would with the variables set). These tests read what it
made: meta tags and their card images, canonical links, the sitemap, the
address and QR code printed on the PDFs, and each page's edit link.
"""

import html
import pathlib
import re
import subprocess

import pytest
from PIL import Image

from support.project import REPO_URL, ROOT, SITE_URL
from support.published import is_redirect
from support.sitehtml import html_files, url_of

META = re.compile(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)"')
CARD_TAGS = [
    "og:title",
    "og:description",
    "og:url",
    "og:image",
    "og:image:width",
    "og:image:height",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
]
EDIT_LINK = re.compile(r'<a href="([^"]*)" title="Edit this page"')


def _pages(site):
    return [(url_of(site, p), p.read_text(encoding="utf-8")) for p in html_files(site) if not is_redirect(p)]


def _card_problems(site, url, text) -> list[str]:
    tags = dict(META.findall(text))
    missing = [t for t in CARD_TAGS if not tags.get(t)]
    if missing:
        return [f"/{url}: no {', '.join(missing)}"]
    problems = [
        f"/{url}: {t} is {tags[t]!r}, not an address under {SITE_URL}"
        for t in ("og:url", "og:image", "twitter:image")
        if not tags[t].startswith(SITE_URL)
    ]
    image = site / html.unescape(tags["og:image"])[len(SITE_URL) :]
    if not image.is_file():
        return problems + [f"/{url}: its card {tags['og:image']} was not built"]
    declared = (int(tags["og:image:width"]), int(tags["og:image:height"]))
    if Image.open(image).size != declared:
        problems.append(f"/{url}: card is {Image.open(image).size}, the tags say {declared}")
    if html.unescape(tags["og:url"]) != SITE_URL + url:
        problems.append(f"/{url}: og:url {tags['og:url']} is not the page's own address")
    return problems


def test_every_page_has_a_preview_card_at_the_published_address(built_site):
    pages = [(url, text) for url, text in _pages(built_site) if url != "404.html"]  # no address to share
    assert len(pages) > 20
    problems = [p for url, text in pages for p in _card_problems(built_site, url, text)]
    assert not problems, "\n".join(problems)


def test_canonical_links_and_sitemap_use_the_published_address(built_site):
    for url, text in _pages(built_site):
        if url == "404.html":
            continue
        canonical = re.search(r'<link rel="canonical" href="([^"]*)"', text)
        assert canonical and canonical.group(1) == SITE_URL + url, f"/{url}: canonical link {canonical}"
    locations = re.findall(r"<loc>([^<]*)</loc>", (built_site / "sitemap.xml").read_text())
    assert locations and all(loc.startswith(SITE_URL) for loc in locations), locations


@pytest.mark.parametrize(
    "pdf, page",
    [
        ("worksheets/cx-brainstorm-a4.pdf", "exercises/cx-brainstorm/"),
        ("workshops/friction-to-vision-facilitator-letter.pdf", "workshops/friction-to-vision/"),
    ],
)
def test_printed_address_and_qr_code_use_the_published_address(built_site, tmp_path, pdf, page):
    path = built_site / "pdf" / pdf
    text = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert SITE_URL + page in text, f"{pdf}: page 1 does not print {SITE_URL + page}"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True)
    scan = subprocess.run(
        ["zbarimg", "--quiet", "--raw", *map(str, tmp_path.glob("p*.png"))], capture_output=True, text=True
    )
    assert scan.stdout.split() == [SITE_URL + page], f"{pdf}: the QR code on page 1 reads {scan.stdout!r}"


def _source_of_edit_link(url, text) -> pathlib.Path:
    links = EDIT_LINK.findall(text)
    assert len(links) == 1, f"/{url}: {len(links)} edit links"
    prefix = f"{REPO_URL}/edit/main/"
    assert links[0].startswith(prefix), f"/{url}: edit link {links[0]} is not under {prefix}"
    return ROOT / html.unescape(links[0][len(prefix) :])


def test_every_page_edits_the_file_that_holds_its_content(built_site):
    problems = []
    for url, text in _pages(built_site):
        if url == "404.html":
            continue  # made by the theme, from no file of ours
        source = _source_of_edit_link(url, text)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1)
        heading = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", heading)))
        slug = url.rstrip("/").rpartition("/")[2]
        yaml_home = {"exercises": ROOT / "exercises", "workshops": ROOT / "exercises" / "workshops"}
        section = url.partition("/")[0]
        generated = not (ROOT / "docs" / section / f"{slug}.md").exists()  # no Markdown page of its own
        if section in yaml_home and url.count("/") == 2 and generated:
            expected = yaml_home[section] / f"{slug}.yml"
            if source != expected:
                problems.append(
                    f"/{url}: edit link opens {source.relative_to(ROOT)}, its content is in {expected.relative_to(ROOT)}"
                )
                continue
        if not source.is_file():
            problems.append(f"/{url}: edit link opens {source}, which does not exist")
        elif heading.strip() not in source.read_text(encoding="utf-8"):
            problems.append(f"/{url}: its heading {heading.strip()!r} is not in {source.relative_to(ROOT)}")
    assert not problems, "\n".join(problems)
