"""The guides and the reading path, from the nav and each guide's front matter.

A guide is one Markdown file under docs/playbook/ plus its line in the nav
of mkdocs.yml. Everything that lists guides (the reading path, the playbook
index, the onboarding tracks, each guide's header and the tests) asks this
module, so a new guide needs no other edit. Plain Python, no MkDocs import.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re

from ..kit.yamlsource import YamlProblem, config_nav, load_file
from .reading_lists import GuideError, display, front_matter

PLAYBOOK = "playbook/"
# Front matter a guide must have, and what each key holds.
REQUIRED = {
    "title": str,
    "description": str,
    "tags": list,
    "audience": list,
    "reading_time": int,
    "sources": list,
    "when": str,
    "after": str,  # "After this you can …": what the reader can do once read
    "first_action": str,  # one step that fits in half an hour, with its minutes
    "check_back": str,  # what to look at again, two to four weeks on
}
AUDIENCES = ("new hire", "CRM lead", "IT lead", "facilitator")
# A first action names its minutes, "(20 minutes)", and fits in half an hour;
# a check-back starts "In two weeks" (three, four): the header promises both.
_FIRST_ACTION = re.compile(r"\((\d+) minutes\)\.?$")
_CHECK_BACK = re.compile(r"^In (two|three|four) weeks, ")


def is_guide(src: str) -> bool:
    """A page under playbook/ other than its index."""
    return src.startswith(PLAYBOOK) and src != PLAYBOOK + "index.md"


def _walk(entries, section):
    """(section title, docs path) for every page of a raw nav list, in order."""
    for entry in entries or []:
        if isinstance(entry, str):
            yield section, entry
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    yield section, value
                else:
                    yield from _walk(value, title)


def sections(nav) -> list:
    """[(section title, [guide paths])] in nav order: the playbook's groups."""
    grouped: dict = {}
    for section, src in _walk(nav, None):
        if is_guide(src):
            grouped.setdefault(section, []).append(src)
    return list(grouped.items())


def reading_path(nav) -> list:
    """Every guide's docs path, in the order of the nav: the reading path."""
    return [src for _, group in sections(nav) for src in group]


def load_nav(config_file: pathlib.Path) -> list:
    """The raw nav of mkdocs.yml, for code that runs outside MkDocs (tests)."""
    return config_nav(pathlib.Path(config_file))["nav"]


@dataclasses.dataclass(frozen=True)
class Guide:
    src: str
    meta: dict

    @property
    def title(self) -> str:
        return self.meta["title"]


def check(path: pathlib.Path, doc, allowed_tags) -> None:
    """GuideError naming the file, line and field of the first bad key."""
    meta = doc.data

    def fail(field, message):
        raise GuideError(message, file=display(path), line=doc.line_of((field,)), field=field)

    for field, kind in REQUIRED.items():
        value = meta.get(field)
        if value in (None, "", []):
            fail(field, "is missing; every guide's header shows it")
        if not isinstance(value, kind) or isinstance(value, bool):
            fail(field, f"must be {'a list' if kind is list else 'a whole number' if kind is int else 'text'}")
    if meta["reading_time"] < 1:
        fail("reading_time", f"must be a whole number of minutes, at least 1, got {meta['reading_time']!r}")
    unknown = [a for a in meta["audience"] if a not in AUDIENCES]
    if unknown:
        fail("audience", f"{unknown[0]!r} is not one of {', '.join(AUDIENCES)}")
    minutes = _FIRST_ACTION.search(meta["first_action"].strip())
    if not minutes or not 1 <= int(minutes.group(1)) <= 30:
        fail("first_action", "must end with how long it takes, '(20 minutes)', and fit in 30 minutes")
    if not _CHECK_BACK.match(meta["check_back"].strip()):
        fail("check_back", "must start 'In two weeks, ', 'In three weeks, ' or 'In four weeks, '")
    check_tags(path, meta, allowed_tags, doc)


def check_tags(path: pathlib.Path, meta: dict, allowed_tags, doc=None) -> None:
    """Every tag of a page comes from the allowed list (docs/includes/tags.yml);
    `doc`, the page's front matter as read, gives the line of each tag."""
    tags = meta.get("tags") or []
    for index, tag in enumerate(tags if isinstance(tags, list) else [tags]):
        if tag not in allowed_tags:
            near = [a for a in allowed_tags if a.casefold() == str(tag).casefold()]
            hint = f"; did you mean {near[0]!r}?" if near else ""
            if doc is None:
                doc = front_matter(path)
            raise GuideError(
                f"{tag!r} is not in the allowed list docs/includes/tags.yml{hint}",
                file=display(path),
                line=doc.line_of(("tags", index)),
                field="tags",
            )


def check_yaml_tags(items, allowed_tags) -> None:
    """Exercises' and workshops' tags come from the same allowed list; the
    error names the YAML file and the line of the tag."""
    for item in items:
        for index, tag in enumerate(item.data.get("tags") or []):
            if tag not in allowed_tags:
                raise GuideError(
                    f"{tag!r} is not in the allowed list docs/includes/tags.yml",
                    file=item.file,
                    line=item.doc.line_of(("tags", index)),
                    field=f"tags[{index}]",
                )


TAGS = "docs/includes/tags.yml"


def load_allowed_tags(path: pathlib.Path) -> dict:
    """tag -> what it is for, from the allowed list (the kit's YAML reader, every guard)."""
    try:
        doc = load_file(pathlib.Path(path), TAGS, empty="the file is empty; it lists the allowed tags as tag: meaning")
    except YamlProblem as err:
        raise GuideError(err.message, **err.place) from None
    if not isinstance(doc.data, dict):
        raise GuideError("the allowed tags must be a mapping of tag: meaning", file=TAGS, line=1)
    for tag, meaning in doc.data.items():
        if not isinstance(meaning, str) or not meaning.strip():
            raise GuideError("say in words what the tag is for", file=TAGS, line=doc.line_of((tag,)), field=tag)
    return doc.data


def load_guides(docs_dir: pathlib.Path, nav, allowed_tags) -> list:
    """Every guide on the reading path, with checked front matter."""
    guides = []
    for src in reading_path(nav):
        path = pathlib.Path(docs_dir) / src
        doc = front_matter(path)
        check(path, doc, allowed_tags)
        guides.append(Guide(src, doc.data))
    return guides


def practice(src: str, library, workshops) -> dict:
    """The exercises that name this guide, and the workshops that run them."""
    exercises = [ex for ex in library if str(ex.get("guide", "")).partition("#")[0] == src]
    ids = {ex.id for ex in exercises}
    runs = [w for w in workshops.values() if ids & set(w.exercise_ids)]
    return {"exercises": exercises, "workshops": runs}
