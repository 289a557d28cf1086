"""The onboarding path and glossary tooltips a new hire gets (the tracks and their first weeks: test_tracks.py)."""

import html
import re
import shutil

import pytest
import yaml

from macros import templating
from macros.kit.links import Links
from macros.web.reading_lists import GuideError, guide_list, read_front_matter, reading_path
from support.facts import GUIDES, main_article
from support.project import ROOT
from support.sitehtml import parse_page
from support.wordruns import DOCS

GLOSSARY = DOCS / "includes" / "glossary.yml"
TEMPLATES = ROOT / "templates"
# Terms the glossary must explain, with the id a link to each one uses.
GLOSSARY_IDS = {
    "CRM": "crm",
    "co-chair": "co-chair",
    "cross-functional team": "cross-functional-team",
    "change management": "change-management",
    "KPI": "kpi",
    "churn": "churn",
    "customer proposition": "customer-proposition",
    "brand promise": "brand-promise",
    "personal mastery": "personal-mastery",
    "narrative school": "narrative-school",
    "functional silo": "functional-silo",
    "run sheet": "run-sheet",
    "facilitator": "facilitator",
    "worksheet": "worksheet",
}


def _page(site, rel):
    return (site / rel / "index.html").read_text(encoding="utf-8")


# --- The macro, without MkDocs -------------------------------------------------


def _guide(docs, name, front):
    path = docs / "playbook" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n# {name}\n", encoding="utf-8")


def test_reading_path_numbers_steps_and_adds_up_minutes(tmp_path):
    _guide(tmp_path, "a", "title: Alpha\ndescription: First thing.\nreading_time: 3\n")
    _guide(tmp_path, "b", "title: Beta\ndescription: Second thing.\nreading_time: 4\n")
    text = reading_path(TEMPLATES, tmp_path, Links(src="onboarding/index.md"), ["playbook/a.md", "playbook/b.md"])
    assert "1. **[Alpha](../playbook/a.md)** · 3 min" in text
    assert "2. **[Beta](../playbook/b.md)** · 4 min" in text
    assert "**7 minutes**" in text
    assert "- **[Beta](b.md)**: Second thing." in guide_list(
        TEMPLATES, tmp_path, Links(src="playbook/index.md"), ["playbook/b.md"]
    )


def test_reading_lists_are_markdown_from_their_templates_in_the_labels_units(tmp_path):
    """The whole Markdown, byte for byte, and the unit is the labels file's."""
    docs = tmp_path / "docs"
    _guide(docs, "a", "title: Alpha\ndescription: First thing.\nreading_time: 3\n")
    _guide(docs, "b", "title: Beta\ndescription: Second thing.\nreading_time: 4\n")
    pages = ["playbook/a.md", "playbook/b.md"]
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    for unit in ("min", "Min."):
        labels = templates / "partials" / "labels.yml"
        labels.write_text(re.sub(r"(?m)^  minutes: .*$", f"  minutes: {unit}", labels.read_text("utf-8")), "utf-8")
        templating.refresh(templates)
        assert reading_path(templates, docs, Links(src="onboarding/index.md"), pages) == (
            f"1. **[Alpha](../playbook/a.md)** · 3 {unit}  \n   First thing.\n"
            f"2. **[Beta](../playbook/b.md)** · 4 {unit}  \n   Second thing.\n"
            "\nReading time for the whole path: about **7 minutes**."
        )
        assert guide_list(templates, docs, Links(src="playbook/index.md"), pages) == (
            f"- **[Alpha](a.md)**: First thing. *(3 {unit})*\n- **[Beta](b.md)**: Second thing. *(4 {unit})*"
        )


# A guide's reading_time is checked by guides.check, the one guide checker, when the
# build starts (tests/unit/test_guide_front_matter.py); the lists trust what it passed.


def test_listing_a_page_that_does_not_exist_names_it(tmp_path):
    # A project as a maintainer has one: errors name files from its root (the folder of mkdocs.yml).
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    with pytest.raises(
        GuideError, match=r"^docs/playbook/gone\.md:1: listed in a reading list but the file does not exist$"
    ):
        guide_list(TEMPLATES, docs, Links(src="playbook/index.md"), ["playbook/gone.md"])


# --- What the built site shows --------------------------------------------------


def test_start_here_lists_every_guide_in_order_with_its_reading_time(built_site):
    main = main_article(_page(built_site, "onboarding"))
    steps = re.findall(r'<li><strong><a href="\.\./playbook/([a-z-]+)/">.*?</a></strong> · (\d+) min', main, re.S)
    assert [slug for slug, _ in steps] == GUIDES, "the reading path must list every guide once, in order"
    for slug, minutes in steps:
        assert int(minutes) == read_front_matter(DOCS / "playbook" / f"{slug}.md")["reading_time"]
    total = sum(int(m) for _, m in steps)
    assert f"about <strong>{total} minutes</strong>" in main


def test_start_here_says_what_each_step_teaches(built_site):
    text = html.unescape(re.sub(r"<[^>]+>", "", main_article(_page(built_site, "onboarding"))))
    for slug in GUIDES:
        description = read_front_matter(DOCS / "playbook" / f"{slug}.md")["description"]
        assert description in text, f"Start here does not say what playbook/{slug} teaches"


def _abbreviations():
    """form -> tooltip text, read straight from the glossary list."""
    return {
        form: entry["short"]
        for entry in yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
        for form in entry["forms"]
    }


def test_glossary_explains_the_core_terms(built_site):
    page = _page(built_site, "onboarding/glossary")
    for term, anchor in GLOSSARY_IDS.items():
        assert f'id="{anchor}"' in page, f"glossary has no entry for {term} (#{anchor})"


@pytest.mark.parametrize(
    "term",
    [
        "CRM",
        "co-chairs",
        "change management",
        "churn",
        "KPIs",
        "customer proposition",
        "narrative school",
        "functional silos",
    ],
)
def test_glossary_term_in_a_guide_shows_a_tooltip(built_site, term):
    # The tooltip as a browser reads the attribute (character references decoded).
    shown = re.compile(r'<abbr tabindex="0" title="([^"]*)">' + re.escape(term) + "</abbr>")

    def tooltips(slug):
        return {html.unescape(title) for title in shown.findall(main_article(_page(built_site, f"playbook/{slug}")))}

    used_in = [slug for slug in GUIDES if _abbreviations()[term] in tooltips(slug)]
    assert used_in, f"no guide shows '{term}' with its glossary tooltip"


def test_every_guide_shows_crm_with_a_tooltip(built_site):
    for slug in GUIDES:
        assert '<abbr tabindex="0" title="Customer relationship management' in _page(built_site, f"playbook/{slug}")


def test_fragments_are_not_published(built_site):
    assert not (built_site / "includes").exists()


def test_start_here_pages_are_in_the_nav(built_site):
    # The pruned nav lists a section's pages on the pages of that section.
    nav = parse_page(built_site / "onboarding" / "index.html").nav_links
    for rel in ("./", "crm-track/", "it-track/", "first-week/", "glossary/"):
        assert rel in nav, f"onboarding/{rel} is not in the Start here sidebar"
