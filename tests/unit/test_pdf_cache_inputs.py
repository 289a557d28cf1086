"""What the PDF cache key covers: the system libraries that change PDF bytes,
and only the code a PDF is made from (macros/pdf/cache.py)."""

import shutil

import pytest

from macros.pdf import cache


@pytest.fixture
def macros_copy(tmp_path, monkeypatch):
    """A copy of macros/ that the key reads instead of the real one."""
    copy = tmp_path / "macros"
    shutil.copytree(cache._MACROS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_MACROS", copy)
    return copy


def test_entry_made_without_the_font_subsetter_is_not_reused_with_it(monkeypatch):
    """WeasyPrint subsets fonts itself when libharfbuzz-subset is present, and
    the bytes differ: a PDF cached before chromium brought it must not be copied."""
    real = cache.system_libraries()
    assert "harfbuzz-subset=" in real
    without = real.replace(real.split("harfbuzz-subset=")[1].split(" ")[0], "absent")
    with_it = without.replace("harfbuzz-subset=absent", "harfbuzz-subset=libharfbuzz-subset.so.0.60000.0")
    monkeypatch.setattr(cache, "system_libraries", lambda: without)
    key_without = cache.renderer_digest()
    monkeypatch.setattr(cache, "system_libraries", lambda: with_it)
    assert cache.renderer_digest() != key_without


def test_system_libraries_name_each_library_with_its_version():
    found = dict(item.split("=") for item in cache.system_libraries().split())
    assert set(found) == set(cache.SYSTEM_LIBRARIES)
    # This machine has pango (WeasyPrint cannot run without it): named by its real file.
    assert found["pango-1.0"].startswith("libpango-1.0.so.")


def test_preview_and_web_code_do_not_re_render_pdfs(macros_copy):
    before = cache.renderer_digest()
    for name in ("preview/deps.py", "web/exercise_pages.py", "__init__.py", "plugin/plugin.py"):
        (macros_copy / name).write_text((macros_copy / name).read_text() + "\n# edited\n")
    assert cache.renderer_digest() == before


@pytest.mark.parametrize("name", ["pdf/jobs.py", "templating.py", "kit/workshops.py"])
def test_code_that_shapes_a_pdf_re_renders_it(macros_copy, name):
    before = cache.renderer_digest()
    (macros_copy / name).write_text((macros_copy / name).read_text() + "\n# edited\n")
    assert cache.renderer_digest() != before
