"""The Common Ground plugin: the build's state, and one method per MkDocs event.

The build's state lives on this plugin object: the kit (`self.kit`, loaded
once per build in on_config), the generated pages (`self.pages`), the guides,
tags, glossary and ledger (`self.guides`), the dates of last change
(`self.dates`) and the preview's tracker (`self.preview`). MkDocs keeps the
object for the whole process (it has on_startup), so a `make serve` rebuild
finds the preview's record of the last build; everything that belongs to one
build is set afresh in on_config. To add a hook, add an on_* method here that
calls a plain helper of this folder with the kit, the page and the config.

The order of events matters where other plugins read what these methods
write, so each method carries its priority (MkDocs runs higher first; at
equal priority, plugins in mkdocs.yml's order, and this one is listed last).
tests/unit/test_plugin_events.py states the whole order.
"""

from __future__ import annotations

import gc
import logging
import pathlib

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from .. import templating
from ..kit import checkout, history
from ..kit import kit as kit_loader
from ..kit.links import Links
from ..web import assets
from . import (
    booklet_step,
    errors,
    generated,
    guide_pages,
    kit_macros,
    offline,
    pages,
    pdf_step,
    publishing,
    social_cards,
)
from .config import CommonGroundConfig
from .preview import Preview

log = logging.getLogger("mkdocs.plugins.common_ground")


