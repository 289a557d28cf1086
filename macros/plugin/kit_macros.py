"""The kit's macros, registered with mkdocs-macros by the plugin.

A page whose front matter says `render_macros: true` may call these, and
nothing else, in Jinja's sandbox (macros/plugin/sandbox.py). Each takes what it
shows from the build's kit, held by the plugin (`plugin.kit`,
`plugin.guides`) and loaded once in on_config; mkdocs-macros' plugin object gives
the page being rendered (its `page`). docs/about/conventions.md lists them.
"""

from __future__ import annotations

import functools

from ..kit import checkup, claims, exercises, workshops
from ..kit.links import Links
from ..kit.problems import KitProblem, where
from ..web import (
    booklets,
    checkup_page,
    checkup_paper_page,
    citations,
    composer_page,
    exercise_pages,
    generated,
    glossary,
    guides,
    reading_lists,
    tracks,
    workshop_pages,
)
from . import errors, sandbox

# What a maintainer fixes in a kit file: one family (macros/kit/problems.py).
KIT_PROBLEMS = KitProblem


def register(macros, plugin, config) -> None:
    """Give mkdocs-macros (`macros`, its plugin object, after its on_config) the
    kit's macros, and render pages that opt in inside the sandbox."""
    Macros(macros, plugin, config).register()


