"""Turn one print document (HTML from templates/print/) into PDF bytes.

Plain WeasyPrint, no MkDocs. Runs in worker processes, so everything it needs
arrives as arguments and everything it returns is picklable.

Three promises are kept here:
- the same input gives the same bytes (WeasyPrint writes no clock time unless
  the HTML asks for one; our templates give the content's own date);
- fonts come only from the pinned Source Sans Pro files, and nothing is
  fetched from any host (the URL fetcher refuses everything but data: URIs
  and the kit's own files and the QR codes it draws);
- a worksheet sheet fits its page, or rendering fails naming it and the paper.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import pathlib
import re
import urllib.parse
import urllib.request

import segno
from weasyprint import CSS, HTML
from weasyprint.formatting_structure.boxes import Box, MarginBox, TableCellBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..kit.problems import KitProblem
from .files import FONT_DIR, PRINT_DIR

# pdf/ua-1 tags the PDF (structure tree, /Lang, /MarkInfo) for screen readers.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
# Layout rounding: a box may poke this far (CSS px) past the page area unseen.
TOLERANCE_PX = 0.5
QR_SCHEME = "qr-code:"
MM_PER_PX = 25.4 / 96  # WeasyPrint lays out in CSS px (1/96 in)


@functools.lru_cache(maxsize=256)
def qr_png(address: str) -> bytes:
    """The address as a QR code. Scale 10 gives 0.5 mm modules at the printed
    size, sharp on any printer; PNG because WeasyPrint draws an SVG QR code
    path by path, which cost a third of a second per pack."""
    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="png", scale=10, border=4)
    return out.getvalue()


class FitProblem(KitProblem):
    """A sheet that does not fit one page of its paper size."""


class OutsideResource(FatalURLFetchingError):
    """A print template asked for a file or address outside the kit.

    WeasyPrint swallows ordinary fetch errors (the image just goes missing);
    this kind stops the render, so the build fails and says why.
    """


@dataclasses.dataclass(frozen=True)
class Result:
    output: str
    pdf: bytes
    pages: int


class KitFetcher(URLFetcher):
    """Only QR codes, data: URIs and files of the font package or templates/print/.

    WeasyPrint 70 calls fetch(url, headers); anything else raises, so a stray
    <img src="https://..."> in a template stops the build instead of making a
    request from a facilitator's intranet machine.

    'qr-code:<address>' is drawn here, only when a PDF is rendered: the HTML
    (and so the cache key) holds just the address, and a build that finds
    every PDF in the cache never spends time making QR codes.
    """

    ALLOWED = (FONT_DIR, PRINT_DIR)

    def fetch(self, url, headers=None):
        if url.startswith(QR_SCHEME):
            return URLFetcherResponse(
                url, qr_png(urllib.parse.unquote(url[len(QR_SCHEME) :])), {"Content-Type": "image/png"}
            )
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = pathlib.Path(urllib.request.url2pathname(url.removeprefix("file:"))).resolve()
            if any(path.is_relative_to(root) for root in self.ALLOWED):
                return super().fetch(url, headers)
        raise OutsideResource(f"print templates may not load {url!r}; embed it as a data: URI")


@functools.lru_cache(maxsize=2)
def _print_styles(state: tuple) -> tuple:
    """Parsed print CSS and its loaded fonts, reused by every render of a process.

    Parsing the CSS and loading four font files took about a fifth of a
    second per PDF; `state` (file sizes and times) renews it after an edit.
    """
    font_config = FontConfiguration()
    fetcher = KitFetcher()
    sheets = [
        # fonts.css resolves its url()s against the font package folder.
        CSS(
            filename=str(PRINT_DIR / "fonts.css"),
            base_url=FONT_DIR.as_uri() + "/",
            font_config=font_config,
            url_fetcher=fetcher,
        ),
        CSS(filename=str(PRINT_DIR / "print.css"), font_config=font_config, url_fetcher=fetcher),
    ]
    return font_config, sheets


def print_styles() -> tuple:
    files = (PRINT_DIR / "fonts.css", PRINT_DIR / "print.css")
    return _print_styles(tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in files))


def layout(html: str, extra_css: str = ""):
    """Lay out the HTML into pages (a weasyprint Document)."""
    font_config, sheets = print_styles()
    if extra_css:
        sheets = [*sheets, CSS(string=extra_css, font_config=font_config, url_fetcher=KitFetcher())]
    document = HTML(string=html, base_url=PRINT_DIR.as_uri() + "/", url_fetcher=KitFetcher())
    return document.render(stylesheets=sheets, font_config=font_config, pdf_tags=True)


def render(job) -> Result:
    """Lay out, check the fit when asked, and write the PDF bytes.

    `job` is a macros.pdf.jobs.Job: output path, HTML, paper name, and the exercise
    id when the PDF must fill an exact number of pages (`job.pages`). A
    worksheet page with room left at its foot is laid out again with that
    room given to its writing space.
    """
    document = layout(job.html)
    breaks = page_breaks(document)
    if breaks:
        document = layout(job.html, breaks)
    if job.one_page:
        check_fit(document, job)
    document = with_spare_room(document, job, breaks)
    return Result(job.output, document.write_pdf(**PDF_OPTIONS), len(document.pages))


# A worksheet laid out on two pages (layout: two pages) breaks between two of
# its boxes where the pages come out most even, so each page has room to
# give its own boxes; a box never breaks across the two. The private part
# moves as one, with its tear line. When no break between boxes lets both
# pages fit, the boxes flow and a long table continues on page two.
_UNIT = re.compile(r"-(?:box-\d+|private)$")


def page_breaks(document) -> str:
    """CSS that starts page two of each two-page worksheet at its most even break, or ''."""
    found, sheets = [], {}
    for index, page in enumerate(document.pages):
        for box, _ in _content_boxes(page):
            element = box.element
            if element is None or element.tag not in ("article", "section", "div"):
                continue
            classes = (element.get("class") or "").split()
            if box.element_tag == "article" and "cg-worksheet--two-pages" in classes:
                sheet = sheets.setdefault(element.get("id"), {"units": {}, "page": index, "page_box": page._page_box})
                sheet["top"] = box.position_y
            box_id = element.get("id") or ""
            owner = next((sid for sid in sheets if box_id.startswith(sid + "-")), None)
            if owner and _UNIT.search(box_id):
                spans = sheets[owner]["units"].setdefault(box_id, [])
                spans.append((index, box.position_y, _end_y(box) + box.margin_bottom))
    for sheet in sheets.values():
        cut = _even_cut(sheet)
        if cut:
            found.append(f"#{cut} {{ break-before: page; }}")
    return "\n".join(found)


def _even_cut(sheet: dict):
    """The id of the unit page two should start with, or None."""
    units = _outer_units(sheet["units"])
    if len(units) < 2:
        return None
    page = sheet["page_box"]
    room = page.height
    first_top = units[0][1]
    head = first_top - page.content_box_y()
    heights = [end - start for _, start, end in units]
    best = None
    for k in range(1, len(units)):
        one, two = head + sum(heights[:k]), sum(heights[k:])
        if one <= room and two <= room and (best is None or max(one, two) < best[0]):
            best = (max(one, two), units[k][0])
    return best[1] if best else None


def _outer_units(spans: dict) -> list:
    """(id, top, bottom) of the units, in order, without the boxes inside the private part.

    A unit split over pages counts its fragments' heights together."""
    units = []
    for unit_id, parts in spans.items():
        height = sum(end - start for _, start, end in parts)
        units.append((unit_id, parts[0][0], parts[0][1], height))
    private = next((u for u in units if u[0].endswith("-private")), None)
    if private:
        inside = [
            u for u in units if u is not private and u[1] == private[1] and private[2] <= u[2] < private[2] + private[3]
        ]
        units = [u for u in units if u not in inside]
    units.sort(key=lambda u: (u[1], u[2]))
    return [(u[0], u[2], u[2] + u[3]) for u in units]


