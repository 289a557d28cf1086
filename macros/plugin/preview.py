"""The preview that rebuilds only what a save affects: the plugin's `self.preview`.

`make serve` runs `mkdocs serve --dirty`. The plugin's event methods call
this object to tell MkDocs which pages changed when the change is not in the
page's own Markdown: an edited exercise YAML, a guide whose front matter a
reading list shows. The decision lives in macros/preview/deps.py; here it is
applied to MkDocs' objects, which are only read and given attributes, so a
plain build (`make site`) is unaffected. The object lives as long as the
plugin (the whole `make serve` session); what belongs to one build is set
afresh in `start_build`.

What a dirty build would otherwise get wrong, and how it is put right:
- pages it does not read have no title, so the navigation of the pages it
  does rebuild would show blank entries: their title and meta from the last
  build they were read in are given back (`give_back_titles`);
- the tags page lists every page by tag and a rebuilt page links its tags to
  it: the tags page is read in every build but written only in a full one;
- the search index would hold only the rebuilt pages: the rest are kept from
  the previous index (`finish_build`);
- MkDocs warns that a dirty build may have inaccurate navigation, a warning
  that aborts every strict build: it is logged as information instead, since
  the points above are what it warns about.
"""

from __future__ import annotations

import json
import logging
import os
import pathlib

from ..kit.reads import nothing
from ..preview import deps

log = logging.getLogger("mkdocs.plugins.common_ground.preview")
DIRTY_WARNING = "A 'dirty' build is being performed"

# MkDocs polls the watched folders every 0.5 s and offers no option for it;
# half a second of a 1.5 s budget is spent waiting to notice a save. 0.2 s
# keeps the wait short and a poll of a few hundred files stays cheap.
PREVIEW_POLL_SECONDS = 0.2


class DirtyNotice(logging.Filter):
    """Turns MkDocs' dirty-build warning into information (see the module docstring)."""

    def filter(self, record):
        if record.levelno == logging.WARNING and str(record.msg).startswith(DIRTY_WARNING):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg = (
                "Preview: rebuilding only the pages whose files changed "
                "(macros/plugin/preview.py); `make site` makes a full strict build"
            )
            record.args = ()
        return True


def _always():
    return True


def _never():
    return False


def _read_until_written(file):
    """True while pages are read, False once they are written: the tags page."""
    return lambda: not getattr(file, "_cg_reading_done", False)


