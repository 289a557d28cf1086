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


# Values of CI that mean "not CI" (GitHub Actions, GitLab CI and most services set CI=true).
NOT_CI = {"", "0", "false", "no", "off"}


def is_ci(env) -> bool:
    """Whether these tests run in CI, by the CI variable CI services set."""
    return env.get("CI", "").strip().lower() not in NOT_CI


def sources_verdict(env, folder: pathlib.Path) -> tuple:
    """("check" | "skip" | "fail", one line saying why) for the checks that read the sources.

    The five articles are outside copies kept beside the repository, never in
    it, so a clone has none. There the checks that read them are skipped with
    one line; in CI (CI=true) they fail, so CI never quietly stops checking.
    COMMON_GROUND_SOURCES_UNAVAILABLE=1 skips them anywhere, CI too, but only
    once the folder is confirmed missing, so it cannot switch a check off where
    the sources are.
    """
    present = folder.is_dir() and any(folder.glob("*.txt"))
    flagged = env.get(NO_SOURCES_ENV) == "1"
    if present and flagged:
        return "fail", f"{NO_SOURCES_ENV}=1 is set but the sources exist at {folder}; unset it so the checks run"
    if present:
        return "check", ""
    absent = (
        f"source articles absent (no *.txt in {folder}): they are outside copies kept in ../shared/sources "
        f"beside the repository, never in it, so a clone has none; point {SOURCES_ENV} at a copy to run "
        "these checks"
    )
    if flagged:
        return "skip", f"{absent} ({NO_SOURCES_ENV}=1)"
    if is_ci(env):
        return "fail", f"{absent}. CI={env.get('CI')} makes this a failure, so CI always checks against them"
    return "skip", f"{absent} (with CI=true this fails)"


def sources_present() -> bool:
    """True when the checks against the sources can run; otherwise skip or fail the test, in one line."""
    import pytest

    verdict, why = sources_verdict(os.environ, SOURCES)
    if verdict == "fail":
        pytest.fail(why, pytrace=False)
    if verdict == "skip":
        pytest.skip(why)
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
