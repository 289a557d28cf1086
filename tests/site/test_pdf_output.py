"""What a facilitator downloads: the PDFs in the built site, read with pypdf.

Expected values come from the YAML files and mkdocs.yml, computed here, not
from macros/, so a mistake there cannot hide itself.
"""

import functools
import re

import yaml
from pypdf import PdfReader

from support.facts import SITE_URL, expected_times, pdf_pages
from support.project import ROOT

A4, LETTER = (595, 842), (612, 792)
PAPERS = {"a4": A4, "letter": LETTER}
EDITIONS = ("facilitator", "participant")


def _load(folder):
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.yml"))
        if not p.name.startswith("_")
    }


EXERCISES = _load(ROOT / "exercises")
WORKSHOPS = _load(ROOT / "exercises" / "workshops")


def sheet_pages(exercise_id):
    """Pages a worksheet is laid out on: two when its YAML says `layout: two pages`."""
    return 2 if EXERCISES[exercise_id]["worksheet"].get("layout") == "two pages" else 1


@functools.cache
def _reader(path):
    return PdfReader(path)


def _words(text, count=7) -> str:
    """The first words of a YAML text, as the PDF prints them (no Markdown)."""
    return " ".join(re.sub(r"[*_]", "", text).split()[:count])


def worksheet_pdf(site, exercise_id, paper):
    return site / "pdf" / "worksheets" / f"{exercise_id}-{paper}.pdf"


def pack_pdf(site, workshop_id, edition, paper):
    return site / "pdf" / "workshops" / f"{workshop_id}-{edition}-{paper}.pdf"


def all_pdfs(site):
    for exercise_id in EXERCISES:
        for paper in PAPERS:
            yield worksheet_pdf(site, exercise_id, paper), paper
    for workshop_id in WORKSHOPS:
        for edition in EDITIONS:
            for paper in PAPERS:
                yield pack_pdf(site, workshop_id, edition, paper), paper


WALL_CHART = re.compile(r"WALL CHART · .+ · ENLARGE TO A3")  # a wall chart's kicker


def test_every_pdf_exists_with_pages_of_its_paper_size(built_site):
    for path, paper in all_pdfs(built_site):
        assert path.is_file(), f"{path.relative_to(built_site)} was not built"
        for number, (page, text) in enumerate(zip(_reader(path).pages, pdf_pages(path), strict=True), 1):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            want = PAPERS[paper]
            if WALL_CHART.search(text.upper()):
                # A wall chart is a landscape page of the same paper, to enlarge; nothing else is.
                want = want[::-1]
            assert abs(width - want[0]) <= 1 and abs(height - want[1]) <= 1, (
                f"{path.name} page {number} is {width:.0f}×{height:.0f} pt, not {paper}"
            )


def test_each_worksheet_pdf_has_its_layouts_pages_each_showing_title_id_date_and_address(built_site):
    for exercise_id, data in EXERCISES.items():
        for paper in PAPERS:
            pages = pdf_pages(worksheet_pdf(built_site, exercise_id, paper))
            want = sheet_pages(exercise_id)
            assert len(pages) == want, f"{exercise_id} {paper}: {len(pages)} pages, want {want}"
            for number, text in enumerate(pages):
                _assert_sheet_identity(text, exercise_id, data, first=number == 0)


def _assert_sheet_identity(text, exercise_id, data, first=True):
    """A sheet's first page opens with its title; every page's foot names the exercise,
    its id, its date and its address, so a loose second page still says where it belongs."""
    title = data["worksheet"].get("title", data["title"])
    needles = (data["title"], exercise_id, data["updated"], f"{SITE_URL}exercises/{exercise_id}/")
    for needle in (title, *needles) if first else needles:
        assert needle in text, f"{exercise_id}: {needle!r} missing from the printed sheet"


def test_participant_pack_holds_every_worksheet_of_the_workshop_one_per_page(built_site):
    for workshop_id, data in WORKSHOPS.items():
        ids = list(dict.fromkeys(item["exercise"] for item in data["agenda"] if item["kind"] == "exercise"))
        for paper in PAPERS:
            pages = pdf_pages(pack_pdf(built_site, workshop_id, "participant", paper))
            # A cover and the agenda page, then each worksheet on its own page (or two).
            # ... and the commitments sheet last.
            on_paper = [(i, n == 0) for i in ids for n in range(sheet_pages(i))]
            assert len(pages) == 3 + len(on_paper), (
                f"{workshop_id} {paper}: {len(pages)} pages for {len(ids)} worksheets"
            )
            for text, (exercise_id, first) in zip(pages[2:-1], on_paper, strict=True):
                _assert_sheet_identity(text, exercise_id, EXERCISES[exercise_id], first)


