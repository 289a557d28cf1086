"""Every YAML text and every front matter the build reads meets the same guards.

One reader (macros/kit/yamlsource.py) reads exercises and workshops (tests
in test_yaml_guards.py and the bad-file corpora), the glossary, the allowed
tags, a guide's front matter, and, through the plugin's on_page_read_source, which
MkDocs calls before it parses a page (macros/plugin/generated.py read_source), the front matter of
every page. Each guard is tried on each of those readers here, in process;
tests/build/test_guide_errors.py builds a few cases to prove MkDocs' own
path is covered. The structure is held too: no module but the reader imports
PyYAML, and the front-matter split is MkDocs' own.
"""

import ast
import pathlib
import shutil
import types

import pytest

from macros.kit import frontmatter
from macros.plugin import errors, generated
from macros.web import glossary, guides, reading_lists
from support.project import ROOT

# --- The structure --------------------------------------------------------------


def _imports_yaml(tree) -> list:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in ("yaml", "_yaml")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("yaml", "_yaml"):
            found.append(node.module)
        elif isinstance(node, ast.Call) and _names_import(node.func) and node.args:
            first = node.args[0]  # importlib.import_module("yaml"), __import__("yaml")
            if isinstance(first, ast.Constant) and str(first.value).split(".")[0] in ("yaml", "_yaml"):
                found.append(f"{first.value} (imported by name)")
    return found


def _names_import(func) -> bool:
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("import_module", "__import__")