# Writing room on paper (macros/kit/sheets.py sizes each box for what goes
# in it): the room left at the foot of a worksheet's page goes to its boxes,
# less a margin that keeps rounding from moving a box to another page. It
# goes a whole line at a time (a table's line is one more line in each of
# its rows) to the box that is fullest for its expected answer, so a long
# private story gains lines before a one-word answer does; what is left,
# less than a line, makes the table rows on the page a little taller.
PITCH_MM = 7.5
KEEP_MM = 4.0
_LINES_OPEN = '<div class="cg-lines" aria-hidden="true">'
_LINE = '<div class="cg-line"></div>'
_ROW_LINES = re.compile(r'<tr class="cg-row-lines-(\d+)"')


def with_spare_room(document, job, breaks: str = ""):
    """The document again, each worksheet page's spare room given to its boxes;
    the first layout when there is nothing to give or the new one would not
    keep every box on its page. `breaks` is the CSS of page_breaks()."""
    pages = [set(_growable(page)) for page in document.pages]
    split = {box_id for i, ids in enumerate(pages) for box_id in ids if any(box_id in o for o in pages[i + 1 :])}
    spares = [_spare(page, job.html, split) for page in document.pages]
    grants = [g for g in spares if g]
    more_rows = _rows_where_split_tables_end(document, pages, split, spares)
    if not grants and not more_rows:
        return document
    html, heights = job.html, {}
    for box_id, (count, cell_mm) in more_rows.items():
        html = _add_rows(html, box_id, count, cell_mm)
    for grant in grants:
        for box_id, extra in grant["lines"].items():
            html = _add_lines(html, box_id, extra)
        heights.update(grant["rows"])
    grown = layout(html, breaks + "\n" + _spare_template().render(rows=heights))
    if (
        len(grown.pages) != len(document.pages)
        or _box_pages(grown) != _box_pages(document)
        # Only an overflow the added room made: one already in the first layout (a pack's
        # agenda, say) must not cost every copy master of the pack its room.
        or any(
            overflowing_box(new) and not overflowing_box(old)
            for new, old in zip(grown.pages, document.pages, strict=True)
        )
    ):
        return document
    return grown


