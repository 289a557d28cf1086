"""What the claims ledger promises a reader of the built site.

A sentence the editors cut (the ledger's `cut` list) appears nowhere a
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
    return found


def test_no_cut_sentence_comes_back_anywhere_on_the_site(everything):
    ledger = claims.load(ROOT)
    assert len(ledger.cuts) >= 20
    back = [
        f'{where}: "{cut.match}" (cut: {cut.id}, docs/includes/claims.yml:{cut.line})'
        for cut in ledger.cuts
        for where, text in everything
        if run_in(cut.match, text)
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
