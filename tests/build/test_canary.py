"""The canary: a build with a secret in its environment and guides holding every
Jinja escape we know publishes nothing of the build machine.

Two builds of a project copy, each with FAKE_TOKEN=<random> in the environment
and committed to git by a committer with a random e-mail. A guide that does not
opt in to macros holds every escape in its title, description and body; a
guide that opts in (`render_macros: true`) holds them too:

- with the escapes live on the opted-in guide, the build stops, naming the
  page and the line, with no traceback and no secret in its log;
- with only escapes that print as text there (inside {% raw %}, or front
  matter printed as a value), the build passes, and no built file (HTML,
  search index, sitemap, the composer's data, every PDF's text, the preview
  cards) nor the log holds the token, a path of the build machine, either
  committer e-mail, or the output of the commands the escapes run.
"""

import gzip
import html
import os
import re
import secrets
import subprocess
import sys
import zlib

import pytest

from support.project import ROOT, copy_project, run_build

TOKEN = f"canary{secrets.token_hex(12)}"
EMAIL = f"canary-{secrets.token_hex(6)}@committer.invalid"
PLAIN = "playbook/strengths.md"  # does not opt in
OPTED = "playbook/rewards.md"  # says render_macros: true
# The commands the escapes run: their output is "CANARY42" and "uid=0(root) ...".
RUN = "echo CANARY$((6*7)); id"
ESCAPES = [
    "{{ lipsum.__globals__.os.environ.FAKE_TOKEN }}",
    "{{ lipsum.__globals__['os'].environ['FAKE_TOKEN'] }}",
    "{{ lipsum['__glo' ~ 'bals__'].os.environ.FAKE_TOKEN }}",
    f"{{{{ cycler.__init__.__globals__.os.popen('{RUN}').read() }}}}",
    f"{{{{ joiner.__init__.__globals__.os.popen('{RUN}').read() }}}}",
    "{{ namespace.__init__.__globals__.os.environ.FAKE_TOKEN }}",
    "{% set x = namespace(a=lipsum.__globals__.os.environ) %}{{ x.a.FAKE_TOKEN }}",
    f"{{{{ self.__init__.__globals__.__builtins__.__import__('os').popen('{RUN}').read() }}}}",
    "{{ exercise_index.__globals__['__builtins__']['__import__']('os').environ['FAKE_TOKEN'] }}",
    "{{ '{0.__globals__[os].environ[FAKE_TOKEN]}'.format(lipsum) }}",
    "{{ lipsum|attr('__globals__')|attr('get')('os')|attr('environ') }}",
    "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == 'Popen' %}"
    f"{{{{ c(['sh', '-c', '{RUN}'], stdout=-1).communicate() }}}}{{% endif %}}{{% endfor %}}",
    "{{ config.config_file_path }} {{ config.docs_dir }} {{ config.site_dir }} {{ config }}",
    "{{ environment }} {{ plugin }} {{ git }} {{ git.committer_email }} {{ git.author_email }}",
    "{{ macros_info() }}",
    "{{ context(config)|pretty }}",
    "{{ page.file.abs_src_path }} {{ page.file.abs_dest_path }} {{ files }} {{ navigation }}",
    "{% include 'includes/glossary.yml' %}",
]
TITLE = "Canary {{ lipsum.__globals__.os.environ.FAKE_TOKEN }} {{ config.config_file_path }}"
DESCRIPTION = (
    f"Canary text. {{{{ cycler.__init__.__globals__.os.popen('{RUN}').read() }}}} {{{{ git.committer_email }}}}"
)


def _hostile_guide(path, body: str, opt_in: bool) -> int:
    """Give the guide the hostile title and description, and `body` after its text; the line body starts on."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", lambda _: f'title: "{TITLE}"', text, count=1, flags=re.M)
    text = re.sub(r"^description: .*$", lambda _: f'description: "{DESCRIPTION}"', text, count=1, flags=re.M)
    if opt_in:
        text = text.replace("\n---\n", "\nrender_macros: true\n---\n", 1)
    text = text.rstrip("\n") + "\n\n"
    path.write_text(text + body, encoding="utf-8")
    return text.count("\n") + 1


def _every_escape() -> str:
    """Each escape on its own line, as text and in a code span, then in a heading."""
    lines = [f"{escape}\n\n`{escape}`\n" for escape in ESCAPES]
    return "\n".join(lines) + f"\n### {ESCAPES[0]}\n"


def _project(base, opted_body: str):
    """A project copy with the two hostile guides, committed by the canary committer."""
    project = copy_project(base / "project")
    _hostile_guide(project / "docs" / PLAIN, _every_escape(), opt_in=False)
    first_line = _hostile_guide(project / "docs" / OPTED, opted_body, opt_in=True)
    git = ["git", "-c", f"user.email={EMAIL}", "-c", "user.name=Canary", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "canary"]):
        subprocess.run([*git, *command], cwd=project, check=True, capture_output=True)
    return project, first_line


def _build(base, opted_body: str):
    project, first_line = _project(base, opted_body)
    result = run_build(project, base / "site", env={"FAKE_TOKEN": TOKEN})
    return project, first_line, result, result.stdout + result.stderr


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    """The build where the opted-in guide holds every escape, live."""
    return _build(tmp_path_factory.mktemp("canary-refused"), _every_escape())


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory):
    """The build where the opted-in guide prints the escapes as text only."""
    harmless = (
        "{% raw %}\n" + _every_escape() + "{% endraw %}\n\n"
        "Printed values: {{ title }} / {{ description }} / {{ page.meta.title }}\n\n"
        "A string: {{ '{{ lipsum.__globals__.os.environ.FAKE_TOKEN }}' }}\n"
    )
    return _build(tmp_path_factory.mktemp("canary-site"), harmless)


def _git_emails(folder) -> set:
    found = set()
    for args in (["config", "user.email"], ["log", "-1", "--format=%ae%n%ce"]):
        run = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)
        found |= set(run.stdout.split()) if run.returncode == 0 else set()
    return found


def _needles(project) -> list:
    """What no output may hold: the token, the build machine's paths, committers' e-mails, commands' output."""
    paths = {str(project), str(project.parent), str(ROOT), sys.prefix, os.path.expanduser("~") + "/", "/work/"}
    return sorted({TOKEN, EMAIL, "CANARY42"} | paths | _git_emails(ROOT) | _git_emails(project))


