"""Where git history cannot date the guides, the built pages show no date and the
build says why, once, at INFO level (macros/plugin/pages.py, macros/kit/history.py).

The file's modification time used to stand in, and dated every guide of a
fresh checkout today. Project copies git cannot date are built:

- a copy that is no git repository (a tarball, a download): checked in the
  build of tests/build/test_publishing_address_build.py, one build fewer;
- a shallow clone (`git clone --depth 1` of a repository made from the copy);
- a checkout git refuses to read: its files belong to another user (the copy
  is chowned to `nobody` when the test runs as root), or, without root,
  git's own test switch GIT_TEST_ASSUME_DIFFERENT_OWNER=1, which runs the
  same ownership check. Either way git exits 128 with "detected dubious
  ownership"; the build reads no global or system git configuration, so a
  safe.directory entry of the machine cannot let it through.

tests/unit/test_page_dates.py tries the same reasons without a build;
tests/site/test_guide_dates.py checks the dates of the real build.
"""

import os
import shutil
import subprocess

import pytest

from macros.kit import history
from support.project import copy_project, run_build
from support.sitehtml import undated_problems

NOBODY = 65534


def _git(repo, *args):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.net",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.net",
        "GIT_AUTHOR_DATE": "2023-01-02T09:00:00+00:00",
        "GIT_COMMITTER_DATE": "2023-01-02T09:00:00+00:00",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _repository(project):
    """The copy as a git repository of one commit; the caches stay out of it."""
    (project / ".gitignore").write_text("/.cache/\n/site/\n")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "the kit")
    return project


def _shallow_clone(tmp_path):
    repo = _repository(copy_project(tmp_path / "repo"))
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    shutil.copytree(repo / ".cache", clone / ".cache")  # rendered PDFs, as a CI cache restores them
    return clone, {}, history.SHALLOW


def _refused(tmp_path):
    project = _repository(copy_project(tmp_path / "project"))
    env = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if os.geteuid() == 0:
        for path in [project, *project.rglob("*")]:
            os.lchown(path, NOBODY, NOBODY)
    else:
        env["GIT_TEST_ASSUME_DIFFERENT_OWNER"] = "1"
    refused = subprocess.run(
        ["git", "log", "-1"], cwd=project, env={**os.environ, **env}, capture_output=True, text=True
    )
    assert refused.returncode == 128 and "dubious ownership" in refused.stderr, refused.stderr
    return project, env, history.REFUSED_OWNER


@pytest.mark.build
@pytest.mark.parametrize("make", [_shallow_clone, _refused], ids=["shallow", "refused"])
def test_guides_git_cannot_date_show_no_date_and_the_build_says_why_once(tmp_path, make):
    project, env, reason = make(tmp_path)
    site = tmp_path / "site"
    result = run_build(project, site, env=env)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    assert "Traceback" not in log
    problems = undated_problems(site, log, reason)
    assert not problems, "\n".join(problems)
