"""Booklets: an onboarding track, or the whole playbook, as one PDF to read on paper.

Why they exist: a new hire wants their track in one printed booklet, and a
team lead wants the playbook on the table at an offsite (issue 26). Each has
a cover, a contents page, the guides in order, the glossary, a page number
on every page and, on each guide's first page, a QR code of its address.

Why they are made this way:
- The guides' text is the build's own HTML of each guide page, kept by the
  plugin as MkDocs converts the page (macros/plugin/booklet_step.py), and
  put into a print template (templates/print/booklet.html.j2). Material's
  finished pages are never printed: WeasyPrint's bytes would then follow the
  theme's assets. `print_body` makes that HTML fit for paper: one level-1
  heading per PDF (the cover's), ids unique across guides, links that lead
  to the page in the booklet or to the published site, nothing that only a
  screen can use (permalinks, back-links, tick boxes).
- The contents page's numbers are WeasyPrint's (target-counter), so they are
  the pages the guides really start on.
- The track and playbook pages say each booklet's page count in their
  download links, and pages are written before the build's last step; so
  booklets are made once every page is converted and before any is written
  (the plugin's on_env), from the PDF cache (macros/pdf/cache.py) when their
  inputs are unchanged. Their files and cache keys join the other PDFs' in
  the build's one summary line and the cache manifest (macros/pdf/build.py).

No MkDocs here: the plugin hands in plain data.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import io
import pathlib
import posixpath
import urllib.parse
from html.parser import HTMLParser

from markupsafe import Markup

from .. import templating
from ..kit.address import is_preview
from ..kit.paths import PAPERS, Paper, booklet_pdf
from . import build
from . import jobs as pdf_jobs
from .cache import PdfCache, renderer_digest

TEMPLATE = "print/booklet.html.j2"


@dataclasses.dataclass(frozen=True)
class Guide:
    """One guide as a booklet prints it."""

    src: str  # docs path: playbook/strengths.md
    title: str
    meta: dict  # its front matter: description, reading_time, when, after, first_action
    html: str  # the page's body HTML as the build converted it


@dataclasses.dataclass(frozen=True)
class Booklet:
    """One booklet: what it is, the page it prints and is linked from, and its guides."""

    id: str  # it-track, playbook: names its PDFs (macros/kit/paths.py booklet_pdf)
    page: str  # docs path of the page it prints: onboarding/it-track.md
    kind: str  # what the cover calls it: "onboarding track", "playbook"
    title: str
    description: str
    parts: tuple  # ((part title, (Guide, ...)), ...) in reading order
    later: tuple = ()  # ((title, docs path), ...): listed on the contents page, read after the first month
    updated: str = ""  # the latest date of change of its guides, when history knows one

    def guides(self) -> list:
        return [guide for _, guides in self.parts for guide in guides]


def slug(src: str) -> str:
    """'playbook/missed-meeting.md' -> 'missed-meeting': the guide's anchors in the booklet."""
    return posixpath.basename(src)[: -len(".md")]


# --- The guide's HTML, made fit for paper -----------------------------------------

# Elements dropped with all they hold: the page's own title (the booklet prints
# it in the guide's opening), permalinks and footnote back-links (a ¶ or ↩ on
# paper leads nowhere).
_DROP_CLASSES = {"headerlink", "footnote-backref"}
_HEADINGS = {"h1": None, "h2": "h3", "h3": "h4", "h4": "h5", "h5": "h6", "h6": "h6"}
_RENAMED = {"details": "section", "summary": "p"}


