"""Citations a reader can see, made from the claims ledger (docs/includes/claims.yml).

- `cite`: a page's Markdown with a footnote definition for each of its source
  claims (Python-Markdown's footnotes turn `[^id]` into a numbered note), after
  checking that the page's markers and the ledger agree.
- `article_claims`: the rows of the sources page that list every claim resting
  on one article, each with an anchor the footnotes link to.
- `audit`: the sources page's audit section: counts, outside works, cuts.

Ledger text is data: every value reaches the page through the kit's escaping
templates (templates/citations.md.j2, templates/claims_*.html.j2). Plain
Python, no MkDocs import.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import pathlib

from .. import templating
from ..kit import claims
from .reading_lists import GuideError, read_front_matter

SOURCES_PAGE = "about/sources.md"
# How close a claim stays to its passage, as a footnote words it.
HOW = {"says": "says this in", "paraphrase": "paraphrased from", "our-reading": "of a garbled passage in"}
EXCERPT_WORDS = 18


def cite(templates_dir, ledger, links, markdown: str, source_text: str | None = None) -> str:
    """The page (`links.src`) with its footnotes appended; LedgerError naming file and
    line when a marker has no entry, an entry has no marker, or a sentence drifted."""
    src = links.src
    offset = _front_matter_lines(source_text or "")
    problems = [
        dataclasses.replace(p, line=p.line + offset) if p.file == f"docs/{src}" else p
        for p in claims.page_problems(src, markdown, ledger)
    ]
    if problems:
        raise claims.LedgerError(problems)
    cited = [claim for claim in ledger.on_page(src) if claim.cited]
    if not cited:
        return markdown
    template = templating.environment(str(templates_dir)).get_template("citations.md.j2")
    notes = template.render(citations=[_footnote(ledger, claim, links) for claim in cited])
    return f"{markdown}\n\n{notes}\n"


def _front_matter_lines(text: str) -> int:
    """Lines MkDocs takes off before a page's Markdown: the front matter and
    the blank lines after it."""
    if not text.startswith("---\n"):
        return 0
    block, sep, rest = text[4:].partition("\n---\n")
    if not sep:
        return 0
    return block.count("\n") + 3 + len(rest) - len(rest.lstrip("\n"))


def _passage(claim) -> str:
    first, last = claim.lines
    return f"copy {claim.seed}, line {first}" if first == last else f"copy {claim.seed}, lines {first}–{last}"


def _footnote(ledger, claim, links) -> dict:
    article = ledger.articles[claim.article]
    return {
        "id": claim.id,
        "author": templating.literal_markdown(article["author"]),
        "short": templating.literal_markdown(article["short"]),
        "year": article["year"],
        "how": HOW[claim.fidelity],
        "reading": claim.fidelity == "our-reading",
        "passage": _passage(claim),
        "ledger_href": links.markdown(f"{SOURCES_PAGE}#claim-{claim.id}"),
        "article_href": links.markdown(f"{SOURCES_PAGE}#{claim.article}"),
    }


# --- The sources page -------------------------------------------------------------


def _place(claim, links, docs_dir, kit_titles: dict) -> dict:
    """Where a claim stands, as a link a reader can follow."""
    if claim.page:
        where = f"front matter, {claim.field}" if claim.field else ""
        if claim.page == SOURCES_PAGE:
            return {"title": "This page", "href": None, "where": where}
        title = _front_matter(docs_dir / claim.page).get("title", claim.page)
        return {"title": title, "href": links.href(claim.page), "where": where}
    if claim.file.startswith("docs/includes/glossary"):
        term, _, field = claim.field.partition(".")
        return {
            "title": f"Glossary: {term}",
            "href": links.href(f"onboarding/glossary.md#{term}"),
            "where": field,
        }
    folder, _, name = claim.file[: -len(".yml")].rpartition("/")
    doc = f"workshops/{name}.md" if folder.endswith("workshops") else f"exercises/{name}.md"
    return {"title": kit_titles.get(name, name), "href": links.href(doc), "where": claim.field}


def _front_matter(path: pathlib.Path) -> dict:
    """A page's front matter, read once per version of the file (not to be changed).

    The sources page names the page of each of its 300-odd claims, a score of
    pages in all: each was read and checked again for every claim on it."""
    stat = path.stat() if path.is_file() else None
    return _front_matter_of(str(path), stat and (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=256)
def _front_matter_of(path: str, version) -> dict:
    return read_front_matter(pathlib.Path(path))


def _excerpt(text: str) -> str:
    words = text.split()
    return text if len(words) <= EXCERPT_WORDS else " ".join(words[:EXCERPT_WORDS]) + " …"


def article_claims(templates_dir, ledger, article: str, links, docs_dir, kit_titles: dict) -> str:
    """Every claim that rests on one article: the table under its entry on the sources page."""
    if article not in ledger.articles:
        raise GuideError(f"claims_table('{article}'): not an article of {claims.LEDGER} ({', '.join(ledger.articles)})")
    rows = [
        {
            "id": claim.id,
            "excerpt": _excerpt(claim.text),
            "place": _place(claim, links, docs_dir, kit_titles),
            "passage": _passage(claim),
            "key_words": claim.keys,
            "fidelity": claims.FIDELITY[claim.fidelity],
        }
        for claim in ledger.claims
        if claim.kind == "source" and claim.article == article
    ]
    template = templating.environment(str(templates_dir)).get_template("claims_table.html.j2")
    return templating.squeeze(template.render(rows=rows))


def audit(templates_dir, ledger, links, docs_dir, kit_titles: dict) -> str:
    """The audit section: what the ledger holds, page by page, its outside works and its cuts."""
    kinds = collections.Counter(claim.kind for claim in ledger.claims)
    fidelity = collections.Counter(claim.fidelity for claim in ledger.claims if claim.kind == "source")
    by_place: dict = {}
    for claim in ledger.claims:
        place = _place(claim, links, docs_dir, kit_titles)
        row = by_place.setdefault((place["title"], place["href"]), collections.Counter())
        row[claim.kind] += 1
    template = templating.environment(str(templates_dir)).get_template("claims_audit.html.j2")
    return templating.markdown_blocks(
        template.render(
            kinds=kinds,
            fidelity=fidelity,
            labels=claims.FIDELITY,
            places=sorted(by_place.items(), key=lambda item: item[0][0].casefold()),
            outside=[claim for claim in ledger.claims if claim.kind == "outside"],
            cuts=[{"id": cut.id, "was": cut.was, "why": cut.why} for cut in ledger.cuts],
        )
    )
