"""Pages made from YAML (macros/web/generated.py): where the hooks list them
in the nav, and the front matter MkDocs reads their title and tags from."""

import random

import yaml
from mkdocs.utils import meta as mkdocs_meta

from macros.web.generated import _quoted, front_matter, nav_with

NAV = [{"Home": "index.md"}, {"Workshops": ["workshops/index.md", {"Exercise library": ["exercises/index.md"]}]}]


def test_generated_pages_follow_their_section_index():
    nav = nav_with(NAV, "exercises/index.md", ["exercises/a.md", "exercises/b.md"])
    assert nav[1]["Workshops"][1] == {"Exercise library": ["exercises/index.md", "exercises/a.md", "exercises/b.md"]}


def test_a_page_the_nav_already_lists_stays_where_the_maintainer_put_it():
    grouped = [
        *NAV[:1],
        {
            "Workshops": [
                "workshops/index.md",
                {
                    "Exercise library": [
                        "exercises/index.md",
                        {"Samples A–B": ["exercises/a.md", {"B": "exercises/b.md"}]},
                    ]
                },
            ]
        },
    ]
    nav = nav_with(grouped, "exercises/index.md", ["exercises/a.md", "exercises/b.md", "exercises/c.md"])
    assert nav[1]["Workshops"][1]["Exercise library"] == [
        "exercises/index.md",
        "exercises/c.md",
        {"Samples A–B": ["exercises/a.md", {"B": "exercises/b.md"}]},
    ]


def test_a_nav_without_the_index_is_left_alone():
    assert nav_with(NAV, "missing/index.md", ["exercises/a.md"]) == NAV


# Titles as hostile as a YAML file can hold: quotes, backslashes, YAML
# syntax, HTML, braces, tabs, control characters, YAML 1.1 line breaks, a
# byte-order mark, scripts beyond Latin, and text past the Basic Multilingual Plane.
TITLES = [
    "100% buy-in",
    'She said "no" \\ then: yes # maybe',
    "- [a, b]: {c: d} & *e !f |g >h",
    "<script>alert(1)</script> {{ 7*7 }} {!/etc/passwd!}",
    "tab\there, bell\x07, nul\x00, del\x7f",
    "next\x85line\u2028sep\u2029para\ufeffbom",
    "Équipe CRM · 顧客 · клиент · عميل",
    "emoji 🎉 and 𝒳",
    "'single' and trailing space ",
    "",
]


def _read_back(front: str) -> dict:
    """What MkDocs makes of the page source (its own front-matter reader)."""
    _, meta = mkdocs_meta.get_data(f"---\n{front}---\nbody\n")
    return meta


def test_front_matter_reads_back_as_the_title_as_typed_and_the_tags():
    """As typed: the plugin (macros/plugin/generated.py) makes every page's front matter inert when MkDocs reads it."""
    for title in TITLES:
        front = front_matter(title, ["co leads", "crm"])
        expected = {"title": title, "tags": ["co leads", "crm"], "render_macros": False}
        assert yaml.safe_load(front) == expected, title
        assert _read_back(front) == expected, title


def test_front_matter_reads_back_for_any_character():
    """Every code point YAML can carry, in random titles: one per block of 64."""
    rng = random.Random(7)
    points = [p for p in range(0, 0x110000, 64) if not 0xD800 <= p <= 0xDFFF]
    for start in range(0, len(points), 40):
        title = "".join(
            chr(p + rng.randrange(64)) if not 0xD7C0 <= p < 0xE000 else chr(p) for p in points[start : start + 40]
        )
        front = front_matter(title, [])
        assert yaml.safe_load(front) == {"title": title, "tags": [], "render_macros": False}


def test_any_text_reads_back_from_its_quoted_form():
    """The quoting alone, on raw text (titles as typed, tags checked)."""
    rng = random.Random(11)
    samples = [
        *TITLES,
        *(
            "".join(chr(rng.choice([rng.randrange(0x80), rng.randrange(0xD800)])) for _ in range(30))
            for _ in range(300)
        ),
    ]
    for text in samples:
        assert yaml.safe_load(f"x: {_quoted(text)}\n") == {"x": text}, repr(text)
