"""One family of problems (macros/kit/problems.py), turned into MkDocs' error in one place.

- Every exception class defined under macros/ is a KitProblem, or is named
  below as internal (never shown to a person as it is), with the reason.
- Every KitProblem, made from its parts, writes 'file:line: field 'x': message'
  with the file relative to the project, whatever the message holds ('%', quotes).
- A stub the redirect map cannot serve stops `make site` in that shape.
- Only macros/plugin/errors.py makes MkDocs' error (KitError, a PluginError).
- No module but macros/kit/problems.py writes a place ('file:line: ', "field 'x': ")
  by hand: every text built under macros/ is read for one; a few real raises
  show the parts they hand over come out as that one line.
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
from macros.kit import checkout
from macros.kit.problems import KitProblem
from macros.kit.schema import Problem
from macros.kit.yamlsource import load_file
from macros.plugin import errors
from macros.web import glossary, guides, reading_lists, served_redirects
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


def _glossary(root):
    (root / "docs" / "includes").mkdir(parents=True)
    entry = "- id: Not An Id\n  term: Lead\n  side: it\n  short: A lead.\n  forms: [lead]\n"
    (root / "docs" / "includes" / "glossary.yml").write_text(entry, encoding="utf-8")
    glossary.load(root / "docs")


def _tags(root):
    (root / "docs" / "includes").mkdir(parents=True)
    (root / "docs" / "includes" / "tags.yml").write_text("team: the team\nlead: ''\n", encoding="utf-8")
    guides.load_allowed_tags(root / "docs" / "includes" / "tags.yml")


def _invisible(root):
    (root / "exercises").mkdir()
    (root / "exercises" / "x.yml").write_text("id: x\nsteps:\n  - title: a\u202eb\n", encoding="utf-8")
    load_file(root / "exercises" / "x.yml", "exercises/x.yml")


def _fragment(root):
    (root / "docs" / "includes").mkdir(parents=True)
    (root / "docs" / "includes" / "latin.md").write_bytes(b"fine\ncaf\xe9\n")
    checkout.read_fragment(root / "docs" / "includes" / "latin.md", "docs/includes/latin.md")


def _page_in_a_reading_list(root):
    (root / "docs" / "playbook").mkdir(parents=True)
    (root / "docs" / "playbook" / "x.md").write_text("# No front matter\n", encoding="utf-8")
    reading_lists.front_matter(root / "docs" / "playbook" / "x.md")


@pytest.mark.parametrize(
    "make, said",
    [
        (_glossary, "docs/includes/glossary.yml:1: field '[0].id': must be lower-case words joined by hyphens"),
        (_tags, "docs/includes/tags.yml:2: field 'lead': say in words what the tag is for"),
        (_invisible, "exercises/x.yml:3: field 'steps[0].title': invisible character U+202E"),
        (_fragment, "docs/includes/latin.md:2: not UTF-8 text (byte 0xe9); save it as UTF-8"),
        (_page_in_a_reading_list, "docs/playbook/x.md:1: no front matter ('---' block) at the top"),
    ],
)
def test_real_problems_read_file_line_and_field_as_one_text(tmp_path, make, said):
    """A few of the kit's own raises, end to end: the parts they hand over come
    out as one 'file:line: field 'x': message' line, the file relative to the project."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    with pytest.raises(KitProblem) as raised:
        make(tmp_path)
    text = str(raised.value)
    assert text.startswith(said) and SHAPE.match(text), text
    assert str(tmp_path) not in text
    assert errors.kit_error(text).args[0] == text


