"""Files stay inside the checkout (macros/kit/checkout.py, macros/plugin/includes.py).

Includes read only docs/includes/, whatever the spelling of the path (absolute,
`..`, `~`, spaces, line ranges, nested, through a symlink, glued together while
Markdown runs); symbolic links under docs/, exercises/ and templates/ may not
lead out of the checkout or into its machine state. No message quotes a
refused file or the absolute path a link leads to. Builds of a broken project
copy: tests/build/test_outside_checkout.py.
"""

import os
import pathlib

import markdown
import pytest
import yaml

from macros.kit import checkout
from macros.plugin import errors, includes
from support.project import ROOT

SECRET = "CANARY-OUTSIDE-7f3a"


@pytest.fixture
def tree(tmp_path):
    """A checkout with docs/includes/ and a secret beside it, outside."""
    root = tmp_path / "checkout"
    (root / "docs" / "includes").mkdir(parents=True)
    (root / "docs" / "includes" / "credit.md").write_text("Credit line one\nCredit line two\n", encoding="utf-8")
    (root / "exercises").mkdir()
    (root / "templates").mkdir()
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(f"url = https://x:{SECRET}@git.example.com/\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    return root


# --- Include paths ----------------------------------------------------------------

OUTSIDE_SPELLINGS = [
    "{outside}/secret.txt",  # absolute
    "../../outside/secret.txt",  # a chain of ..
    "../.git/config",
    "includes/../../.git/config",  # starts in includes/, climbs out
    "includes/../index.md",  # a page of the site, not a fragment
    "./../.git/config",
    "includes//../../.git/config",
    "~/secret.txt",  # markdown-include expands ~
]


@pytest.mark.parametrize("spelling", OUTSIDE_SPELLINGS)
def test_an_include_outside_docs_includes_is_refused_whatever_its_spelling(tree, spelling, monkeypatch):
    monkeypatch.setenv("HOME", str(tree.parent / "outside"))
    written = spelling.format(outside=tree.parent / "outside")
    with pytest.raises(checkout.IncludeRefused, match="reads a file outside docs/includes/"):
        checkout.include_target(tree / "docs", written)


def test_a_symlink_in_docs_includes_that_leads_out_is_refused(tree):
    (tree / "docs" / "includes" / "link.md").symlink_to(tree.parent / "outside" / "secret.txt")
    (tree / "docs" / "includes" / "dir").symlink_to(tree.parent / "outside")
    for written in ("includes/link.md", "includes/dir/secret.txt"):
        with pytest.raises(checkout.IncludeRefused, match="outside docs/includes/"):
            checkout.include_target(tree / "docs", written)


def test_a_fragment_in_docs_includes_is_allowed_and_a_missing_one_is_named(tree):
    docs = tree / "docs"
    assert checkout.include_target(docs, "includes/credit.md") == os.path.realpath(docs / "includes" / "credit.md")
    assert checkout.include_target(docs, "includes/./x/../credit.md").endswith("credit.md")
    with pytest.raises(checkout.IncludeRefused, match=r"names no file: docs/includes/nope\.md does not exist"):
        checkout.include_target(docs, "includes/nope.md")
    with pytest.raises(checkout.IncludeRefused, match="names no file: docs/includes is a folder"):
        checkout.include_target(docs, "includes")


def test_every_directive_of_a_page_is_named_with_its_line_and_nested_ones_with_their_fragment(tree):
    docs = tree / "docs"
    (docs / "includes" / "nested.md").write_text("Fine\n{!../.git/config!}\n", encoding="utf-8")
    (docs / "includes" / "loop-a.md").write_text("{!includes/loop-b.md!}\n", encoding="utf-8")
    (docs / "includes" / "loop-b.md").write_text("{!includes/loop-a.md!}\n", encoding="utf-8")
    page = "\n".join(
        [
            "# A page",  # line 10 of the file: front matter took nine
            "{!includes/credit.md!}",
            "{!  ../.git/config  !}",
            "Text {!\t../.git/config\t!} and {!includes/credit.md!} on one line",
            "{!../.git/config!lines=1 3}",
            "{!../.git/config!lines=1-2!}",
            "{!includes/nested.md!}",
            "{!includes/nope.md!}",
            "{!includes/loop-a.md!}",
        ]
    )
    problems = checkout.include_problems(docs, page, "docs/playbook/x.md", first_line=10)
    assert [p.split(": the include ")[0] for p in problems] == [
        "docs/playbook/x.md:12",
        "docs/playbook/x.md:13",
        "docs/playbook/x.md:14",
        "docs/playbook/x.md:15",
        "docs/includes/nested.md:2",
        "docs/playbook/x.md:17",
        "docs/includes/loop-b.md:1",
    ], problems
    assert "{!../.git/config!} reads a file outside docs/includes/" in problems[0]
    assert problems[-1].endswith("{!includes/loop-a.md!} leads back to docs/includes/loop-a.md, a loop")
    assert not any(SECRET in p for p in problems)


def test_a_fragment_that_is_not_utf8_is_named_with_its_line(tree):
    (tree / "docs" / "includes" / "latin.md").write_bytes(b"fine\ncaf\xe9\n")
    problems = checkout.include_problems(tree / "docs", "{!includes/latin.md!}", "docs/x.md")
    assert problems == ["docs/includes/latin.md:2: not UTF-8 text (byte 0xe9); save it as UTF-8"]


# --- The Markdown extension: markdown-include, opening only docs/includes/ ---------


def _convert(docs, text):
    md = markdown.Markdown(extensions=[includes.makeExtension(base_path=str(docs), throwException=True)])
    return md.convert(text)


def test_the_extension_includes_fragments_and_line_ranges_as_markdown_include_does(tree):
    docs = tree / "docs"
    assert "Credit line two" in _convert(docs, "{!includes/credit.md!}")
    ranged = _convert(docs, "{!includes/credit.md!lines=2}")
    assert "Credit line two" in ranged and "Credit line one" not in ranged


@pytest.mark.parametrize(
    "page, fragment",
    [
        ("{!../.git/config!}", ""),
        ("{! ~/secret.txt !}", ""),
        ("{!../.git/config!lines=1}", ""),
        ("{!includes/nested.md!}", "{!../.git/config!}"),  # nested
        ("{!includes/nested.md!}../.git/config!}", "{!"),  # glued: the directive exists only after the include
        ("{!includes/nested.md!}!}", "{!../.git/config"),
        ("{!includes/nested.md!}", "{!includes/../../outside/secret.txt!}"),
    ],
)
def test_the_extension_refuses_at_open_time_even_a_directive_made_while_markdown_runs(
    tree, page, fragment, monkeypatch
):
    monkeypatch.setenv("HOME", str(tree.parent / "outside"))
    (tree / "docs" / "includes" / "nested.md").write_text(fragment, encoding="utf-8")
    with pytest.raises(errors.KitError, match="reads a file outside docs/includes/") as refused:
        _convert(tree / "docs", page)
    assert SECRET not in str(refused.value) and str(tree) not in str(refused.value)


def test_the_extension_refuses_even_when_told_to_only_warn(tree):
    md = markdown.Markdown(extensions=[includes.makeExtension(base_path=str(tree / "docs"), throwException=False)])
    with pytest.raises(errors.KitError):
        md.convert("{!../.git/config!}")


def test_the_extension_names_a_missing_fragment_without_a_traceback(tree):
    with pytest.raises(errors.KitError, match=r"names no file: docs/includes/nope\.md does not exist"):
        _convert(tree / "docs", "{!includes/nope.md!}")


# --- mkdocs.yml: which Markdown extensions may read files ----------------------------


class _Loose(yaml.SafeLoader):
    """mkdocs.yml uses !ENV, !relative and !!python/name; their values do not matter here."""


_Loose.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loose.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)

