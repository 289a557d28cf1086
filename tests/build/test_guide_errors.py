"""Bad input around the guides stops the build with file, line and field, and
front-matter text reaches the guide header as text, never as markup or a directive.
"""

import re
import resource
import shutil
import subprocess

from support.project import ENV, MKDOCS, ROOT, expected_problems, run_build


def _header(site, slug) -> str:
    page = (site / "playbook" / slug / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<section class="cg-guide-header".*?</section>', page, re.S)
    assert match, f"playbook/{slug} shows no guide header"
    return match.group(0)


def _fact(header: str, label: str) -> str:
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", header, re.S)
    assert match, f"the header has no '{label}'"
    return match.group(1)


def test_front_matter_text_is_escaped_in_the_header(project_copy, tmp_path):
    guide = project_copy / "docs" / "playbook" / "strengths.md"
    text = guide.read_text(encoding="utf-8")
    when = "when: <b>bold</b> {{ 7*7 }} {!includes/glossary.yml!}"
    guide.write_text(re.sub(r"^when: .*$", when, text, count=1, flags=re.M), encoding="utf-8")
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    header = _header(tmp_path / "site", "strengths")
    assert "&lt;b&gt;bold&lt;/b&gt;" in header and "<b>" not in header
    assert "49" not in _fact(header, "Reach for it when")
    assert "brand-ambassador" not in header, "a markdown-include directive in front matter was run"


def test_a_tag_off_the_list_stops_the_build_with_file_line_and_field(project_copy, tmp_path):
    guide = project_copy / "docs" / "playbook" / "rewards.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("  - rewards\n", "  - Rewards\n", 1), encoding="utf-8")
    line = text.splitlines().index("  - rewards") + 1
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/playbook/rewards.md:{line}: field 'tags': 'Rewards' is not in the allowed list" in result.stderr
    assert "did you mean 'rewards'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_glossary_entry_stops_the_build_with_file_line_and_field(project_copy, tmp_path):
    glossary = project_copy / "docs" / "includes" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("  side: measurement\n", "  side: finance %s\n", 1), encoding="utf-8")
    line = text.splitlines().index("  side: measurement") + 1
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/includes/glossary.yml:{line}: field '[" in result.stderr
    assert "].side': must be one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_exercise_tag_off_the_list_names_the_yaml_file_and_line(project_copy, tmp_path):
    exercise = project_copy / "exercises" / "rewards-menu.yml"
    text = exercise.read_text(encoding="utf-8")
    exercise.write_text(text.replace("  - motivation\n", "  - morale\n", 1), encoding="utf-8")
    line = text.splitlines().index("  - motivation") + 1
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"exercises/rewards-menu.yml:{line}: field 'tags[1]': 'morale' is not in the allowed list" in result.stderr
    assert "Traceback" not in result.stderr


# --- Pages reach MkDocs only through the kit's reader (macros/plugin/generated.py read_source) ---
# tests/unit/test_data_readers.py tries every guard on every reader in process;
# these builds prove MkDocs' own parse of a page is covered, with a crash,
# a memory blow-up or a traceback as what each gave before.


def _limited_build(project, site, gigabytes=4):
    """A strict build that may not grow past `gigabytes` of address space."""
    limit = gigabytes * 1024**3
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=900,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )


def _assert_refused(result, project, start, fragment):
    log = result.stdout + result.stderr
    assert result.returncode > 0, f"exit {result.returncode} (negative: killed by a signal)\n{log[-2000:]}"
    assert start in log and fragment in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    message = next(line for line in log.splitlines() if fragment in line)
    assert str(project) not in message, "messages name files relative to the project"


def _replace_line(path, start, new):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith(start))
    lines[at] = new
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


def test_an_exercise_nested_40000_deep_stops_the_build_with_a_message(project_copy, tmp_path):
    """libyaml's composer recursed in C: the build died of a segmentation fault, naming no file."""
    shutil.copy(ROOT / "tests" / "bad_exercises" / "deep-nesting.yml", project_copy / "exercises")
    ((line, fragment),) = expected_problems(ROOT / "tests" / "bad_exercises" / "deep-nesting.expect")
    result = run_build(project_copy, tmp_path / "site")
    _assert_refused(result, project_copy, f"exercises/deep-nesting.yml:{line}: ", fragment)


def test_an_alias_bomb_in_a_pages_front_matter_stops_the_build_at_once(project_copy, tmp_path):
    """Nine levels of aliases in a page MkDocs alone reads grew past 6 GB."""
    page = project_copy / "docs" / "about" / "index.md"
    bomb = "bomb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"bomb{n}: &b{n} [{', '.join([f'*b{n - 1}'] * 9)}]\n" for n in range(1, 10)
    )
    line = _replace_line(page, "description:", page.read_text(encoding="utf-8").splitlines()[2] + "\n" + bomb)
    result = _limited_build(project_copy, tmp_path / "site")
    _assert_refused(
        result,
        project_copy,
        f"docs/about/index.md:{line + 1}: field 'bomb0': ",
        "anchors and aliases (&b0 / *b0) are not allowed",
    )


def test_a_latin_1_byte_in_a_page_names_the_file_line_and_byte(project_copy, tmp_path):
    """MkDocs' read of the page gave a UnicodeDecodeError traceback naming no file."""
    page = project_copy / "docs" / "about" / "index.md"
    raw = page.read_bytes().splitlines(keepends=True)
    raw[-1] = raw[-1].rstrip(b"\n") + b" caf\xe9\n"
    page.write_bytes(b"".join(raw))
    result = run_build(project_copy, tmp_path / "site")
    _assert_refused(
        result, project_copy, f"docs/about/index.md:{len(raw)}: file is not UTF-8: byte 0xe9", "save the file as UTF-8"
    )


def test_a_guide_saved_with_a_byte_order_mark_builds_as_usual(project_copy, tmp_path):
    """The guide readers said "no front matter" with the build machine's absolute path."""
    guide = project_copy / "docs" / "playbook" / "strengths.md"
    guide.write_bytes(b"\xef\xbb\xbf" + guide.read_bytes())
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    html = (tmp_path / "site" / "playbook" / "strengths" / "index.html").read_text(encoding="utf-8")
    assert "<title>Map strengths to the work" in html and "\ufeff" not in html
    assert _header(tmp_path / "site", "strengths")


def test_a_right_to_left_override_in_a_guide_title_stops_the_build(project_copy, tmp_path):
    """U+202E reversed the rest of the title in <title> and the nav."""
    guide = project_copy / "docs" / "playbook" / "strengths.md"
    line = _replace_line(guide, "title:", "title: Map strengths \u202eot the work\n")
    result = run_build(project_copy, tmp_path / "site")
    _assert_refused(
        result,
        project_copy,
        f"docs/playbook/strengths.md:{line}: field 'title': ",
        "invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at column 22",
    )
    assert "\u202e" not in result.stdout + result.stderr