class _PrintBody(HTMLParser):
    """Rewrites one guide's HTML tag by tag (see print_body)."""

    def __init__(self, prefix: str, resolve):
        super().__init__(convert_charrefs=False)
        self.prefix, self.resolve = prefix, resolve
        self.out: list = []
        self.dropping: list = []  # the tag being dropped, once per level of nesting

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, closed=True)

    def _start(self, tag, attrs, closed):
        attrs = dict(attrs)
        if self.dropping:
            if tag == self.dropping[0] and not closed:
                self.dropping.append(tag)
            return
        classes = set((attrs.get("class") or "").split())
        if (tag == "a" and classes & _DROP_CLASSES) or _HEADINGS.get(tag, "") is None:
            if not closed:
                self.dropping.append(tag)
            return
        if tag == "input":  # a task list's tick box: a box to tick by hand
            self.out.append('<span class="bk-box"></span>')
            return
        if tag == "img":  # no image reaches a print template from a page; its words do
            self.out.append(html_lib.escape(attrs.get("alt") or ""))
            return
        kept = {}
        for name, value in attrs.items():
            if name == "id":
                kept["id"] = f"{self.prefix}-{value}"
            elif name == "href":
                kept["href"] = self.resolve(value or "")
            elif name in ("class", "title", "colspan", "rowspan", "start", "scope", "datetime"):
                kept[name] = value or ""
        if tag in _RENAMED:
            kept["class"] = f"bk-{tag}"
        name = _RENAMED.get(tag) or _HEADINGS.get(tag) or tag
        shown = "".join(f' {key}="{html_lib.escape(value, quote=True)}"' for key, value in kept.items())
        self.out.append(f"<{name}{shown}{' /' if closed else ''}>")

    def handle_endtag(self, tag):
        if self.dropping:
            if tag == self.dropping[0]:
                self.dropping.pop()
            return
        if tag in ("input", "img"):
            return
        self.out.append(f"</{_RENAMED.get(tag) or _HEADINGS.get(tag) or tag}>")

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(data)

    def handle_entityref(self, name):
        if not self.dropping:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.dropping:
            self.out.append(f"&#{name};")


def print_body(html: str, guide_src: str, site: pdf_jobs.Site, printed: dict) -> str:
    """A guide's body HTML for the booklet.

    Headings move one level down (the guide's title is the booklet's h2),
    ids take the guide's slug in front so that no two guides' 'why-it-matters'
    meet, and each link leads to the page in this booklet when `printed`
    (published address -> the guide's slug) holds it, else to its published
    address: never to a file on the build machine.
    """
    prefix = slug(guide_src)
    here = site.links.url(guide_src)

    def resolve(href: str) -> str:
        if href.startswith("#"):
            return f"#{prefix}-{href[1:]}"
        target = urllib.parse.urljoin(here, href)
        address, _, anchor = target.partition("#")
        if address in printed:
            return f"#{printed[address]}-{anchor}" if anchor else f"#guide-{printed[address]}"
        return target

    parser = _PrintBody(prefix, resolve)
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


# --- Planning and making ----------------------------------------------------------


def booklet_job(site: pdf_jobs.Site, booklet: Booklet, terms: list, paper: Paper) -> pdf_jobs.Job:
    """The HTML of one booklet on one paper size."""
    page_of = {g.src: site.links.url(g.src) for g in booklet.guides()}
    printed = {url: slug(src) for src, url in page_of.items()}
    total = len(page_of)
    guides, number = [], 0
    for part, members in booklet.parts:
        for guide in members:
            number += 1
            url = page_of[guide.src]
            guides.append(
                {
                    "part": part,
                    "number": number,
                    "total": total,
                    "slug": slug(guide.src),
                    "title": guide.title,
                    "meta": guide.meta,
                    "url": url,
                    "qr": pdf_jobs.qr_code(url),
                    "body": Markup(print_body(guide.html, guide.src, site, printed)),
                }
            )
    glossary_url = site.links.url("onboarding/glossary.md")
    url = site.links.url(booklet.page)
    doc = {
        "lang": pdf_jobs.LANG,
        "author": pdf_jobs.AUTHOR,
        "description": booklet.description,
        "keywords": [booklet.kind, "booklet"],
        "updated": booklet.updated,
        "edition": "booklet",
    }
    template = templating.environment(site.templates_dir).get_template(TEMPLATE)
    html = templating.render(
        template,
        site.links,
        doc=doc,
        paper=paper,
        booklet=booklet,
        item={"url": url, "qr": pdf_jobs.qr_code(url)},
        parts=[part for part, _ in booklet.parts],
        guides=guides,
        later=[{"title": title, "url": site.links.url(src)} for title, src in booklet.later],
        minutes=sum(int(g.meta.get("reading_time") or 0) for g in booklet.guides()),
        terms=terms,
        glossary={"url": glossary_url, "qr": pdf_jobs.qr_code(glossary_url)},
    )
    return pdf_jobs.Job(booklet_pdf(booklet.id, paper), html, paper.name, fit_where=f"the {booklet.id} booklet")


