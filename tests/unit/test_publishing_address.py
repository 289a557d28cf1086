"""The publishing setting checked on its own (macros/kit/address.py, macros/plugin/publishing.py).

The site's address must be a plain https address with no query, fragment,
quote, space, angle bracket, backslash or control character; the repository's
address an https address; the edit path a plain relative path. Each refusal
names the variable, says what is wrong and what a good value looks like.
The placeholder host is refused in a release however it is spelled.
tests/build/test_publishing_address.py builds with such values.
"""

import subprocess
import types

import pytest
from mkdocs.exceptions import PluginError

from macros.kit import address, exercises
from macros.pdf import jobs as pdf_jobs
from macros.pdf import render as pdf_render
from macros.plugin import publishing
from support import paper
from support.project import ROOT

BAD_SITE_URLS = [
    ('https://x.example.com/"><script>alert(1)</script>', "a double quote"),
    ("https://x.example.com/'onmouseover='alert(1)", "a single quote"),
    ("https://x.example.com/<b>/", "an angle bracket"),
    ("https://x.example.com/a b/", "a space"),
    ("https://x.example.com/ ", "a space"),
    ("https://x.example.com\\evil/", "a backslash"),
    ("https://x.example.com/\x1b[31m/", "control character \\x1b"),
    ("https://x.example.com/\n", "control character \\n"),
    ("https://x.example.com/\u202egro.live/", "control character \\u202e"),
    ("https://x.example.com/`id`/", "a backtick"),
    ("https://x.example.com/?utm_source=chat#top", "a query (?) or a fragment (#)"),
    ("https://x.example.com/?", "a query (?) or a fragment (#)"),
    ("https://x.example.com/#top", "a query (?) or a fragment (#)"),
    ("http://x.example.com/", "does not start with https://"),
    ("x.example.com/", "does not start with https://"),
    ("javascript:alert(1)//", "does not start with https://"),
    ("https:///kit/", "names no host"),
    ("https://user:secret@x.example.com/", "user name or password"),
    ("https://x.example.com:99999/", "not an address"),
    ("https://x.exämple.com/", "not ASCII"),
    ("https://x.example.com/r&d/", "%26"),
    ("https://x.example.com/a;b=c/", "%xx escape"),
    ("https://x.example.com/100%/", "a % that does not start"),
    ("https://x.ex{am}ple.com/", "an address cannot hold"),
]

GOOD_SITE_URLS = [
    "https://kit.example.com/",
    "https://example.com/common-ground/",
    "https://kit.example.com:8443/docs/",
    "https://example.com/r%26d/",
    "https://[2001:db8::1]/kit/",
    "https://common-ground.example.org/",  # the placeholder: announced, refused only in a release
]


@pytest.mark.parametrize("value, says", BAD_SITE_URLS)
def test_a_bad_site_address_is_refused_with_what_is_wrong_and_a_good_value(value, says):
    problem = address.site_url_problem(value)
    assert problem is not None, f"{value!r} was accepted"
    assert says in problem, problem
    assert problem.startswith("site_url (COMMON_GROUND_SITE_URL) is ")
    assert "https://kit.example.com/" in problem  # what a good value looks like
    assert not any(ch in problem for ch in "\x1b\n\u202e"), "a control character reached the message"


@pytest.mark.parametrize("value", GOOD_SITE_URLS)
def test_a_plain_https_site_address_is_accepted(value):
    assert address.site_url_problem(value) is None


def test_an_empty_site_address_says_what_to_set():
    assert "is empty; set it to an address like https://kit.example.com/" in address.site_url_problem("")


@pytest.mark.parametrize(
    "value, says",
    [
        ('https://git.example.net/t/c"><script>alert(3)</script>', "a double quote"),
        ("http://git.example.net/t/c", "does not start with https://"),
        ("git@github.com:example/common-ground.git", "does not start with https://"),
        ("https://token@github.com/example/common-ground", "user name or password"),
        ("https://github.com/example/common-ground?tab=readme", "a query"),
        ("https://github.com/example/common-ground#readme", "a fragment"),
        ("https://github.com/example/common ground", "a space"),
    ],
)
def test_a_bad_repository_address_is_refused(value, says):
    problem = address.repo_url_problem(value)
    assert problem and says in problem and problem.startswith("repo_url (COMMON_GROUND_REPO_URL) is "), problem
    assert "https://github.com/example/common-ground" in problem