def _facilitator_text(site, workshop_id, paper):
    return list(pdf_pages(pack_pdf(site, workshop_id, "facilitator", paper)))


def test_run_sheet_clock_times_match_the_agenda(built_site):
    for workshop_id, data in WORKSHOPS.items():
        for paper in PAPERS:
            pages = _facilitator_text(built_site, workshop_id, paper)
            # The run sheet starts on page 2 and runs until preparation begins.
            end = next(i for i, text in enumerate(pages) if "Before the day" in text)
            run_sheet = " ".join(pages[1:end])
            assert "Run sheet" in run_sheet
            # Each row reads "09:10–09:45 35 Conflict diagnosis ...".
            found = re.findall(r"(\d\d:\d\d)–(\d\d:\d\d) (\d+) ", run_sheet)
            want = [
                (start, end, str(item["minutes"]))
                for (start, end), item in zip(expected_times(data), data["agenda"], strict=True)
            ]
            assert found == want, f"{workshop_id} {paper} run sheet times"
            for item in data["agenda"]:
                if "if_late" in item:
                    assert "If running late: " + _words(item["if_late"], 5) in run_sheet


def test_facilitator_pack_has_cover_preparation_notes_examples_then_worksheets(built_site):
    for workshop_id, data in WORKSHOPS.items():
        ids = list(dict.fromkeys(item["exercise"] for item in data["agenda"] if item["kind"] == "exercise"))
        pages = _facilitator_text(built_site, workshop_id, "a4")
        # Cover, run sheet, preparation, notes per exercise, one sheet per exercise.
        assert len(pages) >= 3 + 2 * len(ids), f"{workshop_id}: only {len(pages)} pages"
        whole = " ".join(pages)
        assert data["title"] in pages[0] and "facilitator edition" in pages[0].lower()
        for step in data["prepare"]:
            assert _words(step) in whole, f"{workshop_id}: preparation step missing: {step[:50]}"
        for exercise_id in ids:
            exercise = EXERCISES[exercise_id]
            for note in exercise["facilitator_notes"] + exercise["traps"]:
                assert _words(note) in whole, f"{workshop_id}: note of {exercise_id} missing: {note[:50]}"
            for block in exercise["worksheet"]["blocks"]:
                if block["kind"] == "table" and "example" in block:
                    assert "Filled example: " + block["label"] in whole
        # The copy masters close the pack, one per page, in agenda order
        # (a cut sheet, if any, follows its worksheet).
        tail = [p for p in pages if "Common Ground · participant worksheet ·" in p and COMMITMENTS[0] not in p]
        on_paper = [(i, n == 0) for i in ids for n in range(sheet_pages(i))]
        for page, (exercise_id, first) in zip(tail, on_paper, strict=True):
            _assert_sheet_identity(page, exercise_id, EXERCISES[exercise_id], first)


RUN_SHEET_LEAD = "Starting at another time? Write yours in the last column."


def test_run_sheet_takes_one_page_up_to_four_hours_and_covers_keep_to_one_page(built_site):
    failures = []
    for workshop_id, data in WORKSHOPS.items():
        want = 1 if data["minutes_total"] <= 240 else 2
        for paper in PAPERS:
            pages = _facilitator_text(built_site, workshop_id, paper)
            name = f"{workshop_id} ({paper})"
            start = next(i for i, t in enumerate(pages) if RUN_SHEET_LEAD in t)
            end = next(i for i, t in enumerate(pages) if "Before the day" in t)
            if end - start != want:
                failures.append(
                    f"{name}: the run sheet of {data['minutes_total']} minutes takes {end - start} pages, want {want}"
                )
            if start != 1:
                failures.append(f"{name}: the facilitator cover takes {start} pages")
            participant = pdf_pages(pack_pdf(built_site, workshop_id, "participant", paper))
            if "What happens" not in participant[1] or "Today" not in participant[1]:
                failures.append(
                    f"{name}: the participant cover spills past page 1, or its agenda has no column for today's times"
                )
    assert not failures, "\n".join(failures)


COMMITMENTS = ("What we will do", "Who", "By when", "How we will know")


