"""Onboarding tracks: one per role, each with its own words, order and first week.

A track page (docs/onboarding/<role>-track.md) holds its track in front matter
under `track:` and calls the `onboarding_track` macro:

- `words`: the glossary sides its readers meet from the other side;
- `path`: the guides for the first month, in this role's order;
- `later`: the guides for leads, read after the first month;
- `week`: five days or so, each with the guides to `read` (continuing the
  path, in its order, at most DAY_MINUTES of reading), what to `do`, and
  optionally work from the other side to `sit_in` on.

Guide titles and minutes come from the guides' front matter, the words from
the glossary: nothing is listed twice. Every rule is checked here, with the
page, line and field of the first broken one. Plain Python, no MkDocs import.
"""

from __future__ import annotations

import pathlib
import posixpath

from .. import templating
from ..kit.reads import nothing
from ..kit.yamlsource import YamlProblem, load_text
from . import glossary
from .reading_lists import GuideError, page_entry, read_front_matter

DAY_MINUTES = 30  # reading a new hire can fit around a working day
LEAD_ONLY = "new hire"  # a guide whose audience lacks this waits until after the first month


class _Where:
    """The track block of one page, and the line of any field in it."""

    def __init__(self, path: pathlib.Path, name: str):
        text = path.read_text(encoding="utf-8")
        block = text[4:].partition("\n---\n")[0] if text.startswith("---\n") else ""
        try:
            self.doc = load_text(block, name)
        except YamlProblem as err:
            raise GuideError(err.message, file=name, line=err.line + 1, field=err.field) from None
        self.name = name

    def fail(self, field: tuple, message: str):
        line = self.doc.line_of(("track", *field)) + 1  # the block starts on the page's line 2
        shown = "track" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in field)
        raise GuideError(message, file=self.name, line=line, field=shown)


def render_track(docs_dir, templates_dir, links, guides: list, record=nothing) -> str:
    """The body of a track page (`links.src`, e.g. 'onboarding/it-track.md'): words,
    reading order, first week, after the first month."""
    page_src = links.src
    docs_dir = pathlib.Path(docs_dir)
    where = _Where(docs_dir / page_src, f"docs/{page_src}")
    track = (where.doc.data or {}).get("track")
    if not isinstance(track, dict):
        raise GuideError("a track page needs its track in front matter", file=f"docs/{page_src}", line=1, field="track")
    check(track, where, docs_dir, guides)
    role = posixpath.basename(page_src)[: -len("-track.md")]

    def entry(src):
        found = page_entry(docs_dir, src, record)
        return {**found, "slug": posixpath.basename(src)[: -len(".md")], "href": links.href(src)}

    days = []
    for number, day in enumerate(track["week"], 1):
        reads = [entry(src) for src in day["read"]]
        tasks = [{"text": text, "tick": f"{role}-day-{number}-{index}"} for index, text in enumerate(day["do"], 1)]
        sit_in = day.get("sit_in")
        days.append(
            {
                "number": number,
                "reads": reads,
                "minutes": sum(r["minutes"] for r in reads),
                "sit_in": {"text": sit_in, "tick": f"{role}-day-{number}-sit-in"} if sit_in else None,
                "tasks": tasks,
            }
        )
    path = [entry(src) for src in track["path"]]
    read_in_week = sum(len(day["read"]) for day in track["week"])
    template = templating.environment(str(templates_dir)).get_template("onboarding_track.md.j2")
    return templating.markdown_blocks(
        templating.render(
            template,
            links,
            words=[t for t in glossary.load(docs_dir) if t["side"] in track["words"]],
            path=path,
            days=days,
            rest=path[read_in_week:],
            later=[entry(src) for src in track["later"]],
            total_minutes=sum(p["minutes"] for p in path),
            day_minutes=DAY_MINUTES,
            glossary_href=links.href("onboarding/glossary.md"),
        )
    )


def check(track: dict, where: _Where, docs_dir: pathlib.Path, guides: list) -> None:
    """Every rule of a track; GuideError naming the page, line and field of the first broken one."""
    for field in ("words", "path", "later", "week"):
        if not isinstance(track.get(field), list) or not track[field]:
            where.fail((field,), "must be a list")
    for index, side in enumerate(track["words"]):
        if side not in glossary.SIDES:
            where.fail(("words", index), f"{side!r} is not a glossary side ({', '.join(glossary.SIDES)})")
    for field in ("path", "later"):
        for index, src in enumerate(track[field]):
            if src not in guides:
                where.fail((field, index), f"{src!r} is not a guide on the reading path")
    listed = track["path"] + track["later"]
    for src in guides:
        if listed.count(src) != 1:
            where.fail(
                ("path",), f"{src} must be listed once, in path or later (it is listed {listed.count(src)} times)"
            )
    for field, leads_only in (("path", False), ("later", True)):
        for index, src in enumerate(track[field]):
            if (LEAD_ONLY not in read_front_matter(docs_dir / src).get("audience", [])) != leads_only:
                why = (
                    "is for leads (no 'new hire' in its audience): put it in later"
                    if not leads_only
                    else ("is for new hires: put it in path")
                )
                where.fail((field, index), f"{src} {why}")
    _check_week(track, where, docs_dir)


def _check_week(track: dict, where: _Where, docs_dir: pathlib.Path) -> None:
    read, sat_in = [], False
    for number, day in enumerate(track["week"]):
        if not isinstance(day, dict) or not isinstance(day.get("do"), list) or not day["do"]:
            where.fail(("week", number, "do"), "each day needs a list of things to do")
        if not isinstance(day.get("read"), list):
            where.fail(("week", number, "read"), "must be a list of guides, empty on a day without reading")
        for text in day["do"] + ([day["sit_in"]] if day.get("sit_in") else []):
            if not isinstance(text, str) or "\n" in text.strip():
                where.fail(("week", number), "each task is one line of text")
        minutes = 0
        for index, src in enumerate(day["read"]):
            expected = track["path"][len(read)] if len(read) < len(track["path"]) else None
            if src != expected:
                where.fail(("week", number, "read", index), f"{src} is out of order: next on the path is {expected}")
            read.append(src)
            minutes += page_entry(docs_dir, src)["minutes"]
        if minutes > DAY_MINUTES:
            where.fail(("week", number, "read"), f"{minutes} minutes of reading; a day holds at most {DAY_MINUTES}")
        sat_in = sat_in or bool(day.get("sit_in"))
    if not sat_in:
        where.fail(("week",), "the first week needs work from the other side to sit in on (sit_in)")
