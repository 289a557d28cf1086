"""Through a real strict build: a broken exercise stops it with the file and
line, and nothing that looks like a finished site is written. YAML text with
HTML or Jinja in it builds and shows up literally.

Each build takes seconds, so a few representative cases of the corpus run
here; tests/test_exercise_loader.py checks every case against the loader.
"""

import html
import re
import shutil

import pytest

from support.project import ROOT, run_build

BAD = ROOT / "tests" / "bad_exercises"


def _add_exercise(project, case):
    shutil.copy(BAD / f"{case}.yml", project / "exercises" / f"{case}.yml")


def _assert_fails_naming(result, *needles):
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    for needle in needles:
        assert needle in log, f"{needle!r} missing:\n{log[-3000:]}"


def _first_expected(case):
    for line in (BAD / f"{case}.expect").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            number, _, fragment = line.partition(" ")
            return f"exercises/{case}.yml:{number}:", fragment
    raise AssertionError(f"{case} expects no problem")


@pytest.mark.build
@pytest.mark.parametrize(
    "case",
    [
        "alias-bomb",
        "duplicate-key",
        "unknown-related",
        "not-utf8",
        "steps-not-adding-up",
        "float-lines",
        "yaml-boolean",
        "too-long",
        "percent-and-scripts",
    ],
)
def test_broken_exercise_fails_the_build_naming_file_and_line(project_copy, tmp_path, case):
    _add_exercise(project_copy, case)
    out = tmp_path / "out"
    result = run_build(project_copy, out)
    log = result.stdout + result.stderr
    where, fragment = _first_expected(case)
    assert result.returncode != 0, log[-3000:]
    assert where in log and fragment in log, log[-3000:]
    assert "Traceback" not in log, "the maintainer should see the problem list, not a traceback"
    assert not (out / "index.html").exists(), "a failed build left a site that looks finished"


@pytest.mark.build
def test_page_naming_a_missing_exercise_fails_the_build(project_copy, tmp_path):
    guide = project_copy / "docs" / "exercises" / "index.md"
    text = guide.read_text()
    guide.write_text(text + "\n{{ worksheet('cx-brainstrom') }}\n")
    line = len(text.splitlines()) + 2
    result = run_build(project_copy, tmp_path / "out")
    _assert_fails_naming(result, f"docs/exercises/index.md:{line}: no exercise with id 'cx-brainstrom'")
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.build
def test_a_problem_raised_inside_a_macro_reads_as_its_message_alone(project_copy, tmp_path):
    """mkdocs-macros reports an error raised in a macro with a traceback and applies % to
    the report: a '%' in the message crashed it and hid the message (macros/plugin/errors.py)."""
    name = '100% buy-in, {braces} "quoted" 합의'
    page = project_copy / "docs" / "playbook" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{{{{ guide_list('{name}') }}}}\n", encoding="utf-8")
    result = run_build(project_copy, tmp_path / "out")
    _assert_fails_naming(result, f"docs/playbook/index.md: guide_list('{name}'): no such playbook section")
    assert "Traceback" not in result.stdout + result.stderr, (result.stdout + result.stderr)[-3000:]


@pytest.mark.build
def test_an_empty_schema_and_a_yaml_extension_fail_the_build_naming_each_file(project_copy, tmp_path):
    (project_copy / "exercises" / "workshops" / "schema.json").write_text("", encoding="utf-8")
    result = run_build(project_copy, tmp_path / "out")
    _assert_fails_naming(result, "exercises/workshops/schema.json:1: the schema file is empty")
    assert "Traceback" not in result.stdout + result.stderr
    (project_copy / "exercises" / "workshops" / "schema.json").write_bytes(
        (ROOT / "exercises" / "workshops" / "schema.json").read_bytes()
    )
    (project_copy / "exercises" / "cx-brainstorm.yml").rename(project_copy / "exercises" / "cx-brainstorm.yaml")
    result = run_build(project_copy, tmp_path / "out")
    _assert_fails_naming(result, "exercises/cx-brainstorm.yaml:1: exercise files end in '.yml'")
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.build
def test_a_hand_made_page_where_a_yaml_page_goes_fails_the_build(project_copy, tmp_path):
    (project_copy / "docs" / "exercises" / "strengths-map.md").write_text("---\ntitle: Strength mapping\n---\n")
    _assert_fails_naming(
        run_build(project_copy, tmp_path / "out"),
        "docs/exercises/strengths-map.md",
        "made from exercises/strengths-map.yml",
    )


