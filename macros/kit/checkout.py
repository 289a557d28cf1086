"""What the build may read: files inside the checkout, and includes only from docs/includes/.

Pages, exercises and templates come from pull requests, so a path written in
them is data, not a licence to read. Two checks hold the boundary, both on
paths only, before anything is read:

- `link_problems` walks docs/, exercises/ and templates/ (following folder
  links that stay inside) and refuses every symbolic link that leads out of
  the checkout, into its machine state (.git/, .venv/, .cache/, site*), to
  nothing, or round a loop. MkDocs would copy such a file into the site, and
  a loader would quote its first line in an error.
- `include_target` is where a markdown-include directive may read: the file
  it names, with `~`, `..`, absolute paths and symlinks resolved exactly as
  markdown-include resolves them, must lie in docs/includes/. The Markdown
  extension (macros/plugin/includes.py) asks it at every file markdown-include
  opens; `include_problems` asks it for every directive of a page and its
  fragments before Markdown runs, so the error names the page and the line.

Messages name the link or the page and what is wrong, never the target's
absolute path or a byte of its content.
"""

from __future__ import annotations

import fnmatch
import os
import pathlib

from .problems import KitProblem, where

# Folders of the checkout whose files the build reads or copies.
CONTENT = ("docs", "exercises", "templates")
# docs/<INCLUDES>/ holds the only files a page may include.
INCLUDES = "includes"
# Top-level names a link must never lead into: the repository, the
# environment, caches, and the published site with its scratch folders.
MACHINE_STATE = (".*", "site*")
WHERE_LINKS_MAY_POINT = (
    "links under docs/, exercises/ and templates/ may point only at files and folders inside this "
    "checkout, outside .git/, .venv/, .cache/ and site*"
)
WHERE_INCLUDES_MAY_POINT = f"a page may include only files in docs/{INCLUDES}/, written {{!{INCLUDES}/name.md!}}"


class IncludeRefused(KitProblem):
    """An include directive names a file outside docs/includes/, or none; the message says which."""


# --- Symbolic links ------------------------------------------------------------


def link_problems(root, parts=CONTENT) -> list:
    """One line per symbolic link under root/<part> that leads where the build must not read.

    A link to a folder that may be read is walked too (MkDocs copies what is
    inside), unless the folder lies in one of the parts, which are walked anyway.
    """
    root = pathlib.Path(root)
    real_root = os.path.realpath(root)
    links = [part for part in parts if (root / part).is_symlink()]
    folders = [part for part in parts if part not in links and (root / part).is_dir()]
    walked = [os.path.realpath(root / part) for part in folders]
    problems: list = []
    seen: set = set()
    for part in parts:
        if part in links:
            _walk_link(root / part, part, real_root, problems, walked, seen)
        elif part in folders:
            _walk(str(root / part), part, real_root, problems, walked, seen)
    return problems


def _walk(folder: str, shown: str, real_root: str, problems: list, walked: list, seen: set) -> None:
    """Every entry of a real folder; the kinds come from the directory listing (no stat per file)."""
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = f"{shown}/{entry.name}"
            if entry.is_symlink():
                _walk_link(pathlib.Path(entry.path), name, real_root, problems, walked, seen)
            elif entry.is_dir(follow_symlinks=False):
                _walk(entry.path, name, real_root, problems, walked, seen)


def _walk_link(link: pathlib.Path, shown: str, real_root: str, problems: list, walked: list, seen: set) -> None:
    why = _where_link_leads(link, real_root)
    if why:
        problems.append(where(shown) + f"a symbolic link {why}; {WHERE_LINKS_MAY_POINT}. Put the file itself here.")
        return
    real = os.path.realpath(link)
    if not os.path.isdir(real) or real in seen or any(_within(real, part) for part in walked):
        return  # a file, a folder already walked, or one that is walked as itself
    seen.add(real)
    _walk(str(link), shown, real_root, problems, walked, seen)


def _within(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _where_link_leads(link: pathlib.Path, real_root: str) -> str:
    """Why the link may not be followed ('' when it may), in words, never its target's path."""
    try:
        target = os.path.realpath(link, strict=True)
    except FileNotFoundError:
        return "to nothing (its target does not exist)"
    except OSError:
        return "into a loop of links"
    inside = os.path.relpath(target, real_root)
    if inside == os.curdir:
        return "to the checkout itself"
    first = inside.split(os.sep, 1)[0]
    if first == os.pardir or os.path.isabs(inside):
        return f"to a {'folder' if os.path.isdir(target) else 'file'} outside the checkout"
    if any(fnmatch.fnmatchcase(first, pattern) for pattern in MACHINE_STATE):
        return f"into {first}{'/' if os.path.isdir(os.path.join(real_root, first)) else ''} (the build's machine state)"
    return ""


# --- Include directives ----------------------------------------------------------


def include_target(docs_dir, written: str) -> str:
    """The real path of the file `{!written!}` reads, resolved as markdown-include resolves it.

    Raises IncludeRefused, whose message goes after the directive, unless it
    is a file inside docs/includes/."""
    docs_dir = os.fspath(docs_dir)
    path = os.path.expanduser(written)
    if not os.path.isabs(path):
        path = os.path.normpath(os.path.join(docs_dir, path))
    allowed = os.path.realpath(os.path.join(docs_dir, INCLUDES))
    real = os.path.realpath(path)
    if not _within(real, allowed):
        raise IncludeRefused(f"reads a file outside docs/{INCLUDES}/; {WHERE_INCLUDES_MAY_POINT}")
    if not os.path.isfile(real):
        what = "is a folder" if os.path.isdir(real) else "does not exist"
        raise IncludeRefused(f"names no file: docs/{os.path.relpath(path, docs_dir)} {what}")
    return real


def read_fragment(path: str, shown: str) -> str:
    """A fragment's text as UTF-8; a bad byte is an IncludeRefused naming the file and line."""
    data = pathlib.Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise IncludeRefused(
            f"not UTF-8 text (byte {data[err.start]:#04x}); save it as UTF-8", file=shown, line=line
        ) from None


def include_directives(text: str):
    """(line number from 1, the path as written) for every directive markdown-include would act on."""
    from markdown_include.include import INC_SYNTAX  # the engine's own grammar, so both read the same

    for number, line in enumerate(text.split("\n"), start=1):
        for match in INC_SYNTAX.finditer(line):
            yield number, match.group(1)


def include_problems(docs_dir, text: str, shown: str, first_line: int = 1) -> list:
    """'file:line: what is wrong' for every directive in a page's text and, through them, in
    the fragments it includes (a fragment that includes itself, however indirectly, too)."""
    return _include_problems(os.fspath(docs_dir), text, shown, first_line, ())


def _include_problems(docs_dir: str, text: str, shown: str, first_line: int, chain: tuple) -> list:
    problems = []
    for number, written in include_directives(text):
        at = where(shown, number + first_line - 1)
        try:
            target = include_target(docs_dir, written)
        except IncludeRefused as refused:
            problems.append(f"{at}the include {{!{written}!}} {refused}")
            continue
        inner_shown = "docs/" + os.path.relpath(target, os.path.realpath(docs_dir))
        if target in chain:
            problems.append(f"{at}the include {{!{written}!}} leads back to {inner_shown}, a loop")
            continue
        try:
            fragment = read_fragment(target, inner_shown)
        except IncludeRefused as refused:
            problems.append(str(refused))
            continue
        problems += _include_problems(docs_dir, fragment, inner_shown, 1, (*chain, target))
    return problems
