"""Where the hooks list the pages they make from YAML (macros/web/generated.py nav_with)."""

from macros.web.generated import nav_with

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
