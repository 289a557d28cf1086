"""Which PDFs the kit publishes, where they go, and the HTML each is made from.

- One worksheet PDF per exercise and paper size (participant sheet, one page).
- Two packs per workshop and paper size: the facilitator edition (cover, run
  sheet, preparation, notes per exercise, then the worksheets) and the
  participant edition (the worksheets only).

No MkDocs and no WeasyPrint here. Each PDF is first planned: its output
path, and a digest of the data it shows (the YAML as loaded, the paper, the
site address). The PDF cache keys on that digest, so a build with nothing
changed never makes the HTML; `make()` makes it for the PDFs the cache lacks.
Output paths come from macros/kit/paths.py.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import typing
import urllib.parse

from .. import templating
from ..kit.paths import EDITIONS, PAPERS, Paper, pack_pdf, worksheet_pdf
from ..kit.workshops import combined_materials
from ..kit.workshops import plan as workshop_plan

AUTHOR = "Common Ground"
LANG = "en"


def page_url(site_url: str, doc_path: str, use_directory_urls: bool = True) -> str:
    """Permanent address of a page: 'exercises/x.md' -> 'https://site/exercises/x/'."""
    return site_url.rstrip("/") + "/" + templating.page_href("", doc_path, use_directory_urls).lstrip("./")


# --- What goes on paper -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Job:
    """One PDF to make: its HTML, where it goes and what to check."""

    output: str          # path under the site, e.g. "pdf/worksheets/x-a4.pdf"
    html: str
    paper: str           # "A4" or "Letter", for messages
    one_page: str = ""   # exercise id when the PDF must be exactly one page


@dataclasses.dataclass(frozen=True)
class Planned:
    """One PDF before its HTML exists: where it goes and what it is made from."""

    output: str
    inputs: str                      # digest of the data, paper and site settings it shows
    make: typing.Callable[[], Job]   # its Job, HTML included; called on a cache miss only


@dataclasses.dataclass(frozen=True)
class Site:
    """What the print documents need to know about the site."""

    templates_dir: str
    site_url: str
    use_directory_urls: bool = True


def qr_code(url: str) -> str:
    """The image address of the QR code of a page; pdf_render draws it."""
    return "qr-code:" + urllib.parse.quote(url, safe="")


def sheet_item(site: Site, exercise) -> dict:
    """An exercise as the footer and worksheet of a printed sheet see it."""
    url = page_url(site.site_url, f"exercises/{exercise.id}.md", site.use_directory_urls)
    return {"exercise": exercise.data, "id": exercise.id, "title": exercise["title"], "kind": "exercise",
            "updated": exercise["updated"], "url": url, "qr": qr_code(url)}


def workshop_item(site: Site, workshop) -> dict:
    url = page_url(site.site_url, f"workshops/{workshop.id}.md", site.use_directory_urls)
    return {"id": workshop.id, "title": workshop["title"], "kind": "workshop",
            "updated": workshop["updated"], "url": url, "qr": qr_code(url)}


def _doc(title: str, description: str, keywords: list, updated: str, edition: str) -> dict:
    return {"lang": LANG, "author": AUTHOR, "title": title, "description": description,
            "keywords": keywords, "updated": updated, "edition": edition,
            "edition_label": EDITIONS.get(edition, "Participant worksheet")}


def worksheet_job(site: Site, exercise, paper: Paper) -> Job:
    """The one-page worksheet PDF; it must fit (that is the fit check)."""
    doc = _doc(f"Worksheet: {exercise['title']}", exercise["summary"], exercise["tags"], exercise["updated"], "worksheet")
    html = templating.render(_template(site, "print/worksheet-sheet.html.j2"), _link_root(site),
                             doc=doc, paper=paper, sheets=[sheet_item(site, exercise)])
    return Job(worksheet_pdf(exercise.id, paper), html, paper.name, one_page=exercise.id)


def pack_job(site: Site, workshop, library, edition: str, paper: Paper) -> Job:
    exercises = [library[i] for i in workshop.exercise_ids]
    doc = _doc(f"{workshop['title']}: {EDITIONS[edition].lower()}", workshop["summary"], workshop["tags"],
               _latest(workshop, exercises), edition)
    html = templating.render(
        _template(site, "print/pack.html.j2"), _link_root(site),
        doc=doc, paper=paper, workshop=workshop.data, workshop_item=workshop_item(site, workshop),
        plan=plan(workshop, library), materials=combined_materials([e.data for e in exercises]),
        exercises=[_notes_entry(site, workshop, e) for e in exercises],
        sheets=[sheet_item(site, e) for e in exercises],
    )
    return Job(pack_pdf(workshop.id, edition, paper), html, paper.name)


def plan(workshop, library) -> dict:
    """The web page's figures plus the timed agenda, for cover and run sheet."""
    return {**workshop_plan(workshop, library), "slots": workshop.slots}


def _notes_entry(site: Site, workshop, exercise) -> dict:
    slot = next(s for s in workshop.slots if s.exercise == exercise.id)
    examples = [b for b in exercise["worksheet"]["blocks"] if b["kind"] == "table" and "example" in b]
    return {"item": sheet_item(site, exercise), "slot": slot, "examples": examples}


def _latest(workshop, exercises: list) -> str:
    """A pack changes when the workshop or any of its exercises changes."""
    return max([workshop["updated"], *(e["updated"] for e in exercises)])


def _link_root(site: Site) -> str:
    """Links typed in YAML text point at the published site in a PDF, never at
    the build machine's files (WeasyPrint resolves relative links to file://)."""
    return site.site_url.rstrip("/") + "/"


def _template(site: Site, name: str):
    return templating.environment(site.templates_dir).get_template(name)


def data_digest(data) -> str:
    """Digest of loaded YAML data: equal data, equal digest, whatever the file's layout."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_all(site: Site, library, workshops: dict) -> list:
    """Every PDF of the kit as Planned, worksheets first (they carry the fit check).

    Inputs name everything the HTML is made from besides the templates and
    code (which pdf_cache.renderer_digest covers): a pack shows its workshop
    and each exercise of its agenda, titles and materials included.
    """
    digests = {ex.id: data_digest(ex.data) for ex in library}
    where = [site.site_url, site.use_directory_urls]

    def inputs(*parts) -> str:
        return data_digest([*where, *parts])

    planned = [
        Planned(worksheet_pdf(ex.id, paper), inputs("worksheet", ex.id, paper.key, digests[ex.id]),
                lambda ex=ex, paper=paper: worksheet_job(site, ex, paper))
        for ex in library for paper in PAPERS
    ]
    for workshop in workshops.values():
        shown = [workshop.id, data_digest(workshop.data), [(i, digests[i]) for i in workshop.exercise_ids]]
        for edition in EDITIONS:
            planned += [
                Planned(pack_pdf(workshop.id, edition, paper), inputs("pack", edition, paper.key, *shown),
                        lambda w=workshop, e=edition, p=paper: pack_job(site, w, library, e, p))
                for paper in PAPERS
            ]
    return planned
