"""Every file the build writes from the kit, and the refusal of two at one path.

An exercise's or a workshop's id names its page and its PDFs (paths.py), so
two ids can name one file: exercise 'x-cards' writes its worksheet to
pdf/worksheets/x-cards-a4.pdf, where exercise 'x' writes its card sheet. An
id can also name a hand-written page of its section: exercise 'index' would
be published at the exercise library's address, workshop 'compose' at the
composer's. Either way one output silently replaced the other, exit 0.

This check lays every output of the kit (pages and every PDF) beside the
files of docs/ (what MkDocs will write for each), and turns each path
claimed twice into one problem that names both sources, each with its file
and line, and asks for another id. The hand-written page is never the one to
go: it is what the id collided with, and deleting it was how the exercise
library disappeared. No list of reserved ids: a hand-written page added to a
section next year reserves its name the day it is added.

No MkDocs here: the hooks pass the files of docs/ as (source, output) pairs.
"""

from __future__ import annotations

import dataclasses
import itertools
import posixpath

from .paths import EDITIONS, PAPERS, cards_pdf, pack_pdf, page_source, worksheet_pdf
from .problems import Problem, place
from .sheets import has_cards

# What Python-Markdown reads as a page (MkDocs' utils.markdown_extensions).
MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


@dataclasses.dataclass(frozen=True)
class Output:
    """One file the build writes, and where it comes from."""

    path: str  # under the site, e.g. "pdf/worksheets/x-a4.pdf"
    what: str  # "its page", "its A4 card sheet PDF"
    owner: str  # "exercise 'x'", or for a hand-written file its docs path
    file: str  # the file that makes it: "exercises/x.yml", "docs/exercises/index.md"
    line: int = 0  # line of the id in `file`; 0 for a hand-written file, which has no id

    @property
    def by_hand(self) -> bool:
        return self.line == 0

    @property
    def where(self) -> str:
        return place(self.file, self.line or None)


def page_output(src_uri: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs writes the file docs/`src_uri` (MkDocs' File.dest_uri, without MkDocs)."""
    parent, name = posixpath.split(src_uri)
    stem, ext = posixpath.splitext(name)
    if ext.lower() not in MARKDOWN:
        return src_uri
    stem = "index" if stem == "README" else stem
    if stem == "index" or not use_directory_urls:
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def kit_outputs(library, workshops: dict, use_directory_urls: bool = True) -> list:
    """Every page and PDF the kit makes, each with the file and line of its id."""
    found = []
    for exercise in library:

        def mine(path, what, ex=exercise):
            return Output(path, what, f"exercise '{ex.id}'", ex.file, ex.doc.line_of(("id",)))

        found.append(mine(page_output(page_source("exercise", exercise.id), use_directory_urls), "its page"))
        for paper in PAPERS:
            found.append(mine(worksheet_pdf(exercise.id, paper), f"its {paper.name} worksheet PDF"))
            if has_cards(exercise.data):
                found.append(mine(cards_pdf(exercise.id, paper), f"its {paper.name} card sheet PDF"))
    for workshop in workshops.values():

        def ours(path, what, w=workshop):
            return Output(path, what, f"workshop '{w.id}'", w.file, w.doc.line_of(("id",)))

        found.append(ours(page_output(page_source("workshop", workshop.id), use_directory_urls), "its page"))
        for edition, paper in itertools.product(EDITIONS, PAPERS):
            found.append(ours(pack_pdf(workshop.id, edition, paper), f"its {edition} pack PDF ({paper.name})"))
            for variant in workshop.variants:
                found.append(
                    ours(
                        pack_pdf(workshop.id, edition, paper, variant.id),
                        f"the {edition} pack PDF ({paper.name}) of its version '{variant.id}'",
                    )
                )
    return found


def written_by_hand(files) -> list:
    """The files of docs/ as outputs, from (source path under docs/, output path) pairs."""
    return [Output(output, "", f"docs/{source}", f"docs/{source}") for source, output in files]


def clashes(outputs: list) -> list:
    """One Problem for each pair of sources that claim one output path, at least one of
    them the kit's. (Two hand-written files at one path are MkDocs' to report.)"""
    by_path: dict = {}
    for output in outputs:
        by_path.setdefault(output.path, []).append(output)
    pairs: dict = {}  # (blamed source, other source) -> [(blamed output, other output)]
    for claims in by_path.values():
        for first, second in itertools.combinations(claims, 2):
            if first.by_hand and second.by_hand or first.where == second.where:
                continue
            blamed, other = _blame(first, second)
            pairs.setdefault((blamed.where, other.where), []).append((blamed, other))
    return [_problem(found) for found in pairs.values()]


def _blame(first: Output, second: Output) -> tuple:
    """(the output whose id should change, the other). A hand-written file is
    never blamed; between two ids, the one whose own name is the clashing path
    (its page or worksheet), rather than a derived one (a card sheet, a pack)."""
    if first.by_hand:
        return second, first
    if second.by_hand:
        return first, second
    derived = ("card sheet", "pack")
    rank = [any(word in o.what for word in derived) for o in (first, second)]
    if rank[0] != rank[1]:
        return (first, second) if not rank[0] else (second, first)
    return (first, second) if first.file > second.file else (second, first)


def _problem(found: list) -> Problem:
    blamed, other = found[0]
    more = len(found) - 1
    also = f" (and {more} more file{'s' if more != 1 else ''} the same way)" if more else ""
    if other.by_hand:
        said = (
            f"{blamed.owner} would write {blamed.what} to {blamed.path}, where the hand-written page "
            f"{other.file} is published{also}. Choose another id for the {blamed.owner.split()[0]} "
            f"(and rename {blamed.file} to match); keep {other.file} as it is"
        )
    else:
        said = (
            f"{blamed.owner} would write {blamed.what} to {blamed.path}, where {other.owner} "
            f"({other.where}) writes {other.what}{also}. Choose another id for one of them "
            "(and rename its file to match)"
        )
    return Problem(blamed.file, blamed.line or None, said, "id")