def _texts(path) -> list:
    """The texts of one built file: its bytes as read, and what a reader or a search engine gets from it."""
    data = path.read_bytes()
    texts = [data.decode("latin-1")]
    if path.suffix == ".gz":
        texts.append(gzip.decompress(data).decode("utf-8", "replace"))
    elif path.suffix == ".pdf":
        pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
        texts.append(pdf.stdout.decode("utf-8", "replace"))
    elif path.suffix == ".png":
        texts.extend(_png_text(data))
    else:
        texts.append(html.unescape(data.decode("utf-8", "replace")))
    return texts


def _png_text(data: bytes) -> list:
    """The text chunks of a PNG (tEXt as is, zTXt and iTXt inflated)."""
    found, at = [], 8
    while at + 8 <= len(data):
        size, kind = int.from_bytes(data[at : at + 4], "big"), data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + size]
        if kind == b"tEXt":
            found.append(body.decode("latin-1"))
        elif kind in (b"zTXt", b"iTXt"):
            keyword, _, rest = body.partition(b"\0")
            compressed = rest[1:] if kind == b"zTXt" else rest[2:].split(b"\0", 2)[-1]
            flag = kind == b"zTXt" or rest[:1] == b"\1"
            found.append((zlib.decompress(compressed) if flag else compressed).decode("utf-8", "replace"))
        at += 12 + size
    return found


def _meta(page_html: str, name: str) -> str:
    """A preview-card tag's text as a reader sees it, however many times it was escaped."""
    text = re.search(rf'<meta property="{name}" content="([^"]*)"', page_html).group(1)
    while html.unescape(text) != text:
        text = html.unescape(text)
    return text


def _leaks(text: str, needles: list) -> list:
    found = [needle for needle in needles if needle in text]
    return found + re.findall(r"uid=\d+\(\w+\)", text)


def test_an_opted_in_page_holding_escapes_stops_the_build_naming_page_and_line(refused):
    project, first_line, result, log = refused
    assert result.returncode != 0, f"the build passed with live escapes on {OPTED}:\n{log[-3000:]}"
    named = re.findall(rf"docs/{re.escape(OPTED)}:(\d+): (.+)", log)
    assert len(named) == 1, log[-3000:]
    line, message = int(named[0][0]), named[0][1]
    source = (project / "docs" / OPTED).read_text(encoding="utf-8").splitlines()
    assert line >= first_line and re.search(r"{{|{%", source[line - 1]), f"line {line} holds no escape: {message}"
    assert "Traceback" not in log, log[-3000:]
    assert not _leaks(log, [TOKEN, EMAIL, "CANARY42"]), log[-3000:]


def test_the_canary_reaches_no_built_file(canary_site):
    project, _, result, log = canary_site
    site = project.parent / "site"
    assert result.returncode == 0, log[-3000:]
    needles = _needles(project)

    kinds, offenders = {}, []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        kinds[path.suffix] = kinds.get(path.suffix, 0) + 1
        for text in _texts(path):
            offenders += [f"{path.relative_to(site)}: {leak}" for leak in _leaks(text, needles)]
    assert not offenders, "\n".join(sorted(set(offenders)))
    assert not _leaks(log, [TOKEN, EMAIL, "CANARY42", *_git_emails(ROOT)]), log[-3000:]
    # The escapes were there, shown as typed, so the walk looked at them.
    for page in (PLAIN, OPTED):
        shown = html.unescape((site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8"))
        missing = [escape for escape in ESCAPES if f"<code>{escape}</code>" not in shown]
        assert not missing, f"{page} does not show these as typed: {missing}"
        # The preview card is drawn from these: the escapes as text.
        assert TITLE in _meta(shown, "og:title") and DESCRIPTION in _meta(shown, "og:description"), page
    # Printed values are text (Markdown makes __globals__ bold: compare without the underscores).
    opted = (site / OPTED.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    visible = html.unescape(re.sub(r"<[^>]+>", "", opted))
    assert f"Printed values: {TITLE} / {DESCRIPTION} / {TITLE}".replace("__", "") in visible
    assert "A string: {{ lipsum.globals.os.environ.FAKE_TOKEN }}" in visible

    # The walk read every kind of output named above.
    assert {".html", ".json", ".xml", ".gz", ".pdf", ".png", ".js"} <= set(kinds), kinds
    assert (site / "search" / "search_index.json").is_file() and (site / "assets/javascripts/kit-data.js").is_file()
    assert (site / "assets/images/social" / OPTED.replace(".md", ".png")).is_file()
