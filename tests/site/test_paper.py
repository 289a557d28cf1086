"""Paper as a facilitator meets it: printed on an office printer, photocopied
in black and white, written on by hand, handed out.

Every PDF page is rendered with pdftoppm at 150 dpi and measured
(tests/support/paper.py). Expected values come from the YAML files, the
site address in mkdocs.yml and the handwriting pitch the conventions page
documents, never from macros/.
"""

import functools
import pathlib
import re

import pytest
import yaml
from pypdf import PdfReader

from support import cells, paper
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


# A copier set to keep only what is at least 65% dark: grey levels below 35% of white.
COPIER_65 = round(255 * 0.35)


def _drawn(lines, boxes):
    """The rules and bars alone: a "line" inside a word's box is a letter's stroke (a 28 pt
    title's stem is 6 mm tall), which a copier thins at its ends but never loses."""

    def in_word(x, y):
        return any(x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1 for x0, y0, x1, y1 in boxes)

    return {
        "h": [(y, a, b) for y, a, b in lines["h"] if not in_word((a + b) / 2, y)],
        "v": [(x, a, b) for x, a, b in lines["v"] if not in_word(x, (a + b) / 2)],
    }


def test_every_ruled_line_border_and_bar_survives_a_65_percent_copier_threshold(built_site):
    """Writing lines, cut lines, table borders and the notes' trap bars, counted before and after."""
    failures, counted = [], []
    pdfs = [pdf for pdf, _ in sheet_pdfs(built_site)] + [pdf for pdf, *_ in pack_pdfs(built_site)]
    for pdf in pdfs:
        for number, image in enumerate(paper.page_images(pdf), 1):
            body = _body(image)
            boxes = [w[1:] for w in paper.words(pdf, number)]
            before, after = (_drawn(paper.rules(b), boxes) for b in (body, paper.threshold(body, COPIER_65)))
            counts = (len(before["h"]), len(before["v"]), len(after["h"]), len(after["v"]))
            counted.append((pdf.name, *counts))
            if counts[:2] != counts[2:]:
                failures.append(
                    f"{pdf.name} page {number}: {counts[0]} horizontal and {counts[1]} vertical lines "
                    f"before a 65% threshold, {counts[2]} and {counts[3]} after"
                )
    assert not failures, "\n".join(failures)
    worksheets = {f"{i}-{size}.pdf" for i in EXERCISES for size in PAPERS}
    sheets = [h for name, h, *_ in counted if name in worksheets]
    assert all(h >= 2 for h in sheets), "a sheet with fewer than two ruled lines: the count is not seeing them"


# --- Cards ------------------------------------------------------------------------


def _card_frames(image):
    """(top, bottom, left, right) in mm of each card's frame: two long rules, one above the other, joined by sides."""
    body = _body(image)
    lines = paper.rules(body)
    longest = max(end - start for _, start, end in lines["h"])
    tops = sorted((y, x0, x1) for y, x0, x1 in lines["h"] if x1 - x0 >= 0.9 * longest)
    frames = []
    for (y0, x0, x1), (y1, *_rest) in zip(tops[0::2], tops[1::2], strict=False):  # an odd last rule is no frame
        frames.append(tuple(round(v / paper.MM, 1) for v in (y0, y1, x0, x1)))
    return frames


