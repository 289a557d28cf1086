"""Compiled templates kept in .cache/jinja/ are found only by the environment that made them.

Jinja checks a cached template against its source, not against the
environment's options; macros/templating.py puts those in the folder name.
"""

import pathlib

import jinja2

from macros import hooks, templating

TEMPLATE = "{% if true %}\n  kept {{ word | shout }}\n{% endif %}\n"


def _env(templates, cache_root, **options):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), **options)
    env.filters["shout"] = str.upper
    env.bytecode_cache = templating.bytecode_cache(cache_root, env)
    return env


def _render(env):
    return env.get_template("page.j2").render(word="hello")


def test_an_environment_with_other_options_never_reuses_anothers_code(tmp_path):
    (tmp_path / "page.j2").write_text(TEMPLATE)
    plain = _render(_env(tmp_path, tmp_path / ".cache"))
    trimmed = _render(_env(tmp_path, tmp_path / ".cache", trim_blocks=True, lstrip_blocks=True))
    assert plain == "\n  kept HELLO\n"
    assert trimmed == "  kept HELLO\n"
    assert len(list((tmp_path / ".cache" / "jinja").iterdir())) == 2


def test_the_same_environment_reuses_its_code_and_sees_edits(tmp_path, monkeypatch):
    (tmp_path / "page.j2").write_text(TEMPLATE)
    _render(_env(tmp_path, tmp_path / ".cache"))
    compiled = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(
        jinja2.Environment, "compile", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k)
    )
    assert _render(_env(tmp_path, tmp_path / ".cache")) == "\n  kept HELLO\n"
    assert compiled == [], "an unchanged template was compiled again"
    (tmp_path / "page.j2").write_text("edited {{ word }}")
    assert _render(_env(tmp_path, tmp_path / ".cache")) == "edited hello"


def _with_shout(shout):
    env = jinja2.Environment()
    env.filters["shout"] = shout
    return env


def test_a_filter_that_takes_the_context_changes_the_key():
    """The compiler bakes in whether a filter is handed the context."""
    plain = templating.compile_key(_with_shout(str.upper))
    assert plain == templating.compile_key(_with_shout(str.upper))
    assert plain != templating.compile_key(_with_shout(jinja2.pass_context(lambda context, value: value.upper())))


def test_a_folder_that_cannot_be_written_only_loses_the_speed_up(tmp_path):
    (tmp_path / "page.j2").write_text(TEMPLATE)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go")
    env = _env(tmp_path, blocked)
    assert env.bytecode_cache is None
    assert _render(env) == "\n  kept HELLO\n"


def test_the_theme_environment_gets_the_disk_cache(tmp_path):
    env = jinja2.Environment()
    out = hooks.on_env(env, {"config_file_path": str(tmp_path / "mkdocs.yml")}, files=None)
    assert isinstance(out.bytecode_cache, jinja2.FileSystemBytecodeCache)
    assert pathlib.Path(out.bytecode_cache.directory).parent == tmp_path / ".cache" / "jinja"
