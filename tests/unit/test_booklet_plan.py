"""The booklets' plan (macros/plugin/booklet_step.py): a guide that is in a
track and in the playbook is made fit for paper and checked once a build,
not once for each booklet that prints it."""

import collections
import re
import types

import yaml

from macros.pdf import booklets as pdf_booklets
from macros.plugin import booklet_step
from support.project import ROOT


def _nav():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.safe_load(re.search(r"^nav:\n(?:[ \t]+.*\n|\n)*", text, flags=re.M).group(0))["nav"]


def test_each_guide_is_prepared_once_however_many_booklets_print_it(monkeypatch):
    prepared = []
    real = pdf_booklets.print_body
    monkeypatch.setattr(pdf_booklets, "print_body", lambda html, src, *a: prepared.append(src) or real(html, src, *a))
    config = {"docs_dir": str(ROOT / "docs"), "site_url": "https://example.org/", "use_directory_urls": True}
    config["nav"] = _nav()
    found = types.SimpleNamespace(titles=collections.defaultdict(lambda: "A guide"))
    store = collections.defaultdict(lambda: "<p>The guide's text.</p>")
    made = booklet_step.plan(types.SimpleNamespace(templates=ROOT / "templates"), config, found, store)
    printed = [g.src for b in made for _, part in b.parts for g in part]
    assert len(printed) > len(set(printed)), "no guide is in two booklets: this test no longer tests anything"
    assert sorted(prepared) == sorted(set(printed))
