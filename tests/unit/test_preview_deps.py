"""The preview's dependency record (macros/preview/deps.py), without MkDocs.

`make serve` rebuilds only the pages whose files changed; these tests pin
which pages a change reaches: the page made from the file, every page that
shows something of it, and every page when a site-wide input changes.
"""

import os
import pathlib

import pytest

from macros.kit.exercises import load_library
from macros.kit.links import Links
from macros.kit.workshops import load_workshops
from macros.preview import deps
from macros.web import exercise_pages, workshop_pages

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def touch(path: pathlib.Path, text: str | None = None):
    """Change a file the way a save does: new content or a later mtime."""
    if text is not None:
        path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def small_project(tmp_path):
    for folder in ("exercises/workshops", "templates", "macros", "docs/includes", "docs/guides"):
        (tmp_path / folder).mkdir(parents=True)
    for name in ("a", "b", "c"):
        (tmp_path / "exercises" / f"{name}.yml").write_text(f"id: {name}\n", encoding="utf-8")
    (tmp_path / "exercises/workshops/w.yml").write_text("id: w\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "templates/page.j2").write_text("{{ x }}\n", encoding="utf-8")
    (tmp_path / "docs/guides/g.md").write_text("---\ntitle: G\n---\n\nBody\n", encoding="utf-8")
    return tmp_path


def build(tracker, root, pages: dict, facts=None):
    """One recorded build: pages maps docs path -> the input keys its macros name."""
    tracker.start_build(root)
    for src, keys in pages.items():
        tracker.start_page(src)
        tracker.uses(*keys)
    facts = facts or {src: ("title: " + src,) for src in ["index.md", *pages]}
    return tracker.finish_build(root, "site", deps.site_wide(root), facts)


def plan(tracker, root, facts=None):
    record = tracker.records["site"]
    return deps.pages_to_rebuild(record, root, deps.site_wide(root), facts or record.nav_facts)


@pytest.fixture
def project(tmp_path):
    return small_project(tmp_path)


PAGES = {
    "exercises/a.md": ["exercises/a.yml", "exercises/b.yml"],  # a relates to b
    "exercises/b.md": ["exercises/b.yml"],
    "exercises/c.md": ["exercises/c.yml"],
    "exercises/index.md": ["exercises/*.yml", "exercises/a.yml", "exercises/b.yml", "exercises/c.yml"],
    "workshops/w.md": ["exercises/workshops/w.yml", "exercises/c.yml"],
}


def test_first_build_rebuilds_everything(project):
    assert deps.pages_to_rebuild(None, project, deps.site_wide(project), {}) == (deps.EVERYTHING, "first build")


def test_nothing_changed_rebuilds_nothing(project):
    tracker = deps.Tracker()
    build(tracker, project, PAGES)
    assert plan(tracker, project)[0] == set()


def test_an_exercise_edit_reaches_its_page_the_pages_showing_it_and_the_library(project):
    tracker = deps.Tracker()
    build(tracker, project, PAGES)
    touch(project / "exercises/b.yml", "id: b\ntitle: New\n")
    assert plan(tracker, project)[0] == {"exercises/a.md", "exercises/b.md", "exercises/index.md"}


def test_an_exercise_in_a_workshop_reaches_the_workshop_page(project):
    tracker = deps.Tracker()
    build(tracker, project, PAGES)
    touch(project / "exercises/c.yml")
    assert plan(tracker, project)[0] == {"exercises/c.md", "exercises/index.md", "workshops/w.md"}


def test_a_new_exercise_file_reaches_the_pages_that_list_the_folder(project):
    tracker = deps.Tracker()
    build(tracker, project, PAGES)
    (project / "exercises/d.yml").write_text("id: d\n", encoding="utf-8")
    assert plan(tracker, project)[0] == {"exercises/index.md"}


def test_a_deleted_input_counts_as_a_change(project):
    tracker = deps.Tracker()
    build(tracker, project, PAGES)
    (project / "exercises/workshops/w.yml").unlink()
    assert plan(tracker, project)[0] == {"workshops/w.md"}


@pytest.mark.parametrize(
    "site_wide_file",
    ["templates/page.j2", "mkdocs.yml", "macros/x.py", "docs/includes/note.md", "exercises/schema.json"],
)
def test_a_site_wide_input_rebuilds_everything(project, site_wide_file):
    tracker = deps.Tracker()
    build(tracker, project, PAGES)
    path = project / site_wide_file
    if path.exists():
        touch(path)
    else:
        path.write_text("new\n", encoding="utf-8")
    pages, why = plan(tracker, project)
    assert pages == deps.EVERYTHING
    assert site_wide_file in why


def test_a_retitled_or_added_page_rebuilds_everything(project):
    """Every page's navigation shows every page's title."""
    tracker = deps.Tracker()
    record = build(tracker, project, PAGES)
    retitled = dict(record.nav_facts, **{"exercises/c.md": ("title: Renamed",)})
    assert plan(tracker, project, retitled)[0] == deps.EVERYTHING
    added = dict(record.nav_facts, **{"exercises/new.md": ("title: New",)})
    assert plan(tracker, project, added)[0] == deps.EVERYTHING


def test_pages_not_rebuilt_keep_their_record(project):
    """A dirty build renders a few pages; the others' inputs must still be watched."""
    tracker = deps.Tracker()
    build(tracker, project, PAGES)
    touch(project / "exercises/b.yml")
    build(tracker, project, {"exercises/b.md": ["exercises/b.yml"]}, facts=tracker.records["site"].nav_facts)
    touch(project / "exercises/c.yml")
    # a.md shows b and was not rebuilt after b.yml changed, so it is still due.
    assert plan(tracker, project)[0] == {"exercises/a.md", "exercises/c.md", "exercises/index.md", "workshops/w.md"}


def test_a_file_saved_during_a_build_is_seen_by_the_next(project):
    """Fingerprints come from the start of the build, before the files are read."""
    tracker = deps.Tracker()
    tracker.start_build(project)
    touch(project / "exercises/c.yml")  # saved while the build runs
    tracker.start_page("exercises/c.md")
    tracker.uses("exercises/c.yml")
    tracker.finish_build(project, "site", deps.site_wide(project), {"exercises/c.md": ()})
    assert plan(tracker, project)[0] == {"exercises/c.md"}


def test_uses_outside_a_page_records_nothing(project):
    tracker = deps.Tracker()
    tracker.start_build(project)
    tracker.uses("exercises/a.yml")  # e.g. while PDFs are made after the pages
    assert tracker.used == {}


def test_nav_facts_keep_title_tags_and_first_heading_only():
    page = "---\ntitle: T\ndescription: D\ntags:\n  - x\n  - y\nreading_time: 3\n---\n\n# Heading\n\nText\n"
    assert deps.nav_facts(page) == ("title: T", "tags:", "  - x", "  - y", "# Heading")
    assert deps.nav_facts(page.replace("description: D", "description: E")) == deps.nav_facts(page)
    assert deps.nav_facts(page.replace("  - y", "  - z")) != deps.nav_facts(page)


def test_the_macros_name_the_files_each_page_is_made_from(tmp_path):
    """The real render functions report the files a page shows, nothing more, to the
    `record` they are handed (the plugin hands in its tracker's under `make serve`)."""
    library = load_library(ROOT)
    known = load_workshops(ROOT, library)
    tracker = deps.Tracker()
    record = tracker.uses
    exercise = next(e for e in library if e.get("related"))
    tracker.start_page("exercises/x.md")
    exercise_pages.render_exercise_page(ROOT / "templates", exercise, library, Links("exercises/x/"), record=record)
    assert tracker.used["exercises/x.md"] == {exercise.file, *(f"exercises/{r}.yml" for r in exercise["related"])}

    tracker.start_page("exercises/index.md")
    exercise_pages.render_index(ROOT / "templates", library, Links("exercises/"), record=record)
    assert tracker.used["exercises/index.md"] == {"exercises/*.yml", *(e.file for e in library)}

    workshop = next(iter(known.values()))
    tracker.start_page("workshops/w.md")
    workshop_pages.render_workshop_page(ROOT / "templates", workshop, library, Links("workshops/w/"), record=record)
    assert tracker.used["workshops/w.md"] == {workshop.file, *(f"exercises/{i}.yml" for i in workshop.exercise_ids)}

    tracker.start_page("workshops/index.md")
    workshop_pages.render_workshop_index(ROOT / "templates", known, library, Links("workshops/"), record=record)
    assert "exercises/workshops/*.yml" in tracker.used["workshops/index.md"]
    assert {w.file for w in known.values()} <= tracker.used["workshops/index.md"]


def test_a_plain_build_records_nothing():
    """Without a tracker, the renderers' default `record` keeps nothing anywhere."""
    library = load_library(ROOT)
    tracker = deps.Tracker()
    tracker.start_page("exercises/index.md")
    exercise_pages.render_index(ROOT / "templates", library, Links("exercises/"))
    assert tracker.used == {"exercises/index.md": set()}


def test_the_preview_copies_each_pdf_of_the_last_full_build_once(tmp_path):
    """serve keeps its site folder, so a save must not copy every PDF again."""
    from macros.pdf import build as pdf_build
    from macros.pdf.cache import PdfCache

    cache = PdfCache(tmp_path / "cache")
    cache.put("ab12", b"%PDF-1.7 one")
    cache.write_manifest({"pdf/worksheets/x-a4.pdf": "ab12"})
    site = tmp_path / "site"
    assert pdf_build.copy_last_build(tmp_path, site, tmp_path / "cache") == 1
    assert (site / "pdf/worksheets/x-a4.pdf").read_bytes() == b"%PDF-1.7 one"
    assert pdf_build.copy_last_build(tmp_path, site, tmp_path / "cache") == 0
    # A new full build changes the entry: the preview copies the new PDF.
    cache.put("cd34", b"%PDF-1.7 two")
    cache.write_manifest({"pdf/worksheets/x-a4.pdf": "cd34"})
    assert pdf_build.copy_last_build(tmp_path, site, tmp_path / "cache") == 1
    assert (site / "pdf/worksheets/x-a4.pdf").read_bytes() == b"%PDF-1.7 two"
    # A folder emptied by a clean rebuild gets its PDFs again.
    (site / "pdf/worksheets/x-a4.pdf").unlink()
    assert pdf_build.copy_last_build(tmp_path, site, tmp_path / "cache") == 1
