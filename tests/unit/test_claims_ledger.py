"""The claims ledger (docs/includes/claims.yml) holds every claim the kit makes.

Checked here, on the files a maintainer edits, without a build:

* every sentence that names a source or carries a fact marker (an author,
  "the article", "research", a finding, a generalisation, a number) on a
  guide, the glossary, the tracks, the sources page and the exercise and
  workshop text has an entry;
* every entry's page or field exists and still holds its words;
* every source entry's lines exist in its seed file and hold its key words;
* a broken ledger stops the loader with file, line and field.

Each check also runs on a planted copy (a slip put back, a passage moved),
so it is seen to fail. The cut sentences' absence from the built site is in
tests/site/test_claims_site.py; the footnotes and the build's own checks in
tests/build/test_claims_build.py.
"""

import pathlib
import re
import shutil

import pytest

from macros.kit import claims
from support import claimscan
from support.project import ROOT
from support.wordruns import SOURCES, sources_present


@pytest.fixture(scope="module")
def ledger():
    return claims.load(ROOT)


def _copy(tmp_path) -> pathlib.Path:
    """docs/ and exercises/ of the project, to plant a slip in."""
    for part in ("docs", "exercises"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


def _replace(path: pathlib.Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}; update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- The real kit ---------------------------------------------------------------


def test_every_claim_sentence_has_a_ledger_entry(ledger):
    missing = claimscan.uncovered(ledger)
    assert not missing, (
        "sentences that make a claim have no entry in docs/includes/claims.yml (add one: source with "
        "its passage, ours, or outside), or reword them:\n" + "\n".join(missing[:40])
    )


def test_no_ledger_entry_lacks_its_page_or_words(ledger):
    lost = claimscan.orphans(ledger)
    assert not lost, "\n".join(lost[:40])


def test_every_source_passage_exists_and_holds_its_key_words(ledger):
    if not sources_present():
        return
    problems = claimscan.passage_problems(ledger, SOURCES)
    assert not problems, "\n".join(problems[:40])
    assert sum(claim.kind == "source" for claim in ledger.claims) >= 100


def test_the_ledger_covers_every_kind_and_every_guide(ledger):
    kinds = {claim.kind for claim in ledger.claims}
    assert kinds == {"source", "ours", "outside"}
    fidelity = {claim.fidelity for claim in ledger.claims if claim.kind == "source"}
    assert fidelity == set(claims.FIDELITY)
    guides = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs/playbook").glob("*.md")}
    cited = {claim.page for claim in ledger.claims if claim.cited}
    assert guides - {"playbook/index.md"} <= cited, "a guide has no source claim in the ledger"
    assert len(ledger.cuts) >= 20


def test_co_lead_is_the_kits_word(ledger):
    """The article says co-chair; the kit says co-lead, except where it names the article's word
    (in a sentence that names the article or its authors)."""
    found = []
    for location, sentences in claimscan.places():
        if location.get("page") == "about/sources.md" or str(location.get("field", "")).startswith("co-chair."):
            continue  # the sources page describes the copies; the glossary entry explains the word
        for sentence in sentences:
            if claimscan.run_in("co chair", sentence.text.replace("-", " ")) or "co-chair" in sentence.text.lower():
                if not any(name in sentence.text.lower() for name in ("article", "dailey")):
                    found.append(f"{location}: {sentence.text[:90]}")
    assert not found, "write co-lead, as docs/about/conventions.md says:\n" + "\n".join(found)


# What the spun copy (001) and the machine translation (002) changed in the Star Wars article.
# The kit may name these only in a sentence whose ledger entry reports that copy.
DISTORTIONS = {
    "002": [
        re.compile(
            r"\b(?:real|actual|true)\s+(?:conflict|clash|problem|issue)\b[^.;]*?\b(?:is|was)\s+(?:a\s+|about\s+)?commitment",
            re.I,
        ),
        re.compile(r"\bnot\s+(?:a\s+|about\s+)?resourc\w*[^.;]*?\bbut\s+(?:a\s+|about\s+)?commitment", re.I),
        re.compile(r"\bcommitment\s+(?:issue|problem),?\s+not\b", re.I),
        re.compile(r"\bhung up\b|\bwe (?:haven't|have not) made\b|\bmetamorphosis\b|\bjealousy\b|\bBrest\b", re.I),
    ],
    "001": [re.compile(r"\bco-?seats?\b|\bChange The board\b|\bShowcasing\b|\basset portion\b", re.I)],
}


def _distorted(root=ROOT, ledger=None) -> list:
    ledger = ledger or claims.load(ROOT)
    reports = {}
    for claim in ledger.claims:
        reports.setdefault((claim.page or claim.file, claim.field, claim.seed), []).append(claims.words(claim.text))
    found = []
    for location, sentences in claimscan.places(root):
        where = (location.get("page") or location.get("file"), location.get("field"))
        for sentence in sentences:
            for seed, patterns in DISTORTIONS.items():
                if any(p.search(sentence.text) for p in patterns) and not any(
                    claimscan._inside(claims.words(sentence.text), text) for text in reports.get((*where, seed), [])
                ):
                    found.append(f"{location}: {sentence.text[:100]} (as copy {seed} has it)")
    return found


def test_the_spun_and_translated_copies_distortions_stay_out(ledger):
    """The translation's reversed conclusion (commitment, not resources), its other garbles and the
    spinner's swapped words appear only where a sentence reports that copy, with its entry."""
    found = _distorted(ledger=ledger)
    assert not found, "a distortion of a bad copy, stated as the article's:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "page, old, new",
    [
        (
            "docs/playbook/hidden-issue.md",
            "not about how\ncommitted IT is.",
            "not about how\ncommitted IT is. The real conflict is a commitment problem.",
        ),
        (
            "exercises/capacity-agreement.yml",
            "not to judge anyone's\n      commitment.",
            "not to judge anyone's\n      commitment. It is a commitment issue, not a resource one.",
        ),
        ("docs/playbook/missed-meeting.md", "but she was needed elsewhere", "but she hung up"),
        ("docs/playbook/co-lead-relationship.md", "as co-leads?", "as co-seats?"),
    ],
)
def test_a_distortion_put_back_is_found(ledger, tmp_path, page, old, new):
    root = _copy(tmp_path)
    _replace(root / page, old, new)
    found = _distorted(root, ledger)
    assert len(found) == 1 and page.removeprefix("docs/") in found[0], found


