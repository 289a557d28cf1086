"""Which text fields of a project accept free text, decided in-process.

`Checker` runs the readers and checks the build runs on data (the kit's
loaders in macros/kit, the glossary, the allowed tags, every page's front
matter and the guides' checks in macros/web, the PDF step's printable-text
check), without MkDocs and without rendering a page: about 40 ms. A problem is a refusal; any other exception
is a crash (in the build, a traceback). Where the build stops at its first
problem, `Checker` runs each independent reader on its own, so one call finds
a problem in every file that has one.

`FieldWalk` puts text into fields, many at once, and finds which refuse it
(group testing): a refusal is pinned on the field at the file and line it
names, else on the field it names, else found by halving the candidates.
Fields whose original text is the same are changed together, since one may
refer to the other (a cut names a step by its title, a page's tag is a key
of the allowed list). A field that refuses must say so cleanly: file (as
the project names it), line and field, no crash.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import pathlib
import re
import shutil

from macros.kit import checkup, exercises, workshops, yamlsource
from macros.kit.links import Links
from macros.kit.schema import ExerciseError
from macros.pdf import scripts
from macros.web import glossary, guides, reading_lists
from macros.web.reading_lists import GuideError

from . import datawalk

PROBLEMS = (ExerciseError, GuideError, yamlsource.YamlProblem)
_MESSAGE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+): (?P<text>.*)$", re.S)
_FIELD = re.compile(r"field '([^']*)'")
# A group's marker: capitals, so no slug or id made from the text holds it,
# and a closing letter, so it ends even where a PDF's text loses its spaces.
MARKER = re.compile(r"QZ(\d+)X")
_QUOTED = re.compile(r"'([^']*)'")


@dataclasses.dataclass(frozen=True)
class Refusal:
    """One problem a reader reported: 'file:line: text', or a message in another form."""

    message: str
    file: str | None = None
    line: int | None = None

    @classmethod
    def parse(cls, message: str) -> list:
        out = []
        for part in str(message).splitlines():
            found = _MESSAGE.match(part.strip())
            if found:
                out.append(cls(part.strip(), found["file"], int(found["line"])))
            elif part.strip() and not re.match(r"^\d+ problems? in the ", part.strip()):
                out.append(cls(part.strip()))
        return out

    def field_names(self) -> list:
        return _FIELD.findall(self.message)

    def quoted(self) -> set:
        return set(_QUOTED.findall(self.message))

    def paths(self) -> set:
        return {field_path(name) for name in self.field_names()}

    def clean_for(self, group: tuple, project: pathlib.Path) -> str | None:
        """Why this refusal is not a clean one for a group of fields, or None when it is.

        Clean: it starts 'file:line: ' with the file as the project names it
        (never an absolute path of the build machine), and names a field: as
        "field '...'", or by one of the group's keys or its text."""
        if self.file is None:
            return "no 'file:line:' at its start"
        if os.path.isabs(self.file) or not (project / self.file).is_file():
            return f"{self.file!r} is not a file of the project as the project names it"
        if self.line < 1:
            return "no line"
        if "field '" in self.message:
            return None
        words = {str(part) for f in group for part in f.path if isinstance(part, str)}
        words |= {f.text for f in group}
        if any(word and word in self.message for word in words):
            return None
        return "it names no field"


def field_path(name: str) -> tuple:
    """('steps', 0, 'title') for the field a message names as 'steps[0].title'."""
    parts = re.findall(r"\[(\d+)\]|([^.\[\]]+)", name)
    return tuple(int(index) if index else key for index, key in parts)


class Crash(Exception):
    """A reader failed with something other than a problem: the build would print a traceback."""


