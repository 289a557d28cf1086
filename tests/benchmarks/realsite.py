"""The real site against its macros-stripped twin: what `make site` costs when nothing changed.

The twin is the same project with every page the macros render written out
in docs/ as the macros render it (engine.py), the exercise and workshop pages
the kit's plugin makes from YAML included and listed in the nav where the
plugin lists them, and neither mkdocs-macros nor the kit's plugin
(`common-ground`, macros/plugin/plugin.py). Theme, CSS, JavaScript, Markdown
extensions and nav are the same. Since the hooks became that one plugin, the
twin also leaves out what the other hooks did on both sides before (guide
headers, glossary tooltips and citations, dates, edit links, the reader's
checks), so the difference is the whole kit's cost: loading the kit,
rendering macros, the guide pages' extras, the PDF step (copying the cached
PDFs) and the checks.

Each side is built the way `make site` builds: a fresh process, strict, into
an empty folder, with the `.cache/` of the build before kept. The two sides
alternate (macros, stripped, stripped, macros, ...) so a busy spell of the
shared machine hits both alike.
"""

import os
import pathlib
import re
import shutil
import statistics

import kit
import measure
import yaml

from macros.plugin import social_cards

TARGET = 1.3
# The plugin blocks of mkdocs-macros and of the kit's own plugin (which makes
# and previews the pages the macros render), as mkdocs.yml writes them.
MACROS_PLUGIN = re.compile(r"^  - macros:\n(?:      .*\n|\s*\n)*", re.M)
KIT_PLUGIN = re.compile(r"^  - common-ground:\n(?:      .*\n|\s*\n)*", re.M)


def make_stripped(project: pathlib.Path, stripped: pathlib.Path, render_pages):
    """`project` with the macros' output pasted in and the macros plugin and hooks removed."""
    shutil.copytree(project, stripped, ignore=shutil.ignore_patterns("__pycache__", ".cache", "site*"))
    rendered = render_pages(project, ["*"])
    for src, page in rendered["pages"].items():
        target = stripped / "docs" / src
        target.parent.mkdir(parents=True, exist_ok=True)
        kit.write_page(target, page["meta"], page["body"])
    config = stripped / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for block, what in ((MACROS_PLUGIN, "the macros plugin"), (KIT_PLUGIN, "the common-ground plugin")):
        if not block.search(text):
            raise SystemExit(f"bench: cannot find {what} in {config} to strip")
        text = block.sub("", text)
    if not os.environ.get("COMMON_GROUND_REPO_URL"):
        # Without a repository the plugin drops the edit path, which strict would refuse.
        text = re.sub(r"^edit_uri: .*$", "edit_uri: null", text, count=1, flags=re.M)
    match = re.search(r"^nav:\n(?:[ \t]+.*\n|\n)*", text, flags=re.M)
    nav = yaml.safe_load(match.group(0))["nav"]
    for index, pages in rendered["generated"].items():
        nav = _after(nav, index, pages)
    block = yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True, width=1000)
    config.write_text(text[: match.start()] + block + text[match.end() :], encoding="utf-8")
    # The kit's plugin gives Material's social plugin the kit's fonts; without
    # them the twin would download the family. Stage them where it looks.
    social_cards.stage_fonts(stripped / ".cache" / "plugin" / "social" / "fonts" / social_cards.FAMILY)


def _after(nav, index, pages):
    """The nav with `pages` listed right after `index`, as the hooks list them."""
    if isinstance(nav, list):
        out = []
        for entry in nav:
            out += [entry, *pages] if entry == index else [_after(entry, index, pages)]
        return out
    if isinstance(nav, dict):
        return {title: _after(value, index, pages) for title, value in nav.items()}
    return nav


def make_site(project: pathlib.Path, with_pdfs: bool):
    """One `make site`: a fresh strict build into an empty site.tmp, .cache/ kept."""
    out = project / "site.tmp"
    shutil.rmtree(out, ignore_errors=True)
    return measure.build(project, out, skip_post_build=not with_pdfs)


def bench(root, work, runs, render_pages, say, from_worktree=False, commit="HEAD"):
    """Figures for the real site: unchanged `make site` with macros, and stripped."""
    macro, stripped = work / "real-macros", work / "real-stripped"
    kit.copy_project(root, macro, from_worktree, commit)
    # The PDF cache of the checkout saves the first build most of its work;
    # entries this commit's code keys differently are simply rendered.
    pdf_cache = root / ".cache" / "pdf"
    if pdf_cache.is_dir():
        shutil.copytree(pdf_cache, macro / ".cache" / "pdf", ignore=shutil.ignore_patterns("*.tmp"))
    make_stripped(macro, stripped, render_pages)
    first = make_site(macro, with_pdfs=True)
    make_site(stripped, with_pdfs=False)
    say(
        f"real site: first build {first['build_seconds']:.2f} s ({first['html_pages']} pages); "
        f"twin has {sum(1 for _ in (stripped / 'site.tmp').rglob('*.html'))} pages"
    )
    fig = {"macros": [], "stripped": []}
    for run in range(runs):
        order = [("macros", macro, True), ("stripped", stripped, False)]
        for name, path, pdfs in order if run % 2 == 0 else order[::-1]:
            fig[name].append(make_site(path, pdfs))
        say(
            f"real site: run {run + 1}: macros {fig['macros'][-1]['wall']:.2f} s, "
            f"stripped {fig['stripped'][-1]['wall']:.2f} s (process wall)"
        )
    return fig


def summary(fig) -> dict:
    """Medians and ratios of an unchanged `make site`, macros against stripped."""
    out = {}
    for key, label in (("wall", "process wall"), ("tree_cpu", "process CPU"), ("build_seconds", "mkdocs build()")):
        macros = [f[key] for f in fig["macros"]]
        plain = [f[key] for f in fig["stripped"]]
        out[key] = {
            "label": label,
            "macros": macros,
            "stripped": plain,
            "ratio": statistics.median(macros) / statistics.median(plain),
        }
    return out


def describe(fig) -> str:
    lines = [
        f"Real site, `make site` with nothing changed, macros against the macros-stripped twin "
        f"({len(fig['macros'])} runs each, min / median / max):"
    ]
    for row in summary(fig).values():
        verdict = "ok" if row["ratio"] < TARGET else "MISS"
        lines.append(
            f"  {row['label']:<15} macros {_spread(row['macros'])} s, stripped {_spread(row['stripped'])} s: "
            f"{row['ratio']:.2f}× (target < {TARGET}×: {verdict})"
        )
    return "\n".join(lines)


def _spread(values):
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"
