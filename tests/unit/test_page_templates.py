"""What a hand-written page's template can reach, without a build: mkdocs-macros
configured from the project's mkdocs.yml, one page at a time through its own
on_page_markdown (macros/plugin/sandbox.py).

A page is plain Markdown unless its front matter says `render_macros: true`.
Where it does, the template runs in Jinja's immutable sandbox with the kit's
macros and the page's front matter, nothing else: every escape below is
refused with `docs/<page>:<line>: <what>` and no traceback, and no refusal
shows what the escape was after (a variable of the build machine, a path,
git's committer, a command's output).
"""

import os
import re
import secrets
import subprocess
import sys

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from support.project import ROOT

PAGE = "playbook/probe.md"
TOKEN = f"FAKE-{secrets.token_hex(8)}"
FRONT = "---\ntitle: Probe\nrender_macros: true\nreading_time: 3\n---\n\nA line before.\n"
FIRST_BODY_LINE = FRONT.count("\n") + 1  # the line of the file the probe's text starts on
KIT_MACROS = {
    "worksheet",
    "exercise_index",
    "workshop",
    "workshop_index",
    "reading_path",
    "guide_list",
    "onboarding_track",
    "glossary_entries",
    "composer",
    "checkup",
    "checkup_paper",
    "claims_table",
    "claims_audit",
    "booklet_downloads",
}

# Ways out of a template that Jinja, mkdocs-macros or Python offer. Each must be refused.
ESCAPES = [
    "{{ lipsum.__globals__.os.environ.FAKE_TOKEN }}",
    "{{ lipsum.__globals__['os'].environ['FAKE_TOKEN'] }}",
    "{{ lipsum['__glo' ~ 'bals__'].os.environ.FAKE_TOKEN }}",
    "{{ lipsum|attr('__globals__') }}",
    "{{ cycler.__init__.__globals__.os.popen('echo CANARY$((6*7)); id').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('id').read() }}",
    "{{ namespace.__init__.__globals__.os.environ }}",
    "{% set ns = namespace(a=1) %}{{ ns.a }}",
    "{{ range.__class__ }}",
    "{{ range(3) }}",
    "{{ dict(a=1) }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "{{ config }}",
    "{{ config.config_file_path }}",
    "{{ environment }}",
    "{{ plugin }}",
    "{{ git }}",
    "{{ git.committer_email }}",
    "{{ macros }}",
    "{{ filters }}",
    "{{ filters_builtin }}",
    "{{ extra }}",
    "{{ navigation }}",
    "{{ files }}",
    "{{ page.file.abs_src_path }}",
    "{{ page.file }}",
    "{{ macros_info() }}",
    "{{ context() }}",
    "{{ now() }}",
    "{{ fix_url('x') }}",
    "{{ request }}",
    "{{ url_for.__globals__ }}",
    "{% include '/etc/passwd' %}",
    "{% include 'mkdocs.yml' %}",
    "{% import 'index.md' as m %}",
    "{% extends '/etc/hostname' %}",
    "{{ ''|attr('__class__') }}",
    "{{ 'x'|pretty }}",
    "{{ '%s'|format(1) }}",
    "{{ '{0.__class__}'.format(exercise_index) }}",
    "{{ '{0.__globals__}'.format(exercise_index) }}",
    "{% set x = [] %}{{ x.append(1) }}",
    "{% set d = {} %}{{ d.update(a=1) }}",
    "{{ exercise_index.__globals__ }}",
    "{{ exercise_index.__wrapped__ }}",
    "{{ exercise_index.__closure__ }}",
    "{{ page.meta.__class__ }}",
    "{{ reading_time.__class__ }}",
]


