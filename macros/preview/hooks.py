"""MkDocs hooks (mkdocs.yml `hooks:`) for a preview that rebuilds only what a save affects.

`make serve` runs `mkdocs serve --dirty`. These hooks tell MkDocs which
pages changed when the change is not in the page's own Markdown: an edited
exercise YAML, a guide whose front matter a reading list shows. The decision
lives in preview_deps.py; here it is applied to MkDocs' objects. Nothing here
imports MkDocs: the objects MkDocs passes in are only read and given
attributes, so a plain build (`make site`) is unaffected apart from noting
which files each page used.

What a dirty build would otherwise get wrong, and how it is put right:
- pages it does not read have no title, so the navigation of the pages it
  does rebuild would show blank entries: their title and meta from the last
  build they were read in are given back (on_nav);
- the tags page lists every page by tag and a rebuilt page links its tags to
  it: the tags page is read in every build but written only in a full one;
- the search index would hold only the rebuilt pages: the rest are kept from
  the previous index (on_post_build);
- MkDocs warns that a dirty build may have inaccurate navigation, a warning
  that aborts every strict build: it is logged as information instead, since
  the points above are what it warns about.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import pathlib
import sys

log = logging.getLogger("mkdocs.plugins.common_ground.preview")
_PROJECT = pathlib.Path(__file__).resolve().parent.parent.parent
DIRTY_WARNING = "A 'dirty' build is being performed"


def _deps():
    """macros.preview.deps, the same module object the macros record into."""
    if str(_PROJECT) not in sys.path:
        sys.path.insert(0, str(_PROJECT))
    return importlib.import_module("macros.preview.deps")


class _Build:
    """Facts about the build in progress."""

    dirty = False
    root = None
    site_wide = ()
    facts: dict = {}
    populate_only: set = set()
    rebuilt_urls: set = set()
    old_search = None


_build = _Build()


def _priority(value):
    # What mkdocs.plugins.event_priority does, without importing MkDocs.
    def mark(handler):
        handler.mkdocs_priority = value
        return handler

    return mark


class _DirtyNotice(logging.Filter):
    """Turns MkDocs' dirty-build warning into information (see the module docstring)."""

    def filter(self, record):
        if record.levelno == logging.WARNING and str(record.msg).startswith(DIRTY_WARNING):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg = (
                "Preview: rebuilding only the pages whose files changed "
                "(macros/preview/hooks.py); `make site` makes a full strict build"
            )
            record.args = ()
        return True


def on_startup(command, dirty=False, **kwargs):
    _build.dirty = bool(dirty)
    build_log = logging.getLogger("mkdocs.commands.build")
    if _build.dirty and not any(isinstance(f, _DirtyNotice) for f in build_log.filters):
        build_log.addFilter(_DirtyNotice())


@_priority(100)  # before mkdocs-macros loads the exercises, so a save during the load is seen next time
def on_config(config, **kwargs):
    _build.root = pathlib.Path(config["config_file_path"]).parent
    _build.facts, _build.populate_only, _build.rebuilt_urls = {}, set(), set()
    if _build.dirty:
        _deps().TRACKER.start_build(_build.root)
        _build.site_wide = _deps().site_wide(_build.root)
    return config


def _always():
    return True


def _never():
    return False


def _read_until_written(file):
    """True while pages are read, False once they are written: the tags page."""
    return lambda: not getattr(file, "_cg_reading_done", False)


@_priority(-100)  # after every plugin has added its files
def on_files(files, config, **kwargs):
    if not _build.dirty:
        return files  # a full build reads and writes every page anyway
    deps = _deps()
    pages = list(files.documentation_pages())
    listings = set()
    for file in pages:
        try:
            text = file.content_string  # generated pages (macros/hooks.py) have no file
        except ValueError:
            # Not UTF-8: seen as changed, so the page is read again, where
            # macros/hooks.py refuses it naming the file, the line and the byte.
            text = "\0unreadable"
        _build.facts[file.src_uri] = deps.nav_facts(text)
        if deps.TAG_LISTING in text:
            listings.add(file.src_uri)
    previous = deps.TRACKER.records.get(config["site_dir"])
    plan, why = deps.pages_to_rebuild(previous, _build.root, _build.site_wide, _build.facts)
    _build.old_search = _read_search_index(config["site_dir"])
    for plugin in config["plugins"].values():
        # Material's search carries its last index into a dirty build but
        # drops the old entries of only one rebuilt page; start it empty and
        # merge here instead (on_post_build).
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None
    if plan == deps.EVERYTHING:
        for file in pages:
            file.is_modified = _always
        log.info(f"Preview: rebuilding every page ({why})")
        return files
    for file in pages:
        if file.src_uri in plan:
            file.is_modified = _always
        elif file.generated_by is not None:
            # MkDocs counts a generated file as modified on every build; it
            # changes only when its YAML does, which the plan above knows.
            file.is_modified = _never
        elif file.src_uri in listings:
            file.is_modified = _read_until_written(file)
            _build.populate_only.add(file)
    if plan:
        log.info(
            f"Preview: rebuilding {len(plan)} page{'s' if len(plan) != 1 else ''} whose files "
            f"changed: {', '.join(sorted(plan)[:5])}{' ...' if len(plan) > 5 else ''}"
        )
    return files


