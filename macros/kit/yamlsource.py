"""The one reader of YAML: every YAML text and every front matter the build reads.

Maintainers edit YAML by hand, and pull requests bring YAML from anyone, so
every problem must point at a file, a line and a field, and no text may
crash, stall or fool the build. PyYAML's safe loader forgets line numbers,
silently keeps the last of two duplicate keys, expands aliases without limit
("billion laughs"), recurses once per level of nesting (libyaml's composer in
C, where 40,000 levels crash the process), turns dates into date objects,
and reads YAML 1.1's surprises as numbers: 016 as 14, 10:30 as 630, yes as
true. This module composes the node tree itself and refuses, each with a
message in words:
- duplicate keys, anchors and aliases (the kit's files never need them),
  tags other than plain data, more than one document;
- nesting deeper than MAX_DEPTH, found before anything is composed;
- more than MAX_BYTES, and bytes that are not UTF-8 (a byte order mark at
  the start is fine);
- invisible characters that reorder or hide text (bidi controls, zero-width
  characters, tag characters);
- YAML 1.1 forms that YAML 1.2, JSON and editors read differently: octal,
  hexadecimal, binary and base-60 numbers, underscores in numbers, .inf and
  .nan, and yes/no/on/off as booleans, each with a hint to quote it.
Dates stay the text that was typed. Only this module imports PyYAML
(tests/unit/test_data_readers.py holds it to that); mkdocs.yml, which MkDocs
reads as configuration, is read here too when code outside MkDocs needs
its nav (config_nav).

Speed: PyYAML's pure-Python scanner took about 17 ms a file, most of a
build's engine cost. When PyYAML has libyaml, its C parser reads the file
(about a tenth of the time). A file with no '&' or '*' where YAML could read
an anchor or an alias (nearly every exercise), and too shallow to come near
the depth limit by a bound read off the text (_may_be_deep), is also
composed in C, another halving: with no anchor there is nothing for the
event check below to refuse, and the walk over the nodes makes every other
check on the same line numbers. Any other file has its events checked one by
one (anchors, depth) and is composed in Python. A file that libyaml cannot
parse is read again with the pure-Python parser, so a syntax error reads
exactly as it always has, whichever parser is installed.
"""

from __future__ import annotations

import functools
import pathlib
import re
import unicodedata

import yaml

from .problems import KitProblem

# Far above any real exercise; stops a runaway file before parsing starts.
MAX_BYTES = 256 * 1024
# Lists and mappings inside one another. The kit's deepest file uses 6
# levels; a Python composer and walk stay far from the recursion limit.
MAX_DEPTH = 50
# One text value, and one key. The kit's longest text is about 700
# characters (a claim in the ledger), its longest key a tag name: a value
# far past these is a paste gone wrong, and the pages, the nav and the PDFs
# that show it would break before it reached them.
MAX_TEXT = 5_000
MAX_KEY = 200

Path = tuple  # a field path such as ("steps", 2, "minutes")


def field_name(path) -> str:
    """('steps', 2, 'minutes') -> 'steps[2].minutes' (indexes count from 0)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return _visible(out)


def field_of(path) -> str | None:
    """The field at fault as a problem names it ('steps[2].minutes'), None for the whole file."""
    return field_name(path) if path else None


class YamlProblem(KitProblem):
    """A file that cannot be read as the kit's YAML; str() is 'file:line: what'."""

    def __init__(self, file: str, line: int, message: str, field: str | None = None):
        super().__init__(message, file=file, line=line, field=field)

    def __reduce__(self):
        # Pickled from its parts: by default an exception is rebuilt from its args alone.
        return (YamlProblem, (self.file, self.line, self.message, self.field))


