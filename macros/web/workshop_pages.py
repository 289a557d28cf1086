"""Web pages for workshops: the body of docs/workshops/<id>.md and the list.

Plain functions over the loaded data and the Jinja templates in templates/;
the plugin (macros/plugin/kit_macros.py) registers them as the `workshop(id)` and
`workshop_index()` macros.
"""

from __future__ import annotations

from .. import templating
from ..kit.paths import EDITIONS, pack_pdfs, worksheet_pdfs
from ..kit.reads import nothing
from ..kit.workshops import plan

# The slots people book, for the index's time filter: a workshop shows when
# one of its versions fits in the time chosen.
SLOTS = (
    (90, "90 minutes"),
    (120, "2 hours"),
    (180, "3 hours"),
    (240, "Half a day (4 hours)"),
    (480, "A full day (8 hours)"),
)


def render_workshop_page(templates_dir, workshop, library, links, record=nothing) -> str:
    """`links`: the page's Links (macros/kit/links.py); PDFs sit under its `root`."""
    record(workshop.file, *(library[i].file for i in workshop.exercise_ids))
    template = templating.environment(str(templates_dir)).get_template("workshop_page.md.j2")
    html = templating.render(
        template,
        links,
        w=workshop.data,
        slots=workshop.slots,
        plan=plan(workshop, library),
        exercises=[library[i].data for i in workshop.exercise_ids],
        href=links.href,
        root=links.root,
        packs={edition: pack_pdfs(workshop.id, edition) for edition in EDITIONS},
        sheets={i: worksheet_pdfs(i) for i in workshop.exercise_ids},
        variants=[variant_view(workshop, v, library) for v in workshop.variants],
    )
    return templating.markdown_blocks(html)


def variant_view(workshop, variant, library) -> dict:
    """What a length variant's section shows: its timed agenda, what it leaves
    out, and the text of each cut it takes, from the exercise's own YAML."""
    kept = {(s.exercise or s.title) for s in variant.slots}
    left_out = [s.title for s in workshop.slots if (s.exercise or s.title) not in kept]
    cuts = []
    for slot in variant.slots:
        own = {c["id"]: c for c in library[slot.exercise].data.get("cuts", [])} if slot.exercise else {}
        cuts += [{"exercise": slot.title, "text": own[c]["text"], "saves": own[c]["saves"]} for c in slot.cuts]
    return {
        "v": variant.data,
        "slots": variant.slots,
        "start": variant.start,
        "end": variant.end,
        "left_out": left_out,
        "cuts": cuts,
        "packs": {edition: pack_pdfs(workshop.id, edition, variant.id) for edition in EDITIONS},
    }


def versions(workshop) -> list:
    """Every length a workshop comes in, longest first: (minutes, label, anchor)."""
    rows = [(workshop["minutes_total"], "Full version", "agenda")]
    rows += [(v["minutes_total"], v["title"], f"length-{v.id}") for v in workshop.variants]
    return sorted(rows, key=lambda row: -row[0])


def render_workshop_index(templates_dir, workshops: dict, library, links, record=nothing) -> str:
    record(
        "exercises/workshops/*.yml",
        *(w.file for w in workshops.values()),
        *(library[i].file for w in workshops.values() for i in w.exercise_ids),
    )
    rows = [
        {
            "w": w.data,
            "plan": plan(w, library),
            "versions": [{"minutes": m, "label": label, "anchor": anchor} for m, label, anchor in versions(w)],
            "tags": sorted(w["tags"]),
            "packs": {edition: pack_pdfs(w.id, edition) for edition in EDITIONS},
        }
        for w in workshops.values()
    ]
    template = templating.environment(str(templates_dir)).get_template("workshop_index.html.j2")
    tags = sorted({tag for w in workshops.values() for tag in w["tags"]})
    return templating.squeeze(
        templating.render(
            template,
            links,
            rows=rows,
            tags=tags,
            lengths=SLOTS,
            href=links.href,
            root=links.root,
        )
    )
