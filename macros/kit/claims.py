"""The claims ledger: every claim the kit makes, tied to where it comes from.

docs/includes/claims.yml (checked against claims.schema.json beside it)
holds one entry per sentence that states a fact, names an author or
"the article", or gives a number: where it stands (a page, or a kit file
and field), its exact words, and its kind. A *source* claim names the seed
file, the lines and the seed's own key words it rests on, and how closely
it follows them; an *ours* claim is the kit's own suggestion; an *outside*
claim cites a published work in full. Sentences the editors cut are kept
too, with their words, so that they cannot come back unnoticed.

On a page, a source claim carries a footnote marker, `[^id]`, right after
its sentence. `page_problems` checks both ways (a marker with no entry, an
entry with no marker) and that the sentence before the marker is still the
one the ledger records. The sentence splitter here is the one the tests use
to walk every page, so the two cannot disagree on what a sentence is.

Plain Python: no MkDocs, no Jinja.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re

from .problems import KitProblem
from .schema import Problem, schema_problems, validator
from .yamlsource import YamlProblem, field_of, load_file

LEDGER = "docs/includes/claims.yml"
SCHEMA = "docs/includes/claims.schema.json"
FIDELITY = {
    "says": "says",
    "paraphrase": "paraphrase",
    "our-reading": "our reading of a garbled passage",
}
MARKER = re.compile(r"\[\^([a-z0-9-]+)\]")


class LedgerError(KitProblem):
    """Every problem found in the ledger or between it and the pages."""

    def __init__(self, problems):
        self.problems = sorted(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} with the claims ledger:"
        super().__init__("\n".join([head, *map(str, self.problems)]))


@dataclasses.dataclass(frozen=True)
class Claim:
    id: str
    kind: str
    text: str  # its exact words, as a reader sees them
    line: int  # of its entry in the ledger
    page: str | None = None  # docs path of a Markdown page
    file: str | None = None  # project path of a YAML file
    field: str | None = None  # front-matter key, or field path in the file
    article: str | None = None
    seed: str | None = None
    lines: tuple = ()
    keys: tuple = ()
    fidelity: str | None = None
    work: str | None = None
    note: str | None = None

    @property
    def where(self) -> str:
        """'docs/playbook/x.md' or 'exercises/x.yml', as messages name files."""
        return f"docs/{self.page}" if self.page else str(self.file)

    @property
    def cited(self) -> bool:
        """A source claim in a page's body: it carries a footnote marker there."""
        return self.kind == "source" and self.page is not None and self.field is None


@dataclasses.dataclass(frozen=True)
class Cut:
    id: str
    was: str
    text: str
    match: str
    why: str
    line: int


@dataclasses.dataclass(frozen=True)
class Ledger:
    articles: dict
    claims: tuple
    cuts: tuple

    def by_id(self) -> dict:
        return {claim.id: claim for claim in self.claims}

    def on_page(self, src: str) -> list:
        return [claim for claim in self.claims if claim.page == src]


_LOADED: dict = {}  # path -> ((mtime, size, schema mtime), Ledger): one read per change


def load(root) -> Ledger:
    """The ledger, checked against its schema and within itself; LedgerError otherwise."""
    root = pathlib.Path(root)
    try:
        state = tuple(s.st_mtime_ns for s in ((root / LEDGER).stat(), (root / SCHEMA).stat()))
    except OSError:
        state = None
    cached = _LOADED.get(root)
    if state is not None and cached and cached[0] == state:
        return cached[1]
    ledger = _load(root)
    _LOADED[root] = (state, ledger)
    return ledger


def _load(root: pathlib.Path) -> Ledger:
    try:
        doc = load_file(root / LEDGER, LEDGER)
    except YamlProblem as err:
        raise LedgerError([Problem.of(err)]) from None
    problems = schema_problems(doc, LEDGER, validator(root / SCHEMA, SCHEMA))
    if problems:
        raise LedgerError(problems)
    data = doc.data
    claims, cuts, problems, seen = [], [], [], {}
    for index, entry in enumerate(data.get("claims") or []):
        line = doc.line_of(("claims", index))
        claim = _claim(entry, line)
        problems += _entry_problems(claim, data["articles"], seen, ("claims", index), doc)
        claims.append(claim)
    for index, entry in enumerate(data.get("cut") or []):
        line = doc.line_of(("cut", index))
        if entry["id"] in seen:
            problems.append(Problem(LEDGER, line, f"'{entry['id']}' is used twice", f"cut[{index}].id"))
        seen[entry["id"]] = line
        cuts.append(
            Cut(entry["id"], entry["was"], entry["text"], entry.get("match", entry["text"]), entry["why"], line)
        )
    if problems:
        raise LedgerError(problems)
    return Ledger(data["articles"], tuple(claims), tuple(cuts))


