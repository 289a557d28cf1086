"""A guide's text on its way into a booklet (macros/pdf/booklets.py): made fit
for paper, and refused, naming page, line and character, when the booklet's
font cannot print it. Plain functions, no build."""

import pytest

from macros.pdf import booklets, jobs
from macros.plugin.booklet_step import unprintable

SITE = jobs.Site("templates", "https://kit.example.net/")
GUIDE = "playbook/missed-meeting.md"
PAGE = (
    '<h1 id="t">The missed meeting<a class="headerlink" href="#t">&para;</a></h1>\n'
    '<h2 id="in-short">In short</h2>\n'
    '<p>See <a href="../diagnose-conflict/#what-to-do">Diagnose</a>, <a href="#in-short">above</a> and '
    '<a href="../../exercises/no-show-role-play/">the role-play</a>.<sup id="fnref:a"><a href="#fn:a">1</a></sup></p>\n'
    '<ul class="task-list"><li><input type="checkbox" disabled> Ask</li></ul>\n'
    '<details class="question"><summary>Answers</summary><p>Yes</p></details>\n'
    '<div class="footnote"><ol><li id="fn:a"><p>Note&#160;<a class="footnote-backref" href="#fnref:a">&#8617;</a></p></li></ol></div>\n'
)


def _printed(printed=None):
    return booklets.print_body(PAGE, GUIDE, SITE, printed or {})


def test_the_page_title_permalinks_and_back_links_stay_off_paper():
    body = _printed()
    assert "<h1" not in body and "The missed meeting" not in body
    assert "&para;" not in body and "&#8617;" not in body and "headerlink" not in body


def test_headings_move_down_a_level_and_ids_take_the_guide_in_front():
    body = _printed()
    assert '<h3 id="missed-meeting-in-short">In short</h3>' in body
    assert 'id="missed-meeting-fn:a"' in body and 'href="#missed-meeting-fn:a"' in body
    assert 'href="#missed-meeting-in-short"' in body


def test_links_lead_into_the_booklet_or_to_the_published_site_never_to_a_file():
    printed = {"https://kit.example.net/playbook/diagnose-conflict/": "diagnose-conflict"}
    body = _printed(printed)
    assert 'href="#diagnose-conflict-what-to-do"' in body
    assert 'href="https://kit.example.net/exercises/no-show-role-play/"' in body
    alone = _printed()
    assert 'href="https://kit.example.net/playbook/diagnose-conflict/#what-to-do"' in alone
    assert 'href="../' not in body + alone


def test_screen_only_parts_become_paper_ones():
    body = _printed()
    assert "<input" not in body and '<span class="bk-box"></span> Ask' in body
    assert '<section class="bk-details">' in body and '<p class="bk-summary">Answers</p>' in body


SOURCE = "---\ntitle: x\n---\n\n# X\n\nA first line.\nA line with {char} in it.\n"


@pytest.mark.parametrize(
    "char",
    ["\U0001f642", "\u6f22", "\u0e01", "\u2603"],
    ids=["emoji", "chinese", "thai", "snowman"],
)
def test_a_character_the_font_lacks_is_refused_naming_page_line_and_character(char):
    html = f"<p>A line with {char} in it.</p>"
    message = unprintable(GUIDE, html, SOURCE.format(char=char))
    assert message.startswith(f"docs/{GUIDE}:8: '{char}' (U+{ord(char):04X} ")
    assert "empty box" in message and "Traceback" not in message


@pytest.mark.parametrize(
    "text",
    ["Plain words", "“Quoted” – and — dashes…", "Ελληνικά", "Кириллица", "no\u00a0break", "Dailey &amp; O&#39;Brien"],
)
def test_text_the_font_prints_passes(text):
    assert unprintable(GUIDE, f"<p>{text}</p>", SOURCE.format(char="x")) == ""


def test_what_paper_never_shows_is_not_held_against_the_page():
    assert unprintable(GUIDE, _printed(), SOURCE.format(char="x")) == ""