# A table too long for page one of a two-page sheet goes on to page two
# (page_breaks), and its room cannot grow there by taller rows without moving
# rows between the pages. The page where it ends gets more empty rows instead,
# as many as its spare room holds: room for one more answer each, never a
# blank half page.
def _rows_where_split_tables_end(document, pages: list, split: set, spares: list) -> dict:
    """{table id: empty rows to add} for each split table, on the last page it
    reaches, when that page holds one worksheet and gives its room to nothing else."""
    more = {}
    for box_id in sorted(split):
        last = max(i for i, ids in enumerate(pages) if box_id in ids)
        page = document.pages[last]
        if spares[last] or _worksheets_on(page) != 1:
            continue
        row_mm, cell_mm = _last_row_mm(page)
        spare_mm = (page._page_box.height - used_height(page)) * MM_PER_PX - KEEP_MM
        if row_mm and spare_mm >= row_mm:
            count = int(spare_mm // row_mm)
            # What is left, less than a row, makes the new rows a little taller.
            more[box_id] = (count, cell_mm + (spare_mm - count * row_mm) / count)
    return more


def _worksheets_on(page) -> int:
    """How many worksheets have a part on the page."""
    return len(
        {
            box.element.get("id")
            for box, _ in _content_boxes(page)
            if box.element_tag == "article" and "cg-worksheet" in (box.element.get("class") or "").split()
        }
    )


def _last_row_mm(page) -> tuple:
    """(row, its cells' content) heights in mm of the tallest writing row
    (tr.cg-row-lines-N) on the page, or (0, 0)."""
    rows = [
        box
        for box, _ in _content_boxes(page)
        if box.element_tag == "tr" and "cg-row-lines-" in (box.element.get("class") or "")
    ]
    if not rows:
        return 0.0, 0.0
    row = max(rows, key=lambda box: box.margin_height())
    cell = max((c.height for c in row.children if isinstance(c, TableCellBox)), default=0)
    return row.margin_height() * MM_PER_PX, cell * MM_PER_PX


def _add_rows(html: str, box_id: str, count: int, cell_mm: float) -> str:
    """The HTML with `count` more empty writing rows, their cells `cell_mm`
    tall, at the end of the table in the box with this id."""
    start = html.find(f'id="{box_id}"')
    end = html.find("</tbody>", start)
    row_at = html.rfind('<tr class="cg-row-lines-', start, end)
    if start < 0 or end < 0 or row_at < 0:
        return html
    row = html[row_at : html.find("</tr>", row_at) + len("</tr>")]
    row = row.replace('<td class="cg-write"', f'<td class="cg-write" style="height: {cell_mm:.2f}mm"')
    return html[:end] + row * count + html[end:]


def _box_pages(document) -> dict:
    """{box id: page index} of every growable box."""
    return {box_id: index for index, page in enumerate(document.pages) for box_id in _growable(page)}


def _growable(page) -> dict:
    """{id: element} of the boxes on the page whose writing room can grow, in page order."""
    found = {}
    for box, _ in _content_boxes(page):
        element = box.element
        if element is not None and element.get("data-cg-need") is not None and element.get("id") not in found:
            found[element.get("id")] = element
    return found


def _spare(page, html: str, split: set):
    """{lines: {id: extra ruled lines}, rows: {id: row height mm}} for a page
    holding one worksheet, or None. A box split over two pages (`split`) keeps its room."""
    boxes = {i: e for i, e in _growable(page).items() if i not in split}
    if _worksheets_on(page) != 1 or not boxes:
        return None
    spare_mm = (page._page_box.height - used_height(page)) * MM_PER_PX - KEEP_MM
    if spare_mm <= 0:
        return None
    room = {box_id: _room(element, html, box_id) for box_id, element in boxes.items()}
    extra = dict.fromkeys(room, 0)
    while True:
        fits = [i for i in room if room[i]["rows"] * PITCH_MM <= spare_mm]
        if not fits:
            break
        # The fullest box for its expected answer; page order breaks a tie.
        chosen = max(fits, key=lambda i: (_fullness(room[i], extra[i]), -list(room).index(i)))
        extra[chosen] += 1
        spare_mm -= room[chosen]["rows"] * PITCH_MM
    tables = [i for i in room if room[i]["table"]]
    per_row = min(PITCH_MM, spare_mm / sum(room[i]["rows"] for i in tables)) if tables else 0.0
    return {
        "lines": {i: n for i, n in extra.items() if n and not room[i]["table"]},
        "rows": {i: (room[i]["lines"] + extra[i]) * PITCH_MM + per_row for i in tables if extra[i] or per_row},
    }


def _room(element, html: str, box_id: str) -> dict:
    """What a growable box holds now: lines (per row), rows, and how full it is."""
    section = _section_html(html, box_id)
    table = element.get("data-cg-rows") is not None
    lines = int(_ROW_LINES.search(section).group(1)) if table else section.count(_LINE)
    return {
        "table": table,
        "rows": int(element.get("data-cg-rows") or 1),
        "lines": lines,
        "need": int(element.get("data-cg-need") or 0),
        "per_line": max(1, int(element.get("data-cg-per-line") or 1)),
    }


def _fullness(room: dict, extra: int) -> float:
    return room["need"] / (room["per_line"] * (room["lines"] + extra))


def _section_html(html: str, box_id: str) -> str:
    start = html.find(f'id="{box_id}"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def _add_lines(html: str, box_id: str, count: int) -> str:
    """The HTML with `count` more ruled lines in the box with this id."""
    start = html.find(f'id="{box_id}"')
    at = html.find(_LINES_OPEN, start) + len(_LINES_OPEN)
    return html[:at] + _LINE * count + html[at:]


@functools.lru_cache(maxsize=1)
def _spare_template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PRINT_DIR)),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("spare-room.css.j2")


