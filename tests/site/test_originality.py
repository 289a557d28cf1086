"""Every sentence is our own, and every idea is written once.

Two checks on the Markdown a maintainer edits:

* no run of 10+ words is shared with a source article (../shared/sources);
* no run of 13+ words (more than twelve) is shared by two docs pages, outside
  fragments in docs/includes/ that pages pull in on purpose.

Where the sources are: ../shared/sources beside the repository, or the folder
named by COMMON_GROUND_SOURCES. In CI they are always there. On a machine
without them, set COMMON_GROUND_SOURCES_UNAVAILABLE=1: the source check then
only confirms that the folder really is missing, so the flag cannot quietly
switch the check off where the sources exist.
"""

import hashlib
import re

from support.wordruns import (
    DOCS,
    ROOT,
    SOURCES,
    allowed_title_grams,
    grams,
    page_prose,
    repo_files,
    shared_runs,
    sources_present,
    words,
)

SOURCE_RUN = 10  # the rule: no sentence of ten words or more from a source
PAGE_RUN = 13  # "more than about twelve words" shared between two pages


def _sources_present() -> bool:
    return sources_present()


def _copied_runs(text: str, source: dict, allowed: set) -> list:
    ws = words(text)
    return [
        " ".join(ws[i : i + SOURCE_RUN])
        for i in range(len(ws) - SOURCE_RUN + 1)
        if tuple(ws[i : i + SOURCE_RUN]) in source and tuple(ws[i : i + SOURCE_RUN]) not in allowed
    ]


def test_no_run_of_ten_words_from_a_source_anywhere_in_the_repo():
    if not _sources_present():
        return
    source = {}
    for path in sorted(SOURCES.glob("*.txt")):
        for gram in grams(words(path.read_text(errors="replace")), SOURCE_RUN):
            source.setdefault(gram, path.name)
    allowed = allowed_title_grams(SOURCE_RUN)
    problems = []
    for path in repo_files():
        runs = _copied_runs(path.read_text(errors="replace"), source, allowed)
        problems += [f'{path.relative_to(ROOT)}: "{run}"' for run in runs[:3]]
    assert not problems, "runs of 10+ words copied from a source article:\n" + "\n".join(problems)


def test_copy_check_catches_a_planted_sentence_and_allows_titles():
    source = {
        g: "x.txt"
        for g in grams(
            words(
                "CRM Star Wars: When Marketing is from Venus and IT is from Mars. "
                "The quick brown fox jumps over the lazy dog near the river bank today."
            ),
            SOURCE_RUN,
        )
    }
    allowed = allowed_title_grams(SOURCE_RUN)
    copied = "Note: the quick brown fox jumps over the lazy dog near the river, it said."
    cited = "See CRM Star Wars: When Marketing is from Venus and IT is from Mars, 2002."
    assert _copied_runs(copied, source, allowed)
    assert not _copied_runs(cited, source, allowed)


def _docs_pages() -> dict:
    return {
        str(path.relative_to(DOCS)): page_prose(path.read_text(encoding="utf-8"))
        for path in sorted(DOCS.rglob("*.md"))
        if path.relative_to(DOCS).parts[0] != "includes"
    }


def test_no_passage_of_more_than_twelve_words_on_two_pages():
    runs = shared_runs(_docs_pages(), PAGE_RUN)
    report = "\n".join(f'{a} and {b}: "{run}"' for run, a, b in runs[:20])
    assert not runs, (
        "the same passage appears on two pages; keep it on one page and link "
        "to it, or move it into docs/includes/ and include it:\n" + report
    )


def test_near_duplicate_detector_flags_thirteen_words_not_twelve():
    thirteen = "one two three four five six seven eight nine ten eleven twelve thirteen"
    twelve = "one two three four five six seven eight nine ten eleven twelve"
    assert shared_runs({"a.md": f"Intro. {thirteen}.", "b.md": f"{thirteen} end."}, PAGE_RUN)
    assert not shared_runs({"a.md": f"Intro. {twelve}.", "b.md": f"{twelve} end."}, PAGE_RUN)
    # A fragment pulled in with markdown-include is shared on purpose.
    assert not shared_runs({"a.md": page_prose("{!includes/x.md!}"), "b.md": thirteen}, PAGE_RUN)


def test_sources_page_fingerprints_match_the_files():
    if not _sources_present():
        return
    page = (DOCS / "about/sources.md").read_text(encoding="utf-8")
    for path in sorted(SOURCES.glob("*.txt")):
        data = path.read_bytes()
        row = re.search(rf"^\| `{re.escape(path.name)}` \| (\d+) \| `([0-9a-f]+)` \|", page, re.M)
        assert row, f"docs/about/sources.md: no fingerprint row for {path.name}"
        assert int(row.group(1)) == len(data.decode(errors="replace").split()), (
            f"docs/about/sources.md: word count for {path.name} is out of date"
        )
        assert hashlib.sha256(data).hexdigest().startswith(row.group(2)), (
            f"docs/about/sources.md: SHA-256 for {path.name} does not match the file"
        )


NEAR_RUN = 8  # guides keep a margin below the rule: no 8-word run that sits close to a source


def test_guides_keep_clear_of_eight_word_runs_from_a_source():
    if not _sources_present():
        return
    source = set()
    for path in sorted(SOURCES.glob("*.txt")):
        source |= grams(words(path.read_text(errors="replace")), NEAR_RUN)
    close = []
    for path in sorted((DOCS / "playbook").glob("*.md")) + sorted((DOCS / "onboarding").glob("*.md")):
        ws = words(page_prose(path.read_text(encoding="utf-8")))
        close += [f'{path.relative_to(ROOT)}: "{" ".join(g)}"' for g in sorted(grams(ws, NEAR_RUN) & source)]
    assert not close, "reword these runs, which sit close to a source:\n" + "\n".join(close[:20])
