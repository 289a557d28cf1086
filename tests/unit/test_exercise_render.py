"""Rendering without MkDocs: YAML text is escaped data, and the page body
survives Markdown exactly as the templates wrote it."""

import html.parser
import pathlib
import shutil

import markdown
import pytest

from macros import templating
from macros.kit import links as links_module
from macros.kit.exercises import load_library
from macros.kit.links import Links
from macros.web import exercise_pages

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
SITE_MARKDOWN = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"]


class _Balance(html.parser.HTMLParser):
    """Fails on a closing tag that does not match the open one."""

    VOID = {"br", "img", "meta", "link", "hr", "input", "col"}

    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()


def assert_balanced(html_text):
    checker = _Balance()
    checker.feed(html_text)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT)


@pytest.fixture
def injected(tmp_path):
    """A library holding the injection case from the bad-input corpus."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "exercises" / "schema.json", folder)
    shutil.copy(ROOT / "tests" / "bad_exercises" / "injection.yml", folder)
    return load_library(tmp_path)


def test_inline_markdown_after_escaping():
    assert (
        templating.inline("**bold** and *it* <b>x</b>") == "<strong>bold</strong> and <em>it</em> &lt;b&gt;x&lt;/b&gt;"
    )
    assert (
        templating.inline("[site](https://example.org/?a=1&b=2)")
        == '<a href="https://example.org/?a=1&amp;b=2">site</a>'
    )
    assert templating.inline("snake_case_name stays") == "snake_case_name stays"
    assert templating.inline("{!/etc/passwd!} {: .x }") == "&#123;!/etc/passwd!&#125; &#123;: .x &#125;"


@pytest.mark.parametrize(
    "links, root",
    [
        (Links("exercises/x/"), "../../"),
        (Links(None, site_url="https://common-ground.example.org/"), "https://common-ground.example.org/"),
        (Links(None, site_url="https://common-ground.example.org"), "https://common-ground.example.org/"),
    ],
)
def test_site_links_in_yaml_text_lead_to_the_published_page_from_any_output(links, root):
    """A link in YAML text is written from the site root; on a page it is made
    relative to that page, in a PDF absolute under site_url (WeasyPrint would
    turn a relative one into a file:// path on the build machine)."""
    for typed in ("playbook/strengths.md#why", "playbook/strengths/#why", "/playbook/strengths/#why"):
        assert templating.inline(f"[guide]({typed})", links) == f'<a href="{root}playbook/strengths/#why">guide</a>'
    for refused in ("../secret/", "//evil.example/", "#why", "file:///etc/passwd"):
        assert "<a" not in templating.inline(f"[x]({refused})", links)


def test_site_links_stay_text_where_the_site_root_is_unknown():
    assert templating.inline("[guide](playbook/strengths/)") == "[guide](playbook/strengths/)"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x"])
def test_links_other_than_http_or_relative_stay_plain_text(url):
    out = templating.inline(f"[click]({url})")
    assert "<a" not in out and "click" in out


def test_yaml_html_and_jinja_come_out_literally(injected):
    exercise = injected["injection"]
    body = exercise_pages.render_exercise_page(TEMPLATES, exercise, injected, Links("exercises/injection/"))
    for raw in ("<script>", "<img src=x", "<i>label</i>", "javascript:alert"):
        assert raw not in body.replace("[a bad link](javascript:alert(1))", "")
    assert "&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;" in body
    assert "&#123;&#123; 7*7 &#125;&#125;" in body and "49" not in body
    assert "&#123;% if true %&#125;jinja&#123;% endif %&#125;" in body
    assert "&#123;% raw %&#125;&lt;i&gt;label&lt;/i&gt;&#123;% endraw %&#125;" in body
    assert "{" not in body.replace("{ #", ""), "only the template's own heading ids may hold a brace"
    assert "<strong>Bold</strong>" in body and '<a href="https://example.org/a?b=1&amp;c=2">' in body


def test_page_body_survives_markdown_unchanged(library):
    """Indented or blank-line-separated HTML would turn into code blocks."""
    for exercise in library:
        body = exercise_pages.render_exercise_page(TEMPLATES, exercise, library, Links(f"exercises/{exercise.id}/"))
        html_out = markdown.markdown(body, extensions=SITE_MARKDOWN)
        assert "<pre" not in html_out, exercise.id
        assert "&lt;div" not in html_out and "<p><div" not in html_out, exercise.id
        assert f'id="worksheet-{exercise.id}"' in html_out
        for anchor in ("outcomes", "steps", "materials", "facilitator-notes", "traps", "source", "worksheet"):
            assert f'<h2 id="{anchor}">' in html_out, (exercise.id, anchor)
        assert_balanced(html_out)


def test_worksheet_draws_every_block(library):
    for exercise in library:
        sheet = templating.render_worksheet(TEMPLATES, exercise)
        blocks = exercise["worksheet"]["blocks"]
        assert sheet.count('<section class="cg-block cg-block--') == len(blocks), exercise.id
        for block in blocks:
            assert f"cg-block--{block['kind']}" in sheet
        assert_balanced(sheet)


def test_worksheet_partial_serves_the_pdf_with_one_who_line_and_no_web_furniture(library):
    """The PDFs include the partial with print=true: the Name/Team/Date line
    comes from the one shared macro, once; brand, footer and cards are left
    to the print templates (cards go on a cut sheet)."""
    env = templating.environment(str(TEMPLATES))
    template = env.from_string('{% include "partials/worksheet.html.j2" %}')  # our own template text, not YAML
    sheet = template.render(exercise=library["no-show-role-play"].data, print=True)
    assert sheet.count('class="cg-sheet-who"') == 1 and "cg-worksheet" in sheet
    assert "cg-sheet-brand" not in sheet and "cg-sheet-foot" not in sheet and "cg-card" not in sheet
    web = template.render(exercise=library["no-show-role-play"].data)
    assert web.count('class="cg-sheet-who"') == 1 and "cg-card" in web


def test_grid_and_table_headers_are_never_empty(library):
    """Blank header cells to write in still name themselves to screen readers."""
    sheet = templating.render_worksheet(TEMPLATES, library["strengths-map"])
    assert '<th scope="col" class="cg-grid-blank cg-write"><span class="cg-sr">Strength 1</span></th>' in sheet
    assert '<th scope="row" class="cg-grid-blank cg-write"><span class="cg-sr">Person 1</span></th>' in sheet
    assert '<th scope="col"></th>' not in sheet


def test_links_from_a_page_are_relative_to_it():
    assert (
        Links("exercises/cx-brainstorm/").href("about/sources.md#gardner-2007") == "../../about/sources/#gardner-2007"
    )
    assert Links("exercises/").href("exercises/strengths-map.md") == "strengths-map/"
    assert Links("exercises/cx-brainstorm/").href("exercises/strengths-map.md") == "../strengths-map/"
    assert Links("").href("exercises/index.md") == "exercises/"


# --- The kit environment's shortcuts give Jinja's own results ---------------
# macros/templating.py looks fields up directly, skips autoescape's copy of
# escaped text and computes relative links without os.getcwd(); each must
# give exactly what Jinja and posixpath give.

PATHS = [
    "",
    ".",
    "./",
    "index",
    "exercises",
    "exercises/",
    "exercises/x",
    "exercises/x/",
    "exercises/y/z",
    "about/sources",
    "about/sources/",
    "a/b/c/d",
    "../up",
    "a/../b",
    "/abs",
    "/abs/x",
    "a/./b",
    "x.html",
]


@pytest.mark.parametrize("base", PATHS)
def test_relative_links_are_posixpaths_own(base):
    import posixpath

    for target in PATHS:
        assert links_module._relative(target, base) == posixpath.relpath(target or ".", base or "."), (target, base)


def test_a_field_lookup_gives_what_jinjas_order_gives():
    import jinja2

    env = templating.environment(str(TEMPLATES))
    plain = jinja2.Environment(undefined=jinja2.StrictUndefined)
    # A checklist block has a field called "items", also a dict method.
    data = {"items": ["a"], "get": "field", "title": "T", "kind": "checklist"}
    for obj in (data, {}, [1], "text", templating.Markup("<b>")):
        for name in ("items", "get", "title", "kind", "missing", "upper", "__class__"):
            ours, jinjas = env.getattr(obj, name), plain.getattr(obj, name)
            if isinstance(jinjas, jinja2.Undefined):
                assert isinstance(ours, jinja2.StrictUndefined) and ours._undefined_name == name
            else:
                assert ours == jinjas, (obj, name)
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'missing'"):
        env.from_string("{{ d.missing }}").render(d=data)


def test_autoescape_still_escapes_text_and_keeps_escaped_text():
    env = templating.environment(str(TEMPLATES))
    template = env.from_string("{{ a }}|{{ b }}|{{ c }}|{% macro m() %}<i>{{ a }}</i>{% endmacro %}{{ m() }}")
    assert template.root_render_func.__globals__["escape"] is templating._escape_finalized
    out = template.render(a="<b>&", b=templating.Markup("<b>x</b>"), c=7)
    assert out == "&lt;b&gt;&amp;|<b>x</b>|7|<i>&lt;b&gt;&amp;</i>"


def test_an_edited_template_is_seen_after_the_next_builds_refresh(tmp_path):
    (tmp_path / "page.j2").write_text("one {{ x }}")
    templating.refresh(tmp_path)
    env = templating.environment(str(tmp_path))
    assert env.get_template("page.j2").render(x=1) == "one 1"
    (tmp_path / "page.j2").write_text("two, longer {{ x }}")
    # Not checked on every use: a build sees the templates as they were when it began.
    assert env.get_template("page.j2").render(x=1) == "one 1"
    templating.refresh(tmp_path)
    assert env.get_template("page.j2").render(x=1) == "two, longer 1"
