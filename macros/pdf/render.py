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
    id when the PDF must be exactly one page. A worksheet page with room left
    at its foot is laid out again with that room given to its writing space.
    """
    document = layout(job.html)
    if job.one_page:
        check_fit(document, job)
    document = with_spare_room(document, job)
    return Result(job.output, document.write_pdf(**PDF_OPTIONS), len(document.pages))


# Writing room on paper (macros/kit/sheets.py sets the pitch): the room left
# at the foot of a worksheet's page goes to its cells, less a margin that
# keeps rounding from pushing the sheet onto a second page. Table and grid
# rows grow first, up to twice their height; what is left becomes whole
# ruled lines, shared out from the first block of lines on, so the ruling
# keeps its pitch.
PITCH_MM = 7.5
KEEP_MM = 4.0
_ROW = re.compile(r'<tr class="cg-row-lines-(\d)"')
_LINES_OPEN = '<div class="cg-lines" aria-hidden="true">'
_LINE = '<div class="cg-line"></div>'


def with_spare_room(document, job):
    """The document again, each worksheet page's spare room given to its cells;
    the first layout when there is nothing to give or the new one would not fit."""
    sheets = [s for s in (_spare(page, job.html) for page in document.pages) if s]
    if not sheets:
        return document
    html = job.html
    for sheet in sheets:
        html = _add_lines(html, sheet["id"], sheet["extra_lines"])
    grown = layout(html, _spare_template().render(sheets=sheets, pitch=PITCH_MM))
    if len(grown.pages) != len(document.pages) or any(overflowing_box(p) for p in grown.pages):
        return document
    return grown


def _spare(page, html: str):
    """{id, row_mm, extra_lines} for a page holding one worksheet, or None."""
    ids = {
        box.element.get("id")
        for box, _ in _content_boxes(page)
        if box.element_tag == "article" and "cg-worksheet" in (box.element.get("class") or "").split()
    }
    if len(ids) != 1:
        return None
    sheet_id = ids.pop()
    spare_mm = (page._page_box.height - used_height(page)) * MM_PER_PX - KEEP_MM
    sheet = _sheet_html(html, sheet_id)
    rows = sum(int(n) for n in _ROW.findall(sheet))
    blocks = sheet.count(_LINES_OPEN)
    if spare_mm <= 0 or not rows + blocks:
        return None
    row_mm = min(PITCH_MM, spare_mm / rows) if rows else 0.0
    lines = int((spare_mm - row_mm * rows) // PITCH_MM) if blocks else 0
    extra = [lines // blocks + (1 if i < lines % blocks else 0) for i in range(blocks)] if blocks else []
    return {"id": sheet_id, "row_mm": row_mm, "extra_lines": extra}


def _sheet_html(html: str, sheet_id: str) -> str:
    start = html.find(f'id="{sheet_id}"')
    return html[start : html.find("</article>", start)] if start >= 0 else ""


def _add_lines(html: str, sheet_id: str, extra: list) -> str:
    """The HTML with extra[i] more ruled lines in the i-th block of lines of one sheet."""
    start = html.find(f'id="{sheet_id}"')
    end = html.find("</article>", start)
    head, sheet, tail = html[:start], html[start:end], html[end:]
    parts = sheet.split(_LINES_OPEN)
    out = parts[0]
    for count, part in zip(extra, parts[1:], strict=True):
        out += _LINES_OPEN + _LINE * count + part
    return head + out + tail


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
    """One page, and nothing drawn outside that page's content area."""
    where = job.fit_where or f"exercises/{job.one_page}.yml: the worksheet of '{job.one_page}'"
    pages = len(document.pages)
    if pages != 1:
        raise FitProblem(
            f"{where} does not fit one {job.paper} page: it needs {pages} pages, "
            f"about {excess_mm(document, job):.0f} mm too tall. Shorten the worksheet "
            "(fewer lines or rows, a shorter intro or hint) or split it into two exercises"
        )
    overflow = overflowing_box(document.pages[0])
    if overflow:
        raise FitProblem(f"{where} overflows its {job.paper} page: {overflow}, so it would be cut off on paper")


def excess_mm(document, job) -> float:
    """How much taller than one page the sheet is, laid out on an endless page.

    Measuring page two would overstate it: blocks that cannot split move
    whole and leave a gap at the foot of page one. The tall page's size is
    !important: the template's own `@page { size: A4 }` would otherwise win,
    the "tall" page would be A4 again, and the excess always about 0 mm.
    """
    page = document.pages[0]._page_box
    available = page.height
    width_mm = page.margin_width() * MM_PER_PX
    tall = layout(job.html, f"@page {{ size: {width_mm:.2f}mm 5000mm !important; }}")
    return (used_height(tall.pages[0]) - available) * MM_PER_PX


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
    """Height (CSS px) from the top of the content area to the lowest box on the page."""
    top = page._page_box.content_box_y()
    return max((_end_y(box) for box, _ in _content_boxes(page)), default=top) - top


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
