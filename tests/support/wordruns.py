"""Word runs shared between texts: the measure behind our originality tests.

Normalisation is the same as ../shared/tools/copycheck.py (lowercase, words
are [a-z0-9']+, curly apostrophes made straight), so a test here and the
checker agree on what counts as a copied run.
"""

import os
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"

# Where the source articles live. CI keeps them beside the repository.
SOURCES_ENV = "COMMON_GROUND_SOURCES"
NO_SOURCES_ENV = "COMMON_GROUND_SOURCES_UNAVAILABLE"
SOURCES = pathlib.Path(os.environ.get(SOURCES_ENV, ROOT.parent / "shared" / "sources"))

# Titles may be cited word for word (same list as copycheck.py).
TITLES = [
    "crm star wars when marketing is from venus and it is from mars",
    "crm strategic engine or just another technology tool",
    "part three skills building performance and rewards",
]
# The files copycheck.py reads; the same rules, so both see the same repo.
SUFFIXES = {".md", ".yml", ".yaml", ".html", ".j2", ".jinja", ".txt", ".py", ".css", ".json"}
SKIP = {".git", "site", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache"}


def sources_present() -> bool:
    """Whether the source articles are here; a clear failure if they should be.

    With COMMON_GROUND_SOURCES_UNAVAILABLE=1 the answer is "no", but only
    after confirming the folder really is missing, so the flag cannot quietly
    switch a check off where the sources exist.
    """
    if os.environ.get(NO_SOURCES_ENV) == "1":
        assert not SOURCES.is_dir(), (
            f"{NO_SOURCES_ENV}=1 is set but the sources exist at {SOURCES}; unset it so the checks run"
        )
        return False
    assert SOURCES.is_dir() and list(SOURCES.glob("*.txt")), (
        f"source articles not found at {SOURCES}. Put them at ../shared/sources, "
        f"point {SOURCES_ENV} at them, or set {NO_SOURCES_ENV}=1 if this machine "
        f"genuinely has no copy"
    )
    return True


def words(text: str) -> list:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def grams(ws: list, k: int) -> set:
    return {tuple(ws[i : i + k]) for i in range(len(ws) - k + 1)}


def repo_files(root: pathlib.Path = ROOT):
    """Every text file copycheck.py would read, skipping build output and tools."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and path.suffix in SUFFIXES and not set(rel.parts) & SKIP:
            if not rel.parts[0].startswith("site"):  # site/, site.tmp/: build output
                yield path


def allowed_title_grams(k: int) -> set:
    return set().union(*(grams(t.split(), k) for t in TITLES))


# --- Markdown pages as a reader sees their own text ---------------------------

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_INCLUDE = re.compile(r"\{!.*?!\}")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_ATTRS = re.compile(r"\{\s*[#.][^}]*\}")
_HTML = re.compile(r"<[^>]+>")


def page_prose(markdown: str) -> str:
    """A page's own words: no front matter, fragments, macro calls, URLs or ids.

    Fragments pulled in with markdown-include are shared on purpose, so they
    stay out; link targets and heading ids are addresses, not prose.
    """
    text = _FRONT.sub("", markdown)
    for pattern in (_INCLUDE, _MACRO, _LINK_TARGET, _ATTRS, _HTML):
        text = pattern.sub(" ", text)
    return text


def shared_runs(pages: dict, k: int) -> list:
    """(run, page_a, page_b) for every run of k words found on two pages."""
    seen = {}
    found = []
    for name, text in sorted(pages.items()):
        for gram in grams(words(text), k):
            other = seen.setdefault(gram, name)
            if other != name:
                found.append((" ".join(gram), other, name))
    return found
