"""Paper as a printer, a copier and a phone camera see it.

PDF pages become greyscale images (poppler's pdftoppm) and are measured:
ruled lines are counted, cells are sized, QR codes are read with Debian's
zbarimg. Word positions come from pdftotext -bbox. The handwriting pitch
here is the one docs/about/conventions.md promises, written again on
purpose: the tests must not take it from macros/.
"""

import functools
import io
import pathlib
import re
import subprocess
import tempfile

from PIL import Image

DPI = 150
MM = DPI / 25.4  # pixels per millimetre at DPI
PITCH_MM = 7.5  # one handwritten line
CELL_PADDING_MM = 4  # 2 mm each side of a cell's writing room
VISIBLE, BLACK = 230, 128  # grey levels: anything printed; what a 50% copy keeps
H_RULE_MM, V_RULE_MM = 12, 6  # shortest run that counts as a ruled line


@functools.lru_cache(maxsize=64)
def page_images(pdf: pathlib.Path) -> tuple:
    """Every page of the PDF as a greyscale image at DPI."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True)
        files = sorted(pathlib.Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return tuple(Image.open(f).convert("L") for f in files)


def crop_edges(image: Image.Image, mm: float) -> Image.Image:
    """The page with `mm` cut away on every side, as a printer's dead zone would lose it."""
    cut = round(mm * MM)
    return image.crop((cut, cut, image.width - cut, image.height - cut))


def read_qr(image: Image.Image) -> list:
    """Every QR code zbarimg reads in the image."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-"],
        input=buffer.getvalue(),
        capture_output=True,
    )
    return result.stdout.decode().split()


def threshold(image: Image.Image, level: int = BLACK) -> Image.Image:
    """A black-and-white copy: darker than `level` becomes black, the rest white."""
    return image.point(lambda v: 0 if v < level else 255)


def _runs(image: Image.Image, dark: int, shortest: int) -> list:
    """(row, start, end) of each run of at least `shortest` pixels darker than `dark`."""
    binary = image.point(lambda v: 0 if v < dark else 255).tobytes()
    width = image.width
    pattern = re.compile(rb"\x00{%d,}" % shortest)
    return [
        (y, m.start() - y * width, m.end() - y * width)
        for y in range(image.height)
        for m in pattern.finditer(binary, y * width, (y + 1) * width)
    ]


def rules(image: Image.Image, dark: int = VISIBLE) -> dict:
    """Horizontal and vertical ruled lines: {'h': [(y, x0, x1)], 'v': [(x, y0, y1)]}.

    A line is a run of dark pixels at least H_RULE_MM (V_RULE_MM) long;
    neighbouring pixel rows of the same run are one line.
    """
    across = _runs(image, dark, round(H_RULE_MM * MM))
    # Turned a quarter to the left, column x becomes row width-1-x, read top down.
    turned = image.transpose(Image.Transpose.ROTATE_90)
    down = [(image.width - 1 - row, start, end) for row, start, end in _runs(turned, dark, round(V_RULE_MM * MM))]
    return {"h": _merge(across), "v": _merge(sorted(down))}


def _merge(runs: list) -> list:
    """Runs on neighbouring rows (or columns) that overlap are one line, at the first row."""
    lines = []
    for pos, start, end in runs:
        for line in lines:
            if pos - line["last"] <= 1 and start < line["end"] and end > line["start"]:
                line.update(last=pos, start=min(start, line["start"]), end=max(end, line["end"]))
                break
        else:
            lines.append({"pos": pos, "last": pos, "start": start, "end": end})
    return [(line["pos"], line["start"], line["end"]) for line in lines]


def words(pdf: pathlib.Path, page: int) -> list:
    """[(text, x0, y0, x1, y1)] in pixels at DPI, for page (counted from 1)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    scale = DPI / 72
    return [
        (m.group(5), *(float(m.group(i)) * scale for i in range(1, 5)))
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html
        )
    ]


def page_text(pdf: pathlib.Path) -> list:
    """Each page's text with whitespace folded; words broken at a hyphen joined back."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(re.sub(r"(?<=\w)-[ \t]*\n\s*", "-", page).split()) for page in out.split("\f")[:-1]]