class Checker:
    """Runs the build's data readers over a project folder."""

    def __init__(self, project: pathlib.Path):
        self.project = pathlib.Path(project)
        self.docs = self.project / "docs"
        self.nav = guides.load_nav(self.project / "mkdocs.yml")
        self.path = guides.reading_path(self.nav)
        self._pages: dict = {}

    def __call__(self) -> list:
        """Every problem found (empty when the data is accepted); Crash on anything else."""
        found: list = []
        library = self._run(found, exercises.load_library, self.project, self.docs)
        known = None if library is None else self._run(found, workshops.load_workshops, self.project, library)
        if library is not None:
            self._run(found, checkup.load, self.project, self.docs, library)
        allowed = self._run(found, guides.load_allowed_tags, self.docs / "includes" / "tags.yml")
        if known is not None:
            # The PDF step's first check, before it renders: every character printable.
            found += [Refusal(str(p), p.file, p.line) for p in scripts.problems([*library, *known.values()])]
        if known is not None and allowed is not None:
            self._run(found, guides.check_yaml_tags, [*library, *known.values()], allowed)
        terms = self._glossary(found)
        titles = {}
        for page in sorted(self.docs.rglob("*")):
            src = page.relative_to(self.docs).as_posix()
            if datawalk.is_page(f"docs/{src}") and not src.startswith("includes/"):
                if page.read_text(encoding="utf-8").startswith("---\n"):
                    entry = self._run(found, self._page, page, src, allowed)
                    if entry is not None:
                        titles[src] = entry["title"]
        # The glossary page links each term to a guide of the reading path (its `see`).
        if terms is not None and len(titles) == len(self.path):
            templates = self.project / "templates"
            self._run(found, glossary.render_page, templates, terms, Links("onboarding/glossary/"), titles)
        return found

    def _glossary(self, found: list):
        """glossary.load, each entry checked on its own so that one call finds a
        problem in every entry that has one (load stops at the first)."""
        before = len(found)
        doc = self._run(found, yamlsource.load_file, self.docs / glossary.GLOSSARY, self.glossary_name)
        if doc is None or not isinstance(doc.data, list):
            return self._run(found, glossary.load, self.docs)
        seen: dict = {}
        for index, entry in enumerate(doc.data):
            self._run(found, glossary._check, doc, self.glossary_name, index, entry, seen)
        return None if len(found) > before else self._run(found, glossary.load, self.docs)

    glossary_name = f"docs/{glossary.GLOSSARY.as_posix()}"

    def _page(self, page, src, allowed):
        # A page that has not changed since it was last checked against the
        # same allowed tags gives the same answer: the walk changes a few
        # pages at a time, and reading front matter is most of a check.
        key = (page, page.read_bytes(), id(allowed), repr(allowed))
        if key not in self._pages:
            try:
                self._pages[key] = (self._page_now(page, src, allowed), None)
            except PROBLEMS as err:
                self._pages[key] = (None, err)
        entry, err = self._pages[key]
        if err is not None:
            raise err
        return entry

    def _page_now(self, page, src, allowed):
        # As the build reads a page: bytes and front matter through the kit's
        # reader (on_page_read_source), then the guide and tag checks.
        doc = reading_lists.front_matter(page)
        if allowed is None:
            return None
        if src in self.path:
            guides.check(page, doc, allowed)
            return reading_lists.page_entry(self.docs, src)
        guides.check_tags(page, doc.data, allowed, doc)
        return None

    def _run(self, found: list, step, *args):
        """step(*args), or None with its problems added to `found`."""
        try:
            return step(*args)
        except ExerciseError as err:
            found += [Refusal(str(p), p.file, p.line) for p in err.problems]
        except PROBLEMS as err:
            found += Refusal.parse(str(err))
        except Exception as err:  # noqa: BLE001 - any other exception is what the test looks for
            raise Crash(f"{type(err).__name__}: {err}") from err
        return None


