"""Render exercise pages with the kit's own macros, outside MkDocs.

The static variant of a benchmark kit needs, for each exercise page, exactly
the Markdown the `worksheet(id)` macro puts there. Rather than call the
render module's functions with guessed arguments, this runs the kit's
define_env() against a minimal stand-in for the mkdocs-macros env and calls
the registered macro, so the static page gets the same text the macro would
give, whatever the engine does inside.

It runs in a child process with the kit as its working folder, so each kit's
own `macros` package is the one imported.
"""
import functools
import json
import pathlib
import subprocess
import sys
import types

import yaml


class _Env:
    """The parts of mkdocs-macros' env that define_env and the macros use."""

    def __init__(self, project: pathlib.Path):
        self.conf = {"config_file_path": str(project / "mkdocs.yml"), "docs_dir": str(project / "docs"),
                     "use_directory_urls": True, "site_dir": str(project / "site")}
        self.variables, self.macros, self.filters, self.page = {}, {}, {}, None
        # Hooks define_env may register; rendering pages never runs them.
        self.post_build_functions, self.pre_macro_functions, self.post_macro_functions = [], [], []

    def macro(self, fn=None, name=""):
        if fn is None:
            return lambda f: self.macro(f, name)
        self.macros[name or fn.__name__] = fn
        return fn

    def filter(self, fn=None, name=""):
        if fn is None:
            return lambda f: self.filter(f, name)
        self.filters[name or fn.__name__] = fn
        return fn


def _split(text):
    """(front matter dict, body) of a Markdown page."""
    if text.startswith("---"):
        _, front, body = text.split("---", 2)
        return yaml.safe_load(front) or {}, body
    return {}, text


def _page(project: pathlib.Path, src: str):
    """A stand-in for the MkDocs Page of docs/<src>."""
    meta, _ = _split((project / "docs" / src).read_text(encoding="utf-8"))
    url = src[:-len(".md")] + "/"
    url = "" if url == "index/" else url.removesuffix("index/")
    return types.SimpleNamespace(title=meta.get("title"), meta=meta, url=url, abs_url="/" + url,
                                 file=types.SimpleNamespace(src_path=src))


def render_all(project: pathlib.Path, sources):
    """{src: {"body": the page body with its macros run, "meta": page meta after}}."""
    sys.path.insert(0, str(project))
    import jinja2

    import macros

    # Nothing changes while we render, so the library is loaded once here
    # whatever the engine does per call; the timed builds get no such help.
    from macros import exercises

    exercises.load_library = functools.lru_cache(maxsize=None)(exercises.load_library)
    env = _Env(project)
    macros.define_env(env)
    # The delimiters mkdocs.yml gives mkdocs-macros.
    jinja = jinja2.Environment(comment_start_string="{//", comment_end_string="//}",
                               undefined=jinja2.StrictUndefined)
    jinja.globals.update(env.macros)
    jinja.filters.update(env.filters)
    out = {}
    for src in sources:
        env.page = _page(project, src)
        _, body = _split((project / "docs" / src).read_text(encoding="utf-8"))
        rendered = jinja.from_string(body).render(page=env.page)
        out[src] = {"body": rendered, "meta": env.page.meta}
    return out


def render_pages(project: pathlib.Path, sources):
    """Run render_all in a child whose working folder is the kit."""
    result = subprocess.run([sys.executable, __file__, str(project), *sources], cwd=project,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench: rendering the pages of {project} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


if __name__ == "__main__":
    print(json.dumps(render_all(pathlib.Path(sys.argv[1]), sys.argv[2:])))
