"""Shared fixtures: one strict build of the real site per test run.

Tests are grouped by level: unit/ (plain functions, no build), build/ (a
strict build in a subprocess, often of a broken copy), site/ (the built
site's HTML and PDFs), browser/ (Debian's chromium over the built site).
Helpers live in support/; test modules never import each other.

pytest-xdist runs two workers; they share one build through a lock file so
the site is built once, the way `make site` builds it.
"""

import fcntl
import shutil
import zipfile

import pytest

from support.project import ROOT, copy_project, run_build, run_offline_copy


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id):
    """Path of the built site, shared by every worker of this run."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    site = shared / "site"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        status = shared / "site.status"
        if not status.exists():
            result = run_build(ROOT, site)
            log = f"{result.stdout}\n{result.stderr}"
            if result.returncode == 0:
                # As `make site` does: the offline copy, zipped into downloads/.
                result = run_offline_copy(ROOT, site, shared / "site.offline")
                log += f"\n{result.stdout}\n{result.stderr}"
            status.write_text(f"{result.returncode}\n{log}")
        code, _, log = status.read_text().partition("\n")
    assert code == "0", f"the real site failed its strict build:\n{log}"
    return site


@pytest.fixture(scope="session")
def offline_copy(built_site, tmp_path_factory):
    """The offline copy as a reader gets it: the built site's zip, unzipped; the path of its folder."""
    from macros.kit import paths

    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built_site / paths.OFFLINE_ZIP) as archive:
        archive.extractall(folder)
    return folder / paths.OFFLINE_FOLDER


@pytest.fixture
def project_copy(tmp_path):
    return copy_project(tmp_path / "project")


@pytest.fixture
def kit(tmp_path):
    """The exercises, workshops (and their schemas), docs/ and the labels, copied to break on purpose.

    The loaders' unit tests need no more than that; project_copy is the whole project."""
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "templates" / "partials").mkdir(parents=True)
    for name in ("labels.yml", "labels.schema.json"):
        shutil.copy2(ROOT / "templates" / "partials" / name, tmp_path / "templates" / "partials" / name)
    return tmp_path


# Browser fixtures (site on 127.0.0.1, one chromium per worker) live in support/browser.py.
from support.browser import browser_page, chromium, pages, site_url  # noqa: E402,F401