def test_no_module_but_the_reader_imports_pyyaml():
    readers = {ROOT / "macros" / "kit" / "yamlsource.py"}
    offenders = {
        path.relative_to(ROOT).as_posix(): found
        for path in sorted((ROOT / "macros").rglob("*.py"))
        if path not in readers and (found := _imports_yaml(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}, "read YAML through macros/kit/yamlsource.py, which holds every guard"


def test_the_front_matter_block_is_found_as_mkdocs_finds_it():
    from mkdocs.utils import meta

    assert frontmatter.FRONT_MATTER.pattern == meta.YAML_RE.pattern
    assert frontmatter.FRONT_MATTER.flags == meta.YAML_RE.flags


def test_every_page_reaches_mkdocs_with_the_front_matter_the_reader_passed():
    """What MkDocs then parses from the hook's text is what the kit's reader read."""
    from mkdocs.utils import meta

    for path in sorted((ROOT / "docs").rglob("*.md")):
        page = frontmatter.read_page(path, path.name)
        _, parsed = meta.get_data(page.text)
        ours = page.front.data if page.front else {}
        # MkDocs' loader turns dates into date objects; the kit keeps the text.
        assert {k: str(v) for k, v in parsed.items()} == {k: str(v) for k, v in ours.items()}, path.name


# --- Each guard on each reader ---------------------------------------------------


class Reader:
    """One of the build's readers: the file it reads, a line to break, the field there."""

    def __init__(self, name, src, line_start, key, indent, field, read):
        self.name, self.src, self.line_start, self.key = name, src, line_start, key
        self.indent, self.field, self.read = indent, field, read

    def line(self, text: str) -> int:
        return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(self.line_start))


def _page_hook(root):
    path = root / "docs" / "about" / "index.md"
    page = types.SimpleNamespace(file=types.SimpleNamespace(abs_src_path=str(path), src_uri="about/index.md"))
    return generated.read_source(page, {"config_file_path": str(root / "mkdocs.yml")}, None)


READERS = {
    r.name: r
    for r in (
        Reader(
            "glossary",
            "docs/includes/glossary.yml",
            "  short: An employee",
            "short",
            "  ",
            "[0].short",
            lambda root: glossary.load(root / "docs"),
        ),
        Reader(
            "allowed tags",
            "docs/includes/tags.yml",
            "coaching:",
            "coaching",
            "",
            "coaching",
            lambda root: guides.load_allowed_tags(root / "docs" / "includes" / "tags.yml"),
        ),
        Reader(
            "a guide's front matter",
            "docs/playbook/strengths.md",
            "when:",
            "when",
            "",
            "when",
            lambda root: reading_lists.front_matter(root / "docs" / "playbook" / "strengths.md"),
        ),
        Reader(
            "any page, before MkDocs parses it",
            "docs/about/index.md",
            "description:",
            "description",
            "",
            "description",
            _page_hook,
        ),
    )
}

BOMB = "".join(f"\n{{i}}l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10))
# (what replaces the line, fragment the message must hold, whether it names the field)
CASES = {
    "duplicate key": ("{k}: one\n{i}{k}: two", "duplicate key '{k}'", False),
    "anchor and alias": ("{k}: &x text\n{i}again: *x", "anchors and aliases (&x / *x) are not allowed", True),
    "alias bomb": ("{k}: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" + BOMB, "anchors and aliases", True),
    "3,000 nested lists": ("{k}: " + "[" * 3000 + "]" * 3000, "nested more than 50 deep", True),
    "40,000 nested lists": ("{k}: " + "[" * 40000 + "]" * 40000, "nested more than 50 deep", True),
    "nested dashes": ("{k}:\n{i}  " + "- " * 3000 + "x", "nested more than 50 deep", True),
    "octal": ("{k}: 016", "016 is an octal number in YAML 1.1 (it reads as 14)", True),
    "base 60": ("{k}: 10:30", 'not a time; write a time like "10:30", in quotes', True),
    "yes": ("{k}: yes", "YAML read this value as true, not as text", True),
    "hexadecimal": ("{k}: 0x1f", "hexadecimal number", True),
    "underscore": ("{k}: 1_000", "1_000 reads as the number 1000", True),
    "infinity": ("{k}: .inf", "is infinity in YAML 1.1", True),
    "Python tag": ("{k}: !!python/object/apply:os.system ['id']", "is not allowed; write plain data", True),
    "date tag": ("{k}: !!timestamp 2026-11-23", "is not allowed; write plain data", True),
    "right-to-left override": ("{k}: safe \u202etext", "U+202E (RIGHT-TO-LEFT OVERRIDE)", True),
    "right-to-left isolate": ("{k}: safe \u2067text\u2069", "U+2067 (RIGHT-TO-LEFT ISOLATE)", True),
    "zero-width space": ("{k}: safe\u200btext", "U+200B (ZERO WIDTH SPACE)", True),
    "byte order mark inside": ("{k}: safe\ufefftext", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)", True),
    "tag character": ("{k}: safe\U000e0041text", "U+E0041 (TAG LATIN CAPITAL LETTER A)", True),
    "Latin-1 byte": ("{k}: caf\xe9", "is not UTF-8: byte 0xe9", False),
    "Windows-1252 quote": ("{k}: \x93quoted\x94", "is not UTF-8: byte 0x93", False),
    "over the size limit": ("{k}: " + "x" * 300_000, "262144", False),
}


def _project(tmp_path) -> pathlib.Path:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _break(root, reader, replacement: str, encoding="utf-8") -> int:
    """Replace the reader's line; `encoding` is that line's own (the rest stays UTF-8)."""
    path = root / reader.src
    lines = path.read_bytes().splitlines(keepends=True)
    at = reader.line(path.read_text(encoding="utf-8")) - 1
    lines[at] = (reader.indent + replacement.format(k=reader.key, i=reader.indent) + "\n").encode(encoding)
    path.write_bytes(b"".join(lines))
    return at + 1


def _refusal(reader, root) -> str:
    try:
        reader.read(root)
    except (reading_lists.GuideError, errors.KitError) as err:
        return str(err)
    raise AssertionError(f"{reader.name} read it without a problem")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("reader", READERS)
def test_each_reader_refuses_each_case_naming_file_line_and_field(tmp_path, reader, case):
    reader, (replacement, fragment, names_field) = READERS[reader], CASES[case]
    root = _project(tmp_path)
    latin = case in ("Latin-1 byte", "Windows-1252 quote")
    line = _break(root, reader, replacement, "latin-1" if latin else "utf-8")
    message = _refusal(reader, root)
    first = message.splitlines()[0]
    assert first.startswith(f"{reader.src}:"), message[:300]
    assert int(first.split(":")[1]) in (line, line + 1) or case == "over the size limit", message[:300]
    assert fragment.format(k=reader.key) in message, message[:300]
    if names_field:
        assert f"field '{reader.field}" in message, message[:300]
    assert str(root) not in message, "messages name files relative to the project"
    assert "Traceback" not in message and len(message) < 600, message[:600]


@pytest.mark.parametrize("reader", READERS)
def test_each_reader_accepts_a_byte_order_mark_at_the_start(tmp_path, reader):
    reader = READERS[reader]
    root = _project(tmp_path)
    path = root / reader.src
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert reader.read(root)


def test_the_hook_hands_mkdocs_the_text_without_the_byte_order_mark(tmp_path):
    root = _project(tmp_path)
    path = root / "docs" / "about" / "index.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    text = _page_hook(root)
    assert text.startswith("---\ntitle: About Common Ground\n")


def test_an_invisible_character_in_a_page_body_is_refused_with_its_line(tmp_path):
    root = _project(tmp_path)
    path = root / "docs" / "about" / "index.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[-1] = lines[-1].rstrip("\n") + " \u202eevil\n"
    path.write_text("".join(lines), encoding="utf-8")
    message = _refusal(READERS["any page, before MkDocs parses it"], root)
    assert message.startswith(f"docs/about/index.md:{len(lines)}: invisible character U+202E"), message


def test_a_front_matter_mkdocs_would_have_dropped_in_silence_is_refused(tmp_path):
    """MkDocs' get_data swallows any YAML error: the page lost its title and
    showed its '---' block as text."""
    root = _project(tmp_path)
    path = root / "docs" / "about" / "index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: About", "title: [About", 1), encoding="utf-8")
    message = _refusal(READERS["any page, before MkDocs parses it"], root)
    assert message.startswith("docs/about/index.md:") and "YAML syntax error" in message, message
