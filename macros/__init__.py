"""Entry point that mkdocs-macros loads (``module_name: macros``).

This file only registers things. Loading, validating and rendering live in
plain modules beside it, so they can be tested without MkDocs.
"""


def define_env(env):
    """Register the kit's variables, macros and filters with mkdocs-macros."""

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
            pdf_build.publish(kit, env.conf, kit_data())
        except (pdf_build.PdfError, exercises.ExerciseError) as err:
            raise PluginError(str(err)) from None

    env.post_build_functions.append(make_pdfs)

    # Onboarding path and playbook index: lists read from each guide's front matter.
    from . import onboarding

    docs_dir = env.conf["docs_dir"]
    env.macro(lambda pages: onboarding.reading_path(docs_dir, env.page.file.src_path, pages), "reading_path")
    env.macro(lambda pages: onboarding.guide_list(docs_dir, env.page.file.src_path, pages), "guide_list")
