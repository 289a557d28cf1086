"""What a worksheet asks of paper: boxes, writing room, private parts, cut cards, copies.

Plain data from the checked exercise, no Jinja and no MkDocs. The web page,
the browser print and the PDFs all draw the worksheet from this one plan, so
box numbers, the room each cell gets and what is private cannot differ
between them.

Room to write follows from a handwriting pitch, the kit's own choice
(docs/about/conventions.md explains it): lines 7.5 mm apart, between US
college (7.1 mm) and wide (8.7 mm) ruling, and 2.5 mm of line per
handwritten character, spaces included. A cell whose printed example is long
gets as many lines as that example would take in handwriting, at the width
its column gets; columns are sized so that the longest answers need the
fewest lines.
"""

from __future__ import annotations

import math

from .materials import PEOPLE_PER
from .workshops import elapsed, times

PITCH_MM = 7.5  # distance between ruled lines, and the height of one written line
CHAR_MM = 2.5  # line length one handwritten character takes
SHEET_WIDTH_MM = 180  # the narrower content width: A4, 210 mm less two 15 mm margins
# Cell padding (2 mm a side), plus 1 mm for borders and rounding, so that the
# measured room is never less than the room planned here.
CELL_PAD_MM = 5
MIN_COLUMN_MM = 22
MAX_ROW_LINES = 8
# Share of the width a column of row labels takes: labels are read, answers written.
LABEL_SHARE = {2: 0.35, 3: 0.25}
LABEL_SHARE_OTHER = 0.2
SPARE_SHARE = 0.1  # spares: a tenth of the copies, at least one


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
    sees, printed below a tear line so the writer can keep them; cards:
    cut-out cards, each for one person, printed on a cut sheet of their own.
    Boxes are numbered in the order they appear on paper: shared ones first.
    """
    blocks = exercise["worksheet"]["blocks"]
    writing = [b for b in blocks if b["kind"] != "card"]
    ordered = [b for b in writing if not b.get("private")] + [b for b in writing if b.get("private")]
    boxes = [_box(block, number) for number, block in enumerate(ordered, 1)]
    return {
        "private": [b for b in boxes if b["private"]],
        "shared": [b for b in boxes if not b["private"]],
        "cards": [b for b in blocks if b["kind"] == "card"],
        "boxes_by_step": boxes_by_step(boxes),
    }


def _box(block: dict, number: int) -> dict:
    box = {
        "block": block,
        "number": number,
        "private": bool(block.get("private")),
        "step": block.get("step"),
        "kind": block["kind"],
    }
    if block["kind"] == "table":
        box.update(table_room(block))
    elif block["kind"] == "grid":
        box["header_lines"] = grid_header_lines(block)
    return box


def boxes_by_step(boxes: list) -> dict:
    """Step number -> the numbers of the boxes it fills, for "Step 3: box 2"."""
    found: dict = {}
    for box in boxes:
        if box["step"]:
            found.setdefault(box["step"], []).append(box["number"])
    return found


# --- Room to write ------------------------------------------------------------


def lines_for(chars: int, width_mm: float) -> int:
    """Handwritten lines that `chars` characters take in a cell `width_mm` wide."""
    per_line = max(1, math.floor((width_mm - CELL_PAD_MM) / CHAR_MM))
    return max(1, math.ceil(chars / per_line))


def table_room(block: dict) -> dict:
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
    needs = [len(example[i]) for i in range(columns - written, columns)] if example else [0] * written
    room = SHEET_WIDTH_MM * (1 - label_share)
    lines = max(1, block.get("row_lines", 2))
    while lines < MAX_ROW_LINES and sum(_width(need, lines) for need in needs) > room:
        lines += 1
    widths = _share_out([_width(need, lines) for need in needs], room)
    lines = max([lines, *(lines_for(need, w) for need, w in zip(needs, widths, strict=True))])
    percents = [round(100 * w / SHEET_WIDTH_MM, 1) for w in widths]
    if labelled:
        percents.insert(0, round(100 - sum(percents), 1))
    return {"widths": percents, "row_lines": lines}


def _width(chars: int, lines: int) -> float:
    return max(MIN_COLUMN_MM, math.ceil(chars / lines) * CHAR_MM + CELL_PAD_MM)


def _share_out(widths: list, room: float) -> list:
    """Widths scaled to fill `room`: spare room goes to every column in proportion."""
    total = sum(widths)
    return [w * room / total for w in widths]


def grid_header_lines(block: dict) -> int:
    """Lines for the blank column headings of a grid, from its example heading."""
    corner = 34  # mm: the corner cell holds the two axis names
    width = (SHEET_WIDTH_MM - corner) / block["columns"]
    return max(1, lines_for(len(block.get("example", "")), width)) if block.get("example") else 1


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
