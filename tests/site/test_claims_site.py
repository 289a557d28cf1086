"""What the claims ledger promises a reader of the built site.

Every claim from a source shows a numbered note: the article, the copy and
lines it rests on, how closely we follow them ("our reading" tagged as
such), and links to its row and its article on the sources page, whose
tables are made from the ledger. A sentence the editors cut (the ledger's `cut` list) appears nowhere a
reader can meet it again: no page, no PDF, no search entry, no data file
the composer reads. Text is compared as words, so markup, line breaks,
case and a word hyphenated across a PDF line do not hide a sentence.
"""

import html
import json
import re
import subprocess

import pytest

from macros.kit import claims
from macros.kit.claims import words
from support.claimscan import run_in
from support.project import ROOT


def _page_text(path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text


def _pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"(?<=\w)-\n(?=\w)", "", out)  # a word broken at a line end


def _search_entries(site) -> list:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [
        (doc["location"], html.unescape(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}")))
        for doc in index["docs"]
    ]


def _theme_code(path) -> bool:
    """Material's own scripts: no kit text in them, and megabytes to read."""
    return path.name.startswith("bundle.") or {"lunr", "workers"} & set(path.parts)


@pytest.fixture(scope="module")
def everything(built_site) -> list:
    """(where, text) for every page, PDF, search entry and text asset of the built site."""
    found = []
    for path in sorted(built_site.rglob("*")):
        if path.suffix in (".html", ".js", ".json", ".xml", ".txt") and not _theme_code(path):
            found.append((path.relative_to(built_site).as_posix(), _page_text(path)))
        elif path.suffix == ".pdf":
            found.append((path.relative_to(built_site).as_posix(), _pdf_text(path)))
    found += [(f"search: {where}", text) for where, text in _search_entries(built_site)]
    # As words, once: each cut is then a substring test, not a pass over the site.
    return [(where, f" {' '.join(words(text))} ") for where, text in found]


def test_no_cut_sentence_comes_back_anywhere_on_the_site(everything):
    ledger = claims.load(ROOT)
    assert len(ledger.cuts) >= 20
    back = [
        f'{where}: "{cut.match}" (cut: {cut.id}, docs/includes/claims.yml:{cut.line})'
        for cut in ledger.cuts
        for where, text in everything
        if f" {' '.join(words(cut.match))} " in text
    ]
    assert not back, "sentences the ledger records as cut are back:\n" + "\n".join(back[:30])


def test_the_site_was_searched_in_all_its_forms(everything):
    kinds = {where.rsplit(".", 1)[-1] for where, _ in everything if not where.startswith("search: ")}
    assert {"html", "pdf", "json", "js"} <= kinds
    assert sum(where.startswith("search: ") for where, _ in everything) > 100


@pytest.mark.parametrize(
    "planted",
    [
        "<p>Once pay is fair, people look further.</p>",
        "<p>Once <em>pay</em>\n is FAIR, people look further.</p>",
        "Recognition from peers is cheap and often counts most.",
    ],
)
def test_a_cut_sentence_is_found_whatever_its_markup(planted):
    ledger = claims.load(ROOT)
    text = html.unescape(re.sub(r"<[^>]+>", " ", planted))
    assert any(run_in(cut.match, text) for cut in ledger.cuts)


def test_a_word_broken_across_a_pdf_line_is_joined(tmp_path):
    assert run_in(
        "Recognition from peers is cheap", re.sub(r"(?<=\w)-\n(?=\w)", "", "Recog-\nnition from peers is cheap")
    )


def _page(site, src: str) -> str:
    rel = src[: -len(".md")]
    rel = rel[: -len("index")] if rel.endswith("index") else rel + "/"
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_every_source_claim_shows_its_citation(built_site):
    ledger = claims.load(ROOT)
    sources = (built_site / "about" / "sources" / "index.html").read_text(encoding="utf-8")
    cited = [claim for claim in ledger.claims if claim.cited]
    assert len(cited) >= 150
    for claim in cited:
        page = _page(built_site, claim.page)
        assert f'<sup id="fnref:{claim.id}">' in page, f"{claim.page}: no citation mark for {claim.id}"
        note = re.search(rf'<li id="fn:{re.escape(claim.id)}">(.*?)</li>', page, re.S)
        assert note, f"{claim.page}: no note for {claim.id}"
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", note.group(1))).split())
        article = ledger.articles[claim.article]
        assert article["short"] in text and str(article["year"]) in text and f"copy {claim.seed}" in text
        to_sources = r'href="(?:[./]*about/sources/|\./)?#'
        assert re.search(rf"{to_sources}claim-{re.escape(claim.id)}\"", note.group(1)), claim.id
        assert re.search(rf"{to_sources}{claim.article}\"", note.group(1)), claim.id
        assert ('class="cg-reading"' in note.group(1)) == (claim.fidelity == "our-reading"), claim.id
        assert f'<tr id="claim-{claim.id}">' in sources, f"the sources page has no row for {claim.id}"


def test_no_page_shows_a_citation_the_ledger_does_not_know(built_site):
    known = {claim.id for claim in claims.load(ROOT).claims if claim.cited}
    shown = set()
    for path in built_site.rglob("*.html"):
        shown |= set(re.findall(r'<li id="fn:([a-z0-9-]+)">', path.read_text(encoding="utf-8")))
    assert shown == known


def test_the_sources_page_audit_is_made_from_the_ledger(built_site):
    ledger = claims.load(ROOT)
    page = (built_site / "about" / "sources" / "index.html").read_text(encoding="utf-8")
    audit = page[page.index('id="audit"') :]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", audit)).split())
    assert f"The ledger holds {len(ledger.claims)} claims" in text
    assert f"and {len(ledger.cuts)} sentences we cut" in text
    for cut in ledger.cuts:
        assert f'<tr id="{cut.id}">' in audit
    assert "What changed, and why" not in page, "the hand-written audit log is back"