class Document:
    """Parsed data, and the line where each field starts (1-based).

    The lines are found when first asked for, by composing the text again:
    only a file with something to report needs them, and recording a line
    for every field while reading took a third of the read.
    """

    def __init__(self, data, lines: dict | None = None, scalar_types=None, text: str | None = None, fast=True):
        self.data = data
        # Python types of every value that is not text, a list or a mapping
        # (int, float, bool, NoneType...), or None if not recorded: the schema
        # gate asks whether a float or a boolean is anywhere (fastcheck.py).
        self.scalar_types = scalar_types
        self._lines, self._text, self._fast = lines, text, fast

    @property
    def lines(self) -> dict:
        """Path -> line, for every mapping key and list item."""
        if self._lines is None:
            self._lines = _lines_of(self._text, self._fast)
        return self._lines

    def line_of(self, path) -> int:
        """Line of the field, or of the nearest enclosing field that has one."""
        lines, path = self.lines, tuple(path)
        while path not in lines and path:
            path = path[:-1]
        return lines.get(path, 1)


class _Loader(yaml.SafeLoader):
    """Safe loader without the timestamp resolver, so dates stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if yaml.__with_libyaml__:

    class _CLoader(
        yaml.composer.Composer, yaml.cyaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
    ):
        """libyaml's C parser under PyYAML's Python composer.

        Composer comes first so that its compose_document, which asks for
        events one by one through get_event, replaces CParser's own C
        composer: the anchor check below wraps get_event and must see every
        event before any node is built.
        """

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    class _CComposer(yaml.cyaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml's parser and composer, for text that holds no anchor or alias."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def resolve(self, kind, value, implicit):
            # libyaml asks this for every node it makes. PyYAML's version also
            # looks for path resolvers and wildcards, which the kit's loaders
            # never register; the tags are the same (tests/unit/test_yamlsource.py).
            if kind is yaml.ScalarNode:
                if implicit[0]:
                    for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                        if pattern.match(value):
                            return tag
                return _STR
            return _SEQ if kind is yaml.SequenceNode else _MAP

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

else:  # PyYAML built without libyaml: the pure-Python parser does it all.
    _CLoader = _CComposer = None

# Where YAML can read '&name' as an anchor or '*name' as an alias: at the start
# of the text or of a line, after a space, or after '[', '{' or ','. Text
# without one cannot hold either; text with one (italics, "R & D") takes the
# checked path, which refuses a real anchor and reads anything else the same.
_BEFORE_ANCHOR = "[{,\ufeff"


def _may_hold_anchor(text: str) -> bool:
    # str.find, not a regular expression: a regex took a third of the time
    # of composing an 8 KB exercise, and most files hold few '&' or '*'.
    for mark in "&*":
        at = text.find(mark)
        while at != -1:
            before = text[at - 1] if at else " "
            if before.isspace() or before in _BEFORE_ANCHOR:
                return True
            at = text.find(mark, at + 1)
    return False


# --- Depth, bounded from the text before anything is composed ----------------
# libyaml's composer (and PyYAML's) recurses once per level, so the depth must
# be known before composing. Counting events costs a Python call per event,
# about as much as composing; instead, an upper bound read off the text:
# - a flow list or mapping needs a '[' or '{' of its own, so there are at most
#   as many flow levels as those characters;
# - a block list or mapping starts at a column no further right than the run
#   of spaces and indicators ('- ', '? ', ': ') its line begins with, and each
#   block level inside another starts further right, but for a list written
#   at its key's indentation, whose items are again further right: at most
#   2 x (that column + 1) block levels.
# Only text whose bound passes MAX_DEPTH has its events counted one by one.


@functools.lru_cache(maxsize=64)
def _line_starting_with(columns: int) -> re.Pattern:
    """A line whose first `columns` characters are all spaces or indicators."""
    return re.compile(rf"^[ \t?:-]{{{columns}}}", re.M)


def _may_be_deep(text: str) -> bool:
    """False only if the text certainly nests no deeper than MAX_DEPTH."""
    room = MAX_DEPTH - text.count("[") - text.count("{")
    if room < 2:
        return True
    return _line_starting_with(room // 2).search(text) is not None


# --- Invisible characters -----------------------------------------------------
# Characters that change how the text around them is shown without being seen
# themselves: bidirectional embeddings, overrides, isolates and marks (they
# reverse text in a title, the nav and a printed sheet), zero-width spaces and
# joiners, the word joiner and invisible operators, a byte order mark inside
# the text, the line and paragraph separators (YAML 1.1 breaks lines at them)
# and the tag characters (invisible copies of ASCII). A byte order mark at the
# very start of a file is fine: decode() drops it.
_INVISIBLE = re.compile(
    "[\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_ZWJ = "\u200d"


def _visible(text: str) -> str:
    """The text with each invisible character written as its code (for messages)."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _INVISIBLE.search(text) else text