def _claim(entry: dict, line: int) -> Claim:
    lines = entry.get("lines")
    if lines is not None:
        first, _, last = str(lines).partition("-")
        lines = (int(first), int(last or first))
    return Claim(
        id=entry["id"],
        kind=entry["kind"],
        text=entry["text"],
        line=line,
        page=entry.get("page"),
        file=entry.get("file"),
        field=entry.get("field"),
        article=entry.get("article"),
        seed=entry.get("seed"),
        lines=lines or (),
        keys=tuple(entry.get("keys") or ()),
        fidelity=entry.get("fidelity"),
        work=entry.get("work"),
        note=entry.get("note"),
    )


def _entry_problems(claim: Claim, articles: dict, seen: dict, path: tuple, doc) -> list:
    """What the schema cannot say: unique ids, known articles and seeds, ranges in order."""

    def problem(field, message):
        return Problem(LEDGER, doc.line_of((*path, field)), message, field_of((*path, field)))

    found = []
    if claim.id in seen:
        found.append(problem("id", f"'{claim.id}' is used twice (first at line {seen[claim.id]})"))
    seen.setdefault(claim.id, claim.line)
    if claim.kind == "source":
        article = articles.get(claim.article)
        if article is None:
            found.append(problem("article", f"'{claim.article}' is not one of the articles: {', '.join(articles)}"))
        elif claim.seed not in article["seeds"]:
            found.append(
                problem("seed", f"copy {claim.seed} is not a copy of {claim.article} ({', '.join(article['seeds'])})")
            )
        if claim.lines[0] > claim.lines[1]:
            found.append(problem("lines", f"the range {claim.lines[0]}-{claim.lines[1]} runs backwards"))
    return found


# --- Pages as sentences -------------------------------------------------------

_SENTINEL = "\x00"
_HIDDEN = [
    re.compile(r"\{!.*?!\}"),  # markdown-include
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}"),  # macros
    re.compile(r"\{\s*[#.:][^}]*\}"),  # attribute lists
    re.compile(r"<[^>]+>"),  # HTML tags; their text stays
]
_CODE = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_BLOCK_START = re.compile(r"^\s*(?:\d+\.|[-*])\s|^\s*\||^#{1,6}\s|^(?:\?\?\?|!!!)")
_SEPARATOR = re.compile(r"\s*\|[\s|:-]*\|?\s*")
_ADMONITION = re.compile(r'^(\?\?\?|!!!)\+?\s+([a-z]+)(?:\s+"([^"]*)")?')
# A sentence ends at . ! or ? (after any closing quote, bracket or emphasis,
# and any footnote markers) before a space, unless the next word starts in
# lower case or the stop belongs to an abbreviation.
_END = re.compile(r"[.!?][\"'”’)\]*_]*(?:\x00[a-z0-9-]+\x00)*(?=\s+(?![a-z])|$)")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|Inc|vs|cf|No)|\b[A-Z])\.$")


@dataclasses.dataclass(frozen=True)
class Sentence:
    text: str  # as a reader sees it, markers taken out
    line: int  # 1-based line of the page or file where it starts
    markers: tuple  # footnote ids it carries
    block: str  # 'text', 'heading', 'title' (of an admonition) or 'table'
    box: str | None = None  # the admonition it sits in: its kind and title


def words(text: str) -> list:
    """Lower-case words, as copycheck.py counts them, without quotes at either end."""
    found = re.findall(r"[a-z0-9']+", str(text).lower().replace("\u2019", "'"))
    return [word.strip("'") for word in found if word.strip("'")]


def _reader_text(text: str) -> str:
    """Markdown as a reader sees it, footnote markers kept as sentinels."""
    text = _CODE.sub(lambda m: m.group(0).replace("[^", "[ ^"), text)  # `[^id]` in code is not a citation
    text = MARKER.sub(lambda m: f"{_SENTINEL}{m.group(1)}{_SENTINEL}", text)
    for pattern in _HIDDEN:
        text = pattern.sub(" ", text)
    text = _LINK_TARGET.sub("]", text)
    text = re.sub(r"[\[\]*`]", "", text)
    return text


def split(text: str, line_at, block: str = "text", box=None) -> list:
    """The sentences of one block of text (a paragraph, list item or field);
    `line_at(offset)` is the line a character of `text` came from."""
    found, start = [], 0
    for end in [m.end() for m in _END.finditer(text)] + [len(text)]:
        piece = _MARKED.sub("", text[start:end])
        if end < len(text) and _ABBREVIATION.search(piece.rstrip()):
            continue  # "e.g." or an initial: the sentence goes on
        if words(piece):
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            markers = tuple(_MARKED.findall(text[start:end]))
            found.append(Sentence(" ".join(piece.split()), line_at(start + lead), markers, block, box))
        start = end
    return found