def on_nav(nav, config, files, **kwargs):
    """Give pages that will not be read the title and meta of their last reading."""
    if not _build.dirty:
        return nav
    record = _deps().TRACKER.records.get(config["site_dir"])
    shown = record.shown if record else {}
    for file in files.documentation_pages():
        page = file.page
        if page is None or file.is_modified() or file.src_uri not in shown:
            continue
        title, meta = shown[file.src_uri]
        if page.title is None:
            page.title = title
        page.meta = dict(meta)
    return nav


def on_pre_page(page, config, files, **kwargs):
    if _build.dirty:
        _deps().TRACKER.start_page(page.file.src_uri)
    return page


def on_page_content(html, page, config, files, **kwargs):
    tracker = _deps().TRACKER
    tracker.shown[page.file.src_uri] = (page.title, dict(page.meta))
    tracker.current = None
    return html


@_priority(110)  # before the tags plugin renders its listings with this environment
def on_env(env, config, files, **kwargs):
    # Every page has been read; the tags page's listing is built from them.
    for file in _build.populate_only:
        file._cg_reading_done = True
    return env


def on_page_context(context, page, config, nav, **kwargs):
    _build.rebuilt_urls.add(page.url)
    return context


def on_post_build(config, **kwargs):
    if not _build.dirty:
        return
    _deps().TRACKER.finish_build(_build.root, config["site_dir"], _build.site_wide, _build.facts)
    if _build.old_search is not None:
        _merge_search_index(config["site_dir"], _build.old_search, _build.rebuilt_urls)


# MkDocs polls the watched folders every 0.5 s and offers no option for it;
# half a second of a 1.5 s budget is spent waiting to notice a save. 0.2 s
# keeps the wait short and a poll of a few hundred files stays cheap.
PREVIEW_POLL_SECONDS = 0.2


def on_serve(server, config, builder=None, **kwargs):
    """Poll for saves more often under `make serve`.

    The interval lives on watchdog's observer (for folders watched later, such
    as mkdocs.yml's `watch:`) and on each emitter already running. Both are
    private attributes: if a new MkDocs or watchdog drops them, the preview
    keeps MkDocs' own interval, and test_preview_hooks says so.
    """
    observer = getattr(server, "observer", None)
    if _build.dirty and hasattr(observer, "_timeout"):
        observer._timeout = PREVIEW_POLL_SECONDS
        for emitter in getattr(observer, "emitters", ()):
            if hasattr(emitter, "_timeout"):
                emitter._timeout = PREVIEW_POLL_SECONDS
    return server


def on_build_error(error, **kwargs):
    # The record stays that of the last finished build, so every page whose
    # files changed since then is rebuilt next time.
    _deps().TRACKER.current = None


# --- Search index -----------------------------------------------------------


def _search_path(site_dir) -> pathlib.Path:
    return pathlib.Path(site_dir) / "search" / "search_index.json"


def _read_search_index(site_dir):
    try:
        return json.loads(_search_path(site_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _merge_search_index(site_dir, old: dict, rebuilt: set) -> None:
    """The previous index, with the entries of rebuilt pages replaced.

    Material's search plugin keeps entries across dirty builds only when one
    page was rebuilt; a YAML edit can rebuild several (the exercise, the
    library, a workshop).
    """
    new = _read_search_index(site_dir)
    if new is None or "docs" not in new:
        return

    def page_of(entry):
        return entry.get("location", "").split("#")[0]

    docs = [e for e in old.get("docs", []) if page_of(e) not in rebuilt]
    docs += [e for e in new["docs"] if page_of(e) in rebuilt]
    new["docs"] = docs
    path = _search_path(site_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(new, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)