def _joins_emoji(text: str, at: int) -> bool:
    """A zero-width joiner between two pictographs draws one emoji (a family, a flag)."""
    if text[at] != _ZWJ or at == 0 or at + 1 >= len(text):
        return False
    before = text[at - 1] if text[at - 1] != "\ufe0f" or at < 2 else text[at - 2]
    return unicodedata.category(before) in ("So", "Sk") and unicodedata.category(text[at + 1]) == "So"


def invisible_character(text: str) -> int | None:
    """The position of the first invisible character in text, or None."""
    for found in _INVISIBLE.finditer(text):
        if not _joins_emoji(text, found.start()):
            return found.start()
    return None


def invisible_message(text: str, at: int) -> tuple:
    """(line, message) for the invisible character at position `at`."""
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    char = text[at]
    what = unicodedata.name(char, "format character")
    return line, (
        f"invisible character U+{ord(char):04X} ({what}) at column {column}: it can reverse or hide the "
        "text around it. Delete it; if you cannot see where it is, retype the text"
    )


def _refuse_invisible(text: str, name: str, fast: bool) -> None:
    """Checked before parsing: a line separator is a line break to YAML 1.1,
    so the text would otherwise fail as a puzzling syntax error."""
    at = invisible_character(text)
    if at is None:
        return
    line, message = invisible_message(text, at)
    # The field is the last one that starts on or before the character's
    # line, in the text as the maintainer sees it: without the invisible ones.
    try:
        lines = load_text(_INVISIBLE.sub("", text), name, fast, empty=None).lines
    except YamlProblem:
        lines = {}
    starts = [(number, len(path), path) for path, number in lines.items() if number <= line]
    path = max(starts)[2] if starts else ()
    raise YamlProblem(name, line, message, field_of(path))


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text of the file, or a problem naming the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise YamlProblem(
            name,
            line,
            f"file is not UTF-8: byte 0x{raw[err.start]:02x} at byte {err.start} "
            f"(line {line}, column {column}); save the file as UTF-8",
        ) from None


# What an empty file is told when the caller needs a mapping of fields.
EMPTY_KIT_FILE = "file is empty; an exercise is a mapping of fields such as 'id:' and 'title:'"


def load_file(
    path: pathlib.Path, name: str | None = None, raw: bytes | None = None, empty: str | None = EMPTY_KIT_FILE
) -> Document:
    """Parse one file; `name` is how messages refer to it (a relative path);
    `raw`, its bytes when the caller has read them already; `empty`, what an
    empty file is told (None: an empty file is a Document of None)."""
    name = name or str(path)
    raw = path.read_bytes() if raw is None else raw
    if len(raw) > MAX_BYTES:
        raise YamlProblem(name, 1, f"file is {len(raw)} bytes; the limit is {MAX_BYTES}")
    return load_text(decode(raw, name), name, empty=empty)


