"""Entry point that mkdocs-macros loads (``module_name: macros``).

This file only registers things. Loading, validating and rendering live in
plain modules beside it, so they can be tested without MkDocs; every MkDocs
import stays inside define_env.
"""


def define_env(env):
    """Load the kit's YAML once for this build, then register the macros and the PDF step."""
    import pathlib

    from mkdocs.exceptions import PluginError

    from . import exercises, onboarding, page_checks, pdf_build, render, workshop_pages, workshops

    root = pathlib.Path(env.conf["config_file_path"]).parent
    docs_dir = env.conf["docs_dir"]
    templates = root / "templates"
    directory_urls = env.conf["use_directory_urls"]

    # Loaded once per build, before any page: a broken file fails at once,
    # listing every problem. Every macro and the PDF step use these objects;
    # loading per call re-validated the library several times a build
    # (docs/about/performance.md). define_env runs again for each build,
    # serve rebuilds included, so edits are seen; unchanged files come from
    # the loaders' per-file cache.
    try:
        library = exercises.load_library(root, pathlib.Path(docs_dir))
        known = workshops.load_workshops(root, library)
    except exercises.ExerciseError as err:  # WorkshopError is one too
        raise PluginError(str(err)) from None

    def checked(check, *args):
        """Run a page check; a page out of step with its YAML stops the build."""
        try:
            return check(*args)
        except page_checks.PageMismatch as err:
            raise PluginError(str(err)) from None

    @env.macro
    def worksheet(exercise_id: str) -> str:
        """The whole body of an exercise page: facilitator view and worksheet."""
        exercise = library[exercise_id]
        checked(page_checks.exercise_page, env.page, exercise)
        # The summary is the meta description, written once in the YAML.
        env.page.meta["description"] = render.meta_description(exercise)
        return render.render_exercise_page(templates, exercise, library, env.page.url, directory_urls)

    @env.macro
    def exercise_index() -> str:
        """The exercise library table with its tag filter."""
        return render.render_index(templates, library, env.page.url, directory_urls)

    @env.macro
    def workshop(workshop_id: str) -> str:
        """The body of a workshop page: agenda with clock times, preparation, packs."""
        chosen = checked(page_checks.workshop_page, env.page, workshop_id, known)
        env.page.meta["description"] = render.meta_description(chosen)
        return workshop_pages.render_workshop_page(templates, chosen, library, env.page.url, directory_urls)

    @env.macro
    def workshop_index() -> str:
        """Every workshop with its length and its PDF packs."""
        return workshop_pages.render_workshop_index(templates, known, library, env.page.url, directory_urls)

    @env.macro
    def reading_path(pages) -> str:
        """The onboarding path: numbered guides with minutes, from their front matter."""
        return onboarding.reading_path(docs_dir, env.page.file.src_path, pages)

    @env.macro
    def guide_list(pages) -> str:
        """A bullet list of guides with their one-line descriptions."""
        return onboarding.guide_list(docs_dir, env.page.file.src_path, pages)

    def make_pdfs(env):
        """The build's last step: every worksheet and pack, from the cache where possible."""
        try:
            pdf_build.publish(root, env.conf, (library, known))
        except (pdf_build.PdfError, exercises.ExerciseError) as err:
            raise PluginError(str(err)) from None

    env.post_build_functions.append(make_pdfs)
