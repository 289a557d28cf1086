"""Which sentences of the kit make a claim that the ledger must hold.

A sentence needs a ledger entry (docs/includes/claims.yml) when it names a
source (an author, a firm in the articles, "the article", "research"),
reports a finding, generalises ("most", "usually", "rarely"), gives a
number, or sits in a guide's summary of its source (a "What the article
says" note). Examples labelled as invented, headings and admonition titles
are exempt. The words here are the tests' own list, kept apart from
macros/; the sentence splitter is the build's (macros/kit/claims.py), so
the tests and the build agree on where a sentence ends.
"""

import re

import yaml

from macros.kit.claims import markdown_sentences, text_sentences, words
from support.project import ROOT

# Pages a reader takes as fact; the maintainers' pages (conventions,
# performance) describe the build, not CRM teams.
SKIP_PAGES = {"about/conventions.md", "about/performance.md", "tags.md"}
FRONT_MATTER_FIELDS = ("title", "description", "when", "after", "first_action", "check_back")
# YAML fields that hold ids, dates, enums or paths, not prose.
NOT_PROSE = {
    "id",
    "guide",
    "updated",
    "tags",
    "draws_on",
    "related",
    "formats",
    "difficulty",
    "grouping",
    "kind",
    "start",
    "exercise",
    "drop",
    "step",
    "per",
    "side",
    "see",
    "forms",
    "points",
    "card_sets_per",
    "lines",
    "rows",
    "row_lines",
    "columns",
    "private",
    "count",
    # How long an answer is ("25 words"), how a sheet sits on paper, and the
    # blank headings of a wall chart: sizes, not prose.
    "write",
    "layout",
    "example_on_sheet",
    "blank_columns",
    "blank_rows",
}

_FACT = re.compile(
    r"\b(?:Gardner|Dailey|O['’]Brien|Kirkby|Nauheimer|Nauhermer|Buttle|Kaisen|Bond|Russell|Transcom"
    r"|Halo Works|TurningPointe|Technews|CBR|Macquarie|Senge)\b"
    r"|(?i:\b(?:article|articles|authors?|column['’]s|article['’]s)\b|\b(?:the|this|its) scenario\b"
    r"|\bresearch\w*|\bstud(?:y|ies)\b|\b(?:found|finds) that\b|\bfindings\b|\breported\b|\breports\b"
    r"|\baccording to\b|\bper ?cent\b"
    r"|\b(?:usually|often|rarely|seldom|always|never|typically|commonly|generally|almost)\b|\btends? to\b"
    r"|(?<!the )(?<!with )\bmost (?:of|[a-z]{3,}s|conflict|friction|people)\b)"
    # A number, but not a duration ("30 minutes", "a 20-minute call") or a step of the exercise.
    r"|%|(?<![Ss]tep )(?<![Ss]teps )(?<!and )\b\d+\b(?!\s*(?:(?:-|to)\s*\d+\s*)?-?(?:minutes?|min|hours?|seconds?)\b)"
)
_SUMMARY_NOTE = re.compile(r"^note: What the (?:article|articles|column) say")


def fact_marker(text: str):
    """The first word that makes this sentence a claim, or None."""
    found = _FACT.search(text)
    return found.group(0) if found else None


def needs_entry(sentence) -> bool:
    if sentence.block in ("heading", "title") or (sentence.box or "").startswith("example"):
        return False
    return bool(fact_marker(sentence.text)) or bool(_SUMMARY_NOTE.match(sentence.box or ""))


def pages(root=ROOT) -> list:
    """Docs paths of every page in scope."""
    docs = root / "docs"
    return sorted(
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*.md")
        if p.relative_to(docs).parts[0] != "includes" and p.relative_to(docs).as_posix() not in SKIP_PAGES
    )


def _front_matter(text: str) -> dict:
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:].partition("\n---\n")[0]) or {}