def test_card_sheets_have_equal_cards_with_crop_marks_and_backs_aligned_for_a_long_edge_flip(built_site):
    failures = []
    for exercise_id in CARDS:
        cards = [b for b in EXERCISES[exercise_id]["worksheet"]["blocks"] if b["kind"] == "card"]
        for size in PAPERS:
            pdf = built_site / "pdf" / "worksheets" / f"{exercise_id}-cards-{size}.pdf"
            pages = paper.page_images(pdf)
            name = f"{exercise_id}-cards-{size}"
            if len(pages) != 2:
                failures.append(f"{name}: {len(pages)} pages, want the fronts and their backs")
                continue
            front, back = (_card_frames(page) for page in pages)
            width_mm = pages[0].width / paper.MM
            # A long-edge flip mirrors left and right; tops and bottoms stay.
            mirrored = [(t, b, round(width_mm - right, 1), round(width_mm - left, 1)) for t, b, left, right in back]
            if len(front) != len(cards) or len(back) != len(cards):
                failures.append(
                    f"{name}: {len(front)} card frames on the front, {len(back)} on the back, want {len(cards)}"
                )
                continue
            for number, (f, m) in enumerate(zip(front, mirrored, strict=True), 1):
                if max(abs(a - b) for a, b in zip(f, m, strict=True)) > 1:
                    failures.append(f"{name} card {number}: front at {f} mm, back lands at {m} mm")
            heights = {round(b - t) for t, b, *_ in front}
            if max(heights) - min(heights) > 1:
                failures.append(f"{name}: cards of unequal height {sorted(heights)} mm")
            text = texts(pdf)
            if text[1].count("Face down") + text[1].count("FACE DOWN") < len(cards):
                failures.append(f"{name}: the backs do not all say face down")
            dark = paper.threshold(_body(pages[0]))
            for number, (t, _b, left, _r) in enumerate(front, 1):
                # The crop mark above the top-left corner: on the line of the left edge, 2-7 mm above it.
                x, y0, y1 = (round(v * paper.MM) for v in (left, t - 6.5, t - 2.5))
                column = [dark.getpixel((xx, y)) for y in range(y0, y1) for xx in range(x - 2, x + 3)]
                if min(column) > 0:
                    failures.append(f"{name} card {number}: no crop mark above its top-left corner")
    assert CARDS, "no exercise has cards"
    assert not failures, "\n".join(failures)


# --- Room to write ------------------------------------------------------------------


# The page's content area ends 38 mm above the paper's edge (print.css
# @page margin); the room left below the lowest mark on a worksheet should
# have gone to its cells, so at most this much stays blank.
CONTENT_BOTTOM_MM = 38
MOST_LEFT_BLANK_MM = 12


@pytest.mark.parametrize("size", PAPERS)
def test_room_left_at_the_foot_of_a_worksheet_goes_to_its_cells(built_site, size):
    blank = {}
    for exercise_id in EXERCISES:
        pages = paper.page_images(built_site / "pdf" / "worksheets" / f"{exercise_id}-{size}.pdf")
        for number, image in enumerate(pages, 1):
            bottom = image.height - round(CONTENT_BOTTOM_MM * paper.MM)
            dark = paper.threshold(image).crop((0, 0, image.width, bottom)).point(lambda v: 255 - v)
            lowest = dark.getbbox()[3] if dark.getbbox() else 0
            left = (bottom - lowest) / paper.MM
            if left > MOST_LEFT_BLANK_MM:
                blank[f"{exercise_id} p{number}"] = round(left)
    assert not blank, f"mm left blank at the foot of the {size} worksheet, not given to its cells: {blank}"


def _cell_report(site):
    """(exercise, paper, need, measured or None) for every writing cell of every worksheet PDF."""
    for exercise_id, data in EXERCISES.items():
        for size in PAPERS:
            pdf = site / "pdf" / "worksheets" / f"{exercise_id}-{size}.pdf"
            found = cells.measure(pdf, data, CONTENT_BOTTOM_MM)
            for need in cells.needs(data):
                yield exercise_id, size, need, found.get((need.block["label"], need.column))


def test_every_writing_cell_holds_what_goes_in_it_at_3_8_mm_a_handwritten_character(built_site):
    """Each cell's room, measured on the rasterised page, against what the YAML says goes in it:
    its table's example row, its write: hint, or the example its step quotes."""
    failures, checked = [], 0
    for exercise_id, size, need, measured in _cell_report(built_site):
        where = f"{exercise_id} ({size}) '{need.name}'"
        if need.chars is None:
            failures.append(f"{where}: the YAML says nothing about what goes in it (no example, write: or quote)")
        elif measured is None:
            failures.append(f"{where}: not found on the printed sheet")
        elif measured.capacity < need.chars:
            failures.append(
                f"{where} on page {measured.page}: holds {measured.capacity} handwritten characters "
                f"({measured.lines} lines, {measured.width_mm:.0f} mm), needs {need.chars} ({need.source})"
            )
        else:
            checked += 1
    assert checked >= 2 * 30, f"only {checked} cells measured: the measure is not finding them"
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
        masters = copy_masters(pages)
        ids = workshop_ids(workshop_id)
        # Each worksheet's pages, each cut sheet's fronts and backs, and the commitments sheet.
        want = sum(sheet_pages(i) for i in ids) + 2 * sum(i in CARDS for i in ids) + 1
        assert len(masters) == want, f"{pdf.name}: {len(masters)} copy masters, want {want}"
        yield from ((pdf.name, t) for t in masters)


