"""One family of problems (macros/kit/problems.py), turned into MkDocs' error in one place.

- Every exception class defined under macros/ is a KitProblem, or is named
  below as internal (never shown to a person as it is), with the reason.
- Every KitProblem, made from its parts, writes 'file:line: field 'x': message'
  with the file relative to the project, whatever the message holds ('%', quotes).
- A stub the redirect map cannot serve stops `make site` in that shape.
- Only macros/plugin/errors.py makes MkDocs' error (KitError, a PluginError).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pathlib
import pkgutil
import re

import pytest

import macros
from macros import publish
from macros.kit.problems import KitProblem
from macros.kit.schema import Problem
from macros.web import served_redirects
from support.project import ROOT

# Exceptions that never reach a person as they are, and why.
INTERNAL = {
    "macros.kit.yamlsource._SyntaxInC": "control flow: libyaml refused the text, the pure-Python parser words it",
    "macros.kit.yamlsource._Refused": "control flow: _load_with turns it into a YamlProblem naming the field",
    "macros.publish.Interrupted": "a signal (Ctrl+C, SIGTERM) unwinding make site, like KeyboardInterrupt",
    "macros.pdf.render.OutsideResource": "WeasyPrint's fetch error, so a render stops; the PDF step words it",
    "macros.plugin.errors.KitError": "MkDocs' error a KitProblem becomes, in the one place that makes it",
    # Refusals of what a person types in the browser, not of a kit file: the
    # Python half of rules the page's JavaScript applies and words itself.
    "macros.kit.checkup.CodeError": "a typed check-up code, refused in the browser by checkup.js; no build raises it",
    "macros.kit.checkup_paper.TallyError": "typed tallies, refused in the browser by tally.js; no build raises it",
}

SHAPE = re.compile(r"^(?!/)(?![A-Za-z]:)[^\s:]+:\d+: (field '[^'\n]+': )?(?P<message>.+)$")


def exception_classes() -> dict:
    """{'module.Name': class} for every exception class defined in a module under macros/."""
    found = {}
    for module in pkgutil.walk_packages(macros.__path__, "macros."):
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.name:
                found[f"{module.name}.{name}"] = value
    return found


CLASSES = exception_classes()
FAMILY = sorted(name for name, cls in CLASSES.items() if issubclass(cls, KitProblem))


def test_every_exception_under_macros_is_a_kit_problem_or_named_internal():
    outside = {name for name, cls in CLASSES.items() if not issubclass(cls, KitProblem)}
    assert outside - INTERNAL.keys() == set(), "a problem a maintainer fixes derives from KitProblem"
    assert INTERNAL.keys() - CLASSES.keys() == set(), "INTERNAL names a class that is gone"
    assert not any(issubclass(CLASSES[name], KitProblem) for name in INTERNAL)


def _made(cls, file: pathlib.Path, message: str):
    """One problem of `cls` in `file`, line 3, field 'x', built from its parts."""
    parameters = inspect.signature(cls.__init__).parameters
    if "problems" in parameters:
        return cls([Problem(str(file), 3, f"field 'x': {message}")])
    if list(parameters)[1:4] == ["file", "line", "message"]:
        return cls(str(file), 3, f"field 'x': {message}")
    return cls(message, file=file, line=3, field="x")


@pytest.mark.parametrize("name", FAMILY)
@pytest.mark.parametrize("message", ["100% sure", "a 'quoted' {{ 7*7 }} <b>x</b>", "%s %(x)d %%"])
@pytest.mark.parametrize("where", ["exercises/x.yml", "docs/playbook/x.md", "mkdocs.yml"])
def test_each_kit_problem_names_file_line_and_field_relative_to_the_project(tmp_path, name, message, where):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    problem = _made(CLASSES[name], tmp_path / where, message)
    lines = str(problem).splitlines()
    if len(lines) > 1:  # a count of problems, then one line each
        assert re.match(r"^\d+ problems? ", lines[0]), lines
        lines = lines[1:]
    for line in lines:
        shape = SHAPE.match(line)
        assert shape, line
        assert line.startswith(f"{where}:3: field 'x': ") and shape["message"] == message, line
        assert str(tmp_path) not in line


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "data:text/html,x", "https://exa mple.org/", "https://[::1/", "../new/\x01"]
)
def test_a_stub_the_server_cannot_redirect_stops_make_site_naming_its_file_and_line(tmp_path, target):
    site = tmp_path / "site.tmp"
    (site / "old").mkdir(parents=True)
    stub = f'<!doctype html>\n<html>\n<meta http-equiv="refresh" content="0; url={target}">\n</html>\n'
    (site / "old" / "index.html").write_text(stub, encoding="utf-8")
    with pytest.raises(publish.PublishError) as stopped:
        publish.write_redirect_map(site)
    said = str(stopped.value)
    assert said.startswith("site/old/index.html:3: field 'refresh url': "), said
    assert "site/ is unchanged" in said and str(tmp_path) not in said
    with pytest.raises(served_redirects.RedirectMapError):
        served_redirects.served(site)


def test_only_the_plugin_makes_mkdocs_errors():
    makers = []
    for path in sorted((ROOT / "macros").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
            if called in {"KitError", "PluginError", "BuildError", "Abort"} and name != "macros/plugin/errors.py":
                makers.append(f"{name}:{node.lineno}")
    assert makers == []
