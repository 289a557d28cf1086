"""Every sentence is our own, and every idea is written once.

Two checks on the Markdown a maintainer edits:

* no run of 10+ words is shared with a source article (../shared/sources),
  and the guides and onboarding pages keep clear of 8-word runs too, exact
  or with one word swapped, and of 9-word runs with two swapped, as a
  spinner would hide a copy;
* no run of 13+ words (more than twelve) is shared by two docs pages, outside
  fragments in docs/includes/ that pages pull in on purpose.

Where the sources are: ../shared/sources beside the repository, or the folder
named by COMMON_GROUND_SOURCES. They are outside copies, never in the
repository, so a clone has none: there the checks that read them are skipped
with one line saying so, and with CI=true they fail, so CI always checks
(support/wordruns.py, sources_verdict; tests/unit/test_sources_switch.py).
"""

import hashlib
import itertools
import re

import pytest

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


def _spin_index(texts, size: int, swaps: int) -> dict:
    """Each source run of `size` words under every key that leaves `swaps` of its words out."""
    index = {}
    for text in texts:
        ws = words(text)
        for i in range(len(ws) - size + 1):
            gram = tuple(ws[i : i + size])
            for out in itertools.combinations(range(size), swaps):
                index.setdefault((out, *(w for n, w in enumerate(gram) if n not in out)), gram)
    return index


def _spun_runs(text: str, index: dict, size: int, swaps: int) -> list:
    """Runs of `size` words that match a source run in all but `swaps` words: a source
    sentence with a word or two swapped, as a spinner makes them. A run that holds
    seven words of a cited title is a citation, not a copy."""
    ws = words(re.sub(r"\[\^[a-z0-9-]+\]", " ", text))  # footnote markers are not prose
    titles = allowed_title_grams(TITLE_RUN)
    found = []
    for i in range(len(ws) - size + 1):
        gram = ws[i : i + size]
        if grams(gram, TITLE_RUN) & titles:
            continue
        for out in itertools.combinations(range(size), swaps):
            hit = index.get((out, *(w for n, w in enumerate(gram) if n not in out)))
            if hit:
                found.append(f'{" ".join(gram)}" (source: "{" ".join(hit)}')
                break
    return found


TITLE_RUN = 7
SPUN = [(NEAR_RUN, 1), (NEAR_RUN + 1, 2)]  # 8 words with one swapped, 9 with two


def test_guides_keep_clear_of_runs_with_a_word_or_two_swapped():
    """Swapping a word or two of a source run is how a spinner hides a copy, so a guide
    or onboarding page keeps clear of 8-word runs with one word swapped and 9-word runs
    with two (titles may be cited)."""
    if not _sources_present():
        return
    texts = [path.read_text(errors="replace") for path in sorted(SOURCES.glob("*.txt"))]
    pages = sorted((DOCS / "playbook").glob("*.md")) + sorted((DOCS / "onboarding").glob("*.md"))
    close = []
    for size, swaps in SPUN:
        index = _spin_index(texts, size, swaps)
        for path in pages:
            runs = _spun_runs(page_prose(path.read_text(encoding="utf-8")), index, size, swaps)
            close += [f'{path.relative_to(ROOT)}: "{run}"' for run in runs]
    assert not close, "reword these runs, a word or two away from a source:\n" + "\n".join(close[:30])


@pytest.mark.parametrize(
    "text, size, swaps, found",
    [
        ("If some groundwork had been laid early on, all was well.", 8, 1, True),  # one word swapped
        ("If some groundwork had been done early on, all was well.", 8, 1, True),  # none swapped
        ("If some ground work had been laid early, all was well.", 8, 1, False),  # two swapped
        ("If some spadework had been laid early on to build trust.", 9, 2, True),  # two swapped
        ("If some spadework had been laid early on to build trust.", 8, 1, False),
        ("Had the pair laid groundwork early, all might be well.", 9, 2, False),  # reworded
        ("See CRM Star Wars: When Marketing is from Mars, 2002.", 8, 1, False),  # a title, a word off
        ("Strategic engine or just another technology tool? It asks.", 8, 1, False),  # a title, a word on
        ("A CRM initiative: strategic engine or just another technology tool?", 9, 2, False),
    ],
)
def test_a_run_with_words_swapped_is_found(text, size, swaps, found):
    index = _spin_index(
        [
            "If some groundwork had been done early on to build their relationship.",
            "CRM Star Wars: When Marketing is from Venus and IT is from Mars",
            "Tool? CRM: Strategic Engine or Just Another Technology Tool? How do you answer",
        ],
        size,
        swaps,
    )
    assert bool(_spun_runs(text, index, size, swaps)) is found
