"""The materials of a workshop: one list per format, each thing once, with quantities.

An exercise lists its materials per format. A line is either a sentence
("A flip chart headed 'Our menu'"), kept as written, or a countable thing:
{item: Sticky-note pads, per: participant, count: 1}. Countable things
merge across exercises by name (the same pads serve every exercise, so a
workshop needs the most any one exercise asks for), and their quantity
follows from the group size. Sentences merge when they are identical.
Printed worksheets are not listed here: their copy counts come from
kit.sheets.sheet_copies.
"""

from __future__ import annotations

import math

FORMAT_ORDER = ("in-person", "remote", "hybrid")
# How many people one of a thing serves, for quantities and copy counts.
PEOPLE_PER = {"participant": 1, "pair": 2, "trio": 3, "group": 4}


def quantity(line: dict, people: int) -> int:
    """How many of a countable thing `people` people need."""
    per = line.get("per", "room")
    units = 1 if per == "room" else math.ceil(people / PEOPLE_PER[per])
    return units * line.get("count", 1)


def combined_materials(exercises: list, people: int = 1) -> list:
    """[{format, lines: [{text | item+quantity, notes, used_by}]}], one group per format."""
    combined = []
    for fmt in FORMAT_ORDER:
        lines: dict = {}
        for ex in exercises:
            for line in ex["materials"].get(fmt, []):
                _merge(lines, line, ex["id"], people)
        if lines:
            # Countable things first (what to buy or fetch), then the set-up sentences.
            ordered = sorted(lines.values(), key=lambda entry: "text" in entry)
            combined.append({"format": fmt, "lines": ordered})
    return combined


def _merge(lines: dict, line, exercise_id: str, people: int) -> None:
    if isinstance(line, str):
        entry = lines.setdefault(("text", line.strip()), {"text": line.strip(), "used_by": []})
    else:
        key = ("item", line["item"].strip().lower())
        entry = lines.setdefault(key, {"item": line["item"].strip(), "quantity": 0, "notes": [], "used_by": []})
        entry["quantity"] = max(entry["quantity"], quantity(line, people))
        if line.get("note") and line["note"] not in entry["notes"]:
            entry["notes"].append(line["note"])
    if exercise_id not in entry["used_by"]:
        entry["used_by"].append(exercise_id)
