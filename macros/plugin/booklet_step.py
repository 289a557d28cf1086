"""The booklets (macros/pdf/booklets.py), from the pages this build converted.

Why here: the plugin is the one place that sees every guide's body HTML as
MkDocs makes it (on_page_content), and the one place that knows the nav and
the tracks. It keeps each guide's HTML, then, once every page is converted
and before any is written (on_env), makes the booklets and writes their
page counts into the download links of the track pages and the playbook
page (macros/web/booklets.py).
"""

from __future__ import annotations

import functools
import html as html_lib
import logging
import pathlib
import re
import unicodedata

from ..kit.problems import KitProblem, where
from ..pdf import booklets as pdf_booklets
from ..pdf import jobs as pdf_jobs
from ..pdf import scripts
from ..web import booklets as web_booklets
from ..web import glossary, guides
from ..web.reading_lists import read_front_matter
from . import errors

log = logging.getLogger("mkdocs.plugins.common_ground.pdf")
# What a guide's opening in a booklet shows from its front matter.
OPENING = ("description", "reading_time", "when", "after", "first_action")


def keep(store: dict, page, html: str, found) -> None:
    """Keep a guide's body HTML, as converted, before the site's header goes on it."""
    if found is not None and page.file.src_uri in found.path:
        store[page.file.src_uri] = html


_TAG = re.compile(r"<[^>]*>")
# Characters the page shows but that never reach paper, or are laid out, not drawn.
_NOT_DRAWN = {"\n", "\r", "\t", "\u00a0"}


def unprintable(page_src: str, body_html: str, source: str) -> str:
    """Why a guide's text cannot go into a booklet, or ''.

    The booklets embed only the kit's Source Sans Pro (templates/print/fonts.css);
    a character it has no glyph for (an emoji, Chinese) would print as an
    empty box, so the build stops naming the page, the line and the character.
    `body_html` is what the booklet prints (pdf_booklets.print_body's output).
    """
    drawn = _drawn()
    missing = sorted(set(html_lib.unescape(_TAG.sub(" ", body_html))) - drawn)
    if not missing:
        return ""
    char = missing[0]
    line = next((n for n, text in enumerate(source.splitlines(), 1) if char in text), 1)
    others = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
    return where(f"docs/{page_src}", line) + (
        f"'{char}' (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}){others} cannot "
        "be printed in the guide's booklet: the kit's PDF font (Source Sans Pro) has no glyph for it and the page "
        "would show an empty box. Write the sentence without it"
    )


@functools.lru_cache(maxsize=1)
def _drawn() -> frozenset:
    """Every character a booklet can show: made once, not for each guide."""
    return frozenset({chr(c) for c in scripts.printable()} | _NOT_DRAWN)


def plan(kit, config, found, store: dict) -> list:
    """The booklets this build prints: one per onboarding track, in nav order, then the playbook.

    They carry no date: guides have none of their own, and git history dates
    a clone but not a copy or a tarball, so a date from it would print the
    same guides as different bytes and render them again in every copy."""
    docs = pathlib.Path(config["docs_dir"])

    site = pdf_jobs.Site(str(kit.templates), config["site_url"] or "", config["use_directory_urls"])
    problems = []
    made_guides: dict = {}  # src -> Guide: a guide in a track and in the playbook is prepared once

    def guide(src):
        if src not in made_guides:
            made_guides[src] = _guide(src)
        return made_guides[src]

    def _guide(src):
        meta = read_front_matter(docs / src)
        why = unprintable(src, pdf_booklets.print_body(store[src], src, site, {}), (docs / src).read_text("utf-8"))
        if why and why not in problems:
            problems.append(why)
        return pdf_booklets.Guide(src, str(found.titles[src]), {k: meta[k] for k in OPENING if k in meta}, store[src])

    made = []
    pages = [src for _, src in guides._walk(config["nav"], None)]
    for src in pages:
        if not web_booklets.TRACK_PAGE.match(src):
            continue
        meta = read_front_matter(docs / src)
        track = meta["track"]
        made.append(
            pdf_booklets.Booklet(
                id=web_booklets.booklet_id(src),
                page=src,
                kind="onboarding track",
                title=meta["title"],
                description=meta["description"],
                parts=(("", tuple(guide(g) for g in track["path"])),),
                later=tuple((str(found.titles[g]), g) for g in track["later"]),
            )
        )
    if web_booklets.PLAYBOOK_PAGE in pages:
        meta = read_front_matter(docs / web_booklets.PLAYBOOK_PAGE)
        parts = tuple(
            (section, tuple(guide(g) for g in members)) for section, members in guides.sections(config["nav"])
        )
        made.append(
            pdf_booklets.Booklet(
                id="playbook",
                page=web_booklets.PLAYBOOK_PAGE,
                kind="playbook",
                title=meta["title"],
                description=meta["description"],
                parts=parts,
            )
        )
    if problems:
        raise errors.kit_error("\n".join(problems))
    return made


def make(kit, config, found, store: dict) -> pdf_booklets.Made:
    """Every booklet into the site (or, under serve and in the offline copy, the last build's page counts)."""
    if kit is None:
        return pdf_booklets.Made({})  # no build loaded a kit: nothing to print
    if found is None or any(g not in store for g in found.path):
        # A `make serve` rebuild converts only the pages it must: it renders no PDF anyway.
        return pdf_booklets.publish(kit.root, config, [], [])
    try:
        made = pdf_booklets.publish(
            kit.root, config, plan(kit, config, found, store), glossary.load(config["docs_dir"])
        )
    except KitProblem as err:
        raise errors.kit_error(str(err)) from None
    if made.earlier is not None:
        # Their own line, for the time they add; the "PDFs:" line counts them with the rest.
        stats = made.earlier.stats
        log.info(
            f"Booklets: {stats.files} files, {stats.rendered} rendered ({stats.pages_rendered} pages), "
            f"{stats.cached} from cache, {stats.seconds:.2f} s"
        )
    return made


def fill(files, made: pdf_booklets.Made) -> None:
    """Write each booklet's page count into the download links of the pages that show them."""
    for file in files.documentation_pages() if files is not None else ():
        page = file.page
        if page is not None and page.content and web_booklets.has_marks(page.content):
            page.content = web_booklets.fill_pages(page.content, made.pages)