MASTER_HEADS = ("Common Ground · participant worksheet ·", "Common Ground · participant cards ·")


def copy_masters(pages):
    """The pages of a facilitator pack that get photocopied: its participant running heads say so."""
    return [t for t in pages if any(head in t for head in MASTER_HEADS)]


def sheet_pages(exercise_id):
    """Pages a worksheet is laid out on (its YAML's layout)."""
    return 2 if EXERCISES[exercise_id]["worksheet"].get("layout") == "two pages" else 1


def test_no_copy_master_carries_a_copy_count_or_a_pack_page_number(built_site):
    """Whatever is on a master is on every participant's copy: "make 16 + 2 spares" and
    "Page 23 of 29" belong to the run sheet and the copy list, not to the copies."""
    failures, seen = [], 0
    masters = [(pdf.name, t) for pdf, _ in sheet_pdfs(built_site) for t in texts(pdf)]
    masters += [
        (pdf.name, t)
        for pdf, _, edition in pack_pdfs(built_site)
        if edition == "facilitator"
        for t in copy_masters(texts(pdf))
    ]
    for name, text in masters:
        seen += 1
        for bad in (
            re.search(r"copy master", text, re.I),
            re.search(r"\bPage \d+ of \d+", text),
            re.search(r"\bmake \d+ \+ \d+ spares?", text),
        ):
            if bad:
                failures.append(f"{name}: a copy master shows {bad.group(0)!r}")
    assert seen > 2 * len(EXERCISES), f"only {seen} copy masters found: the running heads changed?"
    assert not failures, "\n".join(failures)


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


# --- Copy masters in the packs ---------------------------------------------------------------


def _ruled(image):
    return len(paper.rules(_body(image))["h"])


def test_every_copy_master_in_a_pack_has_the_writing_room_of_its_worksheet_pdf(built_site):
    """A facilitator copies the masters from the pack: each page must give the same ruled lines
    and borders as the worksheet's own PDF, not the bare minimum (a pack once lost every sheet's
    spare room to one overflow on its agenda page)."""
    failures, compared = [], 0
    for pdf, workshop_id, _edition in pack_pdfs(built_site):
        size = pdf.stem.rsplit("-", 1)[1]
        images = paper.page_images(pdf)
        heads = [n for n, t in enumerate(texts(pdf)) if MASTER_HEADS[0] in t and "Commitments" not in t]
        on_paper = [(i, n) for i in workshop_ids(workshop_id) for n in range(sheet_pages(i))]
        for index, (exercise_id, n) in zip(heads, on_paper, strict=True):
            own = paper.page_images(built_site / "pdf" / "worksheets" / f"{exercise_id}-{size}.pdf")[n]
            compared += 1
            if _ruled(images[index]) != _ruled(own):
                failures.append(
                    f"{pdf.name} page {index + 1} ({exercise_id} p{n + 1}): {_ruled(images[index])} ruled lines, "
                    f"its worksheet PDF has {_ruled(own)}"
                )
    assert compared, "no copy masters found"
    assert not failures, "\n".join(failures)


# --- Fit: no page for a filled example alone -----------------------------------------------

RUNNING_HEAD = re.compile(r"^Common Ground · .*? · Facilitator edition Page \d+ of \d+ ")


def test_no_page_holds_only_a_filled_example(built_site):
    """A filled example belongs to the notes it illustrates. A page that opens on one holds
    nothing else (the next section starts a page), so a facilitator turns to a near-blank page.
    Every facilitator pack the build made, its variants too."""
    failures, pages = [], 0
    packs = sorted((built_site / "pdf" / "workshops").glob("*-facilitator-*.pdf"))
    for pdf in packs:
        for number, text in enumerate(texts(pdf), 1):
            pages += 1
            body = RUNNING_HEAD.sub("", text)
            if re.match(r"(?i)filled example\b", body):
                failures.append(f"{pdf.name} page {number}: only a filled example ({_words(body, 9)} ...)")
    assert len(packs) >= len(WORKSHOPS) * len(PAPERS) and pages, "no facilitator packs found"
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