@pytest.mark.parametrize(
    "value", [None, "", "https://github.com/example/common-ground", "https://git.example.net/r&d/common-ground"]
)
def test_a_plain_https_repository_address_or_none_is_accepted(value):
    assert address.repo_url_problem(value) is None


@pytest.mark.parametrize(
    "value, says",
    [
        ('edit/main/"><script>alert(2)</script>', "a double quote"),
        ("edit/main/'", "a single quote"),
        ("https://evil.example/edit/", "not a relative path"),
        ("//evil.example/edit/", "not a relative path"),
        ("/edit/main/", "not a relative path"),
        ("../../elsewhere/", "'..' step"),
        ("edit/../main/", "'..' step"),
        ("edit/./main/", "'.' or '..' step"),
        ("edit//main/", "empty"),
        ("edit/main/?plain=1", "a query"),
        ("edit/main/#L1", "a fragment"),
        ("edit/ma in/", "a space"),
        ("edit\\main\\", "a backslash"),
        ("edit/main:docs/", "a branch name"),
        ("edit/\x07main/", "control character \\x07"),
    ],
)
def test_an_edit_path_that_is_not_a_plain_relative_path_is_refused(value, says):
    problem = address.edit_uri_problem(value)
    assert problem and says in problem and problem.startswith("edit_uri (COMMON_GROUND_EDIT_URI) is "), problem
    assert "edit/main/" in problem


@pytest.mark.parametrize("value", [None, "edit/main/", "-/edit/main/", "src/branch/release-2.0/", "edit/r&d/"])
def test_a_plain_relative_edit_path_is_accepted(value):
    assert address.edit_uri_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "https://common-ground.example.org/",
        "https://common-ground.example.org./",
        "https://COMMON-GROUND.EXAMPLE.ORG/",
        "https://Common-Ground.Example.Org.:443/kit/",
    ],
)
def test_a_release_refuses_the_placeholder_however_its_host_is_spelled(value):
    with pytest.raises(PluginError, match="Release refused: site_url is still the placeholder"):
        publishing.check_address(value, release=True)


def test_the_hook_names_every_bad_value_at_once():
    config = types.SimpleNamespace(
        site_url="https://x.example.com/?utm_source=chat",
        repo_url="http://git.example.net/t/c",
        edit_uri="/edit/main/",
        dev_addr=None,
    )
    with pytest.raises(PluginError) as caught:
        publishing.check_setting(config, release=False)
    said = str(caught.value).splitlines()
    assert [line.split(" ", 1)[0] for line in said] == ["site_url", "repo_url", "edit_uri"], said


def test_under_mkdocs_serve_the_preview_address_is_not_refused():
    dev_addr = types.SimpleNamespace(host="127.0.0.1", port=8000)
    config = types.SimpleNamespace(site_url="http://127.0.0.1:8000/", repo_url=None, edit_uri=None, dev_addr=dev_addr)
    publishing.check_setting(config, release=True)


def test_a_message_prints_an_unprintable_value_as_escapes_and_cuts_a_long_one():
    assert address.shown("a\x1b[2Jb\u202e") == "'a\\x1b[2Jb\\u202e'"
    assert len(address.shown("x" * 500)) <= 82


def test_a_printed_sheet_prints_the_address_as_typed_and_its_qr_code_carries_it_whole(tmp_path):
    """Defence in depth for paper: an address the check would refuse still reaches the
    PDF as text, never as markup, and the QR code reads back the whole address."""
    site = pdf_jobs.Site(str(ROOT / "templates"), 'https://kit.example.net/r%26d&lt;"><b>x/')
    exercise = exercises.load_library(ROOT)["cx-brainstorm"]
    job = pdf_jobs.worksheet_job(site, exercise, pdf_jobs.PAPERS[0])
    want = 'https://kit.example.net/r%26d&lt;"><b>x/exercises/cx-brainstorm/'
    assert "<b>x" not in job.html
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(pdf_render.render(job).pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert want in text
    assert paper.read_qr(paper.page_images(pdf)[0]) == [want]