def places(root=ROOT):
    """(location, sentences) for every page body, front-matter field and YAML text field in scope.

    A location is a dict: {'page': docs path} or {'page': path, 'field': key}
    or {'file': project path, 'field': field path}.
    """
    docs = root / "docs"
    for src in pages(root):
        text = (docs / src).read_text(encoding="utf-8")
        yield {"page": src}, markdown_sentences(text)
        meta = _front_matter(text)
        for field in FRONT_MATTER_FIELDS:
            if isinstance(meta.get(field), str):
                yield {"page": src, "field": field}, text_sentences(meta[field])
        for field, value in _prose(meta.get("track") or {}, "track"):  # a track's first week
            yield {"page": src, "field": field}, text_sentences(value)
    glossary = yaml.safe_load((docs / "includes" / "glossary.yml").read_text(encoding="utf-8"))
    for entry in glossary:
        for field in ("term", "short", "more"):
            if entry.get(field):
                yield (
                    {"file": "docs/includes/glossary.yml", "field": f"{entry['id']}.{field}"},
                    text_sentences(entry[field]),
                )
    kit = sorted((root / "exercises").glob("[!_]*.yml")) + sorted((root / "exercises" / "workshops").glob("*.yml"))
    for path in kit:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for field, value in _prose(data, ""):
            yield {"file": path.relative_to(root).as_posix(), "field": field}, text_sentences(value)


def _prose(value, path):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PROSE:
                yield from _prose(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _prose(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


# --- The ledger against the pages and the seeds ----------------------------------


def _key(location: dict) -> tuple:
    return location.get("page") or location.get("file"), location.get("field")


def _label(location: dict) -> str:
    where = f"docs/{location['page']}" if "page" in location else location["file"]
    return f"{where}, field '{location['field']}'" if location.get("field") else where


def _inside(part: list, whole: list) -> bool:
    size = len(part)
    return size > 0 and any(whole[i : i + size] == part for i in range(len(whole) - size + 1))


def uncovered(ledger, root=ROOT) -> list:
    """A line per sentence that needs an entry and has none."""
    entries = {}
    for claim in ledger.claims:
        entries.setdefault((claim.page or claim.file, claim.field), []).append(words(claim.text))
    found = []
    for location, sentences in places(root):
        held = entries.get(_key(location), [])
        for sentence in sentences:
            if needs_entry(sentence) and not any(_inside(words(sentence.text), text) for text in held):
                why = fact_marker(sentence.text) or "a summary of its source"
                found.append(f'{_label(location)}:{sentence.line}: "{sentence.text[:90]}" ({why!r})')
    return found


def orphans(ledger, root=ROOT) -> list:
    """A line per ledger entry whose page, field or words are not where it says."""
    text_of = {_key(location): [w for s in sentences for w in words(s.text)] for location, sentences in places(root)}
    found = []
    for claim in ledger.claims:
        place = text_of.get((claim.page or claim.file, claim.field))
        where = f"docs/includes/claims.yml:{claim.line}: claim '{claim.id}'"
        if place is None:
            found.append(
                f"{where}: {claim.where}{', field ' + repr(claim.field) if claim.field else ''} is not a page or field the kit has"
            )
        elif not _inside(words(claim.text), place):
            found.append(f"{where}: its words are no longer on {claim.where}; reread the passage and update the entry")
    return found


def passage_problems(ledger, sources) -> list:
    """A line per source claim whose seed, lines or key words do not hold."""
    found = []
    for claim in ledger.claims:
        if claim.kind != "source":
            continue
        where = f"docs/includes/claims.yml:{claim.line}: claim '{claim.id}'"
        files = sorted(sources.glob(f"{claim.seed}_*.txt"))
        if len(files) != 1:
            found.append(f"{where}: no seed file {claim.seed}_*.txt in {sources}")
            continue
        lines = files[0].read_text(encoding="utf-8", errors="replace").split("\n")
        first, last = claim.lines
        if last > len(lines):
            found.append(f"{where}: lines {first}-{last}, but {files[0].name} has {len(lines)} lines")
            continue
        passage = words(" ".join(lines[first - 1 : last]))
        for key in claim.keys:
            if not _inside(words(key), passage):
                found.append(f"{where}: key {key!r} is not in {files[0].name}, lines {first}-{last}")
    return found


def run_in(phrase: str, text: str) -> bool:
    """Whether the words of `phrase` stand together, in order, in `text`."""
    return f" {' '.join(words(phrase))} " in f" {' '.join(words(text))} "