@pytest.mark.build
def test_html_and_jinja_in_yaml_come_out_literally_in_the_built_page(project_copy, tmp_path):
    _add_exercise(project_copy, "injection")
    out = tmp_path / "out"
    result = run_build(project_copy, out)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    page = (out / "exercises" / "injection" / "index.html").read_text(encoding="utf-8")
    body = page.split('<div class="cg-exercise-intro">')[1]
    assert "&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;" in body
    assert "<script>alert" not in page and "<img src=x" not in page
    # Braces reach the HTML as character references, so no later stage can
    # read them as a directive; a reader sees them as typed.
    shown = html.unescape(body)
    assert "{{ 7*7 }}" in shown and "49" not in body
    assert "{% if true %}jinja{% endif %}" in shown and "{{ config.site_name }}" in shown
    assert "{{" not in body and "{%" not in body
    assert 'href="javascript' not in body.lower()
    assert "<strong>Bold</strong>" in body
    assert '<meta name="description" content="&#34;quoted&#34; &lt;script&gt;' in page


@pytest.mark.build
def test_include_directive_in_yaml_text_publishes_no_file(project_copy, tmp_path):
    """markdown-include runs over what the macros emit: a `{!path!}` typed into
    an exercise or workshop field must stay text, never pull in a file."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-8d1f of the build machine\n", encoding="utf-8")
    directive = "{!" + str(secret) + "!}"
    exercise = project_copy / "exercises" / "cx-brainstorm.yml"
    text = exercise.read_text(encoding="utf-8")
    text = re.sub(r"^summary: >-\n(  .*\n)+", f"summary: 'Leak {directive}'\n", text, count=1, flags=re.M)
    exercise.write_text(text, encoding="utf-8")
    workshop = project_copy / "exercises" / "workshops" / "friction-to-vision.yml"
    text = workshop.read_text(encoding="utf-8")
    workshop.write_text(text.replace("if_late: ", f"if_late: Leak {directive} ", 1), encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(project_copy, out)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    leaked = [str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and b"SECRET-8d1f" in p.read_bytes()]
    assert not leaked, f"a file named in YAML text was published in: {leaked}"
    search = (out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Leak {!" in search, "the directive should be indexed as the text it is"
    for page in ("exercises/cx-brainstorm/index.html", "workshops/friction-to-vision/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "Leak &#123;!" in html, f"{page}: the typed directive should show as text"


@pytest.mark.build
def test_one_yaml_file_is_all_an_exercise_needs(project_copy, tmp_path):
    """A new exercises/<id>.yml, with no other edit, gives a page, a nav entry,
    a library row and its PDFs; deleting the file takes all of them away."""
    shutil.copy(ROOT / "tests" / "fixtures" / "sample-exercise.yml", project_copy / "exercises" / "sample-exercise.yml")
    out = tmp_path / "with"
    result = run_build(project_copy, out)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    page = out / "exercises" / "sample-exercise" / "index.html"
    assert page.is_file()
    library = (out / "exercises" / "index.html").read_text(encoding="utf-8")
    assert 'href="sample-exercise/" class="md-nav__link"' in library, "no nav entry"
    assert 'href="sample-exercise/"' in library.split('class="cg-library-table')[1], "no library row"
    for paper in ("a4", "letter"):
        assert (out / "pdf" / "worksheets" / f"sample-exercise-{paper}.pdf").is_file()

    (project_copy / "exercises" / "sample-exercise.yml").unlink()
    out = tmp_path / "without"
    result = run_build(project_copy, out)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert not (out / "exercises" / "sample-exercise").exists()
    assert "sample-exercise" not in (out / "exercises" / "index.html").read_text(encoding="utf-8")
    assert not list((out / "pdf").rglob("sample-exercise*"))


@pytest.mark.build
def test_text_the_pdf_fonts_cannot_print_stops_the_build_naming_file_line_and_field(project_copy, tmp_path):
    workshop = project_copy / "exercises" / "workshops" / "friction-to-vision.yml"
    text = workshop.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("summary:"))
    workshop.write_text(re.sub(r"^summary: ", "summary: 팀워크 🎉 ", text, count=1, flags=re.M), encoding="utf-8")
    result = run_build(project_copy, tmp_path / "out")
    _assert_fails_naming(
        result, f"exercises/workshops/friction-to-vision.yml:{line}: field 'summary':", "U+D300", "cannot be printed"
    )
    assert "Traceback" not in result.stdout + result.stderr