class Preview:
    """What `make serve` knows between builds (the tracker's record of each page's
    inputs) and about the build in progress."""

    def __init__(self, dirty: bool = False):
        self.dirty = dirty
        self.tracker = deps.Tracker()
        self.start_build(None)
        if dirty:
            build_log = logging.getLogger("mkdocs.commands.build")
            if not any(isinstance(f, DirtyNotice) for f in build_log.filters):
                build_log.addFilter(DirtyNotice())

    def start_build(self, root) -> None:
        """Forget the last build's facts; under serve, fingerprint the inputs now,
        before the kit is loaded, so a save during the load is seen next time."""
        self.root = pathlib.Path(root) if root is not None else None
        self.site_wide: tuple = ()
        self.facts: dict = {}
        self.populate_only: set = set()
        self.rebuilt_urls: set = set()
        self.old_search = None
        if self.dirty and root is not None:
            self.tracker.start_build(self.root)
            self.site_wide = deps.site_wide(self.root)

    @property
    def record(self):
        """The `record` callable handed to the renderers: the tracker's under serve."""
        return self.tracker.uses if self.dirty else nothing

    def mark_changed(self, files, config) -> None:
        """Tell MkDocs which pages to read and write again (after every plugin has added its files)."""
        if not self.dirty:
            return  # a full build reads and writes every page anyway
        pages = list(files.documentation_pages())
        listings = set()
        for file in pages:
            try:
                text = file.content_string  # generated pages have no file
            except ValueError:
                # Not UTF-8: seen as changed, so the page is read again, where
                # the plugin refuses it naming the file, the line and the byte.
                text = "\0unreadable"
            self.facts[file.src_uri] = deps.nav_facts(text)
            if deps.TAG_LISTING in text:
                listings.add(file.src_uri)
        previous = self.tracker.records.get(config["site_dir"])
        plan, why = deps.pages_to_rebuild(previous, self.root, self.site_wide, self.facts)
        self.old_search = _read_search_index(config["site_dir"])
        for plugin in config["plugins"].values():
            # Material's search carries its last index into a dirty build but
            # drops the old entries of only one rebuilt page; start it empty and
            # merge here instead (finish_build).
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None
        if plan == deps.EVERYTHING:
            for file in pages:
                file.is_modified = _always
            log.info(f"Preview: rebuilding every page ({why})")
            return
        for file in pages:
            if file.src_uri in plan:
                file.is_modified = _always
            elif file.generated_by is not None:
                # MkDocs counts a generated file as modified on every build; it
                # changes only when its YAML does, which the plan above knows.
                file.is_modified = _never
            elif file.src_uri in listings:
                file.is_modified = _read_until_written(file)
                self.populate_only.add(file)
        if plan:
            log.info(
                f"Preview: rebuilding {len(plan)} page{'s' if len(plan) != 1 else ''} whose files "
                f"changed: {', '.join(sorted(plan)[:5])}{' ...' if len(plan) > 5 else ''}"
            )

    def give_back_titles(self, files, config) -> None:
        """Give pages that will not be read the title and meta of their last reading."""
        if not self.dirty:
            return
        record = self.tracker.records.get(config["site_dir"])
        shown = record.shown if record else {}
        for file in files.documentation_pages():
            page = file.page
            if page is None or file.is_modified() or file.src_uri not in shown:
                continue
            title, meta = shown[file.src_uri]
            if page.title is None:
                page.title = title
            page.meta = dict(meta)

    def start_page(self, src: str) -> None:
        if self.dirty:
            self.tracker.start_page(src)

    def page_read(self, page) -> None:
        self.tracker.shown[page.file.src_uri] = (page.title, dict(page.meta))
        self.tracker.current = None

    def pages_read(self) -> None:
        """Every page has been read; the tags page's listing is built from them."""
        for file in self.populate_only:
            file._cg_reading_done = True

    def page_written(self, page) -> None:
        self.rebuilt_urls.add(page.url)

    def finish_build(self, config) -> None:
        if not self.dirty:
            return
        self.tracker.finish_build(self.root, config["site_dir"], self.site_wide, self.facts)
        if self.old_search is not None:
            _merge_search_index(config["site_dir"], self.old_search, self.rebuilt_urls)

    def build_failed(self) -> None:
        # The record stays that of the last finished build, so every page whose
        # files changed since then is rebuilt next time.
        self.tracker.current = None

    def poll_faster(self, server) -> None:
        """Poll for saves more often under `make serve`.

        The interval lives on watchdog's observer (for folders watched later, such
        as mkdocs.yml's `watch:`) and on each emitter already running. Both are
        private attributes: if a new MkDocs or watchdog drops them, the preview
        keeps MkDocs' own interval, and test_preview_hooks says so.
        """
        observer = getattr(server, "observer", None)
        if self.dirty and hasattr(observer, "_timeout"):
            observer._timeout = PREVIEW_POLL_SECONDS
            for emitter in getattr(observer, "emitters", ()):
                if hasattr(emitter, "_timeout"):
                    emitter._timeout = PREVIEW_POLL_SECONDS


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

    # Each rebuilt page's entries go where the page stood, so the index reads
    # as a clean build's, order included; a page new since then comes last.
    fresh: dict = {}
    for entry in new["docs"]:
        if page_of(entry) in rebuilt:
            fresh.setdefault(page_of(entry), []).append(entry)
    docs = []
    for entry in old.get("docs", []):
        page = page_of(entry)
        if page not in rebuilt:
            docs.append(entry)
        elif page in fresh:
            docs += fresh.pop(page)
    new["docs"] = docs + [entry for entries in fresh.values() for entry in entries]
    path = _search_path(site_dir)
    tmp = path.with_suffix(".tmp")
    # Written as Material writes it (material/plugins/search/plugin.py), so the bytes match a clean build's.
    tmp.write_text(json.dumps(new, separators=(",", ":"), default=str), encoding="utf-8")
    os.replace(tmp, path)