def check_fit(document, job) -> None:
    """The pages the sheet is laid out for (job.pages), nothing drawn outside their content area."""
    where = getattr(job, "fit_where", "")
    file = getattr(job, "fit_file", "") or None
    if not where:  # an exercise's worksheet (or cards)
        where, file = f"the {getattr(job, 'what', 'worksheet')} of '{job.one_page}'", f"exercises/{job.one_page}.yml"
    pages, want = len(document.pages), getattr(job, "pages", 1)
    if pages > want:
        raise FitProblem(
            f"{where} does not fit {_pages(want)} of {job.paper}: it needs {pages} pages, "
            f"about {excess_mm(document, job):.0f} mm too tall. Its cells are sized for handwriting and "
            "are never shrunk: shorten it (fewer rows, a shorter example, intro or hint), or give the "
            "worksheet 'layout: two pages' or 'layout: landscape'",
            file=file,
        )
    if pages < want:
        raise FitProblem(
            f"{where} fills {pages} page(s) of {job.paper} but is laid out for {want}: "
            "give the worksheet 'layout: one page', so no page is left empty",
            file=file,
        )
    for page in document.pages:
        overflow = overflowing_box(page)
        if overflow:
            raise FitProblem(
                f"{where} overflows its {job.paper} page: {overflow}, so it would be cut off on paper", file=file
            )


