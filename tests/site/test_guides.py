"""Every guide in the playbook has the same shape, and readers can find it.

Checks run on the Markdown a maintainer writes (front matter) and on the
built HTML a reader gets (headings, ids, links, nav, meta description).
"""

import html
import math
import re

import pytest
import yaml

from macros.web.guides import AUDIENCES
from macros.web.reading_lists import read_front_matter
from support.facts import GUIDES, main_article
from support.sitehtml import parse_page
from support.wordruns import DOCS

ARTICLE_KEYS = {
    "gardner-2007",
    "dailey-obrien-2002-star-wars",
    "dailey-obrien-2002-strategic-engine",
    "kirkby-2007",
}
SECTIONS = ["in-short", "why-it-matters", "what-to-do", "warning-signs", "try-it", "check-yourself", "sources"]
REQUIRED_KEYS = [
    "title",
    "description",
    "tags",
    "audience",
    "when",
    "after",
    "first_action",
    "check_back",
    "reading_time",
    "sources",
]


def _meta(slug):
    return read_front_matter(DOCS / "playbook" / f"{slug}.md")


def _html(site, slug):
    return (site / "playbook" / slug / "index.html").read_text(encoding="utf-8")


def _text(fragment):
    fragment = re.sub(r'<a class="headerlink".*?</a>', " ", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _section(page_html, section_id):
    """HTML from one H2 to the next."""
    match = re.search(rf'<h2 id="{section_id}".*?(?=<h2 |\Z)', main_article(page_html), re.S)
    assert match, f"section #{section_id} missing"
    return match.group(0)


def test_every_guide_file_is_in_the_nav():
    found = sorted(p.stem for p in (DOCS / "playbook").glob("*.md") if p.stem != "index")
    assert found == sorted(GUIDES), (
        "a guide file is missing from the nav in mkdocs.yml, or the nav names a missing file"
    )


@pytest.mark.parametrize("slug", GUIDES)
def test_front_matter_is_complete(slug):
    meta = _meta(slug)
    where = f"docs/playbook/{slug}.md"
    for key in REQUIRED_KEYS:
        assert meta.get(key), f"{where}: front matter needs '{key}'"
    assert 70 <= len(meta["description"]) <= 160, (
        f"{where}: description is {len(meta['description'])} characters; search engines show 70-160"
    )
    assert isinstance(meta["tags"], list) and all(isinstance(t, str) for t in meta["tags"])
    assert set(meta["audience"]) <= set(AUDIENCES), f"{where}: unknown audience {set(meta['audience']) - AUDIENCES}"
    assert set(meta["sources"]) <= ARTICLE_KEYS, f"{where}: unknown source key {set(meta['sources']) - ARTICLE_KEYS}"
    assert isinstance(meta["reading_time"], int)


@pytest.mark.parametrize("slug", GUIDES)
def test_sections_in_order_with_stable_ids(built_site, slug):
    ids = re.findall(r'<h2 id="([^"]+)"', main_article(_html(built_site, slug)))
    assert ids == SECTIONS, f"playbook/{slug}: H2 ids {ids}, expected {SECTIONS}"


def _prose(page_html):
    """The guide as a reader reads it through: without its header (facts about the guide)
    and its numbered citations (a reference list, not read in turn)."""
    article = main_article(page_html)
    article = re.sub(r'<section class="cg-guide-header".*?</section>', " ", article, flags=re.S)
    article = re.sub(r'<sup id="fnref:[^"]*">.*?</sup>', "", article, flags=re.S)
    return re.sub(r'<div class="footnote">.*?</ol>\s*</div>', " ", article, flags=re.S)


@pytest.mark.parametrize("slug", GUIDES)
def test_length_and_reading_time_match_what_is_shown(built_site, slug):
    count = len(_text(_prose(_html(built_site, slug))).split())
    assert 400 <= count <= 1000, f"playbook/{slug}: {count} words; guides are 400-900 words of prose"
    expected = math.ceil(count / 200)
    assert abs(_meta(slug)["reading_time"] - expected) <= 1, (
        f"docs/playbook/{slug}.md: reading_time {_meta(slug)['reading_time']} but {count} words "
        f"read in about {expected} minutes"
    )


@pytest.mark.parametrize("slug", GUIDES)
def test_meta_description_is_the_front_matter_description(built_site, slug):
    page = _html(built_site, slug)
    match = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert match and html.unescape(match.group(1)) == _meta(slug)["description"]


@pytest.mark.parametrize("slug", GUIDES)
def test_sources_section_credits_each_listed_article(built_site, slug):
    section = _section(_html(built_site, slug), "sources")
    for key in _meta(slug)["sources"]:
        assert f'href="../../about/sources/#{key}"' in section, f"playbook/{slug}: no credit link for {key}"


def test_sources_page_has_an_anchor_per_article(built_site):
    page = (built_site / "about/sources/index.html").read_text(encoding="utf-8")
    for key in ARTICLE_KEYS:
        assert f'id="{key}"' in page


@pytest.mark.parametrize("slug", GUIDES)
def test_try_it_links_to_exercises_or_workshops(built_site, slug):
    section = _section(_html(built_site, slug), "try-it")
    assert re.search(r'href="\.\./\.\./(exercises|workshops)/[a-z0-9-]+/"', section), (
        f"playbook/{slug}: 'Try it' links to no exercise or workshop"
    )


def test_every_exercise_is_offered_by_the_guide_it_names():
    # Exercise YAML names its guide; the guide's "Try it" must send readers back.
    for path in sorted((DOCS.parent / "exercises").glob("[!_]*.yml")):  # not _template.yml
        guide = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("guide")
        if not guide:
            continue
        text = (DOCS / guide).read_text(encoding="utf-8")
        try_it = text.split("{ #try-it }", 1)[1].split("{ #check-yourself }", 1)[0]
        assert f"../exercises/{path.stem}.md" in try_it, (
            f"{path.relative_to(DOCS.parent)} names {guide} as its guide, "
            f"but that guide's 'Try it' section does not link to it"
        )


@pytest.mark.parametrize("slug", GUIDES)
def test_check_yourself_has_questions_and_hidden_answers(built_site, slug):
    section = _section(_html(built_site, slug), "check-yourself")
    questions = re.search(r"<ol>(.*?)</ol>", section, re.S)
    assert questions and 2 <= questions.group(1).count("<li>") <= 4
    assert '<details class="question">' in section, "answers belong in a collapsed ??? question block"


@pytest.mark.parametrize("slug", GUIDES)
def test_guide_is_in_the_site_navigation(built_site, slug):
    # The nav is pruned to the reader's own section, so look where a reader
    # of the playbook looks: the sidebar of the playbook's index page.
    nav = parse_page(built_site / "playbook" / "index.html").nav_links
    assert f"{slug}/" in nav, f"playbook/{slug} is not in the playbook's sidebar"


@pytest.mark.parametrize("index", ["playbook/index.html", "onboarding/index.html"])
def test_every_guide_is_listed_once_on_the_index_pages(built_site, index):
    main = main_article((built_site / index).read_text(encoding="utf-8"))
    for slug in GUIDES:
        links = re.findall(rf'href="\.\./playbook/{slug}/"|href="{slug}/"', main)
        assert len(links) == 1, f"{index}: playbook/{slug} linked {len(links)} times, expected once"


@pytest.mark.parametrize("slug", GUIDES)
def test_each_guide_has_one_filled_labelled_example(built_site, slug):
    examples = re.findall(
        r'<div class="admonition example">\s*<p class="admonition-title">(.*?)</p>(.*?)</div>',
        main_article(_html(built_site, slug)),
        re.S,
    )
    assert len(examples) == 1, f"playbook/{slug}: {len(examples)} example boxes, expected one"
    title, body = examples[0]
    assert _text(title).startswith("A filled example (invented"), (
        f"playbook/{slug}: the example's title must say it is a filled example and that it is invented"
    )
    assert len(_text(body).split()) >= 25, f"playbook/{slug}: the example is not filled in"


def test_diagnosis_ends_with_a_first_move_for_each_cause(built_site):
    section = _section(_html(built_site, "diagnose-conflict"), "what-to-do")
    rows = [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)]
    for cause in ("Roles", "Goals", "Procedures", "Personality, when the dislike is real"):
        assert any(row.strip().startswith(cause) and len(row.split()) > len(cause.split()) + 8 for row in rows), (
            f"playbook/diagnose-conflict: no first move for {cause}"
        )
    assert "cg-suggestion" in section.split("<table")[0].rsplit("<p>", 1)[-1], "the first moves are ours: label them"


