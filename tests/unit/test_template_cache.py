"""No compiled template is kept on disk: Jinja's bytecode caches run what they hold.

jinja2.FileSystemBytecodeCache stores each compiled template as marshalled
Python code and executes it on the next build. A .cache/ folder restored
from a cache shared between branches could then run any code, so neither
the kit's environment nor the theme's (Material's, set up by MkDocs) has
one; templates are compiled once a build instead (docs/about/performance.md#jinja-cache).
"""

import jinja2

from macros import templating
from macros.plugin.plugin import CommonGroundPlugin
from support.project import ROOT


def test_the_kit_environment_keeps_no_compiled_code(tmp_path):
    templating.environment.cache_clear()
    try:
        env = templating.environment(str(ROOT / "templates"))
        assert env.bytecode_cache is None
        env.get_template("partials/worksheet.html.j2")
    finally:
        templating.environment.cache_clear()


def test_the_plugin_gives_the_theme_no_bytecode_cache(tmp_path):
    env = jinja2.Environment()
    CommonGroundPlugin().on_env(env, {"config_file_path": str(tmp_path / "mkdocs.yml")}, files=None)
    assert env.bytecode_cache is None
    assert not (tmp_path / ".cache" / "jinja").exists()
