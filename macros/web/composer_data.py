"""The data file the composer and run mode read: assets/javascripts/kit-data.js.

Made from the same loaded exercises and workshops as every page and PDF, so
the composer can never offer an exercise, step or cut the YAML does not
have. YAML text goes in two ways only: as plain strings (the page's script
puts them in with textContent) or, in fields ending in `_html`, already
rendered by the kit's Jinja environment (escaped, inline Markdown only).
The worksheets are the one worksheet partial the exercise pages and PDFs use,
and `labels` holds the words the pages use for coded values and units
(templates/partials/labels.yml), so the script retypes none of them.

It is a script that sets `window.cgKit`, not a .json file, so that run mode
works from a copy of the site opened as a file on a laptop with no network,
where the browser refuses to fetch() a file.

It is two files. kit-data.js, which the composer page loads, holds what
the agenda needs: titles, minutes, steps, cuts, formats, words. Every field
ending in `_html` (the steps' instructions, notes, worksheets and cards:
more than half of the data) is used only when printing or in run mode, so
it goes to kit-text.js in the same shape (`window.cgKitText`), which
composer.js loads when someone is about to print or run and lays over
`cgKit` (docs/about/performance.md, the composer on a phone).
"""

from __future__ import annotations

import json

from .. import templating
from ..kit import labels
from ..kit.paths import page_source, worksheet_pdfs
from ..kit.sheets import has_cards

OUTPUT = "assets/javascripts/kit-data.js"
TEXT_OUTPUT = "assets/javascripts/kit-text.js"


def kit_data(templates_dir, library, workshops: dict, links) -> dict:
    """`links`: the site root's Links (macros/kit/links.py); pages end in .html in
    the offline copy (macros/plugin/offline.py), whose use_directory_urls is false."""
    return {
        "exercises": {ex.id: _exercise(templates_dir, ex, links) for ex in library},
        "order": [ex.id for ex in library],
        "workshops": {w.id: _workshop(w, links) for w in workshops.values()},
        # The words the pages print for formats, groupings, kinds and units.
        "labels": labels.load(templates_dir).data(),
    }


def _html(text) -> str:
    return str(templating.inline(text))


def _exercise(templates_dir, exercise, links) -> dict:
    data = exercise.data
    return {
        "id": exercise.id,
        "title": data["title"],
        "summary": data["summary"],
        "page": links.href(page_source("exercise", exercise.id)),
        "minutes": data["minutes"],
        "group_size": data["group_size"],
        "formats": data["formats"],
        "tags": data["tags"],
        "steps": [
            {
                "title": s["title"],
                "minutes": s["minutes"],
                "grouping": s["grouping"],
                "instruction_html": _html(s["instruction"]),
            }
            for s in data["steps"]
        ],
        "cuts": [
            {"id": c["id"], "step": c["step"], "saves": c["saves"], "text": c["text"]} for c in data.get("cuts", [])
        ],
        "notes_html": [_html(line) for line in data["facilitator_notes"]],
        "worksheet_html": templating.render_worksheet(templates_dir, exercise, heading_level=2),
        "worksheet_pdfs": worksheet_pdfs(exercise.id),
        # The cut sheet the composer prints after the worksheets, as a built pack does.
        **({"cards_html": _cards(templates_dir, exercise)} if has_cards(exercise) else {}),
    }


def _cards(templates_dir, exercise) -> str:
    template = templating.environment(str(templates_dir)).get_template("partials/cards_print.html.j2")
    return templating.squeeze(templating.render(template, None, exercise=exercise.data))


def _workshop(workshop, links) -> dict:
    data = workshop.data
    agenda = []
    for item in data["agenda"]:
        entry = {key: item[key] for key in ("kind", "exercise", "title", "minutes") if key in item}
        entry.update({f"{key}_html": _html(item[key]) for key in ("notes", "if_late") if key in item})
        agenda.append(entry)
    variants = [
        {key: v[key] for key in ("id", "title", "start", "minutes_total", "drop", "minutes", "cuts") if key in v}
        for v in data.get("variants", [])
    ]
    return {
        "id": workshop.id,
        "title": data["title"],
        "start": data["start"],
        "minutes_total": data["minutes_total"],
        "page": links.href(page_source("workshop", workshop.id)),
        "agenda": agenda,
        "variants": variants,
    }


def split(value):
    """(value without its `_html` fields, those fields in the same shape or
    None). A list's text is a list as long as it, {} where an entry has none,
    so the script lays it over the data entry by entry."""
    if isinstance(value, dict):
        kept, text = {}, {}
        for key, item in value.items():
            if key.endswith("_html"):
                text[key] = item
                continue
            kept[key], inner = split(item)
            if inner is not None:
                text[key] = inner
        return kept, text or None
    if isinstance(value, list):
        parts = [split(item) for item in value]
        texts = [inner for _, inner in parts]
        return [kept for kept, _ in parts], None if all(t is None for t in texts) else [t or {} for t in texts]
    return value, None


def script(data: dict, name: str = "cgKit") -> str:
    """The file's text. ensure_ascii keeps every character an escape, so no
    line or paragraph separator in YAML text can end the statement."""
    return f"window.{name} = " + json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")) + ";\n"


def scripts(data: dict) -> dict:
    """{path in the site: text}: the data file, and its text for printing and run mode."""
    kept, text = split(data)
    return {OUTPUT: script(kept), TEXT_OUTPUT: script(text or {}, "cgKitText")}
