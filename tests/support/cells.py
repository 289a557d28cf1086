"""Writing cells as a person with a pen meets them: how much each holds, and
how much goes in it.

What goes in a cell comes from the YAML alone (the rules the conventions
page states, written again here on purpose, never taken from macros/):

- a table column: its example row's cell;
- a grid's blank headings: the grid's example heading;
- a prompt: its `write:` hint ("40 words", "120 characters"; a word is six
  characters, five letters and a space), else the longest example quoted in
  the step that fills it.

How much a cell holds comes from the printed page, rasterised
(support/paper.py): the box is found by its label's words, its cells by the
ruled lines and borders under the label. A ruled line holds its length at
HAND_MM per character; a table cell holds as many handwritten lines as its
height allows at PITCH_MM, each as long as its width less its padding.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re

from support import paper

HAND_MM = 3.8  # one handwritten character, the low end of the measured 3.8-4.5 mm
WORD_CHARS = 6  # a word of a `write:` hint: five letters and a space
WRITE = re.compile(r"^(\d+) (word|character)s?$")
# Quoted examples in a step's text: "..." or curly quotes.
QUOTED = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d")
WRITING = ("prompt", "table", "grid")


def plain(text: str) -> str:
    """YAML text as the page prints it: no Markdown emphasis marks."""
    return " ".join(re.sub(r"\*\*|(?<!\w)\*|\*(?!\w)", "", text).split())


def write_chars(hint: str) -> int:
    count, unit = WRITE.match(hint).groups()
    return int(count) * (WORD_CHARS if unit == "word" else 1)


def step_example(exercise: dict, block: dict) -> str:
    """The longest example quoted in the text of the step that fills the block."""
    if not block.get("step"):
        return ""
    text = exercise["steps"][block["step"] - 1]["instruction"]
    quotes = [a or b for a, b in QUOTED.findall(text)]
    return max(quotes, key=len, default="")


@dataclasses.dataclass
class Need:
    block: dict
    column: int | None  # table column, counted from 0; None for a prompt or a grid heading
    chars: int | None  # None: the YAML says nothing about what goes in it
    source: str  # example, write, step, or none

    @property
    def name(self) -> str:
        label = plain(self.block["label"])
        if self.block["kind"] == "table":
            return f"{label} / {plain(self.block['columns'][self.column])}"
        if self.block["kind"] == "grid":
            return f"{label} / headings"
        return label


def needs(exercise: dict) -> list:
    """What goes in every writing cell of the worksheet, from the YAML."""
    found = []
    for block in exercise["worksheet"]["blocks"]:
        kind = block["kind"]
        if kind == "table":
            first = 1 if "row_labels" in block else 0
            for column in range(first, len(block["columns"])):
                example = block.get("example")
                chars = len(plain(example[column])) if example else None
                found.append(Need(block, column, chars, "example" if example else "none"))
        elif kind == "grid":
            example = block.get("example")
            found.append(Need(block, None, len(plain(example)) if example else None, "example" if example else "none"))
        elif kind == "prompt":
            if "write" in block:
                found.append(Need(block, None, write_chars(block["write"]), "write"))
            elif quote := step_example(exercise, block):
                found.append(Need(block, None, len(quote), "step"))
            else:
                found.append(Need(block, None, None, "none"))
    return found


# --- The printed page ------------------------------------------------------------


@dataclasses.dataclass
class Measured:
    page: int
    capacity: int  # handwritten characters the cell holds at HAND_MM
    width_mm: float
    lines: int


def _tokens(text: str) -> list:
    return plain(text).split()


def label_positions(pdf, page: int, labels: list) -> dict:
    """{label: (y top, y bottom) in pixels} for each label found on the page (its words in order)."""
    words = [(html.unescape(w[0]), *w[1:]) for w in paper.words(pdf, page)]
    texts = [w[0] for w in words]
    found = {}
    for label in labels:
        want = _tokens(label)
        for i in range(len(texts) - len(want) + 1):
            if texts[i : i + len(want)] == want:
                found[label] = (
                    min(w[2] for w in words[i : i + len(want)]),
                    max(w[4] for w in words[i : i + len(want)]),
                )
                break
    return found


def word_tops(pdf, page: int, text: str) -> list:
    return [w[2] for w in paper.words(pdf, page) if html.unescape(w[0]) == text]


def _per_line(width_mm: float, padding_mm: float) -> int:
    return max(0, math.floor((width_mm - padding_mm) / HAND_MM))


def measure(pdf, exercise: dict, body_bottom_mm: float) -> dict:
    """{(label, column): Measured} for every writing cell found in the PDF's pages.

    A table reports its smallest written cell in each column; a grid, its
    smallest blank heading; a prompt, the sum of its ruled lines.
    """
    blocks = [b for b in exercise["worksheet"]["blocks"] if b["kind"] in WRITING]
    labels = [b["label"] for b in blocks]
    out = {}
    for number, image in enumerate(paper.page_images(pdf), 1):
        bottom = image.height - round(body_bottom_mm * paper.MM)
        at = label_positions(pdf, number, labels)
        if not at:
            continue
        stops = sorted([top for top, _ in at.values()] + [t for t in word_tops(pdf, number, "Private:")] + [bottom])
        lines = paper.rules(image.crop((0, 0, image.width, bottom)))
        for block in blocks:
            if block["label"] not in at:
                continue
            top = at[block["label"]][1]
            end = min(s for s in stops if s > top)
            # A tear line sits just above the word "Private:"; it is cut along, not written on.
            region_end = end - round(2.5 * paper.MM) if end in word_tops(pdf, number, "Private:") else end
            region = {
                "h": [line for line in lines["h"] if top < line[0] < region_end],
                "v": [line for line in lines["v"] if line[2] > top and line[1] < region_end],
            }
            if block["kind"] == "prompt":
                out[(block["label"], None)] = _prompt(region, number)
            elif block["kind"] == "table":
                out.update(_table(pdf, number, block, region, top, region_end))
            else:
                out[(block["label"], None)] = _grid(block, region, number)
    return out


def _prompt(region: dict, page: int) -> Measured:
    longest = max((end - start for _, start, end in region["h"]), default=0)
    ruled = [end - start for _, start, end in region["h"] if end - start >= 0.8 * longest]
    width = max(ruled, default=0) / paper.MM
    capacity = sum(_per_line(length / paper.MM, 0) for length in ruled)
    return Measured(page, capacity, width, len(ruled))


def _rows(region: dict) -> tuple:
    """x left, x right and the y of every rule that spans the whole table."""
    left = min(line[1] for line in region["h"])
    right = max(line[2] for line in region["h"])
    spanning = sorted({y for y, start, end in region["h"] if start <= left + 5 and end >= right - 5})
    return left, right, spanning


def _columns(region: dict, y0: float, y1: float) -> list:
    middle = (y0 + y1) / 2
    return sorted({x for x, start, end in region["v"] if start <= middle <= end})


def _merge_close(values: list, gap: int = 4) -> list:
    merged = []
    for v in values:
        if merged and v - merged[-1] <= gap:
            continue
        merged.append(v)
    return merged


def _table(pdf, page: int, block: dict, region: dict, top: float, end: float) -> dict:
    _, _, ys = _rows(region)
    ys = _merge_close(ys)
    words = [(html.unescape(w[0]), *w[1:]) for w in paper.words(pdf, page)]
    example = [w for w in words if w[0] == "EXAMPLE" and top < w[2] < end]
    # Header row first, then the example row if printed, then the written rows.
    start = next(i for i, y in enumerate(ys) if y > example[0][4]) if example else 1
    rows = list(zip(ys[start:], ys[start + 1 :], strict=False))
    found = {}
    first = 1 if "row_labels" in block else 0
    for y0, y1 in rows:
        xs = _merge_close(_columns(region, y0, y1))
        if len(xs) - 1 != len(block["columns"]):
            continue
        for column in range(first, len(block["columns"])):
            width = (xs[column + 1] - xs[column]) / paper.MM
            lines = math.floor(((y1 - y0) / paper.MM + 0.5) / paper.PITCH_MM)
            cell = Measured(page, lines * _per_line(width, paper.CELL_PADDING_MM), width, lines)
            key = (block["label"], column)
            if key not in found or cell.capacity < found[key].capacity:
                found[key] = cell
    return found


def _grid(block: dict, region: dict, page: int) -> Measured:
    _, _, ys = _rows(region)
    ys = _merge_close(ys)
    xs = _merge_close(_columns(region, ys[0], ys[1]))
    # The corner cell (axis names and the example) comes first; the blank headings follow.
    widths = [(b - a) / paper.MM for a, b in zip(xs[1:], xs[2:], strict=False)]
    width = min(widths)
    lines = math.floor(((ys[1] - ys[0]) / paper.MM + 0.5) / paper.PITCH_MM)
    return Measured(page, lines * _per_line(width, paper.CELL_PADDING_MM), width, lines)
