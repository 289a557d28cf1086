"""The one inert path for text that comes from data, without a build.

templating.inert_data makes a page's front matter inert whatever its keys;
templating.literal_markdown keeps text put into Markdown to itself, line
breaks included; and the glossary's tooltips, whose `short` text is put
into every page as an abbreviation line that markdown-include and abbr
read, show it as typed and include nothing.
"""

from __future__ import annotations

import html
import pathlib
import re

import markdown
import pytest
from markupsafe import Markup

from macros import templating
from macros.web import glossary
from support.project import ROOT

SECRET = "SECRET-41c7-read-by-an-include"
SNIPPET = "includes/secret-snippet.md"


def test_front_matter_is_made_inert_whole_whatever_its_keys():
    meta = {
        "title": "<b>x</b> {{ 7*7 }}",
        "tags": ["a & b", "{!x!}"],
        "search": {"boost": 2, "exclude": True},
        "subtitle": 'say "hi"',
        "hide": ["navigation"],
    }
    inert = templating.inert_data(meta)
    assert inert["title"] == "&lt;b&gt;x&lt;/b&gt; &#123;&#123; 7*7 &#125;&#125;"
    assert inert["tags"] == ["a &amp; b", "&#123;!x!&#125;"] and inert["subtitle"] == "say &#34;hi&#34;"
    assert inert["search"] == {"boost": 2, "exclude": True} and inert["hide"] == ["navigation"]
    # Markup: the theme's `| e` leaves it as it is, so nothing is escaped twice.
    assert all(type(value) is Markup for value in (inert["title"], *inert["tags"]))
    assert templating.inert_data(inert) == inert


def test_text_put_into_markdown_keeps_its_lines_to_itself():
    title = "A title\n\n{!x!}\n*[HX]: pwned\n<b>x</b>"
    rendered = markdown.markdown(f"1. **[{templating.literal_markdown(title)}](x.md)** · 4 min\n2. next")
    assert rendered.count("<li>") == 2 and "<abbr" not in rendered and "<b>" not in rendered
    assert '<a href="x.md">' in rendered


def _render_with_tooltips(docs: pathlib.Path, body: str, terms: list) -> str:
    """A page as the site renders it: the glossary's abbreviation lines appended
    (macros/plugin/guide_pages.py), then Python-Markdown with abbr and markdown-include."""
    return markdown.markdown(
        f"{body}\n\n{glossary.abbreviations(terms)}\n",
        extensions=["abbr", "attr_list", "markdown_include.include"],
        extension_configs={"markdown_include.include": {"base_path": str(docs), "throwException": False}},
    )


@pytest.mark.parametrize(
    "short",
    [
        "{!SECRET_FILE!}",
        "Read {!../secret.txt!} here",
        "{!includes/secret-snippet.md!}",
        '<script>alert("x")</script> {: .pwned } [x](../x) 100% "quoted"',
        "*[CRM]: a second definition",
    ],
)
def test_a_glossary_tooltip_shows_its_short_text_as_typed(tmp_path, short):
    docs = tmp_path / "docs"
    (docs / "includes").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (docs / SNIPPET).write_text(SECRET, encoding="utf-8")
    short = short.replace("SECRET_FILE", str(secret))
    terms = [{"short": short, "forms": ["brand promise"]}, {"short": "Customer data", "forms": ["CRM"]}]
    rendered = _render_with_tooltips(docs, "Keep the brand promise in the CRM.", terms)
    assert SECRET not in rendered
    tooltip = _titles_by_text(rendered)
    assert tooltip.get("brand promise") == short, rendered
    assert tooltip.get("CRM") == "Customer data" and 'class="pwned"' not in rendered


def _titles_by_text(rendered: str) -> dict:
    """{abbreviated word: its tooltip as a browser shows it}."""
    return {
        html.unescape(text): html.unescape(title)
        for title, text in re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', rendered)
    }


def test_the_real_glossary_is_shown_as_typed_in_its_tooltips():
    terms = glossary.load(ROOT / "docs")
    rendered = _render_with_tooltips(ROOT / "docs", " ".join(t["forms"][0] for t in terms), terms)
    titles = _titles_by_text(rendered)
    for term in terms:
        assert titles.get(term["forms"][0]) == term["short"].strip(), term["id"]
