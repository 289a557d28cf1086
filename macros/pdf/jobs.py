"""Which PDFs the kit publishes, where they go, and the HTML each is made from.

- One worksheet PDF per exercise and paper size (participant sheet, one page),
  and a cut sheet PDF for an exercise whose worksheet has cards.
- Two packs per workshop and paper size: the facilitator edition (cover, run
  sheet, preparation, materials per format, notes per exercise, then the copy
  masters with their copy counts) and the participant pack (cover, agenda,
  purpose and ground rules, then the worksheets).
- The same two packs for every length variant of a workshop (its 3-hour or
  90-minute version), made from the variant's own agenda and clock times
  (variant_workshop), at the paths of macros/kit/paths.py pack_pdf.

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
from ..kit import checkup_paper
from ..kit import variants as length_variants
from ..kit.links import Links
from ..kit.materials import combined_materials
from ..kit.paths import CHECKUP_SHEETS, EDITIONS, PAPERS, Paper, cards_pdf, checkup_pdf, pack_pdf, worksheet_pdf
from ..kit.sheets import has_cards, sheet_copies, sheet_plan, timed_steps
from ..kit.workshops import group_range
from ..kit.workshops import plan as workshop_plan

AUTHOR = "Common Ground"
LANG = "en"


# --- What goes on paper -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Job:
    """One PDF to make: its HTML, where it goes and what to check."""

    output: str  # path under the site, e.g. "pdf/worksheets/x-a4.pdf"
    html: str
    paper: str  # "A4" or "Letter", for messages
    one_page: str = ""  # exercise id when the PDF must fill exactly `pages` pages (the fit check)
    pages: int = 1  # a worksheet laid out on two pages, a cut sheet's fronts and backs
    what: str = "worksheet"  # what the fit check's message calls it
    fit_where: str = ""  # what a fit problem names, when it is not an exercise's worksheet
    fit_file: str = ""  # and the file it is made from, if one is (a fit problem's place)


@dataclasses.dataclass(frozen=True)
class Planned:
    """One PDF before its HTML exists: where it goes and what it is made from."""

    output: str
    inputs: str  # digest of the data, paper and site settings it shows
    make: typing.Callable[[], Job]  # its Job, HTML included; called on a cache miss only


@dataclasses.dataclass(frozen=True)
class Site:
    """What the print documents need to know about the site."""

    templates_dir: str
    site_url: str
    use_directory_urls: bool = True

    @property
    def links(self) -> Links:
        """Print's links (macros/kit/links.py): on no page, so every one is the site's address."""
        return Links(None, "", self.use_directory_urls, self.site_url)


def qr_code(url: str) -> str:
    """The image address of the QR code of a page; macros/pdf/render.py draws it."""
    return "qr-code:" + urllib.parse.quote(url, safe="")


def sheet_item(site: Site, exercise) -> dict:
    """An exercise as the footer and worksheet of a printed sheet see it."""
    url = site.links.url(f"exercises/{exercise.id}.md")
    return {
        "exercise": exercise.data,
        "id": exercise.id,
        "title": exercise["title"],
        "kind": "exercise",
        "updated": exercise["updated"],
        "url": url,
        "qr": qr_code(url),
    }


def workshop_item(site: Site, workshop) -> dict:
    url = site.links.url(f"workshops/{workshop.id}.md")
    return {
        "id": workshop.id,
        "title": workshop["title"],
        "kind": "workshop",
        "updated": workshop["updated"],
        "url": url,
        "qr": qr_code(url),
    }


def _doc(description: str, keywords: list, updated: str, edition: str) -> dict:
    """Metadata of a print document; its title is written by the template."""
    return {
        "lang": LANG,
        "author": AUTHOR,
        "description": description,
        "keywords": keywords,
        "updated": updated,
        "edition": edition,
    }


def worksheet_job(site: Site, exercise, paper: Paper) -> Job:
    """The worksheet PDF: one page, or two when its layout says so; it must fit (the fit check)."""
    job = _sheet_job(site, exercise, paper, "print/worksheet-sheet.html.j2", worksheet_pdf(exercise.id, paper))
    return dataclasses.replace(job, pages=sheet_plan(exercise.data)["pages"])


def cards_job(site: Site, exercise, paper: Paper) -> Job:
    """The cut sheet of an exercise with cards: the fronts, then their backs for a long-edge flip."""
    job = _sheet_job(site, exercise, paper, "print/cards-sheet.html.j2", cards_pdf(exercise.id, paper))
    return dataclasses.replace(job, pages=2, what="cut sheet of cards")


def _sheet_job(site: Site, exercise, paper: Paper, template: str, output: str) -> Job:
    """A sheet of one exercise, from one print template."""
    doc = _doc(exercise["summary"], exercise["tags"], exercise["updated"], "worksheet")
    html = templating.render(
        _template(site, template), site.links, doc=doc, paper=paper, item=sheet_item(site, exercise)
    )
    return Job(output, html, paper.name, one_page=exercise.id)


def variant_workshop(workshop, variant):
    """A length variant as a workshop of its own, for its packs: the agenda it
    keeps (with the minutes it gives), its total, start and clock times, and
    the version's name in the title, so every page of its packs says which
    version it is. The templates need no change to print it."""
    data = {
        **workshop.data,
        "title": f"{workshop['title']} ({variant['title']})",
        "agenda": length_variants.apply(workshop["agenda"], variant.data),
        "minutes_total": variant["minutes_total"],
        "start": variant.start,
    }
    data.pop("variants", None)
    if "summary" in variant.data:
        data["summary"] = variant["summary"]
    return dataclasses.replace(workshop, data=data, slots=variant.slots, variants=())


def pack_job(site: Site, workshop, library, edition: str, paper: Paper, variant_id: str = "") -> Job:
    exercises = [library[i] for i in workshop.exercise_ids]
    people = group_range([e.data for e in exercises])[1]
    doc = _doc(workshop["summary"], workshop["tags"], _latest(workshop, exercises), edition)
    sheets = [{**sheet_item(site, e), "copies": sheet_copies(e.data, people), "cards": has_cards(e)} for e in exercises]
    html = templating.render(
        _template(site, "print/pack.html.j2"),
        site.links,
        doc=doc,
        paper=paper,
        workshop=workshop.data,
        workshop_item=workshop_item(site, workshop),
        plan=plan(workshop, library),
        people=people,
        materials=combined_materials([e.data for e in exercises], people),
        exercises=[_notes_entry(site, workshop, e) for e in exercises],
        sheets=sheets,
    )
    return Job(pack_pdf(workshop.id, edition, paper, variant_id), html, paper.name)


CHECKUP_TEMPLATES = {"sheet": "print/checkup-sheet.html.j2", "tally": "print/checkup-tally.html.j2"}
CHECKUP_PAGE = "workshops/checkup-paper.md"


def checkup_job(site: Site, checkup, kind: str, paper: Paper) -> Job:
    """A one-page sheet of the paper check-up: the participant sheet or the tally sheet."""
    url = site.links.url(CHECKUP_PAGE)
    item = {
        "id": kind,
        "title": checkup["title"] if kind == "sheet" else checkup["title"] + ": tally sheet",
        "kind": "paper check-up",
        "updated": checkup["updated"],
        "url": url,
        "qr": qr_code(url),
    }
    doc = _doc(checkup["intro"], ["check-up"], checkup["updated"], "participant" if kind == "sheet" else "facilitator")
    html = templating.render(
        _template(site, CHECKUP_TEMPLATES[kind]),
        site.links,
        doc=doc,
        paper=paper,
        item=item,
        checkup=checkup.data,
        paper_sheet=checkup_paper.sheet(checkup),
    )
    where = f"the paper check-up's {kind} sheet"
    return Job(checkup_pdf(kind, paper), html, paper.name, one_page="checkup", fit_where=where, fit_file=checkup.file)


def plan(workshop, library) -> dict:
    """The web page's figures plus the timed agenda, for cover and run sheet.

    Each exercise slot also carries the groupings of its steps in order, for
    the run sheet's grouping column.
    """
    slots = []
    for slot in workshop.slots:
        groupings = []
        if slot.exercise:
            groupings = list(dict.fromkeys(step["grouping"] for step in library[slot.exercise]["steps"]))
        slots.append({**dataclasses.asdict(slot), "groupings": groupings})
    return {**workshop_plan(workshop, library), "slots": slots}


def _notes_entry(site: Site, workshop, exercise) -> dict:
    slot = next(s for s in workshop.slots if s.exercise == exercise.id)
    examples = [b for b in exercise["worksheet"]["blocks"] if b["kind"] == "table" and "example" in b]
    return {
        "item": sheet_item(site, exercise),
        "slot": slot,
        "examples": examples,
        "steps": timed_steps(exercise.data, slot.start),
    }


def _latest(workshop, exercises: list) -> str:
    """A pack changes when the workshop or any of its exercises changes."""
    return max([workshop["updated"], *(e["updated"] for e in exercises)])


def _template(site: Site, name: str):
    return templating.environment(site.templates_dir).get_template(name)


def data_digest(data) -> str:
    """Digest of loaded YAML data: equal data, equal digest, whatever the file's layout."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_all(site: Site, library, workshops: dict, checkup=None) -> list:
    """Every PDF of the kit as Planned, worksheets first (they carry the fit check).

    Inputs name everything the HTML is made from besides the templates and
    code (which macros.pdf.cache.renderer_digest covers): a pack shows its workshop
    and each exercise of its agenda, titles and materials included.
    """
    digests = {ex.id: data_digest(ex.data) for ex in library}
    where = [site.site_url, site.use_directory_urls]

    def inputs(*parts) -> str:
        return data_digest([*where, *parts])

    planned = [
        Planned(
            worksheet_pdf(ex.id, paper),
            inputs("worksheet", ex.id, paper.key, digests[ex.id]),
            lambda ex=ex, paper=paper: worksheet_job(site, ex, paper),
        )
        for ex in library
        for paper in PAPERS
    ]
    planned += [
        Planned(
            cards_pdf(ex.id, paper),
            inputs("cards", ex.id, paper.key, digests[ex.id]),
            lambda ex=ex, paper=paper: cards_job(site, ex, paper),
        )
        for ex in library
        if has_cards(ex)
        for paper in PAPERS
    ]
    for workshop in workshops.values():
        shown = [workshop.id, data_digest(workshop.data), [(i, digests[i]) for i in workshop.exercise_ids]]
        for edition in EDITIONS:
            planned += [
                Planned(
                    pack_pdf(workshop.id, edition, paper),
                    inputs("pack", edition, paper.key, *shown),
                    lambda w=workshop, e=edition, p=paper: pack_job(site, w, library, e, p),
                )
                for paper in PAPERS
            ]
            planned += [
                Planned(
                    pack_pdf(workshop.id, edition, paper, variant.id),
                    inputs("pack", edition, paper.key, "variant", variant.id, *shown),
                    lambda w=workshop, v=variant, e=edition, p=paper: pack_job(
                        site, variant_workshop(w, v), library, e, p, v.id
                    ),
                )
                for variant in workshop.variants
                for paper in PAPERS
            ]
    if checkup is not None:
        planned += [
            Planned(
                checkup_pdf(kind, paper),
                inputs("checkup", kind, paper.key, data_digest(checkup.data)),
                lambda k=kind, p=paper: checkup_job(site, checkup, k, p),
            )
            for kind in CHECKUP_SHEETS
            for paper in PAPERS
        ]
    return planned
