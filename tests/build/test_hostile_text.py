"""YAML and front-matter text is data in every output, whatever file or field it is in.

One build of a copy of the project in which every text field of every data
file (found by walking docs/ and exercises/, tests/support/datawalk.py),
plus an exercise and a workshop made from the schemas with every field they
allow, holds include directives (to a secret outside the checkout and to
mkdocs.yml), Jinja, HTML, script, attr_list, abbreviation and snippet
syntax, Markdown links that climb out of the site, % and quotes: as many of
them as the field takes (tests/support/fieldcheck.py decides, in-process).
Every output then shows each field's text as typed, wherever it shows it:
the visible text of every page (nav, headers, reading lists, tags page),
every attribute (tooltips, <title>, meta description, Open Graph tags),
the search index, the composer's data and the text of every PDF; no markup
is made from it, and no file of the build machine is published.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
import tempfile

import pytest
from pypdf import PdfReader

from support import fieldcheck, hostile, outputs
from support.facts import SITE_URL
from support.project import copy_project, keep_rendered_pdfs, run_build

SECRET = "SECRET-8d1f-of-the-build-machine"
SNIPPET_SECRET = "SNIPPET-5e2a-unpublished-fragment"
CONFIG_CANARY = "CANARY-6b0c-mkdocs-config-not-for-readers"
SNIPPET = "includes/secret-snippet.md"
MARKER = fieldcheck.MARKER


@dataclasses.dataclass
class Hostile:
    result: object
    out: object
    texts: dict  # marker -> the text every field of its group holds
    names: dict  # marker -> the fields that hold it, as 'file: field'
    secret: str  # the secret file's absolute path


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Hostile:
    base = tmp_path_factory.mktemp("hostile")
    # At the same absolute path every run: the texts, and so the PDFs, are the
    # same from run to run, and the next run takes them from the PDF cache.
    secret = pathlib.Path(tempfile.gettempdir()) / "common-ground-hostile-text" / "secret.txt"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (base / "mkdocs.yml").write_text(f"# {SECRET}\n", encoding="utf-8")  # ../../mkdocs.yml from docs/
    project = copy_project(base / "project")
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write(f"# {CONFIG_CANARY}\n")
    (project / "docs" / SNIPPET).write_text(SNIPPET_SECRET + "\n", encoding="utf-8")
    _add_kit_files_with_every_field(project)
    walk = fieldcheck.FieldWalk(project)
    payloads = hostile.payloads(str(secret), SNIPPET)
    plan = fieldcheck.plan(walk, payloads, hostile.multiline_payload(str(secret), SNIPPET))
    fieldcheck.fit_to_paper(walk, plan, payloads, SITE_URL)
    keep_rendered_pdfs(project)
    result = run_build(project, base / "site")
    return Hostile(
        result,
        base / "site",
        {walk.marker(g): text for g, text in plan.texts.items()},
        {walk.marker(g): [f"{f.rel}: {f.name()}" for f in walk.groups[g]] for g in plan.texts},
        str(secret),
    )


def _add_kit_files_with_every_field(project) -> None:
    """An exercise and a workshop with every field their schemas allow, in plain text."""
    import yaml

    exercise, _ = hostile.exercise(project / "exercises" / "schema.json", [], "", "every-field", "cx-brainstorm")
    workshop, _ = hostile.workshop(
        project / "exercises" / "workshops" / "schema.json",
        [],
        "",
        "every-field-workshop",
        "every-field",
        exercise["minutes"]["run"],
    )
    for folder, data in (("exercises", exercise), ("exercises/workshops", workshop)):
        (project / folder / f"{data['id']}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10000), encoding="utf-8"
        )


def _shown(text: str) -> set:
    """What a reader may see of a field's text: as typed, or with the one site link as its label."""
    typed = outputs.squeeze(text)
    return {typed, outputs.squeeze(text.replace(hostile.SITE_LINK, "guide"))}


def _mangled(site: Hostile, where: str, text: str, loose: bool = False) -> list:
    """Each place in `text` where a field's marker is not followed by that field's text."""
    found = []
    # PDF text breaks lines anywhere and drops the hyphen where a word broke.
    squash = (lambda s: re.sub(r"[\s-]+", "", s)) if loose else (lambda s: s)
    flat = squash(text)
    for match in MARKER.finditer(flat):
        wanted = site.texts.get(match.group())
        if wanted is None:
            continue
        if not any(flat.startswith(squash(form), match.start()) for form in _shown(wanted)):
            found.append(
                f"{where}: {site.names[match.group()][0]}\n    shown: {flat[match.start() : match.start() + 160]!r}"
                f"\n    typed: {outputs.squeeze(wanted)[:160]!r}"
            )
    return found


