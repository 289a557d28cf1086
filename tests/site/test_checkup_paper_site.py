"""The paper check-up as a printer, a copier and a facilitator meet it (issue 24).

The participant sheet and the tally sheet come on A4 and Letter, one page
each, built by `make site`'s PDF step. Each page is rendered with pdftoppm
and measured (tests/support/paper.py): paper size, nothing within 10 mm of an
edge, lines that survive a black-and-white copy, a QR code that reads, tick
boxes and writing cells of a stated size, and every statement and area of
the YAML file in the text. Expected values come from the YAML and the page
sizes, never from macros/.
"""

import functools
import html
import subprocess

import pytest
import yaml
from pypdf import PdfReader

from support import paper
from support.facts import SITE_URL
from support.project import ROOT

PAPERS = {"a4": (210, 297), "letter": (215.9, 279.4)}
KINDS = ("sheet", "tally")
EDGE_MM = 10  # no printer prints closer to the edge
DEAD_ZONE_MM = 6
FOOTER_MM = 37
CHECKUP = yaml.safe_load((ROOT / "exercises" / "checkup" / "checkup.yml").read_text(encoding="utf-8"))
PAGE_URL = f"{SITE_URL}workshops/checkup-paper/"
# Writing room, the kit's own choice: a tick box people can hit with a pen, a
# points box for two handwritten digits (2 x 2.5 mm + 4 mm padding), and a
# tally cell for three groups of five marks on two rows.
TICK_MM = 4.5
POINTS_BOX_MM = (9, 9)
TALLY_CELL_MM = (12, 15)


def _pdf(site, kind, size):
    return site / "pdf" / "checkup" / f"checkup-{kind}-{size}.pdf"


