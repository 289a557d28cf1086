"""The switch for the checks that read the source articles (support/wordruns.py).

A clone has no ../shared/sources: those checks are skipped there, in one line
that says the sources are absent and why. With CI=true (as CI services set it)
absent sources fail, so CI never quietly stops checking. The unit tests walk
the switch's inputs; the last test runs pytest itself, as `make test` would.
"""

import os
import pathlib
import subprocess
import sys

import pytest

from support.wordruns import NO_SOURCES_ENV, SOURCES_ENV, sources_verdict

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "000_x.txt").write_text("An article.", encoding="utf-8")
    return folder


@pytest.mark.parametrize("ci", [None, "", "0", "false", "False", "FALSE", "no", "off", " false "])
def test_absent_sources_are_skipped_in_one_line_outside_ci(tmp_path, ci):
    env = {} if ci is None else {"CI": ci}
    for folder in (tmp_path / "missing", tmp_path):  # no folder; a folder with no article in it
        verdict, why = sources_verdict(env, folder)
        assert verdict == "skip"
        assert "\n" not in why and str(folder) in why
        assert "source articles absent" in why and "never in it, so a clone has none" in why
        assert SOURCES_ENV in why  # how to run them after all


@pytest.mark.parametrize("ci", ["true", "TRUE", "True", "1", "yes", "on", "gitlab"])
def test_absent_sources_fail_in_ci(tmp_path, ci):
    verdict, why = sources_verdict({"CI": ci}, tmp_path / "missing")
    assert verdict == "fail"
    assert "\n" not in why and "source articles absent" in why and f"CI={ci}" in why


@pytest.mark.parametrize("ci", [None, "true", "false"])
def test_present_sources_are_checked_whatever_ci_says(sources, ci):
    assert sources_verdict({} if ci is None else {"CI": ci}, sources) == ("check", "")


@pytest.mark.parametrize("ci", [None, "true"])
def test_the_unavailable_flag_skips_only_where_the_sources_are_missing(sources, tmp_path, ci):
    env = {NO_SOURCES_ENV: "1", **({} if ci is None else {"CI": ci})}
    verdict, why = sources_verdict(env, tmp_path / "missing")
    assert verdict == "skip" and NO_SOURCES_ENV in why
    verdict, why = sources_verdict(env, sources)
    assert verdict == "fail" and "unset it" in why


def _run_a_source_check(sources: pathlib.Path, ci: str, tmp_path: pathlib.Path):
    env = {k: v for k, v in os.environ.items() if k not in ("CI", NO_SOURCES_ENV, "PYTEST_XDIST_WORKER")}
    env.update({SOURCES_ENV: str(sources), "CI": ci})
    return subprocess.run(
        [
            sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q",
            "--basetemp", str(tmp_path / "run"),
            "tests/site/test_originality.py::test_sources_page_fingerprints_match_the_files",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_pytest_skips_with_the_reason_on_a_clone_and_fails_in_ci(tmp_path):
    missing = tmp_path / "no-shared" / "sources"
    clone = _run_a_source_check(missing, "", tmp_path / "clone")
    assert clone.returncode == 0, clone.stdout[-3000:]
    lines = [line for line in clone.stdout.splitlines() if "source articles absent" in line]
    assert len(lines) == 1 and lines[0].startswith("SKIPPED [1]"), clone.stdout[-3000:]
    assert "1 skipped" in clone.stdout

    ci = _run_a_source_check(missing, "true", tmp_path / "ci")
    assert ci.returncode == 1, ci.stdout[-3000:]
    assert "source articles absent" in ci.stdout and "CI=true makes this a failure" in ci.stdout
    assert "Traceback" not in ci.stdout and "1 failed" in ci.stdout