def load_text(text: str, name: str, fast: bool = True, empty: str | None = EMPTY_KIT_FILE) -> Document:
    """Parse YAML text into a Document, or raise YamlProblem.

    `fast` uses libyaml's parser when PyYAML has it; fast=False forces the
    pure-Python one (tests compare the two).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if _INVISIBLE.search(text):
        _refuse_invisible(text, name, fast)
    for loader_class in _loaders(text, fast):
        try:
            data, types = _load_with(loader_class, text, name, empty)
        except _SyntaxInC:
            continue  # PyYAML's own parser words the error, as it always has
        doc = Document(data, None, frozenset(types), text, fast)
        if "\\" in text and _ESCAPE.search(text):
            _refuse_escaped_invisible(doc, name)
        return doc
    raise AssertionError("the pure-Python parser always answers")  # pragma: no cover


# A double-quoted YAML text can make any character from an escape ("\u202e"),
# which the check of the text before parsing cannot see.
_ESCAPE = re.compile(r"\\[xuULP]")


def _refuse_escaped_invisible(doc: Document, name: str) -> None:
    stack = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack += [(path, key) for key in value] + [(path + (key,), item) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [(path + (index,), item) for index, item in enumerate(value)]
        elif isinstance(value, str) and (at := invisible_character(value)) is not None:
            char = value[at]
            raise YamlProblem(
                name,
                doc.line_of(path),
                f"invisible character U+{ord(char):04X} ({unicodedata.name(char, 'format character')}), "
                "written as an escape: it can reverse or hide the text around it. Delete it",
                field_of(path),
            )


def _loaders(text: str, fast: bool) -> tuple:
    """The parsers to try, in order; the last is always PyYAML's own."""
    if not fast or _CLoader is None:
        return (_Loader,)
    checked = _may_hold_anchor(text) or _may_be_deep(text)
    return (_CLoader if checked else _CComposer, _Loader)


def _lines_of(text: str, fast: bool) -> dict:
    """The line of every mapping key and list item of text that was read before."""
    for loader_class in _loaders(text, fast):
        loader = loader_class(text)
        try:
            node = loader.get_single_node() if loader_class is _CComposer else _single_node(loader, "")
        except yaml.YAMLError:
            continue
        finally:
            loader.dispose()
        lines = {(): node.start_mark.line + 1} if node is not None else {}
        _record_lines(node, (), lines)
        return lines
    return {}


def _record_lines(node, path: tuple, lines: dict) -> None:
    # Every key of a document that was read is plain text (the walk refuses any other).
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            here = path + (key_node.value,)
            lines[here] = key_node.start_mark.line + 1
            _record_lines(value_node, here, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = path + (index,)
            lines[here] = item.start_mark.line + 1
            _record_lines(item, here, lines)


class _SyntaxInC(Exception):
    """libyaml refused the text; the pure-Python parser will say why."""


class _Refused(Exception):
    """A node the walk refuses; _load_with finds its field and words the problem."""

    def __init__(self, node, message: str, key: str | None = None):
        super().__init__(message)
        # `key`: a refused mapping key, named in the field path by its start.
        self.node, self.message, self.key = node, message, key


def _load_with(loader_class, text: str, name: str, empty: str | None = EMPTY_KIT_FILE) -> tuple:
    loader = node = None
    try:
        # PyYAML's reader checks the characters as it is made.
        loader = loader_class(text)
        walk = _Walk(loader, name)
        if loader_class is _CComposer:
            node = loader.get_single_node()
            # Second guard of the C path: an alias is a node met twice. The
            # walk refuses any node it meets again before going into it, so
            # nothing can expand; the checked path then names the alias.
            walk.seen = set()
        else:
            node = _single_node(loader, name, text)
        if node is None:
            if empty is None:
                return None, set()
            raise YamlProblem(name, 1, empty)
        data = walk.build(node)
    except _Refused as refused:
        where = refused.node.start_mark.line + 1
        path = _path_to(node, refused.node) + ((refused.key,) if refused.key else ())
        raise YamlProblem(name, where, refused.message, field_of(path)) from None
    except yaml.YAMLError as err:
        if loader_class is not _Loader:
            raise _SyntaxInC() from None
        if not isinstance(err, yaml.MarkedYAMLError):
            raise _reader_problem(err, text, name) from None
        raise _syntax_problem(err, name) from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise YamlProblem(name, 1, f"lists and mappings are nested more than {MAX_DEPTH} deep") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, walk.types


def _path_to(root, target) -> tuple:
    """The field path of `target` in the node tree (a key's is its mapping's)."""
    stack = [(root, ())]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                stack += [(value_node, path + (key,)), (key_node, path)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, path + (index,)) for index, item in enumerate(node.value)]
    return ()


