"""What a new hire sees around a guide: its header, the tracks, the glossary and the tags.

Expected values are read here straight from the files a maintainer edits
(front matter, the nav in mkdocs.yml, exercise YAML, the glossary list),
with small readers here and in support/facts.py (never macros/), and
compared with the built HTML. Build-level checks (bad tags, a bad glossary
entry, markup in front matter) are in tests/build/test_guide_errors.py.
"""

import html
import pathlib
import re

import pytest
import yaml

from support.facts import GUIDES as PATH
from support.project import ROOT

DOCS = ROOT / "docs"


def _front_matter(path: pathlib.Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _exercises_for(slug: str) -> list:
    found = []
    for path in sorted((ROOT / "exercises").glob("[!_]*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if str(data.get("guide", "")).partition("#")[0] == f"playbook/{slug}.md":
            found.append(data)
    return found


def _page(site, rel) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _header(site, slug) -> str:
    match = re.search(r'<section class="cg-guide-header".*?</section>', _page(site, f"playbook/{slug}"), re.S)
    assert match, f"playbook/{slug} shows no guide header"
    return match.group(0)


def _fact(header: str, label: str) -> str:
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", header, re.S)
    assert match, f"the header has no '{label}'"
    return match.group(1)


def test_the_reading_path_has_every_guide():
    assert len(PATH) >= 11 and len(set(PATH)) == len(PATH)


@pytest.mark.parametrize("slug", PATH)
def test_guide_header_shows_its_front_matter(built_site, slug):
    meta = _front_matter(DOCS / "playbook" / f"{slug}.md")
    header = _header(built_site, slug)
    assert _text(_fact(header, "For")) == ", ".join(f"{a}s" for a in meta["audience"])
    assert _text(_fact(header, "Reach for it when")) == " ".join(meta["when"].split())
    assert _text(_fact(header, "Reading time")) == f"{meta['reading_time']} min"
    assert _text(_fact(header, "After this you can")) == " ".join(meta["after"].split())
    assert _text(_fact(header, "First step, today")) == " ".join(meta["first_action"].split())
    assert _text(_fact(header, "Check back")) == " ".join(meta["check_back"].split())
    # The header sits right under the title, before the first section.
    page = _page(built_site, f"playbook/{slug}")
    assert page.index("</h1>") < page.index("cg-guide-header") < page.index('<h2 id="in-short"')


@pytest.mark.parametrize("slug", PATH)
def test_guide_header_shows_its_place_on_the_path(built_site, slug):
    header = _header(built_site, slug)
    step = PATH.index(slug)
    assert f"step {step + 1} of {len(PATH)}" in _text(header)
    neighbours = {"previous": step - 1, "next": step + 1}
    for kind, index in neighbours.items():
        link = re.search(rf'<a class="cg-guide-{kind}" href="([^"]+)"[^>]*>(.*?)</a>', header, re.S)
        if 0 <= index < len(PATH):
            other = PATH[index]
            assert link, f"playbook/{slug}: no {kind} link on the path"
            assert link.group(1) == f"../{other}/"
            assert _front_matter(DOCS / "playbook" / f"{other}.md")["title"] in html.unescape(link.group(2))
        else:
            assert not link, f"playbook/{slug}: a {kind} link beyond the end of the path"


@pytest.mark.parametrize("slug", PATH)
def test_guide_header_offers_the_exercise_that_puts_it_into_practice(built_site, slug):
    practice = _fact(_header(built_site, slug), "Put it into practice")
    exercises = _exercises_for(slug)
    assert exercises, f"playbook/{slug}: no exercise names this guide in its YAML"
    for data in exercises:
        assert f'href="../../exercises/{data["id"]}/"' in practice
        assert f"{data['title']} ({data['minutes']['run']} min)" in _text(practice)


# --- Onboarding tracks: see test_tracks.py ----------------------------------------


def _glossary() -> list:
    return yaml.safe_load((DOCS / "includes" / "glossary.yml").read_text(encoding="utf-8"))


# --- Glossary and tooltips ---------------------------------------------------------


def _tooltips(site) -> dict:
    """(form, tooltip) -> pages, for every <abbr> on every built page."""
    found = {}
    for page in site.rglob("*.html"):
        for title, form in re.findall(
            r'<abbr (?:tabindex="0" )?title="([^"]*)">([^<]+)</abbr>', page.read_text(encoding="utf-8")
        ):
            found.setdefault((html.unescape(form), html.unescape(title)), set()).add(page.relative_to(site).as_posix())
    return found


def _glossary_page_entries(site) -> dict:
    page = _page(site, "onboarding/glossary")
    pairs = re.findall(r'<h2 id="([a-z0-9-]+)">.*?<p class="cg-term-short">(.*?)</p>', page, re.S)
    return {term_id: _text(short) for term_id, short in pairs}


def test_every_glossary_term_has_a_tooltip_in_the_same_words(built_site):
    entries = _glossary_page_entries(built_site)
    assert set(entries) == {t["id"] for t in _glossary()}, "the glossary page does not show every term"
    tooltips = _tooltips(built_site)
    for term in _glossary():
        shown = {
            title
            for (form, title), pages in tooltips.items()
            if form in term["forms"] and pages - {"onboarding/glossary/index.html"}
        }
        assert shown, f"glossary term '{term['term']}' has no tooltip on any page"
        assert shown == {entries[term["id"]]}, f"'{term['term']}': tooltip {shown} differs from the glossary"


def test_every_tooltip_is_a_glossary_term_in_the_same_words(built_site):
    entries = _glossary_page_entries(built_site)
    forms = {form: entries[t["id"]] for t in _glossary() for form in t["forms"]}
    tooltips = _tooltips(built_site)
    assert len(tooltips) >= len(_glossary()), "the site shows fewer tooltips than the glossary has terms"
    for (form, title), pages in tooltips.items():
        assert form in forms, f"tooltip on '{form}' ({sorted(pages)[0]}) is not a glossary term"
        assert title == forms[form], f"tooltip on '{form}' says {title!r}, the glossary {forms[form]!r}"


def test_glossary_covers_words_each_side_meets():
    sides = {t["side"] for t in _glossary()}
    assert {"it", "measurement", "marketing"} <= sides
    for side in ("it", "measurement", "marketing"):
        assert sum(t["side"] == side for t in _glossary()) >= 4, f"too few {side} terms"


def test_glossary_explains_the_co_lead_spelling(built_site):
    entry = re.search(r'<h2 id="co-chair">.*?</div>', _page(built_site, "onboarding/glossary"), re.S)
    assert entry and "co-chair" in _text(entry.group(0)) and "co-lead" in _text(entry.group(0))


# --- Tags ----------------------------------------------------------------------------


def _allowed_tags() -> set:
    return set(yaml.safe_load((DOCS / "includes" / "tags.yml").read_text(encoding="utf-8")))


def test_every_page_and_exercise_tag_is_on_the_allowed_list():
    tagged = {}
    for path in DOCS.rglob("*.md"):
        if path.read_text(encoding="utf-8").startswith("---\n"):
            tagged[path] = (_front_matter(path) or {}).get("tags") or []
    for path in (ROOT / "exercises").rglob("[!_]*.yml"):
        tagged[path] = yaml.safe_load(path.read_text(encoding="utf-8")).get("tags") or []
    for path, tags in tagged.items():
        assert set(tags) <= _allowed_tags(), f"{path.relative_to(ROOT)}: {set(tags) - _allowed_tags()}"


def test_tags_page_sorts_tags_without_regard_to_case(built_site):
    names = re.findall(r'<h2 id="tag:[^"]+">\s*<span class="md-tag">(.*?)</span>', _page(built_site, "tags"))
    assert len(names) >= 10 and any(n != n.lower() for n in names), "no upper-case tag to test the order with"
    assert names == sorted(names, key=str.casefold)
