"""Read one YAML file safely and remember where every value came from.

Maintainers edit YAML by hand, so every problem must point at a file and a
line. PyYAML's safe loader forgets line numbers, silently keeps the last of
two duplicate keys, expands aliases without limit ("billion laughs") and turns
dates into date objects. This module fixes all four: it composes the node
tree itself, refuses anchors and aliases outright (the kit's files never need
them), rejects duplicate keys, and keeps dates as the text that was typed.

Speed: PyYAML's pure-Python scanner took about 17 ms a file, most of a
build's engine cost. When PyYAML has libyaml, its C parser reads the file
(about a tenth of the time). A file with no '&' or '*' where YAML could read
an anchor or an alias (nearly every exercise) is also composed in C, another
halving: with no anchor there is nothing for the event check below to refuse,
and the walk over the nodes makes every other check on the same line numbers.
Any other file has its events checked one by one and composed in Python. A
file that libyaml cannot parse is read again with the pure-Python parser, so
a syntax error reads exactly as it always has, whichever parser is installed.
"""

from __future__ import annotations

import pathlib

import yaml

# Far above any real exercise; stops a runaway file before parsing starts.
MAX_BYTES = 256 * 1024

Path = tuple  # a field path such as ("steps", 2, "minutes")


class YamlProblem(Exception):
    """A file that cannot be read as the kit's YAML; str() is 'file:line: what'."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message

    def __reduce__(self):
        # Rebuilt from its three parts (filecache.py stores problems on disk).
        return (YamlProblem, (self.file, self.line, self.message))


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


def load_file(path: pathlib.Path, name: str | None = None, raw: bytes | None = None) -> Document:
    """Parse one file; `name` is how messages refer to it (a relative path);
    `raw`, its bytes when the caller has read them already."""
    name = name or str(path)
    raw = path.read_bytes() if raw is None else raw
    if len(raw) > MAX_BYTES:
        raise YamlProblem(name, 1, f"file is {len(raw)} bytes; the limit is {MAX_BYTES}")
    return load_text(decode(raw, name), name)


def load_text(text: str, name: str, fast: bool = True) -> Document:
    """Parse YAML text into a Document, or raise YamlProblem.

    `fast` uses libyaml's parser when PyYAML has it; fast=False forces the
    pure-Python one (tests compare the two).
    """
    for loader_class in _loaders(text, fast):
        try:
            data, types = _load_with(loader_class, text, name)
        except _SyntaxInC:
            continue  # PyYAML's own parser words the error, as it always has
        return Document(data, None, frozenset(types), text, fast)
    raise AssertionError("the pure-Python parser always answers")  # pragma: no cover


def _loaders(text: str, fast: bool) -> tuple:
    """The parsers to try, in order; the last is always PyYAML's own."""
    if not fast or _CLoader is None:
        return (_Loader,)
    return (_CLoader if _may_hold_anchor(text) else _CComposer, _Loader)


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
        lines = {(): node.start_mark.line + 1}
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


def _load_with(loader_class, text: str, name: str) -> Document:
    loader = None
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
            node = _single_node(loader, name)
        if node is None:
            raise YamlProblem(name, 1, "file is empty; an exercise is a mapping of fields such as 'id:' and 'title:'")
        data = walk.build(node)
    except yaml.YAMLError as err:
        if loader_class is not _Loader:
            raise _SyntaxInC() from None
        if not isinstance(err, yaml.MarkedYAMLError):
            raise _reader_problem(err, text, name) from None
        raise _syntax_problem(err, name) from None
    except RecursionError:
        raise YamlProblem(name, 1, "nesting is too deep to be an exercise") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, walk.types


def _single_node(loader, name: str):
    """Compose the document's node tree, refusing anchors and aliases."""
    loader.get_event()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        return None
    _refuse_anchors_in_stream(loader, name)
    node = loader.compose_document()
    if not loader.check_event(yaml.StreamEndEvent):
        mark = loader.peek_event().start_mark
        raise YamlProblem(name, mark.line + 1, "more than one YAML document ('---'); keep one exercise per file")
    return node


def _refuse_anchors_in_stream(loader, name: str) -> None:
    """Wrap the event queue so the first anchor or alias stops parsing.

    Checking events before composing means an alias bomb never expands: it
    fails at its first '&' in microseconds.
    """
    original = loader.get_event

    def checked():
        event = original()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlProblem(
                name,
                event.start_mark.line + 1,
                f"YAML anchors and aliases (&{event.anchor} / *{event.anchor}) are not allowed; "
                "write the value out in full",
            )
        return event

    loader.get_event = checked


# Lists and mappings carry only these tags; "!!python/..." or "!!set" on a
# collection would otherwise be silently ignored by the walk below.
_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"
_PLAIN_TAGS = {_MAP, _SEQ}


class _Walk:
    """Turns a node tree into plain Python data (lines are found later, if asked)."""

    def __init__(self, loader, name: str):
        self.loader, self.name = loader, name
        self.types: set = set()  # see Document.scalar_types
        self.seen: set | None = None  # lists and mappings met so far, on the C path

    def build(self, node):
        kind = type(node)
        if kind is yaml.ScalarNode:
            if node.tag == _STR:
                # What the constructor returns for text, without its bookkeeping:
                # most values are text, and this walk runs for every field of every file.
                return node.value
            try:
                value = self.loader.construct_object(node, deep=True)
            except yaml.constructor.ConstructorError as err:
                raise YamlProblem(self.name, node.start_mark.line + 1, f"cannot read value: {err.problem}") from None
            self.types.add(type(value))
            return value
        if self.seen is not None:
            # Only a list or a mapping met twice could expand (a scalar is
            # copied once); any alias would already have a '&' or '*' in the text.
            if node in self.seen:
                raise _SyntaxInC()
            self.seen.add(node)
        if node.tag not in _PLAIN_TAGS:
            raise YamlProblem(
                self.name,
                node.start_mark.line + 1,
                f"cannot read value: tag '{node.tag}' is not allowed; write plain data",
            )
        if kind is yaml.MappingNode:
            return self.mapping(node)
        return [self.build(item) for item in node.value]

    def mapping(self, node):
        result, name = {}, self.name
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(name, key_node.start_mark.line + 1, "merge keys ('<<') are not allowed")
            # A key is nearly always plain text; anything else is built
            # apart, its types not the document's.
            key = key_node.value if key_node.tag == _STR else self.key(key_node)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise YamlProblem(name, line, f"key {key!r} is not text; field names are words like 'title'")
            if key in result:
                first = next((k for k, _ in node.value if k.tag == _STR and k.value == key), key_node)
                raise YamlProblem(
                    name, line, f"duplicate key '{key}' (first given on line {first.start_mark.line + 1})"
                )
            result[key] = self.build(value_node)
        return result

    def key(self, key_node):
        types, self.types = self.types, set()
        try:
            return self.build(key_node)
        finally:
            self.types = types


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