@pytest.mark.parametrize("slug", GUIDES)
def test_check_yourself_asks_about_situations_not_what_a_source_said(slug):
    """A question that asks what an author or the article said tests recall; ask what the reader would do."""
    text = (DOCS / "playbook" / f"{slug}.md").read_text(encoding="utf-8")
    questions = text.split("{ #check-yourself }", 1)[1].split("??? question", 1)[0]
    recall = re.compile(
        r"\b(article|column|scenario|narrative school|Gardner|Dailey|O'Brien|Kirkby|Bond|Buttle|Kaisen|Nauheimer)\b",
        re.I,
    )
    assert not recall.search(questions), f"docs/playbook/{slug}.md: a Check yourself question asks for recall"


def test_the_boundary_crossing_skills_are_listed_once():
    listing = re.compile(r"crossing\s+department\s+lines.*?finding\s+knowledge", re.S)
    homes = [p.stem for p in sorted((DOCS / "playbook").glob("*.md")) if listing.search(p.read_text(encoding="utf-8"))]
    assert homes == ["leadership-and-roles"], f"the list of boundary-crossing skills stands on {homes}"
    rewards = (DOCS / "playbook" / "rewards.md").read_text(encoding="utf-8")
    assert "(leadership-and-roles.md#what-to-do)" in rewards


def test_audiences_differ_enough_to_choose_by():
    sets = {slug: frozenset(_meta(slug)["audience"]) for slug in GUIDES}
    everyone = [slug for slug, audience in sets.items() if audience == set(AUDIENCES)]
    assert not everyone, f"guides for every audience say nothing to choose by: {everyone}"
    for audience in set(sets.values()):
        sharing = [slug for slug, other in sets.items() if other == audience]
        assert len(sharing) <= 3, f"{sorted(audience)} is the audience of {sharing}"


@pytest.mark.parametrize("slug", GUIDES)
def test_each_guide_says_what_to_do_today_and_when_to_check_back(slug):
    meta = _meta(slug)
    minutes = re.search(r"\((\d+) minutes\)\.?$", meta["first_action"])
    assert minutes and int(minutes.group(1)) <= 30, f"docs/playbook/{slug}.md: first_action must fit in 30 minutes"
    assert re.match(r"In (two|three|four) weeks, ", meta["check_back"])
    assert meta["after"][0].islower(), "after completes 'After this you can …'"
