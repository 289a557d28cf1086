"""Render pages with the kit's own macros, outside MkDocs.

A static twin (kit.make_static, realsite.make_stripped) needs, for each page,
exactly the Markdown the macros put there. Rather than call the render
functions with guessed arguments, this registers the kit's macros as the
plugin does (macros/plugin/kit_macros.py; define_env() on a main from before
the plugin) with a minimal stand-in for mkdocs-macros and renders the page through Jinja
with the registered macros, so the twin gets the same text the macros would
give, whatever the engine does inside. Exercise and workshop pages have no
file in docs/: their sources and bodies come from the kit's own page
generator (macros/web/generated.py), as the plugin (macros/plugin/generated.py) makes them in a build.

It runs in a child process with the kit as its working folder, so each kit's
own `macros` package is the one imported.
"""

import json
import pathlib
import re
import subprocess
import sys
import types

import yaml

# What mkdocs-macros treats as a template (mkdocs.yml sets the comment marker).
JINJA_MARKS = ("{{", "{%", "{//")


class _Env:
    """The parts of mkdocs-macros' plugin that the kit's macros use."""

    def __init__(self, project: pathlib.Path):
        self.conf = {
            "config_file_path": str(project / "mkdocs.yml"),
            "docs_dir": str(project / "docs"),
            "use_directory_urls": True,
            "site_dir": str(project / "site"),
            "nav": _nav(project),
        }
        self.variables, self.macros, self.filters, self.page = {}, {}, {}, None
        # Functions the kit may register; rendering pages never runs them.
        self.post_build_functions, self.pre_macro_functions, self.post_macro_functions = [], [], []

    def macro(self, fn=None, name=""):
        if fn is None:
            return lambda f: self.macro(f, name)
        self.macros[name or fn.__name__] = fn
        return fn

    def register_macros(self, items: dict):
        self.macros.update(items)

    def filter(self, fn=None, name=""):
        if fn is None:
            return lambda f: self.filter(f, name)
        self.filters[name or fn.__name__] = fn
        return fn


def _nav(project: pathlib.Path):
    """mkdocs.yml's nav as written (the guide macros read it)."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^nav:\n(?:[ \t]+.*\n|\n)*", text, flags=re.M)
    return yaml.safe_load(block.group(0))["nav"] if block else []


def split(text):
    """(front matter dict, body) of a Markdown page."""
    if text.startswith("---"):
        _, front, body = text.split("---", 2)
        return yaml.safe_load(front) or {}, body
    return {}, text


def _page(src: str, meta: dict):
    """A stand-in for the MkDocs Page of docs/<src>."""
    url = src[: -len(".md")] + "/"
    url = "" if url == "index/" else url.removesuffix("index/")
    return types.SimpleNamespace(
        title=meta.get("title"),
        meta=meta,
        url=url,
        abs_url="/" + url,
        file=types.SimpleNamespace(src_path=src, src_uri=src),
    )


def generated_pages(project: pathlib.Path):
    """{index page: {src: (source, finished)}} of the pages the hooks make from YAML.

    `finished` is {"meta", "body"} as the hooks complete the page; None for an
    engine from before the hooks rendered the bodies (`--commit` of an older
    main), whose source is a macro call that render_all renders.
    """
    from macros.kit import exercises, workshops
    from macros.web import generated

    library = exercises.load_library(project, project / "docs")
    known = workshops.load_workshops(project, library)
    templates = project / "templates"

    def made(page):
        if not hasattr(generated, "render_body"):
            return page.content, None
        meta, _ = split(page.content)
        here = _page(page.src_uri, meta)
        try:  # the one link helper; a main from before it took the page's URL
            from macros.kit.links import Links

            here = Links.of(here, {"use_directory_urls": True})
        except ImportError:
            here = here.url
        body, meta["description"] = generated.render_body(templates, page.kind, page.item, library, here)
        return page.content, {"meta": meta, "body": body}

    return {
        "exercises/index.md": {p.src_uri: made(p) for p in generated.exercise_pages(templates, library)},
        "workshops/index.md": {p.src_uri: made(p) for p in generated.workshop_pages(templates, known)},
    }


def render_all(project: pathlib.Path, sources):
    """{"pages": {src: {"body", "meta"}}, "generated": {index: [src]}}.

    `sources` are docs paths, or "*" for every page the macros render:
    every generated page and every page in docs/ with Jinja in it.
    """
    sys.path.insert(0, str(project))
    import jinja2

    import macros

    made = generated_pages(project)
    generated = {src: entry for pages in made.values() for src, entry in pages.items()}
    if sources == ["*"]:
        sources = list(generated)
        opt_in = "render_by_default: false" in (project / "mkdocs.yml").read_text(encoding="utf-8")
        for path in sorted((project / "docs").rglob("*.md")):
            src = path.relative_to(project / "docs").as_posix()
            if not src.startswith("includes/") and _renders(path.read_text(encoding="utf-8"), opt_in):
                sources.append(src)
    env = _Env(project)
    if hasattr(macros, "define_env"):  # a main from before the plugin
        macros.define_env(env)
    else:
        from macros.kit import kit
        from macros.plugin import kit_macros, preview

        plugin = types.SimpleNamespace(kit=kit.load(project, project / "docs"), preview=preview.Preview())
        kit_macros.register(env, plugin, env.conf)
    # The delimiters mkdocs.yml gives mkdocs-macros.
    jinja = jinja2.Environment(comment_start_string="{//", comment_end_string="//}", undefined=jinja2.StrictUndefined)
    jinja.globals.update(env.macros)
    jinja.filters.update(env.filters)
    out = {}
    for src in sources:
        text, finished = generated.get(src, (None, None))
        if finished is not None:
            out[src] = finished
            continue
        meta, body = split(text if text is not None else (project / "docs" / src).read_text(encoding="utf-8"))
        env.page = _page(src, meta)
        rendered = jinja.from_string(body).render(page=env.page)
        out[src] = {"body": rendered, "meta": env.page.meta}
    return {"pages": out, "generated": {index: list(pages) for index, pages in made.items()}}


def _renders(text: str, opt_in: bool) -> bool:
    """Whether mkdocs-macros renders this page: only those that opt in where mkdocs.yml
    says `render_by_default: false`, any with Jinja in it on an older main."""
    meta = split(text)[0]
    if opt_in:
        return meta.get("render_macros") is True
    return meta.get("render_macros") is not False and any(m in text for m in JINJA_MARKS)


def render_pages(project: pathlib.Path, sources):
    """Run render_all in a child whose working folder is the kit."""
    result = subprocess.run(
        [sys.executable, __file__, str(project), *sources], cwd=project, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"bench: rendering the pages of {project} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


if __name__ == "__main__":
    print(json.dumps(render_all(pathlib.Path(sys.argv[1]), sys.argv[2:]), default=str))