@functools.cache
def _text(pdf):
    """The page's text cell by cell (pdftotext's reading order), whitespace folded."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def _column_lines(pdf):
    """The lines of the statements column (between the numbers and the answer boxes), top down."""
    words = paper.words(pdf, 1)
    head = next(w for w in words if w[0] == "Statement")
    answers = min(w[1] for w in words if w[0] == "Strongly" and abs(w[2] - head[2]) < 3 * paper.MM)
    end = next(w[2] for w in words if w[0] == "Your" and w[2] > head[2])
    inside = [w for w in words if w[2] > head[4] and w[4] < end and head[1] - 1 <= w[1] and w[3] < answers]
    lines = {}
    for text, x0, y0, _, _ in inside:
        key = next((k for k in lines if abs(k - y0) < 1 * paper.MM), y0)
        lines.setdefault(key, []).append((x0, text))
    return [html.unescape(" ".join(t for _, t in sorted(line))) for _, line in sorted(lines.items())]


def _points_rows(pdf):
    """The small numbers beside the tick boxes, row by row, left to right."""
    (image,) = paper.page_images(pdf)
    found = [w for w in paper.words(pdf, 1) if w[0] in ("1", "2", "3", "4", "5") and w[1] > image.width * 0.5]
    rows = {}
    for text, x0, y0, _, _ in found:
        key = next((k for k in rows if abs(k - y0) < 2 * paper.MM), y0)
        rows.setdefault(key, []).append((x0, text))
    return [tuple(t for _, t in sorted(row)) for _, row in sorted(rows.items())]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", PAPERS)
def test_each_sheet_is_one_page_of_its_paper_with_nothing_near_the_edge(built_site, kind, size):
    pdf = _pdf(built_site, kind, size)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    got = (round(float(box.width) / 72 * 25.4, 1), round(float(box.height) / 72 * 25.4, 1))
    assert got == PAPERS[size], f"{pdf.name} is {got} mm"
    (image,) = paper.page_images(pdf)
    edge = round(EDGE_MM * paper.MM)
    for name, band in {
        "top": (0, 0, image.width, edge),
        "bottom": (0, image.height - edge, image.width, image.height),
        "left": (0, 0, edge, image.height),
        "right": (image.width - edge, 0, image.width, image.height),
    }.items():
        assert image.crop(band).getextrema()[0] > paper.VISIBLE, f"{pdf.name}: ink within {EDGE_MM} mm of the {name}"
    assert paper.read_qr(paper.crop_edges(image, DEAD_ZONE_MM)) == [PAGE_URL]
    body = image.crop((0, 0, image.width, image.height - round(FOOTER_MM * paper.MM)))
    before, after = paper.rules(body), paper.rules(paper.threshold(body))
    assert (len(before["h"]), len(before["v"])) == (len(after["h"]), len(after["v"])), "lines lost in a copy"
    assert len(before["h"]) >= 8


@pytest.mark.parametrize("size", PAPERS)
def test_the_participant_sheet_holds_every_statement_with_points_and_a_box_per_area(built_site, size):
    pdf = _pdf(built_site, "sheet", size)
    text = _text(pdf)
    # Statements, in order, read line by line from the statement column (pdftotext's
    # own reading order jumps between the cells of a wrapped row).
    column = " ".join(_column_lines(pdf))
    at = 0
    for number, statement in enumerate(CHECKUP["statements"], 1):
        found = column.find(statement["text"], at)
        assert found >= 0, f"statement {number} missing from {pdf.name}: {column[at : at + 120]!r}"
        at = found + 1
    for step in CHECKUP["scale"]:
        assert step["label"] in text
    for area in CHECKUP["areas"]:
        numbers = [str(n) for n, s in enumerate(CHECKUP["statements"], 1) if s["area"] == area["id"]]
        assert f"{area['letter']} {area['title']}" in text
        assert f"statements {' + '.join(numbers)}" in text
    # Under each box, its points: 1..5, or 5..1 where disagreeing is healthy.
    rows = [row for row in _points_rows(pdf) if len(row) == 5]
    want = [
        ("1", "2", "3", "4", "5") if s["healthy"] == "agree" else ("5", "4", "3", "2", "1")
        for s in CHECKUP["statements"]
    ]
    assert rows == want

    (image,) = paper.page_images(pdf)
    body = image.crop((0, 0, image.width, image.height - round(FOOTER_MM * paper.MM)))
    # Tick boxes: squares whose sides are short dark runs, at least TICK_MM across.
    across = paper._runs(body, paper.BLACK, round(TICK_MM * paper.MM))
    sides = [r for r in across if (r[2] - r[1]) < round(7 * paper.MM)]
    boxes = {(r[1] // 10) for r in sides}
    assert len(paper._merge(sides)) >= 2 * 5 * len(CHECKUP["statements"]), "tick boxes missing or too small"
    assert len(boxes) >= 5
    # Points boxes: tall enough and wide enough for two digits.
    lines = paper.rules(body)
    tall = [v for v in lines["v"] if (v[2] - v[1]) / paper.MM >= POINTS_BOX_MM[1]]
    assert len(tall) >= 2 * len(CHECKUP["areas"]), f"{len(tall)} sides of points boxes"


@pytest.mark.parametrize("size", PAPERS)
def test_the_tally_sheet_has_a_cell_per_reachable_total_with_room_for_marks(built_site, size):
    pdf = _pdf(built_site, "tally", size)
    text = _text(pdf)
    counts = {a["id"]: sum(s["area"] == a["id"] for s in CHECKUP["statements"]) for a in CHECKUP["areas"]}
    for area in CHECKUP["areas"]:
        k = counts[area["id"]]
        assert f"{area['letter']} {area['title']}" in text
    for k in set(counts.values()):
        rows = sum(1 for n in counts.values() if n == k)
        totals = " ".join(str(t) for t in range(k, 5 * k + 1))
        assert text.count(totals) == rows, f"{rows} rows of totals {totals}"
    (image,) = paper.page_images(pdf)
    body = image.crop((0, 0, image.width, image.height - round(FOOTER_MM * paper.MM)))
    lines = paper.rules(body)
    # The table's rows: horizontal rules spanning most of the page's width.
    wide = sorted(pos for pos, start, end in lines["h"] if (end - start) / paper.MM > 150)
    heights = [(b - a) / paper.MM for a, b in zip(wide, wide[1:], strict=False)]
    cells = [h for h in heights if h >= TALLY_CELL_MM[1]]
    assert len(cells) == len(CHECKUP["areas"]), f"row heights {[round(h, 1) for h in heights]} mm"
    middle = (wide[-2] + wide[-1]) // 2
    xs = sorted(x for x, y0, y1 in lines["v"] if y0 <= middle <= y1)
    widths = [(b - a) / paper.MM for a, b in zip(xs, xs[1:], strict=False)]
    narrow = [w for w in widths[1:] if w < TALLY_CELL_MM[0]]
    assert len(widths) >= 5 * max(counts.values()) - max(counts.values()) + 2 and not narrow, widths


def test_the_paper_page_links_both_sheets_on_both_papers(built_site):
    html = (built_site / "workshops" / "checkup-paper" / "index.html").read_text(encoding="utf-8")
    for kind in KINDS:
        for size in PAPERS:
            href = f"../../pdf/checkup/checkup-{kind}-{size}.pdf"
            assert f'href="{href}"' in html, href
            assert (built_site / "workshops" / "checkup-paper" / href).resolve().is_file()