@pytest.mark.build
def test_the_kit_with_hostile_text_in_every_field_builds(hostile_site):
    log = hostile_site.result.stdout + hostile_site.result.stderr
    assert hostile_site.result.returncode == 0, log[-4000:]
    assert "Traceback" not in log
    # Every payload is in some field: the walk found fields that take free text.
    assert len(hostile_site.texts) > 500, len(hostile_site.texts)


@pytest.mark.build
def test_no_file_of_the_build_machine_is_published(hostile_site):
    leaked = [
        f"{name}: {secret}"
        for name, data in outputs.raw(hostile_site.out)
        for secret in (SECRET, SNIPPET_SECRET, CONFIG_CANARY)
        if secret.encode() in data
    ]
    assert not leaked, f"a file named in YAML or front-matter text was published: {leaked}"


@pytest.mark.build
def test_every_page_shows_each_field_as_typed(hostile_site):
    """Visible text and every attribute: nav, headers, lists, tooltips, <title>, meta and Open Graph tags."""
    mangled, seen = [], set()
    for name, where, text in outputs.texts(hostile_site.out):
        if name.endswith(".html"):
            mangled += _mangled(hostile_site, f"{name} {where}", text)
            seen.update(m.group() for m in MARKER.finditer(text))
    assert not mangled, f"{len(mangled)} places show a field other than as typed:\n" + "\n".join(mangled[:25])
    assert len(seen & hostile_site.texts.keys()) > 400, "the pages show too few of the fields"


def _made(tag: str, attrs: dict, script: str = "") -> str | None:
    """What an element would be, had YAML text made it, or None."""
    href, src = attrs.get("href", ""), attrs.get("src", "")
    if tag == "script" and script.lstrip().startswith("alert("):
        return "a script"
    if any(name.startswith("on") for name in attrs):
        return "an event handler"
    if "pwned" in attrs.get("class", "").split() or attrs.get("id") == "pwned":
        return "an attr_list class or id"
    if href.startswith("javascript:alert") or href in ("../x", "../../x") or "evil.example" in src + href:
        return f"a link or image to {href or src}"
    if tag == "abbr" and attrs.get("title") in ("abbr", "pwned abbreviation"):
        return "an abbreviation"
    if tag == "div" and "toc" in attrs.get("class", "").split():
        return "a table of contents"
    return None


@pytest.mark.build
def test_no_markup_is_made_from_data(hostile_site):
    """No element, attribute, class, link or abbreviation anywhere comes from YAML or front-matter text."""
    made = []
    for path in hostile_site.out.rglob("*.html"):
        page = outputs.parse(path.read_text(encoding="utf-8"))
        scripts = iter(text for _, text in page.scripts)
        for tag, attrs in page.elements:
            what = _made(tag, attrs, next(scripts, "") if tag in ("script", "style") else "")
            if what:
                made.append(f"{path.relative_to(hostile_site.out)}: {what}: <{tag} {attrs}>")
    assert not made, "markup was made from YAML or front-matter text:\n" + "\n".join(made[:25])


@pytest.mark.build
def test_search_sitemap_and_composer_data_hold_each_field_as_typed(hostile_site):
    mangled, seen = [], set()
    for name, where, text in outputs.texts(hostile_site.out):
        if not name.endswith((".html", ".pdf")):
            mangled += _mangled(hostile_site, f"{name} {where}", text)
            seen.update((name, m.group()) for m in MARKER.finditer(text))
    assert not mangled, f"{len(mangled)} entries hold a field other than as typed:\n" + "\n".join(mangled[:25])
    assert any(name == "search/search_index.json" for name, _ in seen)
    assert any(name.endswith("kit-data.js") for name, _ in seen)
    assert any(name.endswith("kit-text.js") for name, _ in seen)
    sitemap = (hostile_site.out / "sitemap.xml").read_text(encoding="utf-8")
    assert not MARKER.search(sitemap) and "<script" not in sitemap


@pytest.mark.build
def test_every_pdf_prints_each_field_as_typed(hostile_site):
    mangled, seen = [], set()
    for name, where, text in outputs.texts(hostile_site.out):
        if name.endswith(".pdf"):
            mangled += _mangled(hostile_site, f"{name} {where}", text, loose=True)
            seen.update(m.group() for m in MARKER.finditer(text))
    assert not mangled, f"{len(mangled)} places print a field other than as typed:\n" + "\n".join(mangled[:25])
    assert len(seen & hostile_site.texts.keys()) > 200, "the PDFs print too few of the fields"


@pytest.mark.build
def test_pdfs_link_only_to_the_published_site(hostile_site):
    for pdf in hostile_site.out.glob("pdf/**/*.pdf"):
        links = [
            str(annot.get_object().get("/A", {}).get("/URI"))
            for page in PdfReader(pdf).pages
            for annot in page.get("/Annots", []) or []
            if annot.get_object().get("/A", {}).get("/URI")
        ]
        assert all(link.startswith(SITE_URL.rstrip("/")) for link in links), f"{pdf.name}: {links}"
