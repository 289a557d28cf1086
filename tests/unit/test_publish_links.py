"""`make site` never follows its own names when they are symbolic links (macros/publish.py).

site, site.tmp, site.old and site.lock committed as links (to a folder or a
file elsewhere) are refused by name before anything is written, and the
link's target is left exactly as it was. .gitignore covers the four names
as files and links, not only as folders. The builder here is a stand-in that
writes into its --site-dir: a real build adds nothing to what is tested.
"""

import hashlib
import shutil
import subprocess
import sys

import pytest

from macros import publish
from support.project import ROOT

NAMES = ("site", "site.tmp", "site.old", "site.lock")
# Writes an index.html into the folder given as its last argument, as a build would.
FAKE_BUILD = [
    sys.executable,
    "-c",
    "import pathlib, sys; d = pathlib.Path(sys.argv[-1]); d.mkdir(exist_ok=True); (d / 'index.html').write_text('new')",
]


def _state(path):
    """A folder's or file's content, for before-and-after comparison."""
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def victims(tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "precious.txt").write_text("keep me", encoding="utf-8")
    file = tmp_path / "precious.conf"
    file.write_text("keep me too", encoding="utf-8")
    return {"folder": folder, "file": file}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", ["folder", "file"])
def test_a_link_at_one_of_make_sites_names_is_refused_and_its_target_untouched(
    tmp_path, victims, monkeypatch, name, kind
):
    root = tmp_path / "project"
    root.mkdir()
    (root / name).symlink_to(victims[kind])
    before = _state(victims[kind])
    monkeypatch.setattr(publish, "problems_in", lambda tree, pages, checked=None: [])  # the stand-in tree may go live
    with pytest.raises(publish.PublishError) as refused:
        publish.publish(root, FAKE_BUILD, say=lambda message: None)
    assert f"{name} is a symbolic link" in str(refused.value)
    assert str(victims[kind]) not in str(refused.value)
    assert _state(victims[kind]) == before
    assert (root / name).is_symlink() and (root / name).readlink() == victims[kind]
    assert not (root / "site").exists() or (root / "site").is_symlink()


def test_all_four_together_are_all_named(tmp_path, victims):
    root = tmp_path / "project"
    root.mkdir()
    for name in NAMES:
        (root / name).symlink_to(victims["folder"])
    with pytest.raises(publish.PublishError) as refused:
        publish.publish(root, FAKE_BUILD, say=lambda message: None)
    assert all(f"{name} is a symbolic link" in str(refused.value) for name in NAMES)


def test_a_plain_file_left_at_the_scratch_name_is_cleared_and_the_build_goes_on(tmp_path, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    (root / "site.tmp").write_text("left over", encoding="utf-8")
    monkeypatch.setattr(publish, "problems_in", lambda tree, pages, checked=None: [])
    assert publish.publish(root, FAKE_BUILD, say=lambda message: None) == 0
    assert (root / "site" / "index.html").read_text() == "new"
    assert not (root / "site.tmp").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_covers_the_four_names_as_links_and_files(tmp_path, victims):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    (repo / "site").symlink_to(victims["folder"])
    (repo / "site.tmp").symlink_to(victims["folder"])
    (repo / "site.old").write_text("a file", encoding="utf-8")
    (repo / "site.lock").symlink_to(victims["file"])
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert sorted(line for line in status if line) == ["?? .gitignore"], status
