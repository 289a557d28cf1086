"""YAML and front-matter text is data in every output: one build of a kit whose
every text field (found by walking the schemas, tests/support/hostile.py)
holds HTML, Jinja, include and snippet directives, attr_list, Markdown links
and images, % and quotes. The pages, the nav, the reading lists, the search
index and the PDFs show it as typed; no file of the build machine leaks;
the one link allowed leads to the published page from every output.
"""

import html
import json
import re
import subprocess

import pytest
import yaml
from pypdf import PdfReader

from support import hostile
from support.facts import SITE_URL
from support.project import ROOT, run_build

SECRET = "SECRET-8d1f-of-the-build-machine"
SNIPPET_SECRET = "SNIPPET-5e2a-unpublished-fragment"
SNIPPET = "includes/secret-snippet.md"
FRONT_TITLE = "Strengths <b>bold</b> {{ 7*7 }} {!SECRET!} 100%"
FRONT_DESCRIPTION = (
    "Front matter <script>alert('d')</script> {!SECRET!} [click](javascript:alert(1)) "
    "**not bold** {: .pwned } and 100% of it, kept as typed."
)


def _front(text: str, secret) -> str:
    return text.replace("SECRET", str(secret))


def _visible(page_html: str) -> str:
    """The text a reader sees: tags dropped, character references read, spaces squeezed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    return _squeeze(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _as_shown(value: str) -> str:
    """What a reader should see of a field: the text as typed, the site link as its label."""
    return _squeeze(value.replace(hostile.SITE_LINK, "guide"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """One build for the whole test: every field of two exercises and a workshop, and a guide's front matter."""
    from support.project import copy_project

    base = tmp_path_factory.mktemp("hostile")
    secret = base / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    project = copy_project(base / "project")
    (project / "docs" / SNIPPET).write_text(SNIPPET_SECRET + "\n", encoding="utf-8")
    texts = hostile.payloads(str(secret), SNIPPET)
    lines = hostile.multiline_payload(str(secret), SNIPPET)
    exercise, ex_fields = hostile.exercise(
        ROOT / "exercises" / "schema.json", texts, lines, "hostile-text", "cx-brainstorm"
    )
    workshop, ws_fields = hostile.workshop(
        ROOT / "exercises" / "workshops" / "schema.json",
        texts,
        lines,
        "hostile-workshop",
        "hostile-text",
        exercise["minutes"]["run"],
    )
    for folder, data in (("exercises", exercise), ("exercises/workshops", workshop)):
        (project / folder / f"{data['id']}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10000), encoding="utf-8"
        )
    guide = project / "docs" / "playbook" / "strengths.md"
    text = guide.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: " + json.dumps(_front(FRONT_TITLE, secret)), text, count=1, flags=re.M)
    text = re.sub(
        r"^description: .*$", "description: " + json.dumps(_front(FRONT_DESCRIPTION, secret)), text, count=1, flags=re.M
    )
    guide.write_text(text, encoding="utf-8")
    out = base / "site"
    result = run_build(project, out)
    return {"result": result, "out": out, "exercise": ex_fields, "workshop": ws_fields, "secret": secret}


def _pages(site):
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.build
def test_hostile_text_in_every_field_builds_and_leaks_nothing(hostile_site):
    result, out = hostile_site["result"], hostile_site["out"]
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    assert "Traceback" not in log
    # Every field of the schemas was filled: 30-odd in an exercise, a dozen in a workshop.
    assert len(hostile_site["exercise"]) >= 30 and len(hostile_site["workshop"]) >= 12
    leaked = []
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes() if path.suffix != ".pdf" else _pdf_text(path).encode()
            leaked += [f"{path.relative_to(out)}: {s}" for s in (SECRET, SNIPPET_SECRET) if s.encode() in data]
    assert not leaked, f"a file named in YAML or front-matter text was published: {leaked}"


