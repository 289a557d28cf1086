"""Bad input around the guides stops the build with file, line and field, and
front-matter text reaches the guide header as text, never as markup or a directive.
"""

import re

from support.project import run_build


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
