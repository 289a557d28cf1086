"""The offline copy's link rewriting (macros/plugin/offline.py) on its own.

A link that leads to a folder of the site, however it is spelt, is pointed
at the page file there; anything else is left exactly as it was."""

import pytest

from macros.plugin.offline import file_link

PAGES = {
    "index.html",
    "about/index.html",
    "about/sources.html",
    "onboarding/index.html",
    "onboarding/glossary.html",
    "playbook/index.html",
    "playbook/rewards.html",
}


@pytest.mark.parametrize(
    "here, href, expected",
    [
        ("about/sources.html", "../playbook/rewards/", "../playbook/rewards.html"),
        ("about/sources.html", "../playbook/rewards/#why", "../playbook/rewards.html#why"),
        ("about/sources.html", "../playbook/rewards/?h=team#why", "../playbook/rewards.html?h=team#why"),
        ("about/sources.html", "../playbook/rewards", "../playbook/rewards"),  # a file name: left alone
        ("about/sources.html", "..", "../index.html"),
        ("about/sources.html", "../", "../index.html"),
        ("about/sources.html", "./", "index.html"),
        ("about/sources.html", ".", "index.html"),
        ("about/sources.html", "../onboarding/", "../onboarding/index.html"),
        ("about/sources.html", "../playbook/../onboarding/glossary/", "../onboarding/glossary.html"),
        ("playbook/rewards.html", "rewards/", "rewards.html"),
        ("onboarding/index.html", "glossary/", "glossary.html"),
        ("index.html", "playbook/", "playbook/index.html"),
        ("index.html", "./#start", "index.html#start"),
    ],
)
def test_a_link_to_a_folder_of_the_site_leads_to_its_page_file(here, href, expected):
    assert file_link(here, href, PAGES) == expected


@pytest.mark.parametrize(
    "href",
    [
        "#why",
        "?q=rewards",
        "",
        "https://kit.example.net/playbook/rewards/",
        "//kit.example.net/playbook/",
        "mailto:team@example.net",
        "javascript:void(0)",
        "/about/",
        "../pdf/workshops/one-team-day-facilitator-a4.pdf",
        "../assets/images/favicon.png",
        "../nowhere/",  # no page there: left for the link checks to name
    ],
)
def test_anything_else_is_left_as_it_was(href):
    assert file_link("about/sources.html", href, PAGES) == href
