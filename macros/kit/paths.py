"""Where the pages and PDFs of the kit live, and the papers they come on.

The PDF step writes to these paths and the pages link to them, so the two
cannot drift apart. PDF paths are relative to the site root, page paths to
docs/. outputs.py checks that no two of them, and no hand-written file, meet.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Paper:
    key: str  # used in file names: a4, letter
    name: str  # said in messages and link text: A4, Letter
    css_size: str  # CSS @page size keyword


PAPERS = (
    Paper("a4", "A4", "A4"),
    Paper("letter", "Letter", "letter"),
)
# The packs of a workshop; what each is called on paper is written in
# templates/partials/kit.html.j2.
EDITIONS = ("facilitator", "participant")
# Where the page of an exercise or a workshop sits under docs/, by kind.
PAGE_FOLDERS = {"exercise": "exercises", "workshop": "workshops"}


def page_source(kind: str, item_id: str) -> str:
    """The docs path of the page made from an exercise's or a workshop's YAML: exercises/<id>.md."""
    return f"{PAGE_FOLDERS[kind]}/{item_id}.md"


def worksheet_pdf(exercise_id: str, paper: Paper) -> str:
    return f"pdf/worksheets/{exercise_id}-{paper.key}.pdf"


def cards_pdf(exercise_id: str, paper: Paper) -> str:
    """The cut sheet of an exercise whose worksheet has cards."""
    return f"pdf/worksheets/{exercise_id}-cards-{paper.key}.pdf"


def pack_pdf(workshop_id: str, edition: str, paper: Paper, variant_id: str = "") -> str:
    """A workshop's pack; with `variant_id`, the pack of that length variant:
    pdf/workshops/<workshop>-<variant>-<edition>-<paper>.pdf."""
    version = f"-{variant_id}" if variant_id else ""
    return f"pdf/workshops/{workshop_id}{version}-{edition}-{paper.key}.pdf"


def worksheet_pdfs(exercise_id: str) -> list:
    """[{paper, path}] for the download links of an exercise page."""
    return [{"paper": p.name, "path": worksheet_pdf(exercise_id, p)} for p in PAPERS]


def cards_pdfs(exercise_id: str) -> list:
    return [{"paper": p.name, "path": cards_pdf(exercise_id, p)} for p in PAPERS]


def pack_pdfs(workshop_id: str, edition: str, variant_id: str = "") -> list:
    """[{paper, path}] for the download links of a workshop page (or of one of its length variants)."""
    return [{"paper": p.name, "path": pack_pdf(workshop_id, edition, p, variant_id)} for p in PAPERS]


# The offline copy of the whole site (macros/publish.py zips it, the home and
# workshops pages link to it), from the site's root, and the folder it unzips to.
OFFLINE_ZIP = "downloads/common-ground-offline.zip"
OFFLINE_FOLDER = "common-ground"


# The paper check-up: the participant sheet and the facilitator's tally sheet.
CHECKUP_SHEETS = ("sheet", "tally")


def checkup_pdf(kind: str, paper: Paper) -> str:
    return f"pdf/checkup/checkup-{kind}-{paper.key}.pdf"


def checkup_pdfs(kind: str) -> list:
    """[{paper, path}] for the download links of the paper check-up page."""
    return [{"paper": p.name, "path": checkup_pdf(kind, p)} for p in PAPERS]


# Booklets (macros/pdf/booklets.py): an onboarding track or the whole playbook
# as one PDF to read on paper, named by the page it prints (it-track, playbook).
def booklet_pdf(booklet_id: str, paper: Paper) -> str:
    return f"pdf/booklets/{booklet_id}-{paper.key}.pdf"


def booklet_pdfs(booklet_id: str) -> list:
    """[{paper, path}] for the download links of a track page or the playbook page."""
    return [{"paper": p.name, "path": booklet_pdf(booklet_id, p)} for p in PAPERS]
