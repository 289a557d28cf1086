"""The glossary: one YAML list that makes both the glossary page and the tooltips.

docs/includes/glossary.yml holds each term once. The glossary page renders it
through templates/glossary.md.j2; every other page gets an abbreviation line
per form (`*[form]: short`), which Python-Markdown's abbr extension turns
into <abbr title="short">. Both read the same `short`, so the wording on the
glossary page and in a tooltip cannot differ. Plain Python, no MkDocs import.
"""

from __future__ import annotations

import pathlib
import re

from .. import templating
from ..kit.yamlsource import YamlProblem, load_file
from .reading_lists import GuideError

GLOSSARY = pathlib.Path("includes") / "glossary.yml"
SIDES = {
    "marketing": "Marketing, sales and service words",
    "it": "IT words",
    "measurement": "Measurement words",
    "team": "Words for working together",
}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A form is matched as a whole word in running text; ']' or a newline would
# end the abbreviation definition early.
_FORM = re.compile(r"^[A-Za-z][A-Za-z -]*[A-Za-z]$")
_FIELDS = {"id", "term", "side", "short", "forms", "more", "see"}


def load(docs_dir) -> list:
    """The checked glossary entries, in file order; GuideError on a bad entry."""
    path = pathlib.Path(docs_dir) / GLOSSARY
    name = f"docs/{GLOSSARY.as_posix()}"
    try:
        doc = load_file(path, name, empty="the file is empty; the glossary is a list of terms")
    except YamlProblem as err:
        raise GuideError(err.message, **err.place) from None
    if not isinstance(doc.data, list):
        raise GuideError("the glossary must be a list of terms", file=name, line=1)
    seen_forms: dict = {}
    for index, entry in enumerate(doc.data):
        _check(doc, name, index, entry, seen_forms)
    return doc.data


def _check(doc, name, index, entry, seen_forms) -> None:
    def fail(field, message):
        line = doc.line_of((index, field)) if isinstance(entry, dict) and field in entry else doc.line_of((index,))
        raise GuideError(message, file=name, line=line, field=f"[{index}].{field}")

    if not isinstance(entry, dict):
        fail("term", "each entry must be a mapping with id, term, side, short and forms")
    for field in sorted(set(entry) - _FIELDS):
        fail(field, f"unknown field; use {', '.join(sorted(_FIELDS))}")
    for field in ("id", "term", "side", "short", "forms"):
        if not entry.get(field):
            fail(field, "is missing")
    if not _ID.match(str(entry["id"])):
        fail("id", "must be lower-case words joined by hyphens")
    if entry["side"] not in SIDES:
        fail("side", f"must be one of {', '.join(SIDES)}")
    for field in ("term", "short", "more"):
        if field in entry and (not isinstance(entry[field], str) or "\n" in entry[field].strip()):
            fail(field, "must be text on one line")
    if not isinstance(entry["forms"], list):
        fail("forms", "must be a list of the words that get the tooltip")
    for form in entry["forms"]:
        if not isinstance(form, str) or not _FORM.match(form):
            fail("forms", f"{form!r} must be letters, spaces and hyphens")
        if form in seen_forms:
            fail("forms", f"{form!r} is already a form of '{seen_forms[form]}'")
        seen_forms[form] = entry["id"]
    if "see" in entry and not re.match(r"^[a-z0-9/-]+\.md$", str(entry["see"])):
        fail("see", "must be a docs path such as playbook/strengths.md")


def abbreviations(terms: list) -> str:
    """Markdown abbreviation definitions: one line per form, longest first.

    The lines are Markdown that every page's later stages read (markdown-
    include's {!file!}, attr_list, abbr itself), so each `short` goes in
    through templating.literal_markdown, like any data text put into
    Markdown: every character those stages act on is a character
    reference, which the tooltip (an attribute) shows as typed."""
    pairs = [(form, templating.literal_markdown(term["short"].strip())) for term in terms for form in term["forms"]]
    return "\n".join(f"*[{form}]: {short}" for form, short in sorted(pairs, key=lambda p: -len(p[0])))


def render_page(templates_dir, terms: list, links, titles: dict, sides=None) -> str:
    """The glossary entries (all, or those of some sides) as Markdown headings and HTML."""
    chosen = [t for t in terms if sides is None or t["side"] in sides]
    for index, term in enumerate(terms):
        if term in chosen and term.get("see") and term["see"] not in titles:
            # No line: the entries come here as data, without the file's lines.
            raise GuideError(
                f"{term['see']} is not a guide on the reading path (term '{term['id']}')",
                file=f"docs/{GLOSSARY.as_posix()}",
                field=f"[{index}].see",
            )
    template = templating.environment(str(templates_dir)).get_template("glossary.md.j2")
    return templating.markdown_blocks(template.render(terms=chosen, titles=titles, sides=SIDES, href=links.href))
