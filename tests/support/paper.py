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
    # Raw PGM, not PNG: the pixels are the same, and pdftoppm spends over
    # nine tenths of its time compressing PNGs (13.6 s against 1.1 s for a
    # 32-page pack), which made the paper tests the slowest in the suite.
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), f"{tmp}/p"], check=True)
        files = sorted(pathlib.Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[-1]))
        return tuple(_loaded(f) for f in files)


def _loaded(path: pathlib.Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("L")


def crop_edges(image: Image.Image, mm: float) -> Image.Image:
    """The page with `mm` cut away on every side, as a printer's dead zone would lose it."""
    cut = round(mm * MM)
    return image.crop((cut, cut, image.width - cut, image.height - cut))


def read_qr(image: Image.Image) -> list:
    """Every QR code zbarimg reads in the image."""
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # PIL writes a greyscale image as PGM, which zbarimg reads uncompressed
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
    # One white column after each row keeps a run from carrying on into the
    # next row, so the whole page is searched as one buffer; bytes.find skips
    # through it far faster than a regular expression run row by row (the
    # paper tests spent most of their time here).
    width = image.width + 1
    padded = Image.new("L", (width, image.height), 255)
    padded.paste(image.point(lambda v: 0 if v < dark else 255), (0, 0))
    binary, needle = padded.tobytes(), b"\x00" * shortest
    runs, start = [], binary.find(needle)
    while start != -1:
        end = binary.find(b"\xff", start + shortest)
        row = start // width
        runs.append((row, start - row * width, end - row * width))
        start = binary.find(needle, end)
    return runs


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