class CommonGroundPlugin(BasePlugin[CommonGroundConfig]):
    """Builds the kit's pages and PDFs from its YAML, and checks what the build reads."""

    def __init__(self):
        self.preview = Preview(dirty=False)  # `make serve` replaces it in on_startup
        self.kit = None  # the build's exercises and workshops (macros/kit/kit.py)
        self.pages: dict = {}  # src_uri -> generated page of an exercise or workshop
        self.guides = None  # tags, tooltips, reading path, ledger (guide_pages.Guides)
        self.dates = history.Dates()  # dates of last change, and the pages history could not date
        self.offline_pages: set = set()  # the offline copy's page files (empty in the hosted build)
        self.guide_html: dict = {}  # src_uri -> a guide's body HTML as converted, for the booklets
        self.booklets = None  # what the booklet step made (macros/plugin/booklet_step.py)
        self.serving = False  # `make serve`: this object lives through every rebuild

    def on_startup(self, *, command, dirty):
        """Once per process; defining it makes MkDocs keep this object across `make serve` rebuilds."""
        self.preview = Preview(dirty=bool(dirty))
        self.serving = command == "serve"

    # --- config -------------------------------------------------------------------

    @event_priority(100)  # before any plugin reads a file: mkdocs-macros, the social plugin's layouts
    def _check_checkout(self, config):
        found = checkout.link_problems(pathlib.Path(config.config_file_path).parent)
        if found:
            raise errors.kit_error("\n".join(found))
        # Fingerprints before the kit is read, so a save during the load is seen next time.
        self.preview.start_build(pathlib.Path(config.config_file_path).parent)
        return config

    @event_priority(0)  # after mkdocs-macros (the macros go into its environment) and the social plugin
    def _load(self, config):
        root = pathlib.Path(config.config_file_path).parent
        # Templates are checked for edits here, once a build (templating.refresh).
        templating.refresh(root / "templates")
        try:
            self.kit = kit_loader.load(root, config.docs_dir)
        except kit_macros.KIT_PROBLEMS as err:
            raise errors.kit_error(str(err)) from None
        # The loaded kit lives as long as the build. Python's cycle collector
        # would walk all of it again and again while pages are rendered (about
        # 1 s of a 1,000-exercise build); frozen, it is left out of those walks
        # until the build's last step gives it back (docs/about/performance.md).
        gc.freeze()
        kit_macros.log_unreached(self.kit, log)
        kit_macros.register(config.plugins["macros"], self, config)
        self.pages = generated.pages(self.kit)
        config.nav = generated.nav_with_pages(config.nav, self.pages)
        self.guides = guide_pages.load(self.kit, config.nav)
        publishing.check_setting(config, self.config.release)
        social_cards.use_kit_fonts(config)
        offline.configure(config)
        self.dates = history.Dates()
        self.guide_html, self.booklets = {}, None
        return config

    on_config = CombinedEvent(_check_checkout, _load)

    # --- files and navigation ---------------------------------------------------------

    @event_priority(0)
    def _add_generated(self, files, config):
        generated.add_files(files, config, self.pages, self.kit)
        return files

    @event_priority(-100)  # after every plugin has added its files
    def _mark_changed(self, files, config):
        self.preview.mark_changed(files, config)
        self.offline_pages = offline.page_files(files, config)
        return files

    on_files = CombinedEvent(_add_generated, _mark_changed)

    def on_nav(self, nav, config, files):
        self.preview.give_back_titles(files, config)
        return nav

    # --- pages ----------------------------------------------------------------------

    def on_pre_page(self, page, config, files):
        self.preview.start_page(page.file.src_uri)
        return page

    def on_page_read_source(self, page, config):
        """Every page passes the kit's reader before MkDocs parses it."""
        return generated.read_source(page, config, self.pages.get(page.file.src_uri))

    @event_priority(120)  # the page as written, before anything else changes its Markdown
    def _check_includes(self, markdown, page, config, files):
        found = pages.include_problems(markdown, page, config)
        if found:
            raise errors.kit_error("\n".join(found))
        return markdown

    @event_priority(100)  # before mkdocs-macros reads the title, and before the tags plugin reads the tags
    def _generated_body(self, markdown, page, config, files):
        made = self.pages.get(page.file.src_uri)
        if made is not None:
            markdown = generated.body(made, page, config, self.kit, self.preview.record)
        generated.inert_front_matter(page)
        return markdown

    @event_priority(0)  # after mkdocs-macros has rendered the page
    def _guide_and_date(self, markdown, page, config, files):
        markdown = guide_pages.prepare(
            markdown, page, self.kit, self.guides, self.preview.record, Links.of(page, config)
        )
        shown = pages.revision_date(self.dates, page)
        if shown is not None:
            page.meta["revision_date"] = shown
        return markdown

    on_page_markdown = CombinedEvent(_check_includes, _generated_body, _guide_and_date)

    def on_page_content(self, html, page, config, files):
        self.preview.page_read(page)
        booklet_step.keep(self.guide_html, page, html, self.guides)
        return guide_pages.finish(html, page, self.kit, self.guides, Links.of(page, config))

    @event_priority(110)  # before the tags plugin renders its listings with this environment
    def on_env(self, env, config, files):
        """Every page is converted and none written yet: the booklets, whose page counts their links show."""
        self.preview.pages_read()
        self.booklets = booklet_step.make(self.kit, config, self.guides, self.guide_html)
        booklet_step.fill(files, self.booklets)
        return env

    def on_page_context(self, context, page, config, nav):
        self.preview.page_written(page)
        guide_pages.next_page(page, nav, self.guides)
        page.edit_url = publishing.edit_url(config, page.file.src_uri)
        return context

    def on_post_page(self, output, page, config):
        """In the offline copy, links to folders lead to page files instead; no indentation between tags."""
        return assets.compact_html(offline.point_links_at_files(output, page, self.offline_pages))

    # --- the end of a build ---------------------------------------------------------

    def on_post_build(self, config):
        """The composer's data files, the kit's scripts and stylesheets minified, every PDF, then the preview's record."""
        gc.unfreeze()
        pdf_step.write_kit_data(self.kit, config)
        assets.minify(config["docs_dir"], config["site_dir"])
        pdf_step.make_pdfs(self.kit, config, self.booklets.earlier if self.booklets else None)
        self.preview.finish_build(config)
        said = self.dates.summary()
        if said:
            log.getChild("dates").info(said)
        self._collect()

    def on_build_error(self, error):
        gc.unfreeze()
        self.preview.build_failed()
        self._collect()

    def _collect(self):
        """Under `make serve`, the last build's garbage collected once it is done.

        After gc.freeze() and gc.unfreeze() the collector's count of old objects
        no longer sees them, so its full collection never came and each rebuild
        left 1 to 5 MB behind (tests/benchmarks/serve_soak.py: 155 to 273 MB in
        50 saves; with this, 0.5 MB in 20). A one-off build just exits."""
        if self.serving:
            gc.collect()

    def on_serve(self, server, config, builder):
        self.preview.poll_faster(server)
        return server
