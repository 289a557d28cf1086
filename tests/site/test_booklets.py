"""The booklets as a reader gets them: each onboarding track and the playbook
as one PDF on A4 and Letter (issue 26), downloaded from its page.

Read as a person reads them: the text of each page with pypdf, the QR codes
and the printed marks after pdftoppm (tests/support/paper.py), on the shared
built site. Expected values come from docs/ and mkdocs.yml: the tracks'
front matter, the nav's order, the guides' titles; never from macros/.
"""

import functools
import pathlib
import re
import subprocess
import tempfile

import pytest
import yaml
from pypdf import PdfReader

from support import paper
from support.facts import GUIDES, SITE_URL
from support.project import ROOT

DOCS = ROOT / "docs"
PAPERS = {"a4": (595, 842), "letter": (612, 792)}
DEAD_ZONE_MM = 6  # what a printer may lose at each edge before the QR code is read
EDGE_MM = 10  # nothing is printed this close to a paper edge (print.css)
# A copier set to keep only what is at least 65% dark: grey levels below
# 35% of white stay black, everything lighter goes.
COPIER_65 = round(255 * 0.35)


def _front_matter(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _title(src):
    return _front_matter(DOCS / src)["title"]


TRACKS = {p.stem: _front_matter(p) for p in sorted((DOCS / "onboarding").glob("*-track.md"))}
# booklet id -> (the page it prints, its guides' docs paths in order)
BOOKLETS = {
    **{name: (f"onboarding/{name}.md", meta["track"]["path"]) for name, meta in TRACKS.items()},
    "playbook": ("playbook/index.md", [f"playbook/{slug}.md" for slug in GUIDES]),
}


def page_url(src):
    path = src[: -len(".md")]
    path = path[: -len("index")] if path.endswith("index") else path + "/"
    return SITE_URL + path


def booklet(site, booklet_id, size):
    return site / "pdf" / "booklets" / f"{booklet_id}-{size}.pdf"


def every_booklet(site):
    for booklet_id in BOOKLETS:
        for size in PAPERS:
            yield booklet_id, size, booklet(site, booklet_id, size)


@functools.cache
def _texts(pdf):
    return [page.extract_text() for page in PdfReader(pdf).pages]


@functools.cache
def _printed(pdf):
    """Per page, as a printer and a copier see it: the QR codes read after a
    dead-zone crop, how near any ink comes to an edge (mm), and the ruled lines counted before and after a 65% threshold.
    Only these figures are kept: the page images of every booklet together
    would hold hundreds of megabytes."""
    pages = []
    for image, marks in zip(paper.page_images.__wrapped__(pdf), _text_and_images(pdf), strict=True):
        left, top, right, bottom = image.point(lambda v: 255 if v < paper.VISIBLE else 0).getbbox()
        ruled = image.copy()
        for box in marks:
            ruled.paste(255, box)
        before, after = paper.rules(ruled), paper.rules(paper.threshold(ruled, COPIER_65))
        pages.append(
            {
                "qr": paper.read_qr(paper.crop_edges(image, DEAD_ZONE_MM)),
                "edge_mm": min(left, top, image.width - right, image.height - bottom) / paper.MM,
                "rules": (len(before["h"]), len(before["v"]), len(after["h"]), len(after["v"])),
            }
        )
    return pages


def _text_and_images(pdf):
    """Per page, the boxes (pixels at paper.DPI) of every word and image: what
    is left on the page once they are painted over is its ruled lines and
    borders. (A QR code's modules, resampled, and a large title's letter
    stems would otherwise count as short rules.)"""
    scale = paper.DPI / 72
    words = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftohtml", "-xml", "-q", "-zoom", "1", str(pdf), f"{tmp}/p"], check=True)
        images = (pathlib.Path(tmp) / "p.xml").read_text(encoding="utf-8", errors="replace")
    boxes = []
    for page in words.split("<page ")[1:]:
        boxes.append(
            [
                tuple(round(float(v) * scale) + d for v, d in zip(m.groups(), (-2, -2, 2, 2), strict=True))
                for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page)
            ]
        )
    for page in re.split(r"<page ", images)[1:]:
        number = int(re.match(r'number="(\d+)"', page).group(1))
        for m in re.finditer(r'<image top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)"', page):
            top, left, width, height = (float(v) * scale for v in m.groups())
            boxes[number - 1].append(
                (round(left) - 2, round(top) - 2, round(left + width) + 2, round(top + height) + 2)
            )
    return boxes


def _contents(text):
    """{entry title: page number} from the contents page's text."""
    entries = {}
    for line in text.splitlines():
        found = re.match(r"^(?:\d+\s+)?(.+?)(?: · \d+ min)?\s*(?:\.\s*)+\s*(\d+)$", line.strip())
        if found:
            entries[found.group(1).strip()] = int(found.group(2))
    return entries


# --- They exist, on their paper ------------------------------------------------


def test_a_booklet_for_each_track_and_the_playbook_on_both_papers(built_site):
    assert set(TRACKS) >= {"it-track", "crm-track"}, TRACKS
    for booklet_id, size, pdf in every_booklet(built_site):
        assert pdf.is_file(), f"{pdf.relative_to(built_site)} was not built"
        pages = PdfReader(pdf).pages
        assert len(pages) >= 2 + len(BOOKLETS[booklet_id][1]), f"{pdf.name}: {len(pages)} pages"
        for number, page in enumerate(pages, 1):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            want = PAPERS[size]
            assert abs(width - want[0]) <= 1 and abs(height - want[1]) <= 1, f"{pdf.name} page {number} is not {size}"


# --- Contents, order and page numbers --------------------------------------------