_MARKED = re.compile(r"\x00([a-z0-9-]+)\x00")


def markdown_sentences(markdown: str) -> list:
    """Every sentence of a Markdown page, with its line, markers and block kind."""
    lines = markdown.split("\n")
    skip = 0
    if lines and lines[0] == "---":
        skip = next((i for i in range(1, len(lines)) if lines[i] == "---"), 0) + 1
    blocks, box, current = [], None, None
    for number in range(skip, len(lines)):
        raw = lines[number]
        if not raw.strip():
            current = None
            continue
        if box and not raw.startswith(" "):
            box = None
        admonition = _ADMONITION.match(raw)
        if admonition:
            box = f"{admonition.group(2)}: {admonition.group(3) or ''}"
            blocks.append(("title", box, [(number + 1, admonition.group(3) or "")]))
            current = None
            continue
        body = raw[4:] if box and raw.startswith("    ") else raw
        kind = "heading" if body.startswith("#") else "table" if body.lstrip().startswith("|") else "text"
        if kind == "table" and _SEPARATOR.fullmatch(body):
            continue  # a table's separator row
        if kind == "table" and number + 1 < len(lines) and _SEPARATOR.fullmatch(lines[number + 1][4 if box else 0 :]):
            kind = "heading"  # the row above the separator names the columns
        if current is None or kind != "text" or _BLOCK_START.match(body):
            current = [(number + 1, body)]
            blocks.append((kind, box, current))
            if kind != "text":
                current = None
        else:
            current.append((number + 1, body))
    found = []
    for kind, where, parts in blocks:
        found += _block_sentences(kind, where, parts)
    return found


def _block_sentences(kind: str, box, parts: list) -> list:
    text, starts = "", []
    for line, body in parts:
        starts.append((len(text), line))
        text += _reader_text(re.sub(r"^\s*(?:\d+\.|[-*])\s+|^#{1,6}\s+", "", body)) + "\n"

    def line_at(offset):
        return max((line for begin, line in starts if begin <= offset), default=parts[0][0])

    if kind in ("table", "heading", "title"):
        clean = " ".join(_MARKED.sub("", text).replace("|", " ").split())
        return [Sentence(clean, parts[0][0], tuple(_MARKED.findall(text)), kind, box)] if clean else []
    return split(text, line_at, kind, box)


def text_sentences(text: str, line: int = 1) -> list:
    """The sentences of a field of YAML text (light Markdown allowed)."""
    return split(_reader_text(str(text)), lambda offset: line)


# --- The ledger against a page --------------------------------------------------


def page_problems(src: str, markdown: str, ledger: Ledger) -> list:
    """Markers without entries, entries without markers, and sentences that drifted."""
    claims = ledger.by_id()
    problems, marked = [], {}
    found = markdown_sentences(markdown)
    for index, sentence in enumerate(found):
        for marker in sentence.markers:
            claim = claims.get(marker)
            where = f"docs/{src}"
            if claim is None:
                problems.append(Problem(where, sentence.line, f"citation [^{marker}] has no entry in {LEDGER}"))
            elif not claim.cited or claim.page != src:
                problems.append(
                    Problem(
                        where,
                        sentence.line,
                        f"citation [^{marker}] is the {LEDGER} entry at line {claim.line}, which is "
                        f"{'not a source claim in the body of this page' if claim.page == src else 'for ' + claim.where}",
                    )
                )
            elif not _ends_with(found, index, claim.text):
                problems.append(
                    Problem(
                        where,
                        sentence.line,
                        f"the sentence before [^{marker}] is not the one {LEDGER} records at line "
                        f"{claim.line}; reread the passage, then update the page or the ledger",
                    )
                )
            marked[marker] = marked.get(marker, 0) + 1
    for claim in ledger.on_page(src):
        if claim.cited and marked.get(claim.id) != 1:
            count = marked.get(claim.id, 0)
            problems.append(
                Problem(
                    LEDGER,
                    claim.line,
                    f"claim '{claim.id}' is cited {count} times on docs/{src}; put [^{claim.id}] once, right after "
                    f"its sentence",
                )
            )
    return problems


def _ends_with(found: list, index: int, text: str) -> bool:
    """Whether the sentences up to found[index] end with exactly these words:
    a claim is one sentence, or a few consecutive ones."""
    wanted, run = words(text), []
    for sentence in reversed(found[: index + 1]):
        run = words(sentence.text) + run
        if len(run) >= len(wanted):
            return run == wanted
    return False