@pytest.mark.build
def test_every_field_shows_as_typed_on_the_pages_and_no_markup_takes_effect(hostile_site):
    pages = _pages(hostile_site["out"])
    shown = " ".join(_visible(page) for page in pages.values())
    fields = {**hostile_site["exercise"], **hostile_site["workshop"]}
    for path, value in fields.items():
        first_line = value.split("\n\n")[0]
        # A field printed with inline Markdown shows the site link as a link, others as typed.
        assert _as_shown(first_line) in shown or _squeeze(first_line) in shown, (
            f"field {path} is not shown as typed: {first_line!r}"
        )
    for name, page in pages.items():
        for raw in (
            '<script>alert("x")',
            "<img src=x",
            'href="javascript:alert',
            'class="pwned',
            'id="pwned',
            'src="https://evil',
        ):
            assert raw not in page, f"{name}: {raw!r} took effect"
        assert "<b>bold</b>" not in page, f"{name}: front-matter HTML took effect"
    exercise_page = _visible(pages["exercises/hostile-text/index.html"])
    assert "{{ 7*7 }} {% if true %}J{% endif %}" in exercise_page and " 49 " not in exercise_page
    assert "--8<--" in exercise_page and "*[HX]: pwned abbreviation" in exercise_page


@pytest.mark.build
def test_titles_are_escaped_in_the_nav_and_front_matter_in_reading_lists(hostile_site):
    pages = _pages(hostile_site["out"])
    library = pages["exercises/index.html"]
    nav = library.split("md-nav--primary")[1].split('class="md-content"')[0]
    assert "H000 &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in nav, "the exercise title is not escaped in the nav"
    onboarding = _visible(pages["onboarding/index.html"])
    typed_title = _front(FRONT_TITLE, hostile_site["secret"])
    assert typed_title in onboarding, "the reading list does not show the guide's title as typed"
    assert _squeeze(_front(FRONT_DESCRIPTION, hostile_site["secret"])) in onboarding
    guide = pages["playbook/strengths/index.html"]
    assert f"<title>{html.escape(typed_title, quote=False)}" in guide.replace("&#123;", "{").replace("&#125;", "}")
    assert 'content="Front matter &lt;script&gt;' in guide


@pytest.mark.build
def test_the_search_index_holds_the_text_as_typed_and_no_markup(hostile_site):
    index = json.loads((hostile_site["out"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [
        d for d in index["docs"] if d["location"].startswith(("exercises/hostile-text/", "workshops/hostile-workshop/"))
    ]
    assert docs, "the hostile pages are not in the search index"
    for doc in docs:
        for raw in ("<script", "<img", 'javascript:alert(1)"', 'pwned"'):
            assert raw not in doc["title"] + doc["text"], f"{doc['location']}: {raw!r} reaches search results as markup"
    text = " ".join(html.unescape(d["text"]) for d in docs)
    assert '<script>alert("x")</script>' in text and "{!" + str(hostile_site["secret"]) + "!}" in text


@pytest.mark.build
def test_the_pdfs_print_the_text_as_typed_and_link_only_to_the_published_site(hostile_site):
    out = hostile_site["out"]
    # Cards print on a cut sheet of their own; the rest on the worksheet.
    sheet = _squeeze(
        _pdf_text(out / "pdf" / "worksheets" / "hostile-text-a4.pdf")
        + _pdf_text(out / "pdf" / "worksheets" / "hostile-text-cards-a4.pdf")
    )
    worksheet_fields = {p: v for p, v in hostile_site["exercise"].items() if p[0] == "worksheet"}
    assert len(worksheet_fields) >= 15
    for path, value in worksheet_fields.items():
        marker = value.split(" ")[0]
        assert marker in sheet, f"worksheet field {path} ({marker}) is missing from the PDF"
    assert '<script>alert("x")</script>' in sheet and "{{ 7*7 }}" in sheet and "--8<--" in sheet
    pack = _squeeze(_pdf_text(out / "pdf" / "workshops" / "hostile-workshop-facilitator-a4.pdf"))
    assert "{!" + str(hostile_site["secret"]) + "!}" in pack.replace(" ", "") or "{!" in pack, (
        "the typed include directive should print as text"
    )
    for pdf in [*out.glob("pdf/worksheets/hostile-text-*.pdf"), *out.glob("pdf/workshops/hostile-workshop-*.pdf")]:
        links = [
            annot.get_object().get("/A", {}).get("/URI")
            for page in PdfReader(pdf).pages
            for annot in page.get("/Annots", []) or []
        ]
        links = [str(link) for link in links if link]
        # The cut sheet shows only the cards' text, which may not hold the link.
        if "-cards-" not in pdf.name:
            assert f"{SITE_URL.rstrip('/')}/playbook/strengths/#why" in links, (
                f"{pdf.name}: the site link is missing: {links}"
            )
        assert all(link.startswith(("https://", "http://")) for link in links), f"{pdf.name}: {links}"
        assert not any("evil.example" in link or "javascript" in link for link in links), f"{pdf.name}: {links}"