def _block_of(markdown: str, text: str) -> str:
    """The paragraph or list item that holds the claim, with a list's opening sentence."""
    lines = [re.sub(r"\{[^}]*\}|\[\^[a-z0-9-]+\]", " ", line) for line in markdown.split("\n")]
    wanted = claims.words(text)[:6]
    for number in range(len(lines)):
        window = claims.words(" ".join(lines[number : number + 3]))
        if any(window[i : i + len(wanted)] == wanted for i in range(len(window))):
            start = number
            while start > 0 and lines[start - 1].strip() and not re.match(r"\s*(\d+\.|-) ", lines[start]):
                start -= 1
            block = lines[start : number + 3]
            if re.match(r"\s*- ", lines[start]):  # a bullet: the list's opening sentence covers it
                head = start
                while head > 0 and lines[head - 1].strip():
                    head -= 1
                while head > 0 and not lines[head - 1].strip():
                    head -= 1
                while head > 0 and lines[head - 1].strip() and not re.match(r"\s*- ", lines[head - 1]):
                    head -= 1
                block = lines[head:start] + block
            return "\n".join(block)
    return ""


def test_our_own_advice_on_a_page_carries_the_label(ledger):
    """An 'ours' claim on a page is either labelled Our suggestion, a statement about the kit, or a
    situation a reader is asked to judge (docs/about/conventions.md#claims)."""
    unlabelled = []
    for claim in ledger.claims:
        if claim.kind != "ours" or not claim.page or claim.field:
            continue
        note = (claim.note or "").lower()
        if note.startswith(("a statement about", "an invented situation")):
            continue
        markdown = (ROOT / "docs" / claim.page).read_text(encoding="utf-8")
        if "Our suggestion" not in _block_of(markdown, claim.text):
            unlabelled.append(f"docs/{claim.page}: {claim.text[:80]}")
    assert not unlabelled, "our own advice without the Our suggestion label:\n" + "\n".join(unlabelled)


# --- Seen to fail ------------------------------------------------------------------


@pytest.mark.parametrize(
    "page, old, new",
    [
        # An overstatement put back into a guide.
        (
            "docs/playbook/diagnose-conflict.md",
            "**personality**. Dailey & O'Brien, consultants",
            "**personality**. Dailey & O'Brien found the first three behind most clashes. Dailey & O'Brien, consultants",
        ),
        # A generalisation of our own, unmarked.
        (
            "docs/playbook/hidden-issue.md",
            "Until you know the demands on",
            "A missed session is usually a clash of demands. Until you know the demands on",
        ),
        # A number with nothing behind it, in an exercise.
        (
            "exercises/rewards-menu.yml",
            "Say plainly that pay matters",
            "Say that 80% of people value respect over money. Say plainly that pay matters",
        ),
        # Research named in a glossary definition.
        ("docs/includes/glossary.yml", "short: The share of customers", "short: Research shows the share of customers"),
        # A new sentence inside a guide's summary of its source.
        (
            "docs/playbook/strengths.md",
            "    Gardner notes how common",
            "    She writes with warmth. Gardner notes how common",
        ),
    ],
)
def test_a_claim_with_no_entry_is_found(ledger, tmp_path, page, old, new):
    root = _copy(tmp_path)
    _replace(root / page, old, new)
    missing = claimscan.uncovered(ledger, root)
    assert len(missing) == 1 and missing[0].startswith(page if not page.startswith("docs/") else f"{page}"), missing


