"""Paper as a facilitator meets it: printed on an office printer, photocopied
in black and white, written on by hand, handed out.

Every PDF page is rendered with pdftoppm at 150 dpi and measured
(tests/support/paper.py). Expected values come from the YAML files, the
site address in mkdocs.yml and the handwriting pitch the conventions page
documents, never from macros/.
"""

import functools
import itertools
import pathlib

import pytest
import yaml
from pypdf import PdfReader

from support import paper
from support.facts import SITE_URL
from support.project import ROOT

PAPERS = ("a4", "letter")
EDITIONS = ("facilitator", "participant")
DEAD_ZONE_MM = 6  # what the test cuts from every edge before reading the QR code
FOOTER_MM = 37  # the footer band (address and QR code) at the foot of each page


def _load(folder):
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.yml"))
        if not p.name.startswith("_")
    }


EXERCISES = _load(ROOT / "exercises")
WORKSHOPS = _load(ROOT / "exercises" / "workshops")
CARDS = [i for i, e in EXERCISES.items() if any(b["kind"] == "card" for b in e["worksheet"]["blocks"])]


def exercise_url(exercise_id):
    return f"{SITE_URL}exercises/{exercise_id}/"


def workshop_ids(workshop_id):
    return list(dict.fromkeys(i["exercise"] for i in WORKSHOPS[workshop_id]["agenda"] if i["kind"] == "exercise"))


def sheet_pdfs(site):
    """(pdf, the one address its pages link to) for every worksheet and cut sheet."""
    for exercise_id in EXERCISES:
        for size in PAPERS:
            yield site / "pdf" / "worksheets" / f"{exercise_id}-{size}.pdf", exercise_url(exercise_id)
    for exercise_id in CARDS:
        for size in PAPERS:
            yield site / "pdf" / "worksheets" / f"{exercise_id}-cards-{size}.pdf", exercise_url(exercise_id)


def pack_pdfs(site):
    for workshop_id in WORKSHOPS:
        for edition in EDITIONS:
            for size in PAPERS:
                yield site / "pdf" / "workshops" / f"{workshop_id}-{edition}-{size}.pdf", workshop_id, edition


def _words(text, count=7) -> str:
    return " ".join(text.replace("*", "").split()[:count])


@functools.cache
def texts(pdf):
    return paper.page_text(pdf)


# --- QR codes -------------------------------------------------------------------


def test_every_page_has_a_qr_code_that_reads_after_the_printer_dead_zone_is_cut_away(built_site):
    failures = []
    for pdf, url in sheet_pdfs(built_site):
        for number, image in enumerate(paper.page_images(pdf), 1):
            read = paper.read_qr(paper.crop_edges(image, DEAD_ZONE_MM))
            if read != [url]:
                failures.append(f"{pdf.name} page {number}: read {read}, want {url}")
    for pdf, workshop_id, _ in pack_pdfs(built_site):
        allowed = {f"{SITE_URL}workshops/{workshop_id}/", *map(exercise_url, workshop_ids(workshop_id))}
        for number, (image, text) in enumerate(zip(paper.page_images(pdf), texts(pdf), strict=True), 1):
            read = paper.read_qr(paper.crop_edges(image, DEAD_ZONE_MM))
            # The code matches the address printed beside it, which is one of the pack's pages.
            if len(read) != 1 or read[0] not in allowed or read[0] not in text:
                failures.append(f"{pdf.name} page {number}: read {read}")
    assert not failures, "\n".join(failures)


# --- Photocopies ------------------------------------------------------------------


def _body(image):
    """The page above the footer band, where people write and cut."""
    return image.crop((0, 0, image.width, image.height - round(FOOTER_MM * paper.MM)))