# Reviewed: none of these reads a file named in a page. A new extension is
# added here only after checking that (pymdownx.snippets reads any path).
READS_NO_FILES = {
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
}


def test_only_the_guarded_include_reads_files_and_snippets_stays_off():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _Loose)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert "pymdownx.snippets" not in names, "--8<-- would read any file: keep pymdownx.snippets off"
    assert "markdown_include.include" not in names, "use macros.plugin.includes, which reads only docs/includes/"
    assert "macros.plugin.includes" in names
    assert set(names) - {"macros.plugin.includes"} <= READS_NO_FILES, set(names) - READS_NO_FILES


# --- Symbolic links ---------------------------------------------------------------


def _links(tree):
    outside = tree.parent / "outside"
    (tree / "extra").mkdir()  # inside the checkout, but not a folder the build reads
    (tree / "extra" / "inner.md").symlink_to(outside / "secret.txt")
    made = {
        "docs/leak.txt": outside / "secret.txt",  # a file outside
        "docs/leakdir": outside,  # a folder outside
        "docs/hop-b.md": outside / "secret.txt",
        "docs/hop-a.md": pathlib.Path("hop-b.md"),  # a link to a link
        "docs/dangling.md": pathlib.Path("nowhere/here.md"),
        "docs/shared": pathlib.Path("../extra"),  # allowed, and walked: extra/inner.md is not
        "docs/gitconfig.txt": pathlib.Path("../.git/config"),
        "docs/published": pathlib.Path("../site.tmp"),
        "docs/loop-a.md": pathlib.Path("loop-b.md"),
        "docs/loop-b.md": pathlib.Path("loop-a.md"),
        "docs/includes/frag.md": outside / "secret.txt",
        "exercises/leak.yml": outside / "secret.txt",
        "templates/leak.html.j2": outside / "secret.txt",
        "docs/fine.md": pathlib.Path("includes/credit.md"),  # inside: allowed
        "docs/templates": pathlib.Path("../templates"),  # inside: allowed (and walked once)
    }
    (tree / "site.tmp").mkdir()
    for name, target in made.items():
        (tree / name).symlink_to(target)
    return outside