def _single_node(loader, name: str, text: str = ""):
    """Compose the document's node tree, refusing anchors, aliases and deep nesting."""
    loader.get_event()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        return None
    _check_events(loader, name, text)
    node = loader.compose_document()
    if not loader.check_event(yaml.StreamEndEvent):
        mark = loader.peek_event().start_mark
        raise YamlProblem(name, mark.line + 1, "more than one YAML document ('---'); keep one exercise per file")
    return node


_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _anchor_message(event) -> str:
    return f"YAML anchors and aliases (&{event.anchor} / *{event.anchor}) are not allowed; write the value out in full"


def _depth_message() -> str:
    return (
        f"lists and mappings are nested more than {MAX_DEPTH} deep here; a kit file needs a few levels at "
        "most. Look for brackets or dashes repeated by mistake"
    )


def _check_events(loader, name: str, text: str) -> None:
    """Wrap the event queue so the first anchor, alias or level too deep stops parsing.

    Checking events before composing means an alias bomb never expands and
    a deep file is never recursed into: each fails at its first offending
    event, in microseconds. Only then is the text read again to name the field.
    """
    original = loader.get_event
    depth = 0

    def checked():
        nonlocal depth
        event = original()
        kind = type(event)
        if kind in _OPENS:
            depth += 1
            if depth > MAX_DEPTH:
                _stop(event, _depth_message(), lambda e, d: d > MAX_DEPTH)
        elif kind in _CLOSES:
            depth -= 1
        if kind is yaml.AliasEvent or getattr(event, "anchor", None):
            _stop(event, _anchor_message(event), lambda e, d: type(e) is yaml.AliasEvent or getattr(e, "anchor", 0))
        return event

    def _stop(event, message, at):
        path = _locate(text, at)
        # A path 50 levels long would bury the message: its start is enough.
        field = field_name(path[:3]) + "…" if len(path) > 3 else field_of(path)
        raise YamlProblem(name, event.start_mark.line + 1, message, field)

    loader.get_event = checked


def _locate(text: str, at) -> tuple:
    """The field path of the first event for which at(event, depth) holds,
    found by reading the text again with PyYAML's own parser (error path only)."""
    parser = _Loader(text)
    frames: list = []  # [is_mapping, key or index, expecting a key]
    try:
        while not parser.check_event(yaml.StreamEndEvent):
            event = parser.get_event()
            kind = type(event)
            if kind in _CLOSES:
                frames.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            is_key = False
            if frames:
                top = frames[-1]
                if not top[0]:
                    top[1] += 1
                elif top[2]:
                    is_key, top[2] = True, False
                    top[1] = event.value if kind is yaml.ScalarEvent else "?"
                else:
                    top[2] = True
            path = tuple(frame[1] for frame in (frames[:-1] if is_key else frames))
            if at(event, len(frames) + (kind in _OPENS)):
                return path
            if kind in _OPENS:
                frames.append([kind is yaml.MappingStartEvent, -1, True])
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return ()


# Lists and mappings carry only these tags; "!!python/..." or "!!set" on a
# collection would otherwise be silently ignored by the walk below.
_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"
_INT, _FLOAT, _BOOL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"
_NULL, _VALUE = "tag:yaml.org,2002:null", "tag:yaml.org,2002:value"
_PLAIN_TAGS = {_MAP, _SEQ}

