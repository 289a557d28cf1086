"""make site reads every PDF through before the site goes live (macros/publish.py);
one it found sound before, byte for byte the same, is not parsed again, and
any other, a damaged copy included, still is."""

import io

import pytest
from pypdf import PdfWriter

from macros import publish


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def parsed(monkeypatch):
    """The PDFs parsed, by their first bytes' length."""
    seen = []
    real = publish._unreadable

    def counting(data):
        seen.append(len(data))
        return real(data)

    monkeypatch.setattr(publish, "_unreadable", counting)
    return seen


@pytest.fixture
def tree(tmp_path):
    site = tmp_path / "site.tmp" / "pdf"
    site.mkdir(parents=True)
    (site / "a.pdf").write_bytes(_pdf(1))
    (site / "b.pdf").write_bytes(_pdf(2))
    return site


def test_an_unchanged_site_does_not_parse_its_pdfs_again(tmp_path, tree, parsed):
    listed = tmp_path / publish.CHECKED_PDFS
    first = publish.CheckedPdfs(listed)
    assert [first.problem(pdf) for pdf in sorted(tree.glob("*.pdf"))] == ["", ""]
    first.save()
    assert len(parsed) == 2
    again = publish.CheckedPdfs(listed)
    assert [again.problem(pdf) for pdf in sorted(tree.glob("*.pdf"))] == ["", ""]
    assert len(parsed) == 2, "a PDF found sound before was parsed again"


def test_a_pdf_damaged_since_it_was_found_sound_is_still_refused(tmp_path, tree, parsed):
    listed = tmp_path / publish.CHECKED_PDFS
    first = publish.CheckedPdfs(listed)
    first.problem(tree / "a.pdf")
    first.save()
    data = (tree / "a.pdf").read_bytes()
    (tree / "a.pdf").write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")
    assert publish.CheckedPdfs(listed).problem(tree / "a.pdf").startswith("cannot be read")


def test_the_list_keeps_only_this_builds_pdfs_and_ignores_anything_but_digests(tmp_path, tree, parsed):
    listed = tmp_path / publish.CHECKED_PDFS
    listed.parent.mkdir(parents=True)
    listed.write_text("not a digest\n" + "0" * 63 + "\n../../etc/passwd\n", encoding="ascii")
    checked = publish.CheckedPdfs(listed)
    assert checked.known == set()
    assert checked.problem(tree / "b.pdf") == ""
    checked.save()
    assert len(listed.read_text(encoding="ascii").split()) == 1


def test_an_unwritable_list_costs_only_time(tmp_path, tree, parsed):
    (tmp_path / ".cache").write_text("a file where the folder should be")
    checked = publish.CheckedPdfs(tmp_path / publish.CHECKED_PDFS)
    assert checked.problem(tree / "a.pdf") == ""
    checked.save()