def test_every_ruled_line_and_border_survives_a_black_and_white_copy(built_site):
    failures, counted = [], []
    for pdf, _ in sheet_pdfs(built_site):
        for number, image in enumerate(paper.page_images(pdf), 1):
            body = _body(image)
            before, after = paper.rules(body), paper.rules(paper.threshold(body))
            counts = (len(before["h"]), len(before["v"]), len(after["h"]), len(after["v"]))
            counted.append((pdf.name, *counts))
            if counts[:2] != counts[2:]:
                failures.append(
                    f"{pdf.name} page {number}: {counts[0]} horizontal and {counts[1]} vertical lines "
                    f"before a 50% threshold, {counts[2]} and {counts[3]} after"
                )
    assert not failures, "\n".join(failures)
    assert all(h >= 2 for _, h, *_ in counted), "a sheet with fewer than two ruled lines: the count is not seeing them"


# --- Room to write ------------------------------------------------------------------


def _rules_below(lines, y, x0, x1):
    """y of horizontal rules below y that span most of x0..x1, top down."""
    return sorted(pos for pos, start, end in lines["h"] if pos > y and start <= x0 + 5 and end >= x1 - 5)


def _table_cells(pdf, block):
    """(row heights, column widths) in mm of the written rows of the table with an example."""
    image = _body(paper.page_images(pdf)[0])
    lines = paper.rules(image)
    tag = next(w for w in paper.words(pdf, 1) if w[0] == "EXAMPLE")
    table = max((v for v in lines["v"] if v[1] <= tag[2] <= v[2]), key=lambda v: v[0])
    left = min(v[0] for v in lines["v"] if v[1] <= tag[2] <= v[2])
    rows = len(block["row_labels"]) if "row_labels" in block else block["rows"]
    below = _rules_below(lines, tag[2], left, table[0])[: rows + 1]
    heights = [(b - a) / paper.MM for a, b in itertools.pairwise(below)]
    middle = (below[0] + below[1]) / 2
    xs = sorted(v[0] for v in lines["v"] if v[1] <= middle <= v[2])
    widths = [(b - a) / paper.MM for a, b in itertools.pairwise(xs)]
    return heights, widths


# The page's content area ends 38 mm above the paper's edge (print.css
# @page margin); the room left below the lowest mark on a worksheet should
# have gone to its cells, so at most this much stays blank.
CONTENT_BOTTOM_MM = 38
MOST_LEFT_BLANK_MM = 12


@pytest.mark.parametrize("size", PAPERS)
def test_room_left_at_the_foot_of_a_worksheet_goes_to_its_cells(built_site, size):
    blank = {}
    for exercise_id in EXERCISES:
        image = paper.page_images(built_site / "pdf" / "worksheets" / f"{exercise_id}-{size}.pdf")[0]
        bottom = image.height - round(CONTENT_BOTTOM_MM * paper.MM)
        dark = paper.threshold(image).crop((0, 0, image.width, bottom)).point(lambda v: 255 - v)
        lowest = dark.getbbox()[3] if dark.getbbox() else 0
        left = (bottom - lowest) / paper.MM
        if left > MOST_LEFT_BLANK_MM:
            blank[exercise_id] = round(left)
    assert not blank, f"mm left blank at the foot of the {size} worksheet, not given to its cells: {blank}"


def test_each_written_cell_holds_its_example_answer_in_handwriting(built_site):
    failures, checked = [], 0
    for exercise_id, data in EXERCISES.items():
        for block in data["worksheet"]["blocks"]:
            if block["kind"] != "table" or "example" not in block:
                continue
            for size in PAPERS:
                pdf = built_site / "pdf" / "worksheets" / f"{exercise_id}-{size}.pdf"
                heights, widths = _table_cells(pdf, block)
                assert len(widths) == len(block["columns"]), f"{exercise_id}: found {len(widths)} columns"
                written = range(1 if "row_labels" in block else 0, len(widths))
                for column in written:
                    need = paper.lines_needed(len(block["example"][column]), widths[column]) * paper.PITCH_MM
                    for row, height in enumerate(heights, 1):
                        checked += 1
                        if height + 0.5 < need:
                            failures.append(
                                f"{exercise_id} ({size}), block '{block['label']}', column "
                                f"'{block['columns'][column]}', row {row}: {height:.1f} mm high, the example "
                                f"needs {need:.1f} mm in a {widths[column]:.0f} mm column"
                            )
    assert checked, "no table with an example was measured"
    assert not failures, "\n".join(failures)


