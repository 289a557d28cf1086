"""The onboarding tracks really differ by role.

Each track page holds its track in front matter (words, path, later, week).
Expected values are read here from those pages, the guides' front matter and
the glossary (never macros/) and compared with the built HTML:

* the CRM and IT tracks order the guides differently, plan different first
  weeks and explain different words; the measurement words (churn, handling
  time, first-contact resolution, KPI) go to the IT hire;
* each track sets work from the other side to sit in on: a campaign brief or
  planning meeting for IT, a release meeting or incident review for CRM;
* guides for leads wait in "After your first month";
* the first week follows the track's reading order and no day holds more than
  half an hour of reading.
"""

import html
import re

import pytest
import yaml

from support.facts import GUIDES, main_article
from support.project import ROOT

DOCS = ROOT / "docs"
TRACKS = ["crm", "it"]
SIT_IN = {"crm": ("release meeting", "incident review"), "it": ("campaign brief", "planning meeting")}
DAY_MINUTES = 30


def _front(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _track(role) -> dict:
    return _front(DOCS / "onboarding" / f"{role}-track.md")["track"]


def _minutes(src) -> int:
    return _front(DOCS / src)["reading_time"]


def _page(site, role) -> str:
    return main_article((site / "onboarding" / f"{role}-track" / "index.html").read_text(encoding="utf-8"))


def _text(fragment) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _section(page, section_id) -> str:
    match = re.search(rf'<h2 id="{section_id}".*?(?=<h2 |\Z)', page, re.S)
    assert match, f"no section #{section_id}"
    return match.group(0)


def _slugs(fragment) -> list:
    return re.findall(r'<a href="\.\./\.\./playbook/([a-z0-9-]+)/">', fragment)


def _days(page) -> list:
    week = _section(page, "first-week")
    return re.findall(r'<h3 id="day-\d+">.*?(?=<h3 |<p>In the rest|\Z)', week, re.S)


@pytest.mark.parametrize("role", TRACKS)
def test_track_lists_its_path_then_the_guides_for_leads(built_site, role):
    track, page = _track(role), _page(built_site, role)
    path = [src[len("playbook/") : -3] for src in track["path"]]
    later = [src[len("playbook/") : -3] for src in track["later"]]
    assert _slugs(_section(page, "reading-path")) == path
    assert _slugs(_section(page, "after-first-month")) == later
    assert sorted(path + later) == sorted(GUIDES), "every guide once, in the path or after the first month"
    leads = sorted(slug for slug in GUIDES if "new hire" not in _front(DOCS / "playbook" / f"{slug}.md")["audience"])
    assert sorted(later) == leads == ["co-lead-relationship", "performance-by-outputs", "rewards"]


def test_the_tracks_differ_in_order_week_and_words(built_site):
    crm, it = (_page(built_site, role) for role in TRACKS)
    assert _slugs(_section(crm, "reading-path")) != _slugs(_section(it, "reading-path"))
    assert _text(_section(crm, "first-week")) != _text(_section(it, "first-week"))
    words = [set(re.findall(r'<dt><a href="\.\./glossary/#([a-z0-9-]+)">', _section(p, "words"))) for p in (crm, it)]
    assert words[0] and words[1] and not words[0] & words[1]


@pytest.mark.parametrize("role", TRACKS)
def test_track_explains_the_other_sides_words(built_site, role):
    shown = re.findall(r'<dt><a href="\.\./glossary/#([a-z0-9-]+)">', _section(_page(built_site, role), "words"))
    glossary = yaml.safe_load((DOCS / "includes" / "glossary.yml").read_text(encoding="utf-8"))
    assert shown == [t["id"] for t in glossary if t["side"] in _track(role)["words"]] and len(shown) >= 5


def test_the_it_hire_learns_the_measurement_words(built_site):
    measured = {"churn", "handling-time", "first-contact-resolution", "kpi"}
    it = set(re.findall(r'#([a-z0-9-]+)">', _section(_page(built_site, "it"), "words")))
    crm = set(re.findall(r'#([a-z0-9-]+)">', _section(_page(built_site, "crm"), "words")))
    assert measured <= it and not measured & crm


@pytest.mark.parametrize("role", TRACKS)
def test_first_week_follows_the_path_with_at_most_half_an_hour_a_day(built_site, role):
    track = _track(role)
    days = _days(_page(built_site, role))
    assert 4 <= len(days) <= 6
    read = []
    for number, day in enumerate(days, 1):
        slugs = _slugs(day)
        minutes = sum(_minutes(f"playbook/{slug}.md") for slug in slugs)
        assert minutes <= DAY_MINUTES, f"{role} track, day {number}: {minutes} minutes of reading"
        if slugs:
            assert f"Read ({minutes} min)" in _text(day)
        read += slugs
    assert read == [src[len("playbook/") : -3] for src in track["path"][: len(read)]], "the week skips or reorders"
    assert len(read) >= 4, "a first week reads at least four guides"


@pytest.mark.parametrize("role", TRACKS)
def test_each_track_sets_work_from_the_other_side_to_sit_in_on(built_site, role):
    sit_ins = [
        _text(item)
        for item in re.findall(
            r"<li[^>]*>(?:(?!</li>).)*?Sit in on.*?</li>", _section(_page(built_site, role), "first-week"), re.S
        )
    ]
    assert sit_ins, f"the {role} track sets nothing to sit in on"
    other = SIT_IN["it" if role == "crm" else "crm"]
    assert any(any(kind in s for kind in SIT_IN[role]) for s in sit_ins)
    assert not any(any(kind in s for kind in other) for s in sit_ins), "the track sits in on its own side's work"


@pytest.mark.parametrize("role", TRACKS)
def test_first_week_tasks_are_labelled_boxes_to_tick(built_site, role):
    items = re.findall(r'<li class="task-list-item">(.*?)</li>', _section(_page(built_site, role), "first-week"), re.S)
    assert len(items) >= 8
    ticks = []
    for item in items:
        # The box sits inside its label, so screen readers announce the task.
        label = re.fullmatch(
            r'\s*<label><input type="checkbox" data-cg-tick="([a-z]+-day-\d-[a-z0-9-]+)"\s*/?>(.*)</label>\s*',
            item,
            re.S,
        )
        assert label and len(_text(label.group(2)).split()) >= 4, f"unlabelled task: {item[:80]}"
        assert label.group(1).startswith(f"{role}-day-")
        ticks.append(label.group(1))
    assert len(set(ticks)) == len(ticks)


def test_first_week_page_sends_each_role_to_its_week(built_site):
    page = main_article((built_site / "onboarding" / "first-week" / "index.html").read_text(encoding="utf-8"))
    for role in TRACKS:
        assert f'href="../{role}-track/#first-week"' in page


@pytest.mark.parametrize(
    "page, first", [("onboarding", GUIDES[0]), ("onboarding/crm-track", None), ("onboarding/it-track", None)]
)
def test_next_from_start_here_and_each_track_is_its_first_guide(built_site, page, first):
    first = first or _track(page.split("/")[1][: -len("-track")])["path"][0][len("playbook/") : -3]
    text = (built_site / page / "index.html").read_text(encoding="utf-8")
    footer = re.search(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"', text)
    assert footer and footer.group(1).rstrip("/").endswith(f"playbook/{first}")
