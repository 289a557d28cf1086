"""macros/ imports one way (import-linter contracts in pyproject.toml), and the
code is clean by the project's linter and formatter (ruff)."""

import pathlib
import subprocess
import sys

from support.project import ROOT

BIN = pathlib.Path(sys.executable).parent


def _run(*command):
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_layers_import_one_way():
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_code_passes_the_linter():
    result = _run(str(BIN / "ruff"), "check", "macros", "tests")
    assert result.returncode == 0, result.stdout[-4000:]


def test_code_is_formatted():
    result = _run(str(BIN / "ruff"), "format", "--check", "macros", "tests")
    assert result.returncode == 0, "run `ruff format macros tests`:\n" + result.stdout[-3000:]
