"""The preview a maintainer runs with `make serve`, on a copy of the project.

A saved exercise YAML edit must reach the served pages; the rebuilt page must
look exactly as a full build makes it (navigation, titles, tags); a broken
save must name file and line in the terminal and leave the server running.
Every wait is bounded, so a stuck server fails the test instead of hanging it.
"""

import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from support.preview import free_port, serve_args
from support.project import ENV, copy_project

EXERCISE = "cx-brainstorm"
START_TIMEOUT = 600  # the first build is a full one
EDIT_TIMEOUT = 180


class Preview:
    """`make serve`'s mkdocs command on a free port, its terminal in a log file."""

    def __init__(self, project, log_path):
        self.port = free_port()
        self.log_path = log_path
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", *serve_args(), "--dev-addr", f"127.0.0.1:{self.port}"],
                cwd=project,
                env=ENV,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}"

    def fetch(self, path, timeout=60):
        with urllib.request.urlopen(self.url(path), timeout=timeout) as response:
            return response.read().decode("utf-8")

    def log(self):
        return self.log_path.read_text(encoding="utf-8")

    def wait_for(self, check, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the preview stopped while waiting for {what}:\n{self.log()}"
            try:
                if check():
                    return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        pytest.fail(f"gave up after {timeout} s waiting for {what}; the preview said:\n{self.log()[-5000:]}")

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def preview(tmp_path):
    project = copy_project(tmp_path / "project")
    server = Preview(project, tmp_path / "serve.log")
    try:
        server.wait_for(lambda: server.fetch(f"exercises/{EXERCISE}/"), START_TIMEOUT, "the first page")
        yield project, server
    finally:
        server.stop()


def save_summary(project, marker):
    """Put a marker at the start of the exercise's summary and save the file."""
    path = project / "exercises" / f"{EXERCISE}.yml"
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(r"^(summary: >-\n  )", rf"\g<1>{marker} ", text, count=1, flags=re.M)
    assert count == 1, f"{path}: no folded 'summary: >-' block to edit"
    path.write_text(edited, encoding="utf-8")


def _primary_nav(html):
    """The site navigation in the left sidebar: every page's title and link."""
    start = html.index('<nav class="md-nav md-nav--primary')
    return html[start : html.index('<div class="md-sidebar md-sidebar--secondary"', start)]


def _comparable(html, marker=""):
    """A page without what only a preview has: its address (in the canonical
    link and the preview-card tags) and live-reload script."""
    html = re.sub(r"<script>\s*var livereload.*?</script>", "", html, flags=re.S)
    html = re.sub(r'<link rel="canonical" href="[^"]*">', "", html)
    html = re.sub(r'(<meta property="[a-z:]+" content=")(?:https?://[^/"]+/)', r"\1/", html)
    return html.replace(f"{marker} ", "") if marker else html


def test_a_saved_exercise_edit_shows_on_its_page_and_in_the_library(preview):
    project, server = preview
    marker = "PreviewEditMarker"
    save_summary(project, marker)
    server.wait_for(
        lambda: marker in server.fetch(f"exercises/{EXERCISE}/"), EDIT_TIMEOUT, "the edit to show on the exercise page"
    )
    assert marker in server.fetch("exercises/"), "the exercise library still shows the old summary"
    # Only the pages made from the file were rebuilt, not the whole site.
    rebuilt = re.findall(r"Preview: rebuilding (\d+) pages? whose files changed", server.log())
    assert rebuilt and 0 < int(rebuilt[-1]) < 20, server.log()[-3000:]
    assert "Aborted" not in server.log()


def test_a_page_rebuilt_by_the_preview_matches_a_full_build(preview, built_site):
    """Navigation, titles, tags and footer links of a dirty rebuild equal `make site`'s."""
    project, server = preview
    marker = "NavCheckMarker"
    save_summary(project, marker)
    page = f"exercises/{EXERCISE}/"
    server.wait_for(lambda: marker in server.fetch(page), EDIT_TIMEOUT, "the edit to show")
    served = _comparable(server.fetch(page), marker)
    full = _comparable((built_site / page / "index.html").read_text(encoding="utf-8"))
    # Pages the rebuild did not read keep the titles of their front matter.
    # The nav is pruned to the page's own section, so the witness is an
    # exercise in that section that does not use the edited file.
    unread = "exercises/co-lead-charter.yml"
    title = re.search(r"^title: (.+)$", (project / unread).read_text(), re.M)[1].strip('"')
    assert title in _primary_nav(served)
    assert _primary_nav(served) == _primary_nav(full)
    assert served == full
    # A page that was not rebuilt keeps the output of the first, full build.
    assert _comparable(server.fetch("playbook/hidden-issue/")) == _comparable(
        (built_site / "playbook/hidden-issue/index.html").read_text(encoding="utf-8")
    )


def test_a_broken_save_names_file_and_line_and_the_preview_recovers(preview):
    project, server = preview
    path = project / "exercises" / f"{EXERCISE}.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("title: Customer-experience brainstorm", "title: [unclosed", 1), encoding="utf-8")
    where = re.compile(rf"exercises/{EXERCISE}\.yml:\d+: YAML syntax error")
    server.wait_for(lambda: where.search(server.log()), EDIT_TIMEOUT, "the error, with file and line, in the terminal")
    assert server.process.poll() is None, "the preview stopped on a broken file"
    marker = "FixedMarker"
    path.write_text(good, encoding="utf-8")
    save_summary(project, marker)
    server.wait_for(
        lambda: marker in server.fetch(f"exercises/{EXERCISE}/", timeout=EDIT_TIMEOUT),
        EDIT_TIMEOUT,
        "the fixed file to show",
    )
