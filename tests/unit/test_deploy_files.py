"""The deploy files a team copies (.ci/deploy/) keep what a correct release needs.

GitHub Pages and GitLab Pages: a full clone (a shallow one leaves every guide
undated), `make release` (which refuses the placeholder address), the site's
address from the host's own Pages setting, the edit path in the form the
README gives for that host, the system libraries `make site` needs, and the
built site/ handed to the host. The nginx config is served for real in
tests/site/test_nginx.py. The README says how to copy each file.
"""

import pathlib
import re

import pytest
import yaml

from macros.kit import address

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / ".ci" / "deploy"


def _load(name: str) -> dict:
    return yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))


def _system_libs() -> set:
    line = re.search(r"^SYSTEM_LIBS := (.*)$", (ROOT / "Makefile").read_text(), re.M)
    return set(line.group(1).split())


@pytest.fixture
def github():
    workflow = _load("github-pages.yml")
    return workflow, workflow["jobs"]["build"]["steps"]


def test_github_pages_builds_the_release_from_a_full_clone(github):
    workflow, steps = github
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    build = next(step for step in steps if "make release" in step.get("run", ""))
    env = build["env"]
    assert env["COMMON_GROUND_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert any(step.get("id") == "pages" and step["uses"].startswith("actions/configure-pages@") for step in steps)
    assert env["COMMON_GROUND_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert env["COMMON_GROUND_EDIT_URI"].startswith("edit/") and env["COMMON_GROUND_EDIT_URI"].endswith("/")
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert steps.index(checkout) < steps.index(build) < steps.index(upload)
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_github_pages_installs_every_system_library_make_site_needs(github):
    _, steps = github
    apt = next(step["run"] for step in steps if "apt-get install" in step.get("run", ""))
    assert _system_libs() <= set(apt.split()), "the workflow misses a library of the Makefile's SYSTEM_LIBS"


def test_gitlab_pages_builds_the_release_from_a_full_clone():
    job = _load("gitlab-pages.yml")["pages"]
    assert job["variables"]["GIT_DEPTH"] == "0"
    script = job["script"]
    assert 'export COMMON_GROUND_SITE_URL="${CI_PAGES_URL%/}/"' in script
    assert script.index("make release") < script.index("rm -rf public && mv site public")
    assert job["artifacts"]["paths"] == ["public"]
    assert job["variables"]["COMMON_GROUND_REPO_URL"] == "$CI_PROJECT_URL"
    assert job["variables"]["COMMON_GROUND_EDIT_URI"] == "-/edit/$CI_DEFAULT_BRANCH/"
    assert job["image"].startswith("python:3.11")  # runs as root: make installs the system libraries


@pytest.mark.parametrize("branch", ["main", "master", "release-2026"])
def test_the_edit_paths_the_files_set_pass_the_builds_check(github, branch):
    _, steps = github
    build = next(step for step in steps if "make release" in step.get("run", ""))
    gitlab = _load("gitlab-pages.yml")["pages"]["variables"]["COMMON_GROUND_EDIT_URI"]
    for value in (build["env"]["COMMON_GROUND_EDIT_URI"], gitlab):
        filled = re.sub(r"\$\{\{[^}]*\}\}|\$CI_DEFAULT_BRANCH", branch, value)
        assert address.edit_uri_problem(filled) is None, filled


def test_the_readme_says_how_to_copy_each_deploy_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for copy in (
        ".ci/deploy/github-pages.yml` to `.github/workflows/pages.yml`",
        ".ci/deploy/gitlab-pages.yml` to `.gitlab-ci.yml`",
        ".ci/deploy/nginx/common-ground.conf` to `/etc/nginx/conf.d/common-ground.conf`",
    ):
        assert copy in readme
    assert "copy site/" not in readme.lower() and "Copy that folder to any web server" not in readme
