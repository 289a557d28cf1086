"""Entry point that mkdocs-macros loads (``module_name: macros``).

This file only registers things. Loading, validating and rendering live in
plain modules beside it, so they can be tested without MkDocs.
"""


def define_env(env):
    """Register the kit's variables, macros and filters with mkdocs-macros."""
    import pathlib

    from mkdocs.exceptions import PluginError

    from . import exercises, render

    root = pathlib.Path(env.conf["config_file_path"]).parent
    docs_dir = pathlib.Path(env.conf["docs_dir"])
    templates = root / "templates"
    directory_urls = env.conf["use_directory_urls"]

    def library():
        # Each file is parsed once and then served from the cache until it
        # changes; a broken file stops the build with every problem listed.
        try:
            return exercises.load_library(root, docs_dir)
        except exercises.ExerciseError as err:
            raise PluginError(str(err)) from None

    # Loaded once per build, at start-up: a broken file fails before any page
    # is rendered. define_env runs again for every build, serve rebuilds
    # included, so edits are always seen. Loading per page re-validated every
    # file for every page, which made builds quadratic
    # (docs/about/performance.md).
    loaded = library()

    @env.macro
    def worksheet(exercise_id: str) -> str:
        """The whole body of an exercise page: facilitator view and worksheet."""
        lib = loaded
        exercise = lib[exercise_id]
        page = env.page
        if page.title != exercise["title"]:
            raise PluginError(
                f"{page.file.src_path}: title '{page.title}' differs from "
                f"{exercise.file}: title '{exercise['title']}'; make them the same"
            )
        if sorted(page.meta.get("tags") or []) != sorted(exercise["tags"]):
            raise PluginError(
                f"{page.file.src_path}: tags {page.meta.get('tags')} differ from "
                f"{exercise.file}: tags {exercise['tags']}; make them the same"
            )
        # The summary is the meta description, written once in the YAML.
        page.meta["description"] = render.meta_description(exercise)
        return render.render_exercise_page(templates, exercise, lib, page.url, directory_urls)

    @env.macro
    def exercise_index() -> str:
        """The exercise library table with its tag filter."""
        return render.render_index(templates, loaded, env.page.url, directory_urls)


    # --- Workshops and PDFs (workshops.py, workshop_pages.py, pdf_*.py) ----
    # Self-contained, and registered here rather than as a module-level
    # on_post_build, so that every MkDocs import stays inside define_env.
    import pathlib

    from markupsafe import escape
    from mkdocs.exceptions import PluginError

    from . import exercises, pdf_build, workshop_pages, workshops

    kit = pathlib.Path(env.conf["config_file_path"]).parent
    kit_templates = kit / "templates"

    def kit_data():
        """Exercises and workshops, or the build stops listing every problem."""
        try:
            library = exercises.load_library(kit, pathlib.Path(env.conf["docs_dir"]))
            return library, workshops.load_workshops(kit, library)
        except exercises.ExerciseError as err:  # WorkshopError is one too
            raise PluginError(str(err)) from None

    kit_data()  # a broken workshop file fails the build at start-up

    @env.macro
    def workshop(workshop_id: str) -> str:
        """The body of a workshop page: agenda with clock times, preparation, packs."""
        library, known = kit_data()
        page = env.page
        if workshop_id not in known:
            raise PluginError(f"{page.file.src_path}: no workshop with id '{workshop_id}' (known: {', '.join(known)})")
        chosen = known[workshop_id]
        if page.title != chosen["title"]:
            raise PluginError(
                f"{page.file.src_path}: title '{page.title}' differs from {chosen.file}: "
                f"title '{chosen['title']}'; make them the same"
            )
        page.meta["description"] = escape(chosen["summary"])
        return workshop_pages.render_workshop_page(kit_templates, chosen, library, page.url, env.conf["use_directory_urls"])

    @env.macro
    def workshop_index() -> str:
        """Every workshop with its length and its PDF packs."""
        library, known = kit_data()
        return workshop_pages.render_workshop_index(kit_templates, known, library, env.page.url, env.conf["use_directory_urls"])

    def make_pdfs(env):
        """The build's last step: every worksheet and pack, from the cache where possible."""
        try:
            pdf_build.publish(kit, env.conf, kit_data)  # called only when PDFs are made
        except (pdf_build.PdfError, exercises.ExerciseError) as err:
            raise PluginError(str(err)) from None

    env.post_build_functions.append(make_pdfs)

    # Onboarding path and playbook index: lists read from each guide's front matter.
    from . import onboarding

    docs_dir = env.conf["docs_dir"]
    env.macro(lambda pages: onboarding.reading_path(docs_dir, env.page.file.src_path, pages), "reading_path")
    env.macro(lambda pages: onboarding.guide_list(docs_dir, env.page.file.src_path, pages), "guide_list")
