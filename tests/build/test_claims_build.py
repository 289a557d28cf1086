"""A page's citations and the claims ledger disagree: the build stops and says where.

The markers on a page ([^id]) and docs/includes/claims.yml are checked both
ways while the page is read: a marker with no entry names the page and its
line; an entry whose marker is gone, or whose sentence was reworded, names
the ledger's line; a broken ledger names its own line and field. Never a
traceback, never a half-built site.
"""

from support.project import run_build

LEDGER = "docs/includes/claims.yml"


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}; update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def _fails_with(project, tmp_path, *messages):
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0, "the build should have stopped"
    for message in messages:
        assert message in result.stderr, f"{message!r} not in:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr


def test_a_citation_without_a_ledger_entry_names_the_page_and_line(project_copy, tmp_path):
    page = project_copy / "docs/playbook/strengths.md"
    text = _replace(page, "Then share the answers in\n   pairs", "Then share the answers in[^no-such-claim]\n   pairs")
    line = _line_of(text, "Then share the answers in")
    _fails_with(
        project_copy, tmp_path, f"docs/playbook/strengths.md:{line}: citation [^no-such-claim] has no entry in {LEDGER}"
    )


def test_a_ledger_entry_whose_citation_is_gone_names_the_ledger_line(project_copy, tmp_path):
    _replace(project_copy / "docs/playbook/performance-by-outputs.md", "[^outputs-step-staff]", "")
    ledger = (project_copy / LEDGER).read_text(encoding="utf-8")
    line = _line_of(ledger, "  - id: outputs-step-staff\n")
    _fails_with(
        project_copy,
        tmp_path,
        f"{LEDGER}:{line}: claim 'outputs-step-staff' is cited 0 times on docs/playbook/performance-by-outputs.md",
    )


def test_a_sentence_reworded_under_its_citation_names_both(project_copy, tmp_path):
    page = project_copy / "docs/playbook/performance-by-outputs.md"
    text = _replace(page, "Transcom manages its own staff by", "Transcom manages everyone, staff and partners, by")
    line = _line_of(text, "Transcom manages its own staff by")
    ledger = (project_copy / LEDGER).read_text(encoding="utf-8")
    entry = _line_of(ledger, "  - id: outputs-step-staff\n")
    _fails_with(
        project_copy,
        tmp_path,
        f"docs/playbook/performance-by-outputs.md:{line}: the sentence before [^outputs-step-staff] is not the one "
        f"{LEDGER} records at line {entry}",
    )


def test_a_broken_ledger_stops_the_build_with_file_line_and_field(project_copy, tmp_path):
    ledger = project_copy / LEDGER
    text = ledger.read_text(encoding="utf-8")
    first = _line_of(text, '    seed: "004"\n')
    ledger.write_text(text.replace('    seed: "004"\n', "    seed: 4\n", 1), encoding="utf-8")
    _fails_with(project_copy, tmp_path, f"{LEDGER}:{first}: ", "4 is not of type 'string'")