# --- Editions ---------------------------------------------------------------------


def _participant_pages(site):
    """(pdf name, page text) of every page a participant holds."""
    for pdf, _ in sheet_pdfs(site):
        for text in texts(pdf):
            yield pdf.name, text
    for pdf, workshop_id, edition in pack_pdfs(site):
        pages = texts(pdf)
        if edition == "participant":
            yield from ((pdf.name, t) for t in pages)
            continue
        masters = [t for t in pages if "copy master: make" in t]
        want = len(workshop_ids(workshop_id)) + sum(i in CARDS for i in workshop_ids(workshop_id))
        assert len(masters) == want, f"{pdf.name}: {len(masters)} copy masters, want {want}"
        yield from ((pdf.name, t) for t in masters)


def test_no_participant_page_carries_the_facilitator_edition_or_its_notes(built_site):
    notes = [_words(n) for e in EXERCISES.values() for n in e["facilitator_notes"] + e["traps"]]
    notes += [_words(i["notes"]) for w in WORKSHOPS.values() for i in w["agenda"] if "notes" in i]
    failures = []
    for name, text in _participant_pages(built_site):
        for bad in ["Facilitator edition", "Facilitator notes", "If running late", *notes]:
            if bad in text:
                failures.append(f"{name}: a participant page shows {bad!r}")
    assert not failures, "\n".join(failures)


def test_participant_pack_opens_with_cover_agenda_purpose_and_ground_rules(built_site):
    for workshop_id, data in WORKSHOPS.items():
        for size in PAPERS:
            pages = texts(built_site / "pdf" / "workshops" / f"{workshop_id}-participant-{size}.pdf")
            assert data["title"] in pages[0] and "participant pack" in pages[0].lower()
            agenda = pages[1]
            assert "Agenda" in agenda and _words(data.get("purpose", data["summary"])) in agenda
            for rule in data.get("ground_rules", []):
                assert _words(rule) in agenda, f"{workshop_id}: ground rule missing"
            assert "Ground rules" in agenda


# --- Fit: lists stay whole ------------------------------------------------------------


def test_notes_keep_each_list_on_one_page_so_no_bullet_stands_alone(built_site):
    failures = []
    for pdf, workshop_id, edition in pack_pdfs(built_site):
        if edition != "facilitator":
            continue
        pages = texts(pdf)
        lists = [(f"{i} traps", EXERCISES[i]["traps"]) for i in workshop_ids(workshop_id)]
        lists += [(f"{i} facilitator notes", EXERCISES[i]["facilitator_notes"]) for i in workshop_ids(workshop_id)]
        lists += [("preparation", WORKSHOPS[workshop_id]["prepare"])]
        for name, items in lists:
            found = {n for item in items for n, text in enumerate(pages, 1) if _words(item) in text}
            if len(found) != 1:
                failures.append(f"{pdf.name}: the {name} list is spread over pages {sorted(found)}")
    assert not failures, "\n".join(failures)


# --- Tagged structure -------------------------------------------------------------------


def _headings(node, found):
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            _headings(child, found)
        return found
    if hasattr(node, "get"):
        if node.get("/S") == "/H1":
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            _headings(kids, found)
    return found


def test_each_pdf_has_exactly_one_level_one_heading(built_site):
    pdfs = [p for p, _ in sheet_pdfs(built_site)] + [p for p, *_ in pack_pdfs(built_site)]
    for pdf in pdfs:
        root = PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"]
        count = len(_headings(root, []))
        assert count == 1, f"{pathlib.Path(pdf).name}: {count} level-1 headings in its tags"
