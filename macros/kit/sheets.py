"""What a worksheet asks of paper: boxes, writing room, private parts, cut cards, copies.

Plain data from the checked exercise, no Jinja and no MkDocs. The web page,
the browser print and the PDFs all draw the worksheet from this one plan, so
box numbers, the room each cell gets and what is private cannot differ
between them.

Room to write follows from what goes in each cell, at handwriting width
(docs/about/conventions.md explains the figures): lines 7.5 mm apart,
between US college (7.1 mm) and wide (8.7 mm) ruling, and 3.8 mm of line per
handwritten character, spaces included, the low end of the 3.8-4.5 mm
people's handwriting measures. What goes in a cell is, in this order: its
table's example row; the block's `write:` hint ("40 words"; a word is six
characters); the longest example quoted in the text of the step that fills
it. A cell gets as many lines as that needs at the width its column gets,
and never fewer than the YAML's `lines` or `row_lines`; columns are sized
so that the longest answers need the fewest lines.
"""

from __future__ import annotations

import math
import re

from .materials import PEOPLE_PER
from .workshops import elapsed, times

PITCH_MM = 7.5  # distance between ruled lines, and the height of one written line
CHAR_MM = 3.8  # line length one handwritten character takes
WORD_CHARS = 6  # a word of a `write:` hint: five letters and a space
# Content width of a sheet by its layout: the narrower paper's page, less two
# 15 mm margins (A4 portrait 210 mm; Letter landscape 279.4 mm).
SHEET_WIDTH_MM = 180
LANDSCAPE_WIDTH_MM = 249
LAYOUTS = ("one page", "two pages", "landscape")
# Cell padding (2 mm a side), plus 1 mm for borders and rounding, so that the
# measured room is never less than the room planned here.
CELL_PAD_MM = 5
LINE_PAD_MM = 2  # a ruled line: the pen starts a little in
MIN_COLUMN_MM = 22
MAX_ROW_LINES = 8
# Share of the width a column of row labels takes: labels are read, answers written.
LABEL_SHARE = {2: 0.35, 3: 0.25}
LABEL_SHARE_OTHER = 0.2
SPARE_SHARE = 0.1  # spares: a tenth of the copies, at least one
GRID_CORNER_MM = 34  # the corner cell of a grid holds the two axis names
_WRITE = re.compile(r"^(\d+) (word|character)s?$")
# An example quoted in a step's text: "like this" or \u201clike this\u201d.
_QUOTED = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d")
_EMPHASIS = re.compile(r"\*\*|(?<!\w)\*|\*(?!\w)")


# id(exercise) -> (exercise, its plan). A page asks for its exercise's plan
# three times (downloads, step times, the sheet), a pack once per part; the
# checked data never changes, so the first answer stands. Holding the
# exercise keeps its id from being reused; the table is emptied when large.
_PLANS: dict = {}


def has_cards(exercise) -> bool:
    """True when the worksheet has cards, which then get a cut sheet (and its PDF) of their own."""
    return any(block["kind"] == "card" for block in exercise["worksheet"]["blocks"])


def sheet_plan(exercise: dict) -> dict:
    """The worksheet as paper shows it (one shared answer per exercise: read, never change it)."""
    stored = _PLANS.get(id(exercise))
    if stored is not None and stored[0] is exercise:
        return stored[1]
    if len(_PLANS) >= 4096:
        _PLANS.clear()
    plan = _plan(exercise)
    _PLANS[id(exercise)] = (exercise, plan)
    return plan


def _plan(exercise: dict) -> dict:
    """The worksheet as paper shows it.

    shared: boxes that may be collected; private: boxes only their writer
    sees, set apart by a tear line so the writer can keep them; cards:
    cut-out cards, each for one person, printed on a cut sheet of their own.
    Boxes follow the steps that fill them, and are numbered in that order;
    the private part comes first when its steps come first (above its tear
    line), else last (below it).
    """
    sheet = exercise["worksheet"]
    layout = sheet.get("layout", "one page")
    width = LANDSCAPE_WIDTH_MM if layout == "landscape" else SHEET_WIDTH_MM
    shared, private, private_first = paper_order(exercise)
    boxes = [
        _box(exercise, block, number, width)
        for number, block in enumerate(private + shared if private_first else shared + private, 1)
    ]
    return {
        "private": [b for b in boxes if b["private"]],
        "shared": [b for b in boxes if not b["private"]],
        "private_first": private_first,
        "cards": [b for b in sheet["blocks"] if b["kind"] == "card"],
        "boxes_by_step": boxes_by_step(boxes),
        "layout": layout,
        "pages": 2 if layout == "two pages" else 1,
    }


