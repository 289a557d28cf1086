"""Entry point that mkdocs-macros loads (``module_name: macros``).

This file only registers. The layers below it import one way (an
import-linter contract in pyproject.toml checks it), and none imports MkDocs:
- macros/kit: YAML files turned into checked objects;
- macros/templating.py: the one Jinja environment and the link helper;
- macros/web: bodies of web pages; macros/pdf: the PDFs;
- macros/preview: `make serve` rebuilding only what a save affects.
macros/hooks.py makes a page for every exercise and workshop YAML file.
macros/errors.py is how a problem in a kit file leaves: as its message alone.
macros/sandbox.py is what a page's template can reach: the macros below, its front matter.
"""


def define_env(env):
    """Load the kit's YAML once for this build, then register the macros and the PDF step."""
    import functools
    import gc
    import pathlib

    from . import errors, sandbox, templating
    from .kit import checkup, claims, exercises, loaded, workshops
    from .pdf import build as pdf_build
    from .web import (
        checkup_paper_page,
        citations,
        composer_data,
        composer_page,
        exercise_pages,
        generated,
        glossary,
        guides,
        reading_lists,
        tracks,
        workshop_pages,
    )

    # What a maintainer fixes in a kit file (WorkshopError is an ExerciseError).
    kit_problems = (exercises.ExerciseError, reading_lists.GuideError, pdf_build.PdfError, claims.LedgerError)

    root = pathlib.Path(env.conf["config_file_path"]).parent
    docs_dir = env.conf["docs_dir"]
    templates = root / "templates"
    directory_urls = env.conf["use_directory_urls"]

    # Loaded once per build, before any page: a broken file fails at once,
    # listing every problem. Every macro and the PDF step use these objects.
    # define_env runs again for each build, serve rebuilds included, so
    # edits are seen; unchanged files come from the loaders' per-file cache.
    # Reading makes objects by the hundred thousand at 1,000 exercises, and
    # none of them forms a cycle worth chasing meanwhile: the cycle collector
    # waits until the kit is loaded (about 10 % of a cold load's CPU).
    # Templates are checked for edits here, once a build (templating.refresh).
    templating.refresh(templates)
    gc.disable()
    try:
        library, known = loaded.kit(root, docs_dir, env.conf)
    except kit_problems as err:
        raise errors.kit_error(str(err)) from None
    finally:
        gc.enable()
    try:
        checked = checkup.load(root, docs_dir, library, known)
    except kit_problems as err:
        raise errors.kit_error(str(err)) from None
    _log_unreached(checked, docs_dir, library)
    # The loaded kit lives as long as the build. Python's cycle collector
    # would walk all of it again and again while pages are rendered (about
    # 1 s of a 1,000-exercise build); frozen, it is left out of those walks
    # until the build's last step gives it back (docs/about/performance.md).
    gc.freeze()

    # mkdocs-macros prints a traceback for any exception a macro raises, so a
    # page naming an unknown exercise or workshop is noted here and stops the
    # build cleanly once the page is rendered (stop_on_unknown_ids below).
    unknown = []

    def found(lookup, item_id):
        """An exercise or workshop by id, or None when the page names an unknown one."""
        try:
            return lookup(item_id)
        except exercises.ExerciseError as err:
            unknown.append(
                f"docs/{env.page.file.src_uri}:{_line_naming(env.page, item_id)}: "
                f"{err.problems[0].message}; fix the id in this page"
            )
            return None

    def stop_on_unknown_ids(env):
        if unknown:
            message, unknown[:] = "\n".join(unknown), []
            raise errors.kit_error(message)

    env.post_macro_functions.append(stop_on_unknown_ids)

    def macro(fn):
        """Register fn; any other kit problem inside it stops the build naming the page,
        as its message alone (macros/errors.py), never as a traceback."""

        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except kit_problems as err:
                raise errors.macro_error(f"{env.page.file.src_uri}: {err}") from None

        return env.macro(run)

    def page_body(kind, item) -> str:
        """The body of an exercise or workshop page, as the hooks render generated ones."""
        body, env.page.meta["description"] = generated.render_body(
            templates, kind, item, library, env.page.url, directory_urls
        )
        return body

    @macro
    def worksheet(exercise_id: str) -> str:
        """The whole body of an exercise page: facilitator view and worksheet."""
        exercise = found(library.__getitem__, exercise_id)
        return "" if exercise is None else page_body("exercise", exercise)

    @macro
    def exercise_index() -> str:
        """The exercise library table with its tag filter."""
        return exercise_pages.render_index(templates, library, env.page.url, directory_urls)

    @macro
    def workshop(workshop_id: str) -> str:
        """The body of a workshop page: agenda with clock times, preparation, packs."""
        chosen = found(lambda i: workshops.by_id(known, i), workshop_id)
        return "" if chosen is None else page_body("workshop", chosen)

    @macro
    def workshop_index() -> str:
        """Every workshop with its length and its PDF packs."""
        return workshop_pages.render_workshop_index(templates, known, library, env.page.url, directory_urls)

    @macro
    def reading_path() -> str:
        """The onboarding path: every guide in nav order, with minutes, from front matter."""
        return reading_lists.reading_path(docs_dir, env.page.file.src_path, guides.reading_path(env.conf["nav"]))

    @macro
    def guide_list(section: str) -> str:
        """The guides of one playbook section of the nav, with their descriptions."""
        pages = dict(guides.sections(env.conf["nav"])).get(section)
        if not pages:
            raise errors.macro_error(
                f"{env.page.file.src_path}: guide_list('{section}'): no such playbook section in the nav"
            )
        return reading_lists.guide_list(docs_dir, env.page.file.src_path, pages)

    @macro
    def onboarding_track() -> str:
        """A track page: its words, reading order, first week and later guides, from its front matter."""
        return tracks.render_track(
            docs_dir, templates, env.page.file.src_uri, env.page.url, guides.reading_path(env.conf["nav"])
        )

    @macro
    def glossary_entries() -> str:
        """Every glossary term; the tooltips come from the same list (guide_hooks.py)."""
        path_titles = {
            src: reading_lists.page_entry(pathlib.Path(docs_dir), src)["title"]
            for src in guides.reading_path(env.conf["nav"])
        }
        terms = glossary.load(docs_dir)
        return glossary.render_page(templates, terms, env.page.url, path_titles)

    @macro
    def claims_table(article: str) -> str:
        """The sources page: every claim resting on one article, where it stands and on which lines."""
        return citations.article_claims(
            templates, claims.load(root), article, env.page.url, pathlib.Path(docs_dir), titles
        )

    @macro
    def claims_audit() -> str:
        """The sources page's audit section, generated from the claims ledger."""
        return citations.audit(templates, claims.load(root), env.page.url, pathlib.Path(docs_dir), titles)

    # Exercise and workshop titles by id, for the ledger's links to them.
    titles = {**{ex.id: ex["title"] for ex in library}, **{w.id: w["title"] for w in known.values()}}

    def make_pdfs(env):
        """The build's last step: every worksheet and pack, from the cache where possible."""
        gc.unfreeze()
        try:
            pdf_build.publish(root, env.conf, (library, known), checked)
        except kit_problems as err:
            raise errors.kit_error(str(err)) from None

    @macro
    def checkup_paper() -> str:
        """The paper check-up's downloads and tally form (docs/workshops/checkup-paper.md)."""
        return checkup_paper_page.render(templates, checked, docs_dir, env.page.url, directory_urls)

    @macro
    def composer() -> str:
        """The workshop composer and its run mode (docs/workshops/compose.md)."""
        return composer_page.render(templates, library, env.page.url, directory_urls)

    def write_kit_data(env):
        """The composer's data file, from the same loaded YAML as the pages."""
        target = pathlib.Path(env.conf["site_dir"]) / composer_data.OUTPUT
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(composer_data.script(composer_data.kit_data(templates, library, known)), encoding="utf-8")

    env.post_build_functions.append(write_kit_data)
    env.post_build_functions.append(make_pdfs)
    # Pages that opt in run these macros in Jinja's sandbox, and nothing else.
    sandbox.lock_down(env)


def _log_unreached(checked, docs_dir, library) -> None:
    """The build log lists the guides and exercises no check-up area points to."""
    import logging

    from .kit import checkup

    guides, exercise_ids = checkup.unreached(checked, checkup.guide_pages(docs_dir), [ex.id for ex in library])
    log = logging.getLogger("mkdocs.plugins.common_ground.checkup")
    for kind, names in (("guides", guides), ("exercises", exercise_ids)):
        if names:
            log.info("%s: %s no check-up area points to: %s", checkup.CHECKUP_FILE, kind, ", ".join(names))


def _line_naming(page, item_id: str) -> int:
    """The line of the page's source that names `item_id` (1 when none does)."""
    try:
        with open(page.file.abs_src_path, encoding="utf-8") as source:
            return next((n for n, line in enumerate(source, 1) if item_id in line), 1)
    except (OSError, TypeError, UnicodeDecodeError):
        return 1  # a generated page has no file to look in