def test_every_link_that_leads_out_or_into_machine_state_is_named_and_nothing_else(tree):
    outside = _links(tree)
    problems = checkout.link_problems(tree)
    named = {p.split(": a symbolic link")[0]: p for p in problems}
    assert sorted(named) == sorted(
        [
            "docs/leak.txt",
            "docs/leakdir",
            "docs/hop-a.md",
            "docs/hop-b.md",
            "docs/dangling.md",
            "docs/shared/inner.md",
            "docs/gitconfig.txt",
            "docs/published",
            "docs/loop-a.md",
            "docs/loop-b.md",
            "docs/includes/frag.md",
            "exercises/leak.yml",
            "templates/leak.html.j2",
        ]
    ), problems
    assert "to a folder outside the checkout" in named["docs/leakdir"]
    assert "to a file outside the checkout" in named["docs/hop-a.md"]
    assert "to nothing" in named["docs/dangling.md"]
    assert "into .git/" in named["docs/gitconfig.txt"]
    assert "into site.tmp/" in named["docs/published"]
    assert "into a loop of links" in named["docs/loop-a.md"]
    assert "may point only at files and folders inside this checkout" in named["docs/leak.txt"]
    for problem in problems:
        assert SECRET not in problem and str(outside) not in problem and str(tree) not in problem


def test_a_checkout_without_links_has_no_problems(tree):
    assert checkout.link_problems(tree) == []
    assert checkout.link_problems(ROOT) == []


def test_a_whole_folder_of_the_build_linked_out_is_named(tree):
    (tree / "templates").rmdir()
    (tree / "templates").symlink_to(tree.parent / "outside")
    problems = checkout.link_problems(tree)
    assert len(problems) == 1 and problems[0].startswith("templates: a symbolic link to a folder outside the checkout")