def paper_order(exercise: dict) -> tuple:
    """(shared blocks, private blocks, whether the private part comes first), in step order.

    A block without a step keeps its place after the block before it.
    """
    ordered = _step_order(exercise)
    private = [b for b in ordered if b.get("private")]
    shared = [b for b in ordered if not b.get("private")]
    return shared, private, bool(private) and ordered[0] is private[0]


def _step_order(exercise: dict) -> list:
    writing, step = [], 0
    for block in exercise["worksheet"]["blocks"]:
        step = block.get("step", step)
        if block["kind"] != "card":
            writing.append((step, block))
    return [block for _, block in sorted(writing, key=lambda pair: pair[0])]


def order_problem(exercise: dict) -> tuple | None:
    """(block index, message) when the private boxes are not all filled first or all last:
    a tear line can set apart only the top or the foot of a sheet."""
    shared, private, first = paper_order(exercise)
    on_paper = private + shared if first else shared + private
    stray = next((b for b, s in zip(on_paper, _step_order(exercise), strict=True) if b is not s), None)
    if stray is None:
        return None
    blocks = exercise["worksheet"]["blocks"]
    return blocks.index(stray), (
        "the private boxes (private: true) must all be filled before or all after the shared ones: "
        "a tear line sets apart only the top or the foot of a sheet; change this box's step or its private"
    )


def _box(exercise: dict, block: dict, number: int, width: float) -> dict:
    box = {
        "block": block,
        "number": number,
        "private": bool(block.get("private")),
        "step": block.get("step"),
        "kind": block["kind"],
    }
    if block["kind"] == "table":
        box.update(table_room(block, width))
    elif block["kind"] == "grid":
        box["header_lines"] = grid_header_lines(block, width)
        box["need"] = len(plain(block.get("example", "")))
    elif block["kind"] == "prompt":
        box.update(prompt_room(exercise, block, width))
    return box


def boxes_by_step(boxes: list) -> dict:
    """Step number -> the numbers of the boxes it fills, for "Step 3: box 2"."""
    found: dict = {}
    for box in boxes:
        if box["step"]:
            found.setdefault(box["step"], []).append(box["number"])
    return found


# --- What goes in a cell --------------------------------------------------------


def plain(text: str) -> str:
    """YAML text as a hand would write it: no Markdown emphasis marks, spaces folded."""
    return " ".join(_EMPHASIS.sub("", text).split())


def write_chars(hint: str) -> int:
    """Characters a `write:` hint stands for: '40 words' -> 240, '120 characters' -> 120."""
    count, unit = _WRITE.match(hint).groups()
    return int(count) * (WORD_CHARS if unit == "word" else 1)


def step_example(exercise: dict, block: dict) -> str:
    """The longest example quoted in the text of the step that fills the block, or ''."""
    step = block.get("step")
    if not step or step > len(exercise["steps"]):
        return ""
    quotes = [a or b for a, b in _QUOTED.findall(exercise["steps"][step - 1]["instruction"])]
    return max(quotes, key=len, default="")


def prompt_need(exercise: dict, block: dict) -> tuple:
    """(characters, where that comes from) for a prompt: its write hint, else its step's example."""
    if "write" in block:
        return write_chars(block["write"]), "write"
    quote = step_example(exercise, block)
    return (len(quote), "step") if quote else (0, "")


# --- Room to write ------------------------------------------------------------


def per_line(width_mm: float, padding_mm: float = CELL_PAD_MM) -> int:
    """Handwritten characters one line `width_mm` long holds."""
    return max(1, math.floor((width_mm - padding_mm) / CHAR_MM))


def lines_for(chars: int, width_mm: float, padding_mm: float = CELL_PAD_MM) -> int:
    """Handwritten lines that `chars` characters take in a cell `width_mm` wide."""
    return max(1, math.ceil(chars / per_line(width_mm, padding_mm)))