def copy_data_project(dest: pathlib.Path, root: pathlib.Path) -> pathlib.Path:
    """What the readers read: mkdocs.yml, docs/, exercises/ and templates/."""
    dest.mkdir(parents=True)
    shutil.copy2(root / "mkdocs.yml", dest / "mkdocs.yml")
    for part in ("docs", "exercises", "templates"):
        shutil.copytree(root / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@dataclasses.dataclass
class Outcome:
    accepted: dict  # group -> text
    refused: dict  # group -> [Refusal]
    crashed: dict  # group -> message


class FieldWalk:
    """Puts text into a project's fields and finds which accept it."""

    def __init__(self, project: pathlib.Path):
        self.project = pathlib.Path(project)
        self.sources = {s.rel: s for s in datawalk.sources(self.project)}
        self.originals = {rel: (self.project / rel).read_bytes() for rel in self.sources}
        self.written = dict(self.originals)
        fields = [f for source in self.sources.values() for f in datawalk.fields(source)]
        by_text: dict = {}
        for field in fields:
            by_text.setdefault(field.text, []).append(field)
        # A group: the fields that share one original text, changed together.
        self.groups = {number: tuple(members) for number, members in enumerate(by_text.values())}
        self._group_of = {f: number for number, members in self.groups.items() for f in members}
        self._by_file: dict = {}
        self._by_text: dict = {}
        for field in fields:
            self._by_file.setdefault(field.rel, []).append(field)
            self._by_text.setdefault(field.text, []).append(field)
        self.fields = fields
        self.base: dict = {}  # group -> committed text, present in every trial
        self._lines_seen: tuple = (None, {})
        self._dumped: dict = {}  # (file, its changes) -> its text
        self._under_seen: dict = {}
        self.check = Checker(self.project)
        self.checks = 0
        self._mtime = itertools.count(1_600_000_000_000_000_000, 1_000_000)

    @staticmethod
    def marker(group: int) -> str:
        return f"QZ{group:04d}X"

    def split(self, group: int, problems: list) -> tuple:
        """(blamed, rest): the group as new groups, the fields its problems blame and the rest.

        Fields share a group because one may refer to another; a field that
        refused need not take the others down with it (the allowed list's
        key and a guide's tag can change together, though an exercise's tag
        refuses free text). Fields nothing blames are split by file."""
        members = self.groups[group]
        blamed = set()
        for problem in problems:
            problem = dataclasses.replace(problem, file=self._rel(problem.file))
            blamed |= self._under(problem) & set(members)
        named = [f for f in members if f in blamed]
        rest = [f for f in members if f not in blamed]
        if named and rest:
            return [self._new_group(named)], [self._new_group(rest)]
        files: dict = {}
        for field in members:
            files.setdefault(field.rel, []).append(field)
        if len(files) < 2:
            return [], []
        return [], [self._new_group(part) for part in files.values()]

    def _new_group(self, members: list) -> int:
        number = len(self.groups)
        self.groups[number] = tuple(members)
        self._group_of.update((f, number) for f in members)
        return number

    def unread(self) -> set:
        """The walked files no reader reads (exercises/_template.yml).

        Every file is made wrong (a line of text where a mapping or a list
        belongs); those a problem names are read. A reader that needs other
        files first (workshops need the exercises) names its own once those
        are back, so this repeats until no new file is named."""
        broken = {rel for rel, source in self.sources.items() if source.kind != "schema"}
        while True:
            for rel, source in self.sources.items():
                unreadable = b"---\nwrong shape\n---\n" if source.kind == "front matter" else b"wrong shape\n"
                self._put(rel, unreadable if rel in broken else self.originals[rel])
            said = " ".join(problem.message for problem in self.check())
            # Named in any form: 'docs/x.md:3:' or '/abs/docs/x.md, line 2:'.
            named = {rel for rel in broken if rel in said}
            if not named:
                break
            broken -= named
        self.restore()
        return broken

    def _put(self, rel: str, data: bytes) -> None:
        if data != self.written[rel]:
            path = self.project / rel
            path.write_bytes(data)
            # A time of its own: the readers' caches compare times, and two
            # writes in one clock tick would look like one.
            stamp = next(self._mtime)
            os.utime(path, ns=(stamp, stamp))
            self.written[rel] = data

    def write(self, texts: dict) -> None:
        """Make the project hold `texts` ({group: text}) and nothing else changed."""
        changes: dict = {}
        for group, text in texts.items():
            for field in self.groups[group]:
                changes.setdefault(field.rel, {})[field] = text
        for rel, source in self.sources.items():
            wanted = self.originals[rel]
            if rel in changes:
                key = (rel, frozenset(changes[rel].items()))
                if key not in self._dumped:
                    self._dumped[key] = datawalk.with_changes(source, changes[rel]).encode("utf-8")
                wanted = self._dumped[key]
            self._put(rel, wanted)

    def restore(self) -> None:
        self.write({})

    def trial(self, proposed: dict) -> Outcome:
        """Try every proposed text ({group: text}) on top of the committed ones."""
        outcome = Outcome({}, {}, {})
        pending = dict(proposed)
        while pending:
            self.write({**self.base, **pending})
            self.checks += 1
            try:
                problems = self.check()
            except Crash as crash:
                problems, crashed = None, str(crash)
            if problems == []:
                outcome.accepted.update(pending)
                break
            blamed = self._blame(problems or [], pending)
            if blamed:
                for group, found in blamed.items():
                    outcome.refused[group] = found
                    del pending[group]
                continue
            if len(pending) == 1:
                (group,) = pending
                if problems is None:
                    outcome.crashed[group] = crashed
                else:
                    outcome.refused[group] = problems
                break
            # Nothing names a field that changed: halve until something does.
            items = list(pending.items())
            for half in (dict(items[: len(items) // 2]), dict(items[len(items) // 2 :])):
                found = self.trial(half)
                outcome.accepted.update(found.accepted)
                outcome.refused.update(found.refused)
                outcome.crashed.update(found.crashed)
            break
        return outcome

    def _blame(self, problems: list, pending: dict) -> dict:
        """{group: [problems]} for the pending groups the problems point at.

        Each problem is pinned on the first of these that finds a field:
        1. the group whose marker the problem quotes;
        2. fields under the field it names whose original text it quotes
           (a renamed key: "missing required field 'x'");
        3. the field it names, if its marker is on the line it names.
        A changed field can make a reader report its parent as well, a
        problem that goes once the field is back; so, only for files where
        none of the above found anything:
        4. every field under the field it names;
        and, only when nothing at all was found:
        5. fields anywhere with the same original text as one it names or
           quotes: a page's tag, refused because the allowed list's key changed;
        6. every changed field of its file, if it names no field (the file's size).
        A problem nothing here explains is found by halving (trial).
        """
        lines = self._marker_lines()
        problems = [dataclasses.replace(p, file=self._rel(p.file)) for p in problems]
        blamed: dict = {}

        def blame(problem, fields):
            groups = {self._group_of[f] for f in fields} & pending.keys()
            for group in groups:
                blamed.setdefault(group, []).append(problem)
            return groups

        precise, vague = set(), []
        for problem in problems:
            quoted = problem.quoted()
            markers = {int(m) for m in MARKER.findall(" ".join(quoted))} & set(pending)
            under = self._under(problem)
            exact = {f for f in under if f.path in problem.paths()}
            on_line = {f for f in exact if self.marker_of(f) in lines.get((f.rel, problem.line), ())}
            found = blame(problem, {f for g in markers for f in self.groups[g]})
            found = found or blame(problem, {f for f in under if f.text in quoted}) or blame(problem, on_line)
            if found:
                precise.add(problem.file)
            else:
                vague.append((problem, under))
        for problem, under in vague:
            if problem.file not in precise:
                blame(problem, under)
        if not blamed:
            for problem, under in vague:
                texts = {f.text for f in under}
                texts = (texts & problem.quoted()) or texts
                blame(problem, {f for text in texts for f in self._by_text.get(text, ())})
        if not blamed:  # a problem with the whole file (its size, say): every field changed in it
            for problem, _ in vague:
                if not problem.field_names():
                    blame(problem, set(self._by_file.get(problem.file, ())))
        return blamed

    def _under(self, problem: Refusal) -> set:
        """The fields of the problem's file at or under a field it names (or on its line, if it names none)."""
        named = frozenset(problem.paths())
        in_file = self._by_file.get(problem.file, ())
        if not named:
            lines = self._marker_lines().get((problem.file, problem.line), set())
            return {f for f in in_file if self.marker_of(f) in lines}
        key = (problem.file, named)
        if key not in self._under_seen:
            self._under_seen[key] = {f for f in in_file if any(f.path[: len(n)] == n for n in named)}
        return self._under_seen[key]

    def marker_of(self, field: datawalk.Field) -> int | None:
        return self._group_of.get(field)

    def _marker_lines(self) -> dict:
        """(file, line) -> the groups whose marker is on that line."""
        state = tuple(id(text) for text in self.written.values())
        if self._lines_seen[0] == state:
            return self._lines_seen[1]
        lines: dict = {}
        for rel, text in self.written.items():
            if rel in self.sources and text != self.originals[rel]:
                for number, line in enumerate(text.decode("utf-8").splitlines(), 1):
                    for marker in MARKER.findall(line):
                        lines.setdefault((rel, number), set()).add(int(marker))
        self._lines_seen = (state, lines)
        return lines

    def _rel(self, file: str | None) -> str | None:
        if file and os.path.isabs(file):
            try:
                return pathlib.Path(file).resolve().relative_to(self.project.resolve()).as_posix()
            except ValueError:
                return file
        return file


@dataclasses.dataclass
class Plan:
    """What the walk found: the text each accepting group holds, and every refusal seen."""

    texts: dict  # group -> text, accepted all together
    refusals: list  # (group, text tried, [Refusal])
    crashes: list  # (group, text tried, message)
    pinned: set  # groups that refused even a plain word
    unbounded: set = dataclasses.field(default_factory=set)  # groups that took every payload on one line


def plan(walk: FieldWalk, payloads: list, tail: str) -> Plan:
    """Put every payload into every field that takes free text, as many as each takes.

    1. The marker and every payload on one line, into every group at once.
    2. A group that refused that gets its marker alone (a plain word).
    3. A group that refused even that is split: the fields its problems
       blame are pinned (an id, a date, a choice from a list), the others
       try their marker again, and so on.
    4. A group that takes its marker but not the whole line (a length
       limit, a pattern) gets payloads one at a time, each kept if taken,
       starting at a different payload for each group.
    5. A group that took the whole line is offered `tail` too: lines that
       act only at the start of a line (abbreviations, snippets).
    """
    found = Plan({}, [], [], set())

    def trial(proposed: dict) -> Outcome:
        walk.base = {**whole, **texts}
        outcome = walk.trial(proposed)
        found.refusals += [(g, proposed[g], problems) for g, problems in outcome.refused.items()]
        found.crashes += [(g, proposed[g], message) for g, message in outcome.crashed.items()]
        return outcome

    whole: dict = {}  # group -> the marker and every payload (and the tail, if taken)
    texts: dict = {}  # group -> the marker and the payloads it took
    first = trial({g: f"{walk.marker(g)} {' '.join(payloads)}" for g in walk.groups})
    whole.update(first.accepted)
    found.unbounded = set(first.accepted)
    todo = {g: [] for g in [*first.refused, *first.crashed]}
    while todo:
        plain = trial({g: walk.marker(g) for g in todo})
        texts.update(plain.accepted)
        todo = {}
        for group, problems in [*plain.refused.items(), *((g, []) for g in plain.crashed)]:
            blamed, rest = walk.split(group, problems)
            found.pinned.update(blamed if blamed or rest else [group])
            todo.update((g, []) for g in rest)
    for turn in range(len(payloads)):
        taken = trial({g: f"{text} {payloads[(g + turn) % len(payloads)]}" for g, text in texts.items()}).accepted
        texts.update(taken)
    whole.update(trial({g: text + tail for g, text in whole.items()}).accepted)
    walk.base = {}
    found.texts = {**whole, **texts}
    return found


def fit_to_paper(walk: FieldWalk, found: Plan, payloads: list, site_url: str) -> None:
    """Text that fits for each field printed on a sheet that must fit one page, and the PDFs made.

    A worksheet and a cut sheet must each fit one page, and the build stops
    when one does not: that refusal is about room, not text. A field whose
    marker is in the body of such a sheet's HTML (macros/pdf/jobs.py) keeps
    its marker and as many of the payloads it took as fit in the length of
    its own text, no word wider than its own. The PDFs are then made here,
    into the project's PDF cache, so the build finds them there; a sheet
    that still does not fit gets its markers alone."""
    import tempfile

    from macros.pdf import build, jobs

    site = jobs.Site(str(walk.project / "templates"), site_url)
    printed = _printed_on_sheets(walk, found, site)
    for group, text in found.texts.items():
        if any(group in groups for groups in printed.values()):
            found.texts[group] = _fitted(walk, group, text, payloads)
    for _ in range(3):
        walk.write(found.texts)
        library = exercises.load_library(walk.project)
        known = workshops.load_workshops(walk.project, library)
        with tempfile.TemporaryDirectory() as site_dir:
            try:
                build.build_pdfs(walk.project, site_dir, site, (library, known))
                return
            except build.PdfError as err:
                crowded = set(re.findall(r"exercises/([a-z0-9-]+)\.yml", str(err)))
        for group in found.texts:
            if any(group in printed.get(exercise, ()) for exercise in crowded):
                found.texts[group] = walk.marker(group)
    raise AssertionError(f"the sheets do not fit one page even with plain words: {crowded}")


def _printed_on_sheets(walk: FieldWalk, found: Plan, site) -> dict:
    """{exercise id: the groups whose marker is in the body of its one-page sheets}."""
    from macros.pdf import jobs

    walk.write(found.texts)
    library = exercises.load_library(walk.project)
    printed: dict = {}
    for planned in jobs.plan_all(site, library, workshops.load_workshops(walk.project, library)):
        job = planned.make()
        if job.one_page:
            body = job.html.partition("<body")[2]
            printed.setdefault(job.one_page, set()).update(int(group) for group in MARKER.findall(body))
    return printed


def _fitted(walk: FieldWalk, group: int, text: str, payloads: list) -> str:
    room = min(len(f.text) for f in walk.groups[group])
    widest = min(max(map(len, f.text.split()), default=0) for f in walk.groups[group])
    fitted = walk.marker(group)
    for turn in range(len(payloads)):
        payload = payloads[(group + turn) % len(payloads)]
        fits = len(fitted) + 1 + len(payload) <= room and max(map(len, payload.split())) <= widest
        if payload in text and fits:
            fitted += " " + payload
    return fitted
