"""The site builds byte for byte the same under ProperDocs, the maintained
fork of MkDocs 1.x, bar the generator tag.

MkDocs 1.x is no longer maintained and Material 9 ends on 5 May 2027
(docs/about/conventions.md, "The way off MkDocs 1.x"). ProperDocs is the
drop-in way forward: it reads mkdocs.yml, redirects `import mkdocs.*` to
its own modules and loads plugins registered under `mkdocs.plugins`. This
builds the real project with it, strict, and compares every file with the
shared MkDocs build (conftest.built_site): pages, assets, the data file,
the search index and the 38 PDFs.
"""

import re
import subprocess
import sys

import pytest

from support.project import ENV, ROOT

pytestmark = pytest.mark.build

# The one line that names the tool: <meta name="generator" content="mkdocs-1.6.1, ...">
# against content="mkdocs-ProperDocs 1.6.7, ...".
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site) -> dict:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def differences(mkdocs_site, other_site) -> list:
    """Each file that is missing from one build, or differs beyond the generator tag."""
    ours, theirs = _files(mkdocs_site), _files(other_site)
    found = [f"{name}: only in the MkDocs build" for name in sorted(set(ours) - set(theirs))]
    found += [f"{name}: only in the ProperDocs build" for name in sorted(set(theirs) - set(ours))]
    for name in sorted(set(ours) & set(theirs)):
        a, b = ours[name].read_bytes(), theirs[name].read_bytes()
        if a != b and GENERATOR.sub(b"", a) != GENERATOR.sub(b"", b):
            found.append(f"{name}: differs")
    return found


def test_differences_see_a_changed_byte_but_not_the_generator_tag(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for site, tool in ((one, "mkdocs-1.6.1"), (two, "mkdocs-ProperDocs 1.6.7")):
        (site / "a").mkdir(parents=True)
        (site / "a" / "index.html").write_bytes(f'<meta name="generator" content="{tool}">x'.encode())
        (site / "b.pdf").write_bytes(b"%PDF-1.7 1")
    assert differences(one, two) == []
    (two / "b.pdf").write_bytes(b"%PDF-1.7 2")
    (two / "c.js").write_bytes(b"")
    assert differences(one, two) == ["c.js: only in the ProperDocs build", "b.pdf: differs"]


def test_the_site_builds_the_same_under_properdocs(built_site, tmp_path):
    site = tmp_path / "properdocs-site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert (site / "index.html").is_file()
    assert b"ProperDocs" in GENERATOR.search((site / "index.html").read_bytes()).group(0), "not a ProperDocs build"
    wrong = differences(built_site, site)
    assert not wrong, "the ProperDocs build differs from the MkDocs build:\n" + "\n".join(wrong[:40])