@pytest.fixture(scope="module")
def macros():
    """mkdocs-macros as a build sets it up: configured from mkdocs.yml, given the kit's
    macros by the kit's plugin (macros/plugin/kit_macros.py), then told the nav."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)  # every plugin's, in the build's order
    plugin = config.plugins["macros"]
    plugin.on_nav("NAV-OBJECT", config=config, files="FILES-OBJECT")
    return plugin, config


@pytest.fixture
def leaks(monkeypatch):
    """What no template output or message may hold: a variable of the build machine, its paths,
    git's committer, a command's output, the objects mkdocs-macros hands templates."""
    monkeypatch.setenv("FAKE_TOKEN", TOKEN)
    emails = {_git("config", "user.email"), _git("log", "-1", "--format=%ce"), _git("log", "-1", "--format=%ae")}
    fixed = [TOKEN, str(ROOT), sys.prefix, os.path.expanduser("~") + "/", "/work/", "CANARY42"]
    fixed += ["NAV-OBJECT", "FILES-OBJECT", "MkDocsConfig", "<function", "<class", "<module", "Traceback"]
    return [needle for needle in fixed + sorted(emails) if needle]


def _git(*args) -> str:
    found = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else ""


def _render(macros, tmp_path, source: str):
    """(markdown, page) as mkdocs-macros leaves a page read from `source`; SystemExit when it stops."""
    plugin, config = macros
    docs = tmp_path / "docs"
    (docs / "playbook").mkdir(parents=True, exist_ok=True)
    (docs / PAGE).write_text(source, encoding="utf-8")
    page = Page(None, File(PAGE, str(docs), str(tmp_path / "site"), True), config)
    page.markdown, page.meta = get_data(source)  # what MkDocs' read_source gives the page
    return plugin.on_page_markdown(page.markdown, page=page, config=config, files=None), page


def _refusal(macros, tmp_path, caplog, source: str) -> str:
    """The message mkdocs-macros printed when it stopped the build on `source`."""
    caplog.clear()
    with pytest.raises(SystemExit) as stopped:
        _render(macros, tmp_path, source)
    assert stopped.value.code not in (0, None)
    return "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.plugins.mkdocs_macros"))


def _shown_as(rendered: str) -> str:
    return rendered.split("A line before.\n", 1)[1].strip()


@pytest.mark.parametrize("escape", ESCAPES)
def test_every_escape_is_refused_naming_the_page_and_line(macros, tmp_path, caplog, leaks, escape):
    source = FRONT + "\nSome text.\n\n" + escape + "\n"
    line = FIRST_BODY_LINE + 3
    message = _refusal(macros, tmp_path, caplog, source)
    assert f"docs/{PAGE}:{line}: " in message, message
    for needle in leaks:
        assert needle not in message, f"the refusal shows {needle!r}:\n{message}"
    assert not re.search(r"uid=\d+\(", message), message


def test_an_undefined_name_is_told_which_names_a_page_may_call(macros, tmp_path, caplog):
    message = _refusal(macros, tmp_path, caplog, FRONT + "{{ lipsum(2) }}\n")
    assert f"docs/{PAGE}:{FIRST_BODY_LINE}: this page may only call the kit's macros (" in message, message
    assert "'lipsum' is not one of them" in message and all(name in message for name in KIT_MACROS), message


def test_a_syntax_error_names_the_line_and_says_how_to_show_braces_as_typed(macros, tmp_path, caplog):
    message = _refusal(macros, tmp_path, caplog, FRONT + "\n\n{{ exercise_index( }}\n")
    assert f"docs/{PAGE}:{FIRST_BODY_LINE + 2}: " in message, message
    assert "{% raw %}" in message and "Macro Syntax Error" not in message, message


@pytest.mark.parametrize(
    "call",
    [
        "{{ reading_time['100%d'] }}",  # mkdocs-macros applies % to its report: '%d' crashed it
        "{{ 100 % }}",
        "{{ guide_list() }}",  # a macro called without its argument
        "{{ reading_time / 0 }}",
    ],
)
def test_a_failing_call_reads_as_page_line_and_message_alone(macros, tmp_path, caplog, call):
    message = _refusal(macros, tmp_path, caplog, FRONT + call + "\n")
    assert message.count(f"docs/{PAGE}:{FIRST_BODY_LINE}: ") == 1, message
    assert "Traceback" not in message and "Macro Rendering Error" not in message, message


def test_a_page_that_does_not_opt_in_is_plain_markdown(macros, tmp_path):
    body = "\n".join(ESCAPES) + "\n{{ 6*7 }} {// not a comment //} {% raw %}kept{% endraw %}\n"
    for front in ("---\ntitle: Probe\n---\n\n", "---\ntitle: Probe\nrender_macros: false\n---\n\n", ""):
        rendered, _ = _render(macros, tmp_path, front + body)
        assert rendered == body, "a page without `render_macros: true` was run as a template"


def test_an_opted_in_page_runs_the_kits_macros_with_plain_values(macros, tmp_path):
    shown = {
        "{{ 6*7 }}": "42",
        "{{ reading_time }} {{ page.meta.reading_time }} {{ page.title }}": "3 3 Probe",
        "{{ '{{ 6*7 }}' }}": "{{ 6*7 }}",  # a value is printed, never run again
        "{% raw %}{{ lipsum.__globals__ }}{% endraw %}": "{{ lipsum.__globals__ }}",
        "before {// a comment //}after": "before after",
    }
    for call, expected in shown.items():
        rendered, page = _render(macros, tmp_path, FRONT + call + "\n")
        assert _shown_as(rendered) == expected, call
        assert page.title == "Probe"
    plugin, _ = macros
    assert set(plugin.env.globals) == KIT_MACROS, "a template can call more than the kit's macros"
    assert "Reward what you want more of" in _shown_as(
        _render(macros, tmp_path, FRONT + "{{ guide_list('Keep promises') }}\n")[0]
    )


def test_a_template_in_the_title_is_front_matter_shown_as_typed(macros, tmp_path):
    source = FRONT.replace("title: Probe", "title: Probe {{ 6*7 }} {{ lipsum.__globals__ }}") + "# Heading\n"
    _, page = _render(macros, tmp_path, source)
    assert page.title == "Probe {{ 6*7 }} {{ lipsum.__globals__ }}"
