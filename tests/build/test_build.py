"""The strict build: it succeeds on the real site and fails loudly on mistakes."""

import re

import pytest

from support.project import run_build


def _write(project, rel, text):
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _add_to_nav(project, rel):
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("      - Tags: tags.md", f"      - Tags: tags.md\n      - Broken: {rel}"))


def _assert_fails_naming(result, *needles):
    log = result.stdout + result.stderr
    assert result.returncode != 0, f"build passed but should have failed:\n{log[-3000:]}"
    for needle in needles:
        assert needle in log, f"{needle!r} missing from the build log:\n{log[-3000:]}"


def test_real_site_builds_with_home_page(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "404.html").is_file()


def test_link_to_missing_page_fails_naming_the_file(project_copy, tmp_path):
    _write(project_copy, "docs/about/broken.md", "# Broken\n\nSee [the missing page](nowhere.md).\n")
    _add_to_nav(project_copy, "about/broken.md")
    _assert_fails_naming(run_build(project_copy, tmp_path / "out"), "about/broken.md", "nowhere.md")


def test_link_to_missing_anchor_fails_naming_the_file(project_copy, tmp_path):
    _write(project_copy, "docs/about/broken.md", "# Broken\n\nSee [layout](conventions.md#no-such-heading).\n")
    _add_to_nav(project_copy, "about/broken.md")
    _assert_fails_naming(run_build(project_copy, tmp_path / "out"), "about/broken.md", "no-such-heading")


def test_missing_include_fails_naming_the_fragment(project_copy, tmp_path):
    _write(project_copy, "docs/about/broken.md", "# Broken\n\n{!includes/not-there.md!}\n")
    _add_to_nav(project_copy, "about/broken.md")
    _assert_fails_naming(run_build(project_copy, tmp_path / "out"), "not-there.md")


def test_undefined_macro_fails_naming_the_page(project_copy, tmp_path):
    _write(
        project_copy, "docs/about/broken.md", "---\nrender_macros: true\n---\n\n# Broken\n\n{{ no_such_macro('x') }}\n"
    )
    _add_to_nav(project_copy, "about/broken.md")
    result = run_build(project_copy, tmp_path / "out")
    _assert_fails_naming(
        result, "docs/about/broken.md:7: this page may only call the kit's macros (", "'no_such_macro'"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_page_left_out_of_nav_fails(project_copy, tmp_path):
    _write(project_copy, "docs/about/orphan.md", "# Orphan\n")
    _assert_fails_naming(run_build(project_copy, tmp_path / "out"), "about/orphan.md")


def test_heading_id_survives_jinja(built_site):
    html = (built_site / "about/conventions/index.html").read_text()
    assert 'id="layout"' in html


def test_a_page_that_does_not_opt_in_shows_jinja_as_typed(built_site):
    """conventions.md has no `render_macros: true`: its Jinja examples are text, with no {% raw %} around them."""
    html = (built_site / "about/conventions/index.html").read_text()
    for typed in ("<code>{//</code>", "<code>//}</code>", "<code>{{ … }}</code>", "<code>{% raw %}</code>"):
        assert typed in html, typed


def test_no_unrendered_template_syntax_or_macro_errors(built_site):
    offenders = []
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        # Code samples may legitimately show the syntax; strip them first.
        text = re.sub(r"<code>.*?</code>", "", text, flags=re.S)
        for marker in ("{{", "{%", "{!", "Macro Rendering Error", "Macro Syntax Error", "UndefinedError"):
            if marker in text:
                offenders.append(f"{page.relative_to(built_site)}: {marker}")
    assert not offenders, "\n".join(offenders)


def test_no_request_to_outside_fonts(built_site):
    html = (built_site / "index.html").read_text()
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


@pytest.mark.build
def test_a_redirect_loop_between_two_real_pages_stops_the_build(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      redirect_maps: {}\n" in text, "mkdocs.yml's redirects changed; update this test"
    config.write_text(
        text.replace(
            "      redirect_maps: {}\n",
            "      redirect_maps:\n"
            "        playbook/strengths.md: playbook/rewards.md\n"
            "        playbook/rewards.md: playbook/strengths.md\n",
        ),
        encoding="utf-8",
    )
    result = run_build(project_copy, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0, "a redirect loop between two real pages was published"
    line = text.splitlines().index("      redirect_maps: {}") + 2
    assert (
        f"mkdocs.yml:{line}: plugins.redirects.redirect_maps['playbook/strengths.md']: playbook/strengths.md "
        "is a page of this site" in log
    ), log[-3000:]
    assert "form a loop" in log and "Traceback" not in log
    assert not (tmp_path / "out" / "index.html").exists()
