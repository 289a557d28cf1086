"""Builds of a project copy that try to read outside the checkout: each stops, naming
the page and line or the link, and no byte of the refused file reaches the output.

The spellings one by one are in tests/unit/test_checkout_paths.py; here the
whole family goes through MkDocs at once (one build per kind), as a pull
request would bring it.
"""

import subprocess

import pytest

from support.project import run_build

pytestmark = pytest.mark.build

SECRET = "CANARY-OUTSIDE-c41d"
TOKEN = "ghp_CANARYTOKEN9f2e"


def _outside(tmp_path):
    """A secret file and folder beside the project copy, and a home with one in it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET} file\n", encoding="utf-8")
    (outside / "secret.yml").write_text(f"{SECRET}: yaml\n", encoding="utf-8")
    return outside


def _with_git_remote(project):
    """A CI checkout: .git/config holds the remote's address with its token."""
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(
        ["git", "-C", str(project), "remote", "add", "origin", f"https://ci:{TOKEN}@git.example.net/kit.git"],
        check=True,
    )


def _leaks(result, site):
    """Where a secret showed up: the build's output or any built file."""
    found = [name for name, text in (("stdout", result.stdout), ("stderr", result.stderr)) if SECRET in text]
    found += [name for name, text in (("stdout", result.stdout), ("stderr", result.stderr)) if TOKEN in text]
    if site.exists():
        for path in site.rglob("*"):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                if SECRET.encode() in data or TOKEN.encode() in data:
                    found.append(str(path.relative_to(site)))
    return found


def test_includes_from_outside_docs_includes_stop_the_build_naming_page_and_line(project_copy, tmp_path):
    outside = _outside(tmp_path)
    _with_git_remote(project_copy)
    includes = project_copy / "docs" / "includes"
    (includes / "nested.md").write_text("A fine first line.\n{!../.git/config!}\n", encoding="utf-8")
    guide = project_copy / "docs" / "playbook" / "strengths.md"
    text = guide.read_text(encoding="utf-8")
    first = len(text.splitlines()) + 2
    directives = [
        f"{{!{outside}/secret.txt!}}",
        "{!../../outside/secret.txt!}",
        "{!../.git/config!}",
        "{!includes/../../.git/config!}",
        "{!   ../.git/config   !}",
        "{!\t../.git/config\t!}",
        "{!~/secret.txt!}",
        "{!../.git/config!lines=1 3}",
        "{!../.git/config!lines=1 3!}",
        "{!includes/missing-fragment.md!}",
    ]
    body = "\n".join([*directives, "{!includes/nested.md!}", "{!includes/credit-gardner-2007.md!}"])
    guide.write_text(text + "\n" + body + "\n", encoding="utf-8")

    result = run_build(project_copy, tmp_path / "site", env={"HOME": str(outside)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    for offset, directive in enumerate(directives):
        assert f"docs/playbook/strengths.md:{first + offset}: the include {{!" in result.stderr, directive
    assert f"docs/playbook/strengths.md:{first + 4}: the include {{!../.git/config!}} reads" in result.stderr
    assert "reads a file outside docs/includes/" in result.stderr
    assert "names no file: docs/includes/missing-fragment.md does not exist" in result.stderr
    assert "docs/includes/nested.md:2: the include {!../.git/config!} reads a file outside" in result.stderr
    # One line per refused directive: the good include above is not among them.
    assert f"strengths.md:{first + len(directives) + 1}:" not in result.stderr
    assert _leaks(result, tmp_path / "site") == []


def test_a_directive_glued_together_while_markdown_runs_is_refused_too(project_copy, tmp_path):
    _with_git_remote(project_copy)
    (project_copy / "docs" / "includes" / "opener.md").write_text("{!", encoding="utf-8")
    guide = project_copy / "docs" / "playbook" / "rewards.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n{!includes/opener.md!}../.git/config!}\n", encoding="utf-8")
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "Error reading page 'playbook/rewards.md'" in result.stderr
    assert "the include {!../.git/config!} reads a file outside docs/includes/" in result.stderr
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert _leaks(result, tmp_path / "site") == []


def test_links_out_of_the_checkout_stop_the_build_before_anything_is_read(project_copy, tmp_path):
    outside = _outside(tmp_path)
    _with_git_remote(project_copy)
    (project_copy / "extra").mkdir()  # inside the checkout, not a folder the build reads
    (project_copy / "extra" / "inner.md").symlink_to(outside / "secret.txt")
    links = {
        "docs/leak.md": outside / "secret.txt",
        "docs/leakdir": outside,
        "docs/hop-b.md": outside / "secret.txt",
        "docs/hop-a.md": "hop-b.md",
        "docs/dangling.md": "gone.md",
        "docs/shared": "../extra",
        "docs/git.txt": "../.git/config",
        "docs/includes/credit-leak.md": outside / "secret.txt",
        "exercises/leak.yml": outside / "secret.yml",
        "exercises/workshops/leak.yml": outside / "secret.yml",
        "templates/partials/leak.html.j2": outside / "secret.txt",
    }
    for name, target in links.items():
        (project_copy / name).symlink_to(target)
    site = tmp_path / "site"
    result = run_build(project_copy, site)
    assert result.returncode != 0
    named = sorted(name for name in [*links, "docs/shared/inner.md"] if f"{name}: a symbolic link" in result.stderr)
    assert named == sorted([*(n for n in links if n != "docs/shared"), "docs/shared/inner.md"]), result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert str(outside) not in result.stdout + result.stderr
    assert "Building documentation" not in result.stderr and not site.exists(), "the build went on past the check"
    assert _leaks(result, site) == []
