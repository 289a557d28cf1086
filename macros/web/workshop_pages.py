"""Web pages for workshops: the body of docs/workshops/<id>.md and the list.

Plain functions over the loaded data and the Jinja templates in templates/;
macros/__init__.py registers them as the `workshop(id)` and
`workshop_index()` macros.
"""
from __future__ import annotations

from . import preview_deps, render
from .pdf_paths import EDITIONS, pack_pdfs, worksheet_pdfs
from .workshops import common_formats, group_range, length_label


def plan(workshop, library) -> dict:
    """Figures shown on the page and on the pack's cover."""
    exercises = [library[i].data for i in workshop.exercise_ids]
    low, high = group_range(exercises) if exercises else (0, 0)
    return {
        "start": workshop.slots[0].start, "end": workshop.end,
        "minutes": workshop["minutes_total"], "length": length_label(workshop["minutes_total"]),
        "group": f"{low}–{high} people" if exercises and low <= high else "see each exercise",
        "formats": common_formats(exercises) if exercises else [],
        "prepare_minutes": sum(e["minutes"]["prepare"] for e in exercises),
        "exercises": len(exercises),
    }


def _links(page_url: str, use_directory_urls: bool):
    def href(doc_path: str) -> str:
        return render.page_href(page_url, doc_path, use_directory_urls)

    # Relative link to the site root, where pdf/ lives ('../..' from a page
    # two folders down); keeps the site working in a sub-folder too.
    root = render.page_href(page_url, "index.md", use_directory_urls).rstrip("/") or "."
    return href, root


def render_workshop_page(templates_dir, workshop, library, page_url: str, use_directory_urls: bool = True) -> str:
    href, root = _links(page_url, use_directory_urls)
    preview_deps.uses(workshop.file, *(library[i].file for i in workshop.exercise_ids))
    template = render.environment(str(templates_dir)).get_template("workshop_page.md.j2")
    html = template.render(
        w=workshop.data, slots=workshop.slots, plan=plan(workshop, library),
        exercises=[library[i].data for i in workshop.exercise_ids], href=href, root=root,
        packs={edition: pack_pdfs(workshop.id, edition) for edition in EDITIONS},
        sheets={i: worksheet_pdfs(i) for i in workshop.exercise_ids},
    )
    return render.markdown_blocks(html)


def render_workshop_index(templates_dir, workshops: dict, library, page_url: str, use_directory_urls: bool = True) -> str:
    href, root = _links(page_url, use_directory_urls)
    preview_deps.uses("exercises/workshops/*.yml", *(w.file for w in workshops.values()),
                      *(library[i].file for w in workshops.values() for i in w.exercise_ids))
    rows = [{"w": w.data, "plan": plan(w, library),
             "packs": {edition: pack_pdfs(w.id, edition) for edition in EDITIONS}}
            for w in workshops.values()]
    template = render.environment(str(templates_dir)).get_template("workshop_index.html.j2")
    return render.squeeze(template.render(rows=rows, href=href, root=root))