def test_a_plugin_error_takes_the_place_as_parts(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    page = tmp_path / "docs" / "playbook" / "x.md"
    made = errors.kit_error("a guide needs a '# Title' heading", file=page, line=3, field="title")
    assert str(made) == "docs/playbook/x.md:3: field 'title': a guide needs a '# Title' heading"
    assert str(errors.kit_error("100% sure", file="mkdocs.yml")) == "mkdocs.yml: 100% sure"


def test_only_the_plugin_makes_mkdocs_errors():
    makers = []
    for path in sorted((ROOT / "macros").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
            if called in {"KitError", "PluginError", "BuildError", "Abort"} and name != "macros/plugin/errors.py":
                makers.append(f"{name}:{node.lineno}")
    assert makers == []


# --- Where a problem's place is written ----------------------------------------------
# macros/kit/problems.py writes 'file:line: field 'x': ' (where(), KitProblem);
# every other module hands it the parts. These shapes, built by hand anywhere
# else under macros/, are a second writer of the place.
VALUE = "\x00"  # a value put into a text, as the templates below render it
HAND_MADE = {
    "field": re.compile(r"field '[^'\n]*'\s*:"),  # "field '{name}': "
    "file:line": re.compile(rf"{VALUE}:({VALUE}|\d+):"),  # "{file}:{line}: ", "{file}:1: "
    # "docs/{src}: ", "exercises/{id}.yml: ", "mkdocs.yml: " at the start of a text or a line of it
    "file": re.compile(rf"(^|\n)(docs/|exercises/)?[\w{VALUE}./-]*(\.(md|yml|yaml|json)|{VALUE})(:\d+)?: "),
}
# A value that is a line number ("{file}:{line}"), and one that is a file ("{page.file.src_uri}: ").
LINE = re.compile(r"line|lineno", re.IGNORECASE)
FILE = re.compile(
    r"src_uri|src_path|source_file|page_src|config_file|\bfile\b|\bshown\b|_ZIP\b|display\(|relative_to\("
)


def _pieces(node) -> list | None:
    """A text built by an f-string, `+`, `%` or .format as [str | ast expression], or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pieces(node.left), _pieces(node.right)
        if left is None and right is None:
            return None
        return (left or [node.left]) + (right or [node.right])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        if isinstance(node.left.value, str):
            values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            return _filled(re.split(r"(%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrif])", node.left.value), values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        if isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
            return _filled(re.split(r"(\{[^{}]*\})", node.func.value.value), [*node.args, *node.keywords])
    return None


def _filled(parts: list, values: list) -> list:
    """Template parts split around their fields; each field becomes the value it takes, in order."""
    out, values = [], list(values)
    for index, part in enumerate(parts):
        if index % 2:
            value = values.pop(0) if values else ast.Constant("")
            out.append(value.value if isinstance(value, ast.keyword) else value)
        elif part:
            out.append(part)
    return out


def _hand_made(pieces: list) -> list:
    """The shapes of a place this text writes by hand."""
    rendered = [p if isinstance(p, str) else VALUE for p in pieces]
    text = "".join(rendered)
    found = {name for name, shape in HAND_MADE.items() if shape.search(text)}
    if "file" in found and text.startswith(VALUE) and not FILE.search(ast.unparse(pieces[0])):
        found.discard("file")  # "{value}: text" names a place only when the value is a file
    for index in range(len(pieces) - 1):  # "{file}:{line}" or, added to a file, ":{line}"
        if rendered[index] == ":" and (index == 0 or rendered[index - 1] == VALUE) and rendered[index + 1] == VALUE:
            if LINE.search(ast.unparse(pieces[index + 1])):
                found.add("file:line")
    if "file:line" in found:
        found.discard("file")
    return sorted(found)


def hand_made_places(path: pathlib.Path) -> list:
    """'file:line: what' for every place shape a module builds by hand (docstrings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    found, inner = {}, set()
    for node in ast.walk(tree):
        if id(node) in docstrings or id(node) in inner:
            continue
        pieces = _pieces(node)
        if pieces is None:
            continue
        inner |= {id(child) for child in ast.walk(node) if child is not node}
        shapes = _hand_made(pieces)
        if shapes:
            found[f"{path.relative_to(ROOT).as_posix()}:{node.lineno}: {', '.join(shapes)}"] = ast.unparse(node)[:90]
    for handler in ast.walk(tree):  # except GuideError as err: raise X(str(err)), its place inside X's message
        caught = handler.type if isinstance(handler, ast.ExceptHandler) and handler.name else None
        names = {_name(n) for n in ast.walk(caught)} if caught else set()
        if not names & FAMILY_NAMES:
            continue
        for call in (n for statement in handler.body for n in ast.walk(statement) if isinstance(n, ast.Call)):
            whole = [a for a in call.args if ast.unparse(a) == f"str({handler.name})"]
            if _name(call.func) in FAMILY_NAMES | {"Problem"} and whole:
                where = f"{path.relative_to(ROOT).as_posix()}:{call.lineno}: another problem's whole text"
                found[where] = ast.unparse(call)[:90]
    return [f"{where}: {source}" for where, source in found.items()]


FAMILY_NAMES = {name.rsplit(".", 1)[1] for name in FAMILY}


def _name(node) -> str:
    return getattr(node, "id", getattr(node, "attr", ""))


def test_only_the_family_writes_a_problems_place():
    """No module but macros/kit/problems.py writes 'file:line: ' or "field 'x': " by hand:
    a raise hands KitProblem (or Problem, where()) the file, line and field as parts."""
    made = []
    for path in sorted((ROOT / "macros").rglob("*.py")):
        if path != ROOT / "macros" / "kit" / "problems.py":
            made += hand_made_places(path)
    assert made == [], f"{len(made)} places written by hand:\n" + "\n".join(made)


@pytest.mark.parametrize(
    "source, shapes",
    [
        ("f'{name}:{line}: {message}'", ["file:line"]),
        ("f'{name}:1: no front matter'", ["file:line"]),
        ("name + ':' + str(line) + ': ' + message", ["file:line"]),
        ("'%s:%d: %s' % (name, line, message)", ["file:line"]),
        ("'{}:{}: {}'.format(name, line, message)", ["file:line"]),
        ("f\"field '{field}': {message}\"", ["field"]),
        ("f\"{name}:{line}: field '{field}': {message}\"", ["field", "file:line"]),
        ("f'docs/{src}: a guide needs a title'", ["file"]),
        ("f'exercises/{job.one_page}.yml: the worksheet'", ["file"]),
        ("'mkdocs.yml: set site_url'", ["file"]),
        ("f'{page.file.src_uri}: {err}'", ["file"]),
        ("f'{shown}:{first_line + 2}'", ["file:line"]),
        ("f'{field.title}: {text}'", []),
        ("f'{name}: {count} problems'", []),
        ("'%s:%d' % (name, lineno)", ["file:line"]),
        ("f':{first + line}'", ["file:line"]),
        ("f'{shown}: a symbolic link {why}'", ["file"]),
        ("f'took {seconds:.1f}s: {line_count} lines'", []),
        ("f'{minutes // 60:02d}:{minutes % 60:02d}'", []),
        ("f'http://{host}:{port}/'", []),
        ("f\"unknown field '{key}'; allowed: {allowed}\"", []),
    ],
)
def test_the_place_finder_sees_each_way_of_writing_one(source, shapes):
    node = ast.parse(source, mode="eval").body
    assert _hand_made(_pieces(node)) == shapes
