"""The publishing setting in a real build (macros/plugin/publishing.py, macros/kit/address.py).

A bad address, repository or edit path stops the build before a page is
written, naming each variable with what is wrong and what a good value looks
like; a release refuses the placeholder however its host is spelled. A value
that passes the check but holds `&` (a branch `r&lt;d`, a group `r&amp;d`) is
escaped wherever a page prints it, so each link opens what was typed.
tests/unit/test_publishing_address.py tries each spelling on its own.

The copy built here is no git repository, so its build also shows that
guides git cannot date show no date (tests/build/test_guide_dates_build.py
builds the other kinds of checkout): one build fewer.
"""

import html.parser

import pytest

from macros.kit import history
from support.project import ROOT, copy_project, run_build
from support.sitehtml import html_files, undated_problems, url_of


@pytest.mark.build
@pytest.mark.parametrize(
    "env, says",
    [
        (
            {
                "COMMON_GROUND_SITE_URL": 'https://x.example.com/"><script>alert(1)</script>',
                "COMMON_GROUND_REPO_URL": 'https://git.example.net/t/c"><script>alert(3)</script>',
                "COMMON_GROUND_EDIT_URI": 'edit/main/"><script>alert(2)</script>',
            },
            [
                "site_url (COMMON_GROUND_SITE_URL) is 'https://x.example.com/\"><script>alert(1)</script>/': "
                "it holds a double quote. Set it to an address like https://kit.example.com/",
                "repo_url (COMMON_GROUND_REPO_URL) is",
                "edit_uri (COMMON_GROUND_EDIT_URI) is",
            ],
        ),
        (
            {"COMMON_GROUND_SITE_URL": "https://kit.example.com/?utm_source=chat#top"},
            ["site_url (COMMON_GROUND_SITE_URL) is", "every page's address and QR code"],
        ),
        (
            {"COMMON_GROUND_SITE_URL": "https://common-ground.example.org./", "COMMON_GROUND_RELEASE": "1"},
            ["Release refused: site_url is still the placeholder"],
        ),
        (
            {"COMMON_GROUND_SITE_URL": "https://Common-Ground.Example.ORG/", "COMMON_GROUND_RELEASE": "1"},
            ["Release refused: site_url is still the placeholder"],
        ),
    ],
    ids=["markup-in-all-three", "query-and-fragment", "placeholder-trailing-dot", "placeholder-capitals"],
)
def test_a_bad_publishing_value_stops_the_build_naming_its_variable(tmp_path, env, says):
    result = run_build(ROOT, tmp_path / "out", env=env)
    assert result.returncode != 0, result.stderr[-2000:]
    for fragment in says:
        assert fragment in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out" / "index.html").exists()


# Both pass the check. Printed unescaped, a browser reads `&amp;` and `&lt;` as
# `&` and `<`, and the links open other addresses than the ones set.
REPO = "https://git.example.net/r&amp;d/common-ground"
EDIT = "edit/r&lt;d/"


class _Links(html.parser.HTMLParser):
    """Attribute values as a browser reads them (character references decoded)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").startswith("https://git.example.net/"):
            self.found.append((attrs.get("title") or attrs.get("class") or "", attrs["href"]))


@pytest.mark.build
def test_an_ampersand_that_passes_the_check_is_escaped_wherever_a_page_prints_it(tmp_path):
    project = copy_project(tmp_path / "project")
    result = run_build(project, tmp_path / "site", env={"COMMON_GROUND_REPO_URL": REPO, "COMMON_GROUND_EDIT_URI": EDIT})
    assert result.returncode == 0, result.stderr[-3000:]
    undated = undated_problems(tmp_path / "site", result.stdout + result.stderr, history.NOT_A_REPOSITORY)
    problems, pages = [], 0
    for path in html_files(tmp_path / "site"):
        url = url_of(tmp_path / "site", path)
        links = _Links()
        links.feed(path.read_text(encoding="utf-8"))
        if not links.found:
            continue
        pages += 1
        for what, href in links.found:
            if what == "Edit this page":
                if not href.startswith(f"{REPO}/edit/r&lt;d/"):
                    problems.append(f"/{url}: the edit link opens {href}")
            elif href != REPO:
                problems.append(f"/{url}: the repository link ({what}) opens {href}")
        if url != "404.html" and "Edit this page" not in {what for what, _ in links.found}:
            problems.append(f"/{url}: no edit link")
    assert pages > 20
    assert not problems, "\n".join(problems[:20])
    assert not undated, "a copy that is no git repository:\n" + "\n".join(undated)