def plan(site: pdf_jobs.Site, booklets: list, terms: list) -> list:
    """Every booklet on every paper as Planned, keyed on all it shows."""
    shown_terms = pdf_jobs.data_digest(terms)
    planned = []
    for booklet in booklets:
        shown = pdf_jobs.data_digest(dataclasses.asdict(booklet))
        for paper in PAPERS:
            planned.append(
                pdf_jobs.Planned(
                    booklet_pdf(booklet.id, paper),
                    pdf_jobs.data_digest(
                        [site.site_url, site.use_directory_urls, "booklet", paper.key, shown, shown_terms]
                    ),
                    lambda b=booklet, p=paper: booklet_job(site, b, terms, p),
                )
            )
    return planned


@dataclasses.dataclass
class Made:
    """What the booklet step made: page counts for the download links, and
    what the build's last step adds to its summary line and the cache manifest."""

    pages: dict  # output -> number of pages
    earlier: build.Earlier | None = None


def publish(root, conf, booklets: list, terms: list) -> Made:
    """Every booklet into the site, from the cache where possible.

    `conf` is MkDocs' config read as a mapping. Under `make serve` and in the
    offline copy nothing is rendered (as for every PDF, macros/pdf/build.py):
    the page counts then come from the last full build's booklets.
    """
    root = pathlib.Path(root)
    cache = PdfCache(root / build.CACHE_DIR)
    site_url = conf.get("site_url")
    if is_preview(site_url, conf.get("dev_addr")) or (conf.get("extra") or {}).get("offline_copy"):
        return Made(_counts_in_cache(cache))
    if build.strict_build_will_abort() or not site_url:
        return Made({})
    site = pdf_jobs.Site(str(root / "templates"), site_url, conf["use_directory_urls"])
    earlier = build.copy_or_render(
        plan(site, booklets, terms), cache, renderer_digest(site.templates_dir), conf["site_dir"]
    )
    site_dir = pathlib.Path(conf["site_dir"])
    pages = _page_counts(cache, earlier.keys, lambda output: (site_dir / output).read_bytes(), earlier.pages)
    return Made(pages, earlier)


def _counts_in_cache(cache: PdfCache) -> dict:
    """Page counts of the booklets the last full build made, from its manifest."""
    keys = {output: key for output, key in cache.manifest().items() if output.startswith("pdf/booklets/")}
    # Only entries that are there and whole, as the preview copies them.
    keys = {output: key for output, key in keys.items() if cache.read(key) is not None}
    return _page_counts(cache, keys, lambda output: cache.read(keys[output]))


def _page_counts(cache: PdfCache, keys: dict, read, rendered: dict | None = None) -> dict:
    """output -> pages, for each output -> cache key in `keys`.

    A count comes from the renderer (`rendered`: output -> pages), else from
    the counts kept with the cache, else from reading the PDF (`read(output)`
    gives its bytes); counts found anew are kept for the next build."""
    rendered = rendered or {}
    known = cache.page_counts()
    counts, fresh = {}, {}
    for output, key in keys.items():
        if output in rendered:
            counts[output] = fresh[key] = rendered[output]
        elif key in known:
            counts[output] = known[key]
        else:
            counts[output] = fresh[key] = _count(read(output))
    if any(known.get(key) != n for key, n in fresh.items()):
        cache.write_page_counts({**{k: known[k] for k in keys.values() if k in known}, **fresh})
    return counts


def _count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
