"""The project under test: where it lies, how to build it, how to copy it to break it."""

import os
import pathlib
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
# The publishing setting (README.md, Publish) as a release sets it, so the
# tests see the address and the repository reach every page and PDF.
SITE_URL = "https://kit.example.net/"
REPO_URL = "https://git.example.net/teams/common-ground"
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
    "COMMON_GROUND_SITE_URL": SITE_URL,
    "COMMON_GROUND_REPO_URL": REPO_URL,
    "COMMON_GROUND_EDIT_URI": "edit/main/",
    # No build may fetch anything (fonts for preview cards, say): every
    # request through Python's HTTP clients goes to a port nobody listens on.
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "NO_PROXY": "",
    "no_proxy": "",
}
# What a maintainer's checkout holds that a build reads.
PROJECT_PARTS = ["mkdocs.yml", "docs", "exercises", "templates", "macros"]


def run_build(project: pathlib.Path, site_dir: pathlib.Path, *extra: str, env: dict | None = None):
    """Run a strict build exactly as `make site` does (never with -q); `env` adds or overrides variables."""
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=project,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=900,
    )


def run_offline_copy(project: pathlib.Path, site_dir: pathlib.Path, scratch: pathlib.Path):
    """Add the offline copy to a built site as `make site` does (macros/publish.py), in a child process."""
    code = (
        "import pathlib, sys; from macros import publish; root, site, scratch = map(pathlib.Path, sys.argv[1:4]); "
        "print(publish.add_offline_copy(root, site, [sys.executable, '-m', 'mkdocs'], scratch))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(project), str(site_dir), str(scratch)],
        cwd=project,
        env={**ENV, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        timeout=900,
    )


def copy_project(dest: pathlib.Path) -> pathlib.Path:
    """A throw-away copy of the project to break on purpose."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    # The PDF cache, as a maintainer's checkout has it, so that a copy renders
    # only the PDFs its test changes (a full render takes half a minute).
    # The same for preview cards (a few seconds to draw them all).
    for cache in (ROOT / ".cache" / "pdf", ROOT / ".cache" / "plugin" / "social"):
        if cache.is_dir():
            shutil.copytree(cache, dest / cache.relative_to(ROOT), ignore=shutil.ignore_patterns("*.tmp"))
    return dest


def expected_problems(expect_file: pathlib.Path) -> list:
    """[(line, fragment)] from a bad case's .expect file: 'LINE fragment' per line, '#' comments."""
    rows = []
    for line in expect_file.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            number, _, fragment = line.partition(" ")
            rows.append((int(number), fragment))
    return rows


def add_to_worksheet_intro(path: pathlib.Path, words: str) -> None:
    """Put `words` at the start of an exercise's worksheet intro, so its PDFs must change."""
    text = path.read_text(encoding="utf-8")
    intro = re.search(r"^  intro: ", text, re.M)
    assert intro, f"{path.name} has no worksheet intro to change"
    path.write_text(text[: intro.end()] + words + " " + text[intro.end() :], encoding="utf-8")


def keep_rendered_pdfs(project: pathlib.Path) -> None:
    """Store the PDFs a copy rendered in the checkout's PDF cache.

    A test whose copy is made from fixed inputs (tests/build/test_hostile_text.py)
    renders its PDFs once; the next run's copy takes them from the cache
    (copy_project) instead of rendering them again. The cache's own
    entries are written atomically, and its manifest is left alone."""
    from macros.pdf.cache import PdfCache

    ours, theirs = PdfCache(ROOT / ".cache" / "pdf"), PdfCache(project / ".cache" / "pdf")
    for entry in theirs.folder.glob("*/*.pdf"):
        if not ours.has(entry.stem):
            data = theirs.read(entry.stem)
            if data is not None:
                ours.put(entry.stem, data)