def test_contents_entries_name_the_pages_the_guides_start_on_in_track_order(built_site):
    failures = []
    for booklet_id, _, pdf in every_booklet(built_site):
        texts = _texts(pdf)
        contents = _contents(texts[1])
        guides = BOOKLETS[booklet_id][1]
        titles = [_title(src) for src in guides]
        listed = [title for title in contents if title != "Glossary"]
        if listed != titles:
            failures.append(f"{pdf.name}: the contents list {listed}, want {titles} (the track's order)")
            continue
        starts = []
        for number, title in enumerate(titles, 1):
            page = contents[title]
            kicker = f"GUIDE {number} OF {len(titles)}"
            if not (kicker in texts[page - 1] and title in " ".join(texts[page - 1].split())):
                failures.append(f"{pdf.name}: contents say '{title}' starts on page {page}, which does not open it")
            if page >= 2 and kicker in texts[page - 2]:
                failures.append(f"{pdf.name}: '{title}' already starts before page {page}")
            starts.append(page)
        if starts != sorted(starts):
            failures.append(f"{pdf.name}: guides start on pages {starts}, out of order")
        glossary = contents.get("Glossary")
        if not glossary or "Glossary" not in texts[glossary - 1].split("\n")[0] + texts[glossary - 1]:
            failures.append(f"{pdf.name}: no glossary where the contents say ({glossary})")
        elif glossary <= starts[-1]:
            failures.append(f"{pdf.name}: the glossary (page {glossary}) comes before the last guide")
    assert not failures, "\n".join(failures)


def test_every_page_is_numbered_in_order(built_site):
    failures = []
    for _, _, pdf in every_booklet(built_site):
        texts = _texts(pdf)
        for number, text in enumerate(texts, 1):
            if f"Page {number} of {len(texts)}" not in text:
                failures.append(f"{pdf.name} page {number}: no 'Page {number} of {len(texts)}'")
    assert not failures, "\n".join(failures)


def test_each_pdf_has_one_level_one_heading_and_the_booklet_title(built_site):
    for booklet_id, _, pdf in every_booklet(built_site):
        reader = PdfReader(pdf)
        title = _title(BOOKLETS[booklet_id][0])
        assert title in str(reader.metadata.title), f"{pdf.name}: title {reader.metadata.title!r}"
        found = _level_one_headings(reader.trailer["/Root"]["/StructTreeRoot"])
        assert found == 1, f"{pdf.name}: {found} level-1 headings in its tags"


def _level_one_headings(node) -> int:
    kids = node.get("/K")
    count = 0
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            count += (kid.get("/S") == "/H1") + _level_one_headings(kid)
    return count


# --- As a printer, a copier and a phone see them ---------------------------------


def test_each_guide_has_a_qr_code_that_reads_as_its_address_on_its_first_page(built_site):
    failures = []
    for booklet_id, _, pdf in every_booklet(built_site):
        page_src, guides = BOOKLETS[booklet_id]
        contents = _contents(_texts(pdf)[1])
        printed = _printed(pdf)
        read = {number: page["qr"] for number, page in enumerate(printed, 1) if page["qr"]}
        if printed[0]["qr"] != [page_url(page_src)]:
            failures.append(f"{pdf.name}: the cover's QR code reads {printed[0]['qr']}, want {page_url(page_src)}")
        for src in guides:
            url, start = page_url(src), contents.get(_title(src))
            if read.get(start) != [url]:
                failures.append(f"{pdf.name}: page {start}, where {src} starts, reads {read.get(start)}, want {url}")
            where = [number for number, codes in read.items() if url in codes]
            if where != [start]:
                failures.append(f"{pdf.name}: {url} is on pages {where}, want only page {start}")
    assert not failures, "\n".join(failures)


def test_nothing_is_printed_within_10_mm_of_a_paper_edge(built_site):
    failures = []
    for _, _, pdf in every_booklet(built_site):
        for number, page in enumerate(_printed(pdf), 1):
            if page["edge_mm"] < EDGE_MM:
                failures.append(f"{pdf.name} page {number}: ink {page['edge_mm']:.1f} mm from the paper's edge")
    assert not failures, "\n".join(failures)


def test_every_rule_survives_a_copier_at_65_percent(built_site):
    failures, ruled = [], 0
    for _, _, pdf in every_booklet(built_site):
        for number, page in enumerate(_printed(pdf), 1):
            h, v, h_after, v_after = page["rules"]
            ruled += h + v
            if (h, v) != (h_after, v_after):
                failures.append(
                    f"{pdf.name} page {number}: {h} horizontal and {v} vertical rules, {h_after} and {v_after} "
                    "after a 65% threshold"
                )
    assert not failures, "\n".join(failures)
    assert ruled >= 6 * len(BOOKLETS), "hardly any rules found: the count is not seeing them"


# --- The pages that offer them ----------------------------------------------------


@pytest.mark.parametrize("booklet_id", sorted(BOOKLETS))
def test_its_page_links_each_paper_with_its_page_count(built_site, booklet_id):
    page_src = BOOKLETS[booklet_id][0]
    page = built_site / page_url(page_src)[len(SITE_URL) :] / "index.html"
    links = re.findall(r'<a href="([^"]+\.pdf)" type="application/pdf">([^<]*)</a>', page.read_text(encoding="utf-8"))
    said = {(page.parent / href).resolve(): label for href, label in links}
    for size, label in (("a4", "A4"), ("letter", "Letter")):
        pdf = booklet(built_site, booklet_id, size)
        pages = len(PdfReader(pdf).pages)
        assert said.get(pdf.resolve()) == f"{label}, {pages} pages", (
            f"{page_src}: its link to {pdf.name} says {said.get(pdf.resolve())!r}"
        )
