"""Through real builds: a damaged PDF cache entry is never shipped, and a
cache that cannot be written costs speed, not the build."""

import json
import shutil

import pytest
import yaml
from pypdf import PdfReader

from support.facts import pdf_stats
from support.project import run_build


@pytest.mark.build
def test_truncated_and_bit_flipped_entries_are_rendered_again_and_reported(project_copy, tmp_path):
    cache = project_copy / ".cache" / "pdf"
    manifest = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))
    truncated, flipped = "pdf/worksheets/cx-brainstorm-a4.pdf", "pdf/worksheets/strengths-map-letter.pdf"
    for output, damage in (
        (truncated, lambda d: d[: len(d) // 3]),
        (flipped, lambda d: d[:500] + bytes([d[500] ^ 0x04]) + d[501:]),
    ):
        entry = cache / manifest[output][:2] / f"{manifest[output]}.pdf"
        entry.write_bytes(damage(entry.read_bytes()))
    out = tmp_path / "out"
    result = run_build(project_copy, out)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    for output in (truncated, flipped):
        assert f"PDF cache: the entry for {output} was damaged" in log, log[-3000:]
        # Rendered again whole: as many pages as the worksheet's layout says (one, or two).
        exercise = output.split("/")[-1].rsplit("-", 1)[0]
        sheet = yaml.safe_load((project_copy / "exercises" / f"{exercise}.yml").read_text(encoding="utf-8"))[
            "worksheet"
        ]
        assert len(PdfReader(out / output, strict=True).pages) == (2 if sheet.get("layout") == "two pages" else 1)
    files, rendered, cached = pdf_stats(result)
    assert rendered == 2 and cached == files - 2, log[-2000:]
    _assert_the_caches_hold_data_only(project_copy / ".cache")


# What each cache may hold: data that nothing executes (no compiled templates
# in .cache/jinja/, no pickle in .cache/yaml/).
DATA_SUFFIXES = {"pdf": {".pdf", ".sum", ".json"}, "yaml": {".json"}, "plugin": {".png", ".json", ".ttf"}}


def _assert_the_caches_hold_data_only(cache):
    assert sorted(p.name for p in cache.iterdir()) == sorted(DATA_SUFFIXES), "a cache folder nobody checks"
    for folder, suffixes in DATA_SUFFIXES.items():
        found = {p.suffix for p in (cache / folder).rglob("*") if p.is_file()}
        assert found <= suffixes, f".cache/{folder} holds {found - suffixes}"
    for pack in (cache / "yaml").glob("*.json"):
        json.loads(pack.read_bytes().partition(b"\n")[2])


@pytest.mark.build
def test_an_unwritable_cache_builds_the_whole_site_with_one_warning(project_copy, tmp_path):
    """.cache points into /proc, where nothing can be created, even by root."""
    shutil.rmtree(project_copy / ".cache")
    (project_copy / ".cache").symlink_to("/proc/self/fdinfo")
    out = tmp_path / "out"
    result = run_build(project_copy, out)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    warnings = [line for line in log.splitlines() if "Cache warning" in line]
    assert len(warnings) == 1, "\n".join(warnings) or log[-3000:]
    assert "cannot write to" in warnings[0]
    files, rendered, _ = pdf_stats(result)
    assert rendered == files and len(list(out.rglob("*.pdf"))) == files