def prompt_room(exercise: dict, block: dict, width: float = SHEET_WIDTH_MM) -> dict:
    """Ruled lines for a prompt: as many as its expected answer takes, at least the YAML's `lines`."""
    need, source = prompt_need(exercise, block)
    lines = max(block["lines"], lines_for(need, width, LINE_PAD_MM) if need else 1)
    return {"lines": lines, "need": need, "need_from": source, "per_line": per_line(width, LINE_PAD_MM)}


def table_room(block: dict, width: float = SHEET_WIDTH_MM) -> dict:
    """Column widths (percent of the table) and lines per row for a table.

    With row labels the first column is printed text, not written: it keeps
    a fixed share. The written columns share the rest so that the longest
    example answer needs as few lines as the width allows.
    """
    columns = len(block["columns"])
    labelled = "row_labels" in block
    label_share = LABEL_SHARE.get(columns, LABEL_SHARE_OTHER) if labelled else 0
    written = columns - 1 if labelled else columns
    example = block.get("example") or []
    needs = [len(plain(example[i])) for i in range(columns - written, columns)] if example else [0] * written
    room = width * (1 - label_share)
    lines = max(1, block.get("row_lines", 2))
    while lines < MAX_ROW_LINES and sum(_width(need, lines) for need in needs) > room:
        lines += 1
    widths = _share_out([_width(need, lines) for need in needs], room)
    lines = max([lines, *(lines_for(need, w) for need, w in zip(needs, widths, strict=True))])
    # The column that is fullest at these lines decides how the table grows.
    fullest = max(range(written), key=lambda i: needs[i] / per_line(widths[i]))
    # Rounded down, so that the columns never add up to more than the table.
    percents = [math.floor(1000 * w / width) / 10 for w in widths]
    if labelled:
        percents.insert(0, math.floor(10 * (100 - sum(percents))) / 10)
    return {
        "widths": percents,
        "row_lines": lines,
        "need": needs[fullest],
        "per_line": per_line(widths[fullest]),
        "rows": len(block["row_labels"]) if labelled else block["rows"],
    }


def _width(chars: int, lines: int) -> float:
    return max(MIN_COLUMN_MM, math.ceil(chars / lines) * CHAR_MM + CELL_PAD_MM)


def _share_out(widths: list, room: float) -> list:
    """Widths scaled to fill `room`: spare room goes to every column in proportion."""
    total = sum(widths)
    return [w * room / total for w in widths]


def grid_header_lines(block: dict, width: float = SHEET_WIDTH_MM) -> int:
    """Lines for the blank column headings of a grid, from its example heading."""
    column = (width - GRID_CORNER_MM) / block["columns"]
    return lines_for(len(plain(block["example"])), column) if block.get("example") else 1


# --- Copies -------------------------------------------------------------------


def copies(per: str, people: int, count: int = 1) -> dict:
    """Copies to make for `people` people: {'copies': 16, 'spares': 2}."""
    needed = math.ceil(people / PEOPLE_PER[per]) * count
    return {"copies": needed, "spares": max(1, math.ceil(needed * SPARE_SHARE))}


def sheet_copies(exercise: dict, people: int) -> dict:
    """Copies of the worksheet, and of its cut sheet if it has cards, for a group."""
    sheet = exercise["worksheet"]
    wanted = sheet.get("copies", {})
    found = {"sheet": copies(wanted.get("per", "participant"), people, wanted.get("count", 1))}
    if any(b["kind"] == "card" for b in sheet["blocks"]):
        found["cards"] = copies(sheet.get("card_sets_per", "group"), people)
    return found


# --- Step clock times ----------------------------------------------------------


def timed_steps(exercise: dict, start: str | None = None) -> list:
    """Each step with the time it starts and the boxes it fills.

    Without `start` the time is elapsed since the exercise began ('0:05', for
    the exercise page); with a clock time ('09:10', the slot's start in a
    workshop) it is the clock time the step starts, for the facilitator notes.
    """
    boxes = sheet_plan(exercise)["boxes_by_step"]
    lengths = [step["minutes"] for step in exercise["steps"]]
    if start:
        starts = [begins for begins, _ in times(start, lengths)]
    else:
        starts = [elapsed(sum(lengths[:number])) for number in range(len(lengths))]
    return [
        {"step": step, "number": number, "starts": starts[number - 1], "boxes": boxes.get(number, [])}
        for number, step in enumerate(exercise["steps"], 1)
    ]