def test_both_packs_close_on_the_commitments_sheet(built_site):
    for workshop_id in WORKSHOPS:
        for edition in EDITIONS:
            for paper in PAPERS:
                last = pdf_pages(pack_pdf(built_site, workshop_id, edition, paper))[-1]
                assert "Commitments" in last and all(h in last for h in COMMITMENTS), (
                    f"{workshop_id} {edition} {paper}: the last page is not the commitments sheet"
                )


def test_facilitator_pack_has_a_room_set_up_page_and_every_wall_chart_on_a_landscape_page(built_site):
    for workshop_id, data in WORKSHOPS.items():
        ids = list(dict.fromkeys(item["exercise"] for item in data["agenda"] if item["kind"] == "exercise"))
        charts = [c for i in ids for c in EXERCISES[i].get("charts", [])]
        for paper in PAPERS:
            path = pack_pdf(built_site, workshop_id, "facilitator", paper)
            reader, pages = _reader(path), pdf_pages(path)
            setup = [t for t in pages if "Room set-up" in t and "Before people arrive" in t]
            assert setup, f"{workshop_id} {paper}: no room set-up page with its checklist"
            for chart in charts:
                title = _words(chart["title"], 3)
                found = [
                    n
                    for n, t in enumerate(pages)
                    if "WALL CHART" in t.upper() and title in t and "ENLARGE TO A3" in t.upper()
                ]
                assert found, f"{workshop_id} {paper}: no page for the wall chart {chart['title']!r}"
                box = reader.pages[found[0]].mediabox
                assert float(box.width) > float(box.height), f"{workshop_id} {paper}: {chart['title']!r} not landscape"
                assert title in setup[0], f"{workshop_id} {paper}: set-up checklist misses {chart['title']!r}"


def test_facilitator_notes_stay_out_of_the_participant_edition(built_site):
    for workshop_id in WORKSHOPS:
        participant = " ".join(pdf_pages(pack_pdf(built_site, workshop_id, "participant", "a4")))
        for item in WORKSHOPS[workshop_id]["agenda"]:
            if item["kind"] != "exercise":
                continue
            for note in EXERCISES[item["exercise"]]["facilitator_notes"]:
                assert _words(note) not in participant, f"{workshop_id}: a facilitator note reached participants"
        assert "Run sheet" not in participant and "If running late" not in participant


def test_fonts_are_embedded_and_all_source_sans(built_site):
    for path, _ in all_pdfs(built_site):
        for page in _reader(path).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                descriptor = descriptor.get_object()
                assert "/FontFile2" in descriptor, f"{path.name}: font {font['/BaseFont']} is not embedded"
                assert "Source-Sans-Pro" in font["/BaseFont"], f"{path.name}: unexpected font {font['/BaseFont']}"


def test_pdfs_carry_title_language_and_tags(built_site):
    for path, _ in all_pdfs(built_site):
        reader = _reader(path)
        root = reader.trailer["/Root"]
        assert reader.metadata.title and "Common Ground" != reader.metadata.title, path.name
        assert root.get("/Lang") == "en", f"{path.name}: no document language"
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], f"{path.name}: not tagged"
    sheet = _reader(worksheet_pdf(built_site, "cx-brainstorm", "a4"))
    assert sheet.metadata.title == "Worksheet: " + EXERCISES["cx-brainstorm"]["title"]


def _text_starts(page) -> dict:
    """Where each piece of text starts on the page: {text: x in points}."""
    starts = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            starts.setdefault(text.strip(), tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    return starts


def test_row_labels_leave_the_room_to_the_answers_on_paper(built_site):
    # Two-column tables of row labels: labels are read, answers handwritten.
    checked = 0
    for exercise_id, data in EXERCISES.items():
        sheet = data["worksheet"]
        for block in sheet["blocks"]:
            if block["kind"] != "table" or "row_labels" not in block or len(block["columns"]) != 2:
                continue
            for paper, (width, _) in PAPERS.items():
                starts = _text_starts(_reader(worksheet_pdf(built_site, exercise_id, paper)).pages[0])
                margin = starts[sheet["title"]]  # the sheet title starts at the left margin
                label, answer = (starts[c] for c in block["columns"])
                share = (answer - label) / (width - 2 * margin)
                assert 0.25 <= share <= 0.4, f"{exercise_id} ({paper}): label column takes {share:.0%}"
                checked += 1
    assert checked, "no worksheet has a two-column table with row labels"
