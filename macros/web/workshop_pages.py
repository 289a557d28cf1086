"""Web pages for workshops: the body of docs/workshops/<id>.md and the list.

Plain functions over the loaded data and the Jinja templates in templates/;
macros/__init__.py registers them as the `workshop(id)` and
`workshop_index()` macros.
"""
from __future__ import annotations

from .. import templating
from ..kit import reads
from ..kit.paths import EDITIONS, pack_pdfs, worksheet_pdfs
from ..kit.workshops import plan


def _links(page_url: str, use_directory_urls: bool):
    def href(doc_path: str) -> str:
        return templating.page_href(page_url, doc_path, use_directory_urls)

    # Relative link to the site root, where pdf/ lives ('../..' from a page
    # two folders down); keeps the site working in a sub-folder too.
    root = templating.page_href(page_url, "index.md", use_directory_urls).rstrip("/") or "."
    return href, root


def render_workshop_page(templates_dir, workshop, library, page_url: str, use_directory_urls: bool = True) -> str:
    href, root = _links(page_url, use_directory_urls)
    reads.record(workshop.file, *(library[i].file for i in workshop.exercise_ids))
    template = templating.environment(str(templates_dir)).get_template("workshop_page.md.j2")
    html = template.render(
        w=workshop.data, slots=workshop.slots, plan=plan(workshop, library),
        exercises=[library[i].data for i in workshop.exercise_ids], href=href, root=root,
        packs={edition: pack_pdfs(workshop.id, edition) for edition in EDITIONS},
        sheets={i: worksheet_pdfs(i) for i in workshop.exercise_ids},
    )
    return templating.markdown_blocks(html)


def render_workshop_index(templates_dir, workshops: dict, library, page_url: str, use_directory_urls: bool = True) -> str:
    href, root = _links(page_url, use_directory_urls)
    reads.record("exercises/workshops/*.yml", *(w.file for w in workshops.values()),
                      *(library[i].file for w in workshops.values() for i in w.exercise_ids))
    rows = [{"w": w.data, "plan": plan(w, library),
             "packs": {edition: pack_pdfs(w.id, edition) for edition in EDITIONS}}
            for w in workshops.values()]
    template = templating.environment(str(templates_dir)).get_template("workshop_index.html.j2")
    return templating.squeeze(template.render(rows=rows, href=href, root=root))
