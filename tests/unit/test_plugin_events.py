"""The plugin's events run in the order the build needs (macros/plugin/plugin.py).

The kit's plugin reads and writes what other plugins read and write: the
checkout check must come before any plugin reads a file, the kit's macros go
into mkdocs-macros' environment after it is made, a generated page's body and
inert front matter before mkdocs-macros and the tags plugin read the page,
footnotes and tooltips after the macros, the preview's marks after every
plugin has added its files. Each is held here twice: the plugin's own table of
priorities, and the order MkDocs really runs the handlers of mkdocs.yml in.
"""

import pytest
from mkdocs.config import load_config
from mkdocs.plugins import CombinedEvent

from macros.plugin.plugin import CommonGroundPlugin
from support.project import ROOT

# event -> [(method, priority)] in the order they run; MkDocs' default priority is 0.
ORDER = {
    "on_startup": [("on_startup", 0)],
    "on_config": [("_check_checkout", 100), ("_load", 0)],
    "on_files": [("_add_generated", 0), ("_mark_changed", -100)],
    "on_nav": [("on_nav", 0)],
    "on_pre_page": [("on_pre_page", 0)],
    "on_page_read_source": [("on_page_read_source", 0)],
    "on_page_markdown": [("_check_includes", 120), ("_generated_body", 100), ("_guide_and_date", 0)],
    "on_page_content": [("on_page_content", 0)],
    "on_env": [("on_env", 110)],
    "on_page_context": [("on_page_context", 0)],
    "on_post_page": [("on_post_page", 0)],
    "on_post_build": [("on_post_build", 0)],
    "on_build_error": [("on_build_error", 0)],
    "on_serve": [("on_serve", 0)],
}


def _table(cls) -> dict:
    table = {}
    for name in dir(cls):
        if not name.startswith("on_"):
            continue
        handler = getattr(cls, name)
        methods = handler.methods if isinstance(handler, CombinedEvent) else (handler,)
        table[name] = [(m.__name__, getattr(m, "mkdocs_priority", 0)) for m in methods]
    return table


def test_every_event_of_the_plugin_has_its_stated_priority():
    assert _table(CommonGroundPlugin) == ORDER


@pytest.fixture(scope="module")
def events():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return {
        event: [(type(getattr(h, "__self__", None)).__module__, h.__name__) for h in handlers]
        for event, handlers in config.plugins.events.items()
    }


def _at(events, event, module_start, name=None) -> int:
    found = [
        i for i, (module, fn) in enumerate(events[event]) if module.startswith(module_start) and fn == (name or fn)
    ]
    assert found, f"no {module_start} handler {name or ''} for {event}: {events[event]}"
    return found[0]


OURS = "macros.plugin"


def test_the_checkout_is_checked_before_any_plugin_reads_a_file(events):
    assert _at(events, "config", OURS, "_check_checkout") == 0


def test_the_kit_loads_after_mkdocs_macros_and_the_social_plugin_set_up(events):
    load = _at(events, "config", OURS, "_load")
    assert _at(events, "config", "mkdocs_macros") < load
    assert _at(events, "config", "material.plugins.social") < load


def test_a_page_is_checked_and_made_inert_before_the_macros_and_tags_read_it(events):
    assert _at(events, "page_markdown", OURS, "_check_includes") == 0
    body = _at(events, "page_markdown", OURS, "_generated_body")
    assert body < _at(events, "page_markdown", "mkdocs_macros")
    assert body < _at(events, "page_markdown", "material.plugins.tags")


def test_footnotes_tooltips_and_dates_come_after_the_macros(events):
    assert _at(events, "page_markdown", "mkdocs_macros") < _at(events, "page_markdown", OURS, "_guide_and_date")


def test_the_preview_marks_pages_after_every_plugin_added_its_files(events):
    assert _at(events, "files", OURS, "_mark_changed") == len(events["files"]) - 1


def test_the_tags_listing_is_rendered_after_every_page_was_read(events):
    assert _at(events, "env", OURS) < _at(events, "env", "material.plugins.tags")


def test_the_search_index_is_written_before_the_preview_merges_it(events):
    assert _at(events, "post_build", "material.plugins.search") < _at(events, "post_build", OURS)


def test_each_build_loads_the_kit_once_and_a_broken_file_stops_it(project_copy, monkeypatch):
    """The plugin loads the kit in on_config, once, for every macro, page and PDF
    of the build; the next build (a `make serve` rebuild) loads it again and sees edits."""
    from macros.kit import exercises
    from macros.plugin.errors import KitError

    loads = []
    real = exercises.load_library
    monkeypatch.setattr(exercises, "load_library", lambda *a: loads.append(1) or real(*a))
    config = load_config(str(project_copy / "mkdocs.yml"))
    plugin = config.plugins["common-ground"]
    config.plugins.on_config(config)
    assert len(loads) == 1
    first = plugin.kit
    assert first.library is not None and "friction-to-vision" in first.workshops
    config.plugins.on_config(config)
    assert len(loads) == 2 and plugin.kit is not first
    (project_copy / "exercises" / "cx-brainstorm.yml").write_text("id: [broken\n", encoding="utf-8")
    with pytest.raises(KitError, match="cx-brainstorm.yml"):
        config.plugins.on_config(config)