class Macros:
    """The macros of one build: each reads the kit from the plugin and the page from mkdocs-macros."""

    def __init__(self, macros, plugin, config):
        self.macros, self.plugin, self.config = macros, plugin, config
        # mkdocs-macros prints a traceback for any exception a macro raises, so a
        # page naming an unknown exercise or workshop is noted here and stops the
        # build cleanly once the page is rendered (stop_on_unknown_ids).
        self.unknown: list = []

    def register(self) -> None:
        names = (
            "worksheet",
            "exercise_index",
            "workshop",
            "workshop_index",
            "reading_path",
            "guide_list",
            "onboarding_track",
            "glossary_entries",
            "claims_table",
            "claims_audit",
            "composer",
            "checkup",
            "checkup_paper",
            "booklet_downloads",
        )
        self.macros.register_macros({name: self._guarded(getattr(self, name)) for name in names})
        self.macros.post_macro_functions.append(self.stop_on_unknown_ids)
        # Pages that opt in run these macros in Jinja's sandbox, and nothing else.
        sandbox.lock_down(self.macros)

    # --- what every macro shares ---------------------------------------------------

    @property
    def kit(self):
        return self.plugin.kit

    @property
    def page(self):
        return self.macros.page

    @property
    def links(self) -> Links:
        """The links of the page being rendered (macros/kit/links.py)."""
        return Links.of(self.page, self.config)

    @property
    def record(self):
        return self.plugin.preview.record

    def _guarded(self, fn):
        """fn, where any other kit problem stops the build naming the page,
        as its message alone (macros/plugin/errors.py), never as a traceback."""

        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except KIT_PROBLEMS as err:
                raise errors.macro_error(str(err), file=f"docs/{self.page.file.src_uri}") from None

        return run

    def _found(self, lookup, item_id):
        """An exercise or workshop by id, or None when the page names an unknown one."""
        try:
            return lookup(item_id)
        except exercises.ExerciseError as err:
            self.unknown.append(
                where(f"docs/{self.page.file.src_uri}", _line_naming(self.page, item_id))
                + f"{err.problems[0].message}; fix the id in this page"
            )
            return None

    def stop_on_unknown_ids(self, macros):
        if self.unknown:
            message, self.unknown[:] = "\n".join(self.unknown), []
            raise errors.kit_error(message)

    def _page_body(self, kind, item) -> str:
        """The body of an exercise or workshop page, as generated pages get it."""
        kit = self.kit
        body, self.page.meta["description"] = generated.render_body(
            kit.templates, kind, item, kit.library, self.links, self.record
        )
        return body

    def _reading_path(self) -> list:
        return guides.reading_path(self.config["nav"])

    # --- the macros ----------------------------------------------------------------

    def worksheet(self, exercise_id: str) -> str:
        """The whole body of an exercise page: facilitator view and worksheet."""
        exercise = self._found(self.kit.library.__getitem__, exercise_id)
        return "" if exercise is None else self._page_body("exercise", exercise)

    def exercise_index(self) -> str:
        """The exercise library table with its tag filter."""
        kit = self.kit
        return exercise_pages.render_index(kit.templates, kit.library, self.links, self.record)

    def workshop(self, workshop_id: str) -> str:
        """The body of a workshop page: agenda with clock times, preparation, packs."""
        chosen = self._found(lambda i: workshops.by_id(self.kit.workshops, i), workshop_id)
        return "" if chosen is None else self._page_body("workshop", chosen)

    def workshop_index(self) -> str:
        """Every workshop with its length and its PDF packs."""
        kit = self.kit
        return workshop_pages.render_workshop_index(kit.templates, kit.workshops, kit.library, self.links, self.record)

    def reading_path(self) -> str:
        """The onboarding path: every guide in nav order, with minutes, from front matter."""
        return reading_lists.reading_path(
            self.kit.templates, self.kit.docs_dir, self.links, self._reading_path(), self.record
        )

    def guide_list(self, section: str) -> str:
        """The guides of one playbook section of the nav, with their descriptions."""
        pages = dict(guides.sections(self.config["nav"])).get(section)
        if not pages:
            raise errors.macro_error(
                f"guide_list('{section}'): no such playbook section in the nav", file=f"docs/{self.page.file.src_uri}"
            )
        return reading_lists.guide_list(self.kit.templates, self.kit.docs_dir, self.links, pages, self.record)

    def onboarding_track(self) -> str:
        """A track page: its words, reading order, first week and later guides, from its front matter."""
        kit = self.kit
        return tracks.render_track(kit.docs_dir, kit.templates, self.links, self._reading_path(), self.record)

    def glossary_entries(self) -> str:
        """Every glossary term; the tooltips come from the same list (macros/plugin/guide_pages.py)."""
        kit = self.kit
        path_titles = {src: reading_lists.page_entry(kit.docs_dir, src)["title"] for src in self._reading_path()}
        terms = glossary.load(kit.docs_dir)
        return glossary.render_page(kit.templates, terms, self.links, path_titles)

    def claims_table(self, article: str) -> str:
        """The sources page: every claim resting on one article, where it stands and on which lines."""
        kit = self.kit
        return citations.article_claims(
            kit.templates, claims.load(kit.root), article, self.links, kit.docs_dir, kit.titles()
        )

    def claims_audit(self) -> str:
        """The sources page's audit section, generated from the claims ledger."""
        kit = self.kit
        return citations.audit(kit.templates, claims.load(kit.root), self.links, kit.docs_dir, kit.titles())

    def composer(self) -> str:
        """The workshop composer and its run mode (docs/workshops/compose.md)."""
        kit = self.kit
        return composer_page.render(kit.templates, kit.library, self.links, self.record)

    def checkup(self) -> str:
        """The team check-up: statements, result, team view (docs/workshops/checkup.md)."""
        kit = self.kit
        areas = kit.checkup["areas"]
        pages = {a["guide"] for a in areas} | {g for a in areas for g in a.get("also_read", [])}
        titles = {src: reading_lists.front_matter(kit.docs_dir / src).data["title"] for src in pages}
        return checkup_page.render(
            kit.templates,
            kit.checkup,
            kit.library,
            kit.workshops,
            titles,
            self.links,
            self.record,
        )

    def checkup_paper(self) -> str:
        """The paper check-up's downloads and tally form (docs/workshops/checkup-paper.md)."""
        kit = self.kit
        return checkup_paper_page.render(kit.templates, kit.checkup, kit.docs_dir, self.links, self.record)

    def booklet_downloads(self) -> str:
        """The download links of the booklet a track page or the playbook page prints (macros/web/booklets.py)."""
        return booklets.render_downloads(self.kit.templates, self.page.file.src_uri, self.links)


def log_unreached(kit, log) -> None:
    """The build log lists the guides and exercises no check-up area points to."""
    guides_left, exercise_ids = checkup.unreached(
        kit.checkup, checkup.guide_pages(kit.docs_dir), [ex.id for ex in kit.library]
    )
    for kind, names in (("guides", guides_left), ("exercises", exercise_ids)):
        if names:
            log.getChild("checkup").info(
                "%s: %s no check-up area points to: %s", checkup.CHECKUP_FILE, kind, ", ".join(names)
            )


def _line_naming(page, item_id: str) -> int:
    """The line of the page's source that names `item_id` (1 when none does)."""
    try:
        with open(page.file.abs_src_path, encoding="utf-8") as source:
            return next((n for n, line in enumerate(source, 1) if item_id in line), 1)
    except (OSError, TypeError, UnicodeDecodeError):
        return 1  # a generated page has no file to look in