# --- YAML 1.1 forms a maintainer does not expect --------------------------------
# PyYAML reads YAML 1.1, where 016 is octal (14), 10:30 is base 60 (630) and
# yes is true. YAML 1.2, JSON and the YAML language server in editors read
# them otherwise (16, the text "10:30", the text "yes"), so the build and the
# editor would disagree about the same file. Only the forms both read alike
# pass: whole numbers in decimal, decimal fractions, true and false.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FRACTION = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_TRUE_FALSE = frozenset(("true", "True", "TRUE", "false", "False", "FALSE"))


def _surprise(tag: str, text: str, value) -> str | None:
    """What is wrong with a plain number or boolean typed in YAML 1.1's own forms, or None."""
    if tag == _BOOL:
        if text in _TRUE_FALSE:
            return None
        return (
            f"YAML read this value as {str(value).lower()}, not as text: an unquoted no, yes, on or off is a "
            f'yes/no value in YAML 1.1. Write true or false for a yes/no value, or put text in quotes, for example "{text}"'
        )
    if (_DECIMAL if tag == _INT else _FRACTION).match(text):
        return None
    quoted = f'put it in quotes ("{text}") if it is text'
    digits = text.lstrip("+-")
    if ":" in text:
        # As a time the kit reads: two digits for the hour ("9:30" is "09:30").
        hour, _, rest = text.partition(":")
        time = f"{hour.zfill(2)}:{rest}" if hour.isdigit() and len(hour) <= 2 else text
        return (
            f'{text} is a base-60 number in YAML 1.1 (it reads as {value}), not a time; write a time like "{time}", '
            "in quotes"
        )
    if "_" in text:
        plain = text.replace("_", "")
        return f"{text} reads as the number {plain} in YAML 1.1; write {plain} without underscores, or {quoted}"
    if digits.lower() in (".inf", ".nan"):
        what = "infinity" if "inf" in digits.lower() else '"not a number"'
        return f"{text} is {what} in YAML 1.1; write a number, or {quoted}"
    if digits[:2] in ("0x", "0b"):
        base = "hexadecimal" if digits[1] == "x" else "binary"
        return f"{text} is a {base} number in YAML 1.1 (it reads as {value}); write it in decimal, or {quoted}"
    meant = text[: len(text) - len(digits)] + (digits.lstrip("0") or "0")
    return (
        f"{text} is an octal number in YAML 1.1 (it reads as {value}); write {meant} without the leading zero, "
        f"or {quoted}"
    )


def _too_long(text: str) -> str:
    return (
        f"a text of {len(text):,} characters; the limit is {MAX_TEXT:,}. "
        "Shorten it, or split it into several fields or paragraphs"
    )