def _pages(count: int) -> str:
    return "one page" if count == 1 else f"{count} pages"


def excess_mm(document, job) -> float:
    """How much taller than the pages it is laid out for the sheet is, laid out on an endless page.

    Measuring page two would overstate it: blocks that cannot split move
    whole and leave a gap at the foot of page one. The tall page's size is
    !important: the template's own `@page { size: A4 }` would otherwise win,
    the "tall" page would be A4 again, and the excess always about 0 mm.
    """
    page = document.pages[0]._page_box
    available = page.height
    width_mm = page.margin_width() * MM_PER_PX
    tall = layout(job.html, f"@page {{ size: {width_mm:.2f}mm 5000mm !important; }}")
    return (used_height(tall.pages[0]) - available * getattr(job, "pages", 1)) * MM_PER_PX


def _content_boxes(page):
    """(box, the table cell that holds it or None) for every box of the
    document on the page; margin boxes (running header and footer) live
    outside the content area by design."""

    def walk(box, cell):
        for child in getattr(box, "children", ()) or ():
            if not isinstance(child, Box):
                continue
            if child.element_tag not in ("html", "body"):
                yield child, cell
            yield from walk(child, child if isinstance(child, TableCellBox) else cell)

    for root in page._page_box.children:
        if not isinstance(root, MarginBox):
            yield from walk(root, None)


def used_height(page) -> float:
    """Height (CSS px) from the top of the content area to the lowest mark on the page.

    Only boxes with no boxes inside count (text, ruled lines, cells): a block
    that goes on to the next page reaches down to this page's foot, though
    nothing of it is drawn there."""
    top = page._page_box.content_box_y()
    leaves = (
        box
        for box, _ in _content_boxes(page)
        if not any(isinstance(c, Box) for c in getattr(box, "children", ()) or ())
    )
    return max((_end_y(box) for box in leaves), default=top) - top


def overflowing_box(page) -> str:
    """Describe the box that runs furthest outside its table cell or the
    page's content area, by how many millimetres; '' when none does.

    A cell is checked too: a long word in a narrow column runs into the next
    column, and the page edge alone would never notice.
    """
    box = page._page_box
    left, top = box.content_box_x(), box.content_box_y()
    right, bottom = left + box.width, top + box.height
    worst = (TOLERANCE_PX, "")
    for child, cell in _content_boxes(page):
        tag = (child.element_tag or "text").split("::")[0]
        checks = [
            (_end_x(child) - right, f"<{tag}> runs {{mm}} mm past the right margin"),
            (_end_y(child) - bottom, f"<{tag}> runs {{mm}} mm past the bottom margin"),
        ]
        if cell is not None and child is not cell:
            cell_right = cell.border_box_x() + cell.border_width()
            what = f"<{tag}>" if child.element is not cell.element else "text"
            checks.append(
                (
                    _end_x(child) - cell_right,
                    f"{what} in a table cell runs {{mm}} mm past the cell's right edge, over the next column",
                )
            )
        for excess, message in checks:
            if excess > worst[0]:
                worst = (excess, message.format(mm=f"{excess * MM_PER_PX:.0f}"))
    return worst[1]


def _end_x(box) -> float:
    return box.position_x + box.margin_width() - box.margin_right


def _end_y(box) -> float:
    return box.position_y + box.margin_height() - box.margin_bottom
