"""The sources page names the page each claim stands on (macros/web/citations.py):
a page with many claims is read once, and read again once it changes."""

import os
import types

from macros.web import citations


class _Links:
    def href(self, src):
        return src


def _claim(page):
    return types.SimpleNamespace(page=page, field="", file=f"docs/{page}")


def test_a_page_with_many_claims_is_read_once_until_it_changes(tmp_path, monkeypatch):
    page = tmp_path / "playbook" / "x.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: First title\n---\nText.\n", encoding="utf-8")
    reads = []
    real = citations.read_front_matter
    monkeypatch.setattr(citations, "read_front_matter", lambda path: reads.append(path) or real(path))
    places = [citations._place(_claim("playbook/x.md"), _Links(), tmp_path, {}) for _ in range(30)]
    assert {p["title"] for p in places} == {"First title"}
    assert len(reads) == 1
    page.write_text("---\ntitle: Second title, longer\n---\nText.\n", encoding="utf-8")
    os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)
    assert citations._place(_claim("playbook/x.md"), _Links(), tmp_path, {})["title"] == "Second title, longer"
    assert len(reads) == 2