class _Walk:
    """Turns a node tree into plain Python data (lines are found later, if asked)."""

    def __init__(self, loader, name: str):
        self.loader, self.name = loader, name
        self.types: set = set()  # see Document.scalar_types
        self.seen: set | None = None  # lists and mappings met so far, on the C path
        self.in_key = False  # a key is refused as a key, not as a value

    def build(self, node):
        kind = type(node)
        if kind is yaml.ScalarNode:
            if node.tag == _STR:
                # What the constructor returns for text, without its bookkeeping:
                # most values are text, and this walk runs for every field of every file.
                if len(node.value) > MAX_TEXT:
                    raise _Refused(node, _too_long(node.value))
                return node.value
            return self.scalar(node)
        if self.seen is not None:
            # Only a list or a mapping met twice could expand (a scalar is
            # copied once); any alias would already have a '&' or '*' in the text.
            if node in self.seen:
                raise _SyntaxInC()
            self.seen.add(node)
        if node.tag not in _PLAIN_TAGS:
            raise _Refused(node, f"cannot read value: tag '{node.tag}' is not allowed; write plain data")
        if kind is yaml.MappingNode:
            return self.mapping(node)
        return [self.build(item) for item in node.value]

    def scalar(self, node):
        tag = node.tag
        if tag == _VALUE:
            raise _Refused(node, 'an unquoted = means something else to YAML 1.1; put it in quotes ("=")')
        if tag not in (_INT, _FLOAT, _BOOL, _NULL):
            # Only plain data: a date, bytes or a Python object is none of
            # text, number, true/false or nothing, and JSON could not hold it.
            raise _Refused(node, f"cannot read value: tag '{tag}' is not allowed; write plain data")
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as err:
            problem = getattr(err, "problem", None) or str(err)
            raise _Refused(node, f"cannot read value: {problem}") from None
        if tag != _NULL and not self.in_key:
            surprise = _surprise(tag, node.value, value)
            if surprise:
                raise _Refused(node, surprise)
        self.types.add(type(value))
        return value

    def mapping(self, node):
        result = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node, "merge keys ('<<') are not allowed")
            # A key is nearly always plain text; anything else is built
            # apart, its types not the document's.
            key = key_node.value if key_node.tag == _STR else self.key(key_node)
            if isinstance(key, str) and len(key) > MAX_KEY:
                raise _Refused(
                    key_node,
                    f"a field name of {len(key):,} characters; the limit is {MAX_KEY:,}. "
                    "Field names are short words like 'title'",
                    key=key[:40] + "…",
                )
            if not isinstance(key, str):
                raise _Refused(key_node, f"key {key!r} is not text; field names are words like 'title'")
            if key in result:
                first = next((k for k, _ in node.value if k.tag == _STR and k.value == key), key_node)
                raise _Refused(key_node, f"duplicate key '{key}' (first given on line {first.start_mark.line + 1})")
            result[key] = self.build(value_node)
        return result

    def key(self, key_node):
        types, self.types, self.in_key = self.types, set(), True
        try:
            return self.build(key_node)
        finally:
            self.types, self.in_key = types, False


def _syntax_problem(err: yaml.MarkedYAMLError, name: str) -> YamlProblem:
    """A YAML syntax error in the kit's words, keeping PyYAML's position."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 1
    problem = err.problem or "invalid YAML"
    if "'\\t'" in problem or "\\t" in problem:
        return YamlProblem(name, line, "tab character in indentation; indent with spaces only")
    context = ""
    if err.context:
        where = err.context_mark
        started = f" that starts on line {where.line + 1}" if where and where.line + 1 != line else ""
        context = f" ({err.context}{started})"
    column = mark.column + 1 if mark else 1
    return YamlProblem(name, line, f"YAML syntax error at column {column}: {problem}{context}")


def _reader_problem(err: yaml.YAMLError, text: str, name: str) -> YamlProblem:
    """A character YAML does not allow (a control character, say), with its line."""
    position = getattr(err, "position", None)
    if position is None:
        return YamlProblem(name, 1, f"cannot read the file as YAML: {err}")
    line = text.count("\n", 0, position) + 1
    character = getattr(err, "character", None)
    what = f"character #x{character:04x}" if isinstance(character, int) else "a character"
    return YamlProblem(name, line, f"{what} is not allowed in YAML text; delete it or retype the line")


# --- mkdocs.yml, for code that runs outside MkDocs ----------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml is configuration that MkDocs reads, not data: its tags (!ENV,
    !relative, !!python/name) are read as nothing here, where only the nav matters."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def config_nav(config_file: pathlib.Path) -> dict:
    """mkdocs.yml as plain data (its tags read as None), for the tests and
    the check of a built site; OSError or YamlProblem when it cannot be read."""
    text = pathlib.Path(config_file).read_text(encoding="utf-8")
    try:
        return yaml.load(text, _ConfigLoader) or {}
    except yaml.YAMLError as err:
        raise YamlProblem(str(config_file), 1, f"cannot read the configuration: {err}") from None
