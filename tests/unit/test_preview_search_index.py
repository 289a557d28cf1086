"""`make serve`'s search index after a dirty rebuild is the one a clean build writes (macros/plugin/preview.py).

Material writes only the rebuilt pages' entries in a dirty build; the preview
puts them back among the others. They go where their page stood, so after any
saves the served index equals a clean build's byte for byte, order and escapes included (found by
tests/benchmarks/serve_soak.py: the rebuilt pages had moved to the end).
"""

import json

import pytest

from macros.plugin import preview

PAGES = ["", "about/", "exercises/", "exercises/a/", "onboarding/", "workshops/w/"]


def _entries(page, text):
    text += " CRM–IT “quoted”"  # non-ASCII, as Material writes it: escaped
    return [{"location": page, "title": page, "text": text}, {"location": f"{page}#part", "title": "p", "text": text}]


def _material(index: dict) -> str:
    """The bytes Material's search plugin writes (material/plugins/search/plugin.py)."""
    return json.dumps(index, separators=(",", ":"), default=str)


def _index(texts: dict) -> dict:
    return {
        "config": {"lang": ["en"]},
        "docs": [e for page in PAGES if page in texts for e in _entries(page, texts[page])],
    }


@pytest.mark.parametrize(
    "rebuilt", [{"exercises/a/"}, {"exercises/", "exercises/a/", "workshops/w/"}, {""}, {"workshops/w/"}, set(PAGES)]
)
def test_rebuilt_pages_take_their_old_place_in_the_search_index(tmp_path, rebuilt):
    old = _index(dict.fromkeys(PAGES, "old"))
    clean = _index({page: "new" if page in rebuilt else "old" for page in PAGES})
    written = {"config": clean["config"], "docs": [e for e in clean["docs"] if e["location"].split("#")[0] in rebuilt]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(_material(written), encoding="utf-8")
    preview._merge_search_index(tmp_path, old, rebuilt)
    assert (tmp_path / "search" / "search_index.json").read_text(encoding="utf-8") == _material(clean)


def test_a_page_new_since_the_last_build_comes_last(tmp_path):
    old = _index(dict.fromkeys(PAGES[:-1], "old"))
    written = {"config": old["config"], "docs": _entries("workshops/w/", "new")}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(written), encoding="utf-8")
    preview._merge_search_index(tmp_path, old, {"workshops/w/"})
    merged = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert merged["docs"] == old["docs"] + _entries("workshops/w/", "new")
