"""The preview's polling interval, on MkDocs' real live-reload server.

The plugin (macros/plugin/preview.py) sets private attributes of watchdog's observer (MkDocs has no option
for the interval); these tests fail if a new MkDocs or watchdog moves them.
"""

import pytest
from mkdocs.livereload import LiveReloadServer

from macros.plugin import preview


@pytest.fixture
def server(tmp_path):
    live = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    yield live
    live.server_close()


def _intervals(server):
    return {emitter.timeout for emitter in server.observer.emitters}


def _serve(server, tmp_path, dirty):
    """Watch folders the way `mkdocs serve` does: docs before on_serve, `watch:` after."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "exercises").mkdir()
    server.watch(str(tmp_path / "docs"))
    preview.Preview(dirty).poll_faster(server)
    server.watch(str(tmp_path / "exercises"))


def test_make_serve_notices_saves_in_every_watched_folder_sooner(server, tmp_path):
    _serve(server, tmp_path, True)
    assert len(server.observer.emitters) == 2
    assert _intervals(server) == {preview.PREVIEW_POLL_SECONDS}


def test_a_plain_serve_keeps_mkdocs_own_interval(server, tmp_path):
    _serve(server, tmp_path, False)
    assert _intervals(server) == {0.5}
