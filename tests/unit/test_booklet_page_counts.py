"""The page counts the booklets' download links show (macros/pdf/booklets.py):
an unchanged build takes them from what the cache kept, instead of parsing
each booklet again with pypdf (about 0.4 s of CPU a booklet, twice a `make
site`), and a count file from elsewhere can only hold counts."""

import json

import pytest

from macros.pdf import booklets
from macros.pdf.cache import PAGE_COUNTS, PdfCache

KEYS = {"pdf/booklets/crm-track-a4.pdf": "ab12", "pdf/booklets/crm-track-letter.pdf": "cd34"}
PDFS = {"pdf/booklets/crm-track-a4.pdf": b"a4 booklet", "pdf/booklets/crm-track-letter.pdf": b"letter booklet"}
PAGES = {b"a4 booklet": 28, b"letter booklet": 29}


@pytest.fixture
def parsed(monkeypatch):
    """Which PDFs were parsed to count their pages."""
    seen = []

    def count(pdf):
        seen.append(pdf)
        return PAGES[pdf]

    monkeypatch.setattr(booklets, "_count", count)
    return seen


def test_an_unchanged_build_counts_pages_without_reading_the_booklets_again(tmp_path, parsed):
    cache = PdfCache(tmp_path / "pdf")
    first = booklets._page_counts(cache, KEYS, PDFS.__getitem__)
    assert first == {"pdf/booklets/crm-track-a4.pdf": 28, "pdf/booklets/crm-track-letter.pdf": 29}
    assert len(parsed) == 2

    def unread(output):
        raise AssertionError(f"{output} was read again to count its pages")

    assert booklets._page_counts(PdfCache(tmp_path / "pdf"), KEYS, unread) == first
    assert len(parsed) == 2


def test_booklets_just_rendered_take_their_count_from_the_renderer(tmp_path, parsed):
    cache = PdfCache(tmp_path / "pdf")
    rendered = {"pdf/booklets/crm-track-a4.pdf": 28}
    counts = booklets._page_counts(cache, KEYS, PDFS.__getitem__, rendered)
    assert counts == {"pdf/booklets/crm-track-a4.pdf": 28, "pdf/booklets/crm-track-letter.pdf": 29}
    assert parsed == [b"letter booklet"]
    assert cache.page_counts() == {"ab12": 28, "cd34": 29}


def test_a_changed_booklet_is_counted_again(tmp_path, parsed):
    cache = PdfCache(tmp_path / "pdf")
    booklets._page_counts(cache, KEYS, PDFS.__getitem__)
    changed = {**KEYS, "pdf/booklets/crm-track-a4.pdf": "ef56"}
    pdfs = {**PDFS, "pdf/booklets/crm-track-a4.pdf": b"letter booklet"}
    assert booklets._page_counts(cache, changed, pdfs.__getitem__)["pdf/booklets/crm-track-a4.pdf"] == 29
    assert len(parsed) == 3
    assert cache.page_counts() == {"ef56": 29, "cd34": 29}


@pytest.mark.parametrize(
    "kept",
    [
        {"ab12": "28"},
        {"ab12": 0},
        {"ab12": -3},
        {"ab12": 2.5},
        {"ab12": True},
        {"../../x": 28},
        {"AB12": 28},
        ["ab12", 28],
        "28",
    ],
)
def test_a_count_file_from_elsewhere_gives_only_whole_counts_for_real_keys(tmp_path, parsed, kept):
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / PAGE_COUNTS).write_text(json.dumps(kept), encoding="utf-8")
    cache = PdfCache(tmp_path / "pdf")
    assert cache.page_counts() == {}
    assert booklets._page_counts(cache, KEYS, PDFS.__getitem__)["pdf/booklets/crm-track-a4.pdf"] == 28


def test_an_unreadable_count_file_is_counted_again(tmp_path, parsed):
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / PAGE_COUNTS).write_bytes(b"\xff{not json")
    assert (
        booklets._page_counts(PdfCache(tmp_path / "pdf"), KEYS, PDFS.__getitem__)["pdf/booklets/crm-track-a4.pdf"] == 28
    )
    assert len(parsed) == 2