def test_a_reworded_claim_loses_its_entry(ledger, tmp_path):
    root = _copy(tmp_path)
    _replace(root / "docs/playbook/rewards.md", "money always counts", "money counts only once pay is fair")
    lost = claimscan.orphans(ledger, root)
    assert len(lost) == 1 and "rewards-money-then-respect" in lost[0]


def test_a_passage_that_does_not_hold_its_key_words_is_found(ledger, tmp_path):
    if not sources_present():
        return
    moved = [
        claims.Claim(
            **{**vars(ledger.by_id()["outputs-step-insight"]), "lines": (21, 21)}
        ),  # Transcom's insight is on 23
        claims.Claim(
            **{**vars(ledger.by_id()["hidden-note-reversed-copy"]), "seed": "003"}
        ),  # the clean copy says the reverse
        claims.Claim(**{**vars(ledger.by_id()["diagnose-worked-case"]), "lines": (3, 400)}),  # past the end of the file
    ]
    problems = claimscan.passage_problems(claims.Ledger(ledger.articles, tuple(moved), ()), SOURCES)
    named = list(dict.fromkeys(p.split("'")[1] for p in problems))
    assert named == ["outputs-step-insight", "hidden-note-reversed-copy", "diagnose-worked-case"]


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            ('    seed: "004"\n', '    seed: "003"\n'),
            r"claims\.yml:\d+: field 'claims\[\d+\]\.seed': copy 003 is not a copy of kirkby-2007",
        ),
        (
            ('    lines: "23"\n', '    lines: "23-21"\n'),
            r"claims\.yml:\d+: field 'claims\[\d+\]\.lines': the range 23-21 runs backwards",
        ),
        (('    lines: "23"\n', '    lines: "line 23"\n'), r"claims\.yml:\d+: .*'line 23' is not a line range"),
        (("    fidelity: paraphrase\n", "    fidelity: roughly\n"), r"claims\.yml:\d+: .*'roughly' is not one of"),
        (("    kind: ours\n", '    kind: ours\n    seed: "003"\n'), r"claims\.yml:\d+: "),
        (("    kind: source\n", "    kind: sourced\n"), r"claims\.yml:\d+: .*'sourced' is not one of"),
        (
            ("  - id: about-credits\n", "  - id: outputs-step-insight\n"),
            r"claims\.yml:\d+: field 'claims\[\d+\]\.id': 'outputs-step-insight' is used twice",
        ),
        (('    seed: "004"\n', "    seed: 4\n"), r"claims\.yml:\d+: .*4 is not of type 'string'"),
    ],
)
def test_a_broken_ledger_names_file_line_and_field(tmp_path, change, expected):
    root = _copy(tmp_path)
    _replace(root / "docs/includes/claims.yml", *change)
    with pytest.raises(claims.LedgerError, match=expected) as caught:
        claims.load(root)
    assert "Traceback" not in str(caught.value)


def test_the_sentence_splitter_agrees_with_a_reader():
    found = claims.markdown_sentences(
        "---\ntitle: x\n---\n\n# Title\n\nOne claim, e.g. this one.[^a-b] A second?[^c]\n"
        "Still the second... no: a third! Dailey & O'Brien, Inc., 2002.\n\n"
        "1. **Roles.** Who does what?\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        '??? note "What the article says"\n\n    Inside the note.\n'
    )
    assert [(s.text, s.markers, s.block) for s in found] == [
        ("Title", (), "heading"),
        ("One claim, e.g. this one.", ("a-b",), "text"),
        ("A second?", ("c",), "text"),
        ("Still the second... no: a third!", (), "text"),
        ("Dailey & O'Brien, Inc., 2002.", (), "text"),
        ("Roles.", (), "text"),
        ("Who does what?", (), "text"),
        ("A B", (), "heading"),
        ("1 2", (), "table"),
        ("What the article says", (), "title"),
        ("Inside the note.", (), "text"),
    ]
    assert found[1].line == 7 and found[4].line == 8 and found[-1].line == 18
    assert found[-1].box == "note: What the article says"


@pytest.mark.parametrize(
    "sentence",
    [
        "Dailey & O'Brien found the first three behind most clashes.",
        "Research shows that teams improve.",
        "A study by the firm says so.",
        "Kirkby reports a survey.",
        "Most clashes are about roles.",
        "Personality is usually not the cause.",
        "It is rarely the culprit.",
        "Managers almost always agree.",
        "Satisfaction rose by 12%.",
        "Churn rose by 12 per cent.",
        "The article says the opposite.",
        "In 2007 the column appeared.",
        "Teams tend to drift.",
    ],
)
def test_fact_markers_are_recognised(sentence):
    assert claimscan.fact_marker(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Pairs talk for 10 minutes.",
        "Use a 30-minute call to merge them.",
        "Fill the first prompt in step 2.",
        "Give the most senior person the last word.",
        "Find the evidence together.",
        "Write down what happened.",
    ],
)
def test_instructions_are_not_claims(sentence):
    assert not claimscan.fact_marker(sentence)
