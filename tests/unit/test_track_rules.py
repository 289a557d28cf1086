"""A track page that breaks a rule of its track names the page, line and field.

The rules (macros/web/tracks.py): every guide once, in the path or after the
first month; guides for leads after the first month; the first week follows
the path, holds at most half an hour of reading a day, and sets work from
the other side to sit in on. The tracks of the real site are checked in
tests/site/test_tracks.py.
"""

import re

import pytest

from macros.kit.links import Links
from macros.web import guides, tracks
from macros.web.reading_lists import GuideError
from support.project import ROOT

PAGE = "onboarding/it-track.md"


def _render(kit):
    path = guides.reading_path(guides.load_nav(ROOT / "mkdocs.yml"))
    return tracks.render_track(kit / "docs", ROOT / "templates", Links("onboarding/it-track/", PAGE), path)


def _edit(kit, old, new):
    page = kit / "docs" / PAGE
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{PAGE} no longer holds {old!r}; update this test"
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_the_real_track_renders(kit):
    body = _render(kit)
    assert "## Your first week { #first-week }" in body and "it-day-3-sit-in" in body


@pytest.mark.parametrize(
    "old, new, field, message",
    [
        (
            "    - read: [playbook/diagnose-conflict.md, playbook/missed-meeting.md]",
            "    - read: [playbook/missed-meeting.md, playbook/diagnose-conflict.md]",
            "track.week[1].read[0]",
            "playbook/missed-meeting.md is out of order: next on the path is playbook/diagnose-conflict.md",
        ),
        (
            "    - read: [playbook/hidden-issue.md]",
            "    - read: [playbook/hidden-issue.md, playbook/exceptions-and-vision.md, playbook/leadership-and-roles.md,"
            " playbook/strengths.md, playbook/learning-on-the-job.md, playbook/diagnose-conflict.md]",
            "track.week[2].read[5]",
            "is out of order",
        ),
        (
            "    - playbook/learning-on-the-job.md\n  later:\n    - playbook/co-lead-relationship.md\n",
            "    - playbook/learning-on-the-job.md\n    - playbook/co-lead-relationship.md\n  later:\n",
            "track.path[8]",
            "playbook/co-lead-relationship.md is for leads",
        ),
        ("    - playbook/strengths.md\n", "", "track.path", "playbook/strengths.md must be listed once"),
        (
            "  words: [marketing, measurement]",
            "  words: [marketing, finance]",
            "track.words[1]",
            "'finance' is not a glossary side",
        ),
        (
            "      sit_in: >-\n",
            "      not_sitting_in: >-\n",
            "track.week",
            "needs work from the other side to sit in on",
        ),
    ],
)
def test_a_broken_track_names_page_line_and_field(kit, old, new, field, message):
    _edit(kit, old, new)
    with pytest.raises(GuideError, match=rf"docs/{PAGE}:\d+: field '{re.escape(field)}': .*{re.escape(message)}"):
        _render(kit)


def test_a_day_over_half_an_hour_of_reading_names_its_line(kit):
    line = _edit(
        kit,
        "    - read: [playbook/measure-promises.md]\n",
        "    - read: [playbook/measure-promises.md, playbook/diagnose-conflict.md, playbook/missed-meeting.md,"
        " playbook/hidden-issue.md, playbook/exceptions-and-vision.md, playbook/leadership-and-roles.md,"
        " playbook/strengths.md]\n",
    )
    with pytest.raises(GuideError, match=rf"docs/{PAGE}:{line}: field 'track.week\[0\].read': 34 minutes of reading"):
        _render(kit)
