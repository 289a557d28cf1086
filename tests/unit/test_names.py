"""Every module the project's words name exists: no comment, docstring, template
or page sends a maintainer to code that moved or went.

Last round left nine such names behind (preview_deps.py, pdf_jobs.Job,
pdf_cache, macros/onboarding.py, ...). Walked here: every text file of
macros/, templates/, docs/, tests/ and the top-level files, for
- a path under macros/ (`macros/plugin/plugin.py`, `macros/kit/`): the file or folder exists;
- a dotted module name (`macros.pdf.jobs.Job`, `macros.includes`): the module
  imports, and a trailing name is one of its attributes;
- a Python file name (`preview_deps.py`): some file of the project has that name.
In Python files only comments and docstrings are read (Python checks its own
imports). Profiler output quoted in docs/about/performance.md's code blocks
is history, and left as printed.
"""

import ast
import importlib
import io
import re
import tokenize

import pytest

from support.project import ROOT

FOLDERS = ("macros", "templates", "docs", "tests")
TOP = ("README.md", "mkdocs.yml", "Makefile", "pyproject.toml")
SUFFIXES = {".py", ".md", ".j2", ".yml", ".yaml", ".toml", ".js", ".css", ".html", ".json", ".txt", ""}
SKIP_DIRS = {"__pycache__", ".cache", "node_modules"}
HISTORY = {"docs/about/performance.md"}  # its fenced blocks quote old profiler output
OUTSIDE = {"copycheck.py"}  # ../shared/tools/copycheck.py, beside the checkout when it is there

PATH = re.compile(r"(?<![\w./-])macros/[\w/]*[\w]+(?:\.py)?/?")
DOTTED = re.compile(r"(?<![\w./-])macros(?:\.[A-Za-z_]\w*)+")
PY_FILE = re.compile(r"(?<![\w/.-])([a-z_][a-z0-9_]*\.py)\b")


def _texts():
    files = [ROOT / name for name in TOP]
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and not SKIP_DIRS & set(path.parts):
                files.append(path)
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        if rel == "tests/unit/test_names.py":
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if rel in HISTORY:
            text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
        if path.suffix == ".py":
            text = _words_of_python(text)
        yield rel, text


def _words_of_python(source: str) -> str:
    """The comments and docstrings of a Python file, each on its own line as in the file."""
    lines = [""] * (source.count("\n") + 2)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            lines[token.start[0] - 1] += token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                doc = body[0].value
                if isinstance(doc.value, str):
                    for offset, line in enumerate(doc.value.splitlines()):
                        lines[doc.lineno - 1 + offset] += " " + line
    return "\n".join(lines)


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        obj = module
        for name in parts[cut:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


PY_NAMES = {p.name for p in ROOT.rglob("*.py") if not SKIP_DIRS & set(p.parts) and ".venv" not in p.parts}


def stale_names():
    found = []
    for rel, text in _texts():
        for match in PATH.finditer(text):
            path = match.group().rstrip("/")
            if not (ROOT / path).exists():
                found.append(f"{rel}:{_line(text, match.start())}: {match.group()} does not exist")
        for match in DOTTED.finditer(text):
            name = match.group().rstrip(".")
            if not _resolves(name):
                found.append(f"{rel}:{_line(text, match.start())}: {name} names no module or attribute")
        for match in PY_FILE.finditer(text):
            if match.group(1) not in PY_NAMES | OUTSIDE:
                found.append(f"{rel}:{_line(text, match.start())}: {match.group(1)} is no file of the project")
    return found


def test_every_macros_path_and_module_named_in_the_project_exists():
    found = stale_names()
    assert not found, "names of code that moved or went:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "text",
    [
        "see macros/preview_deps.py",
        "see macros/onboarding.py",
        "(macros/guide_hooks.py)",
        "`macros.pdf.jobs.NoSuchJob`",
        "macros.hooks decides",
        "preview_deps.py decides",
        "the hooks in macros/preview/hooks.py",
    ],
)
def test_a_stale_name_is_caught_in_each_spelling(tmp_path, monkeypatch, text):
    """The walk catches a name that went, however it is written."""
    import sys

    this = sys.modules[__name__]
    monkeypatch.setattr(this, "_texts", lambda: iter([("docs/x.md", f"line one\n{text}\n")]))
    assert [f.split(":")[1] for f in stale_names()] == ["2"]
