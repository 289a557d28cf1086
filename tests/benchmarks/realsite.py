"""The real site against its macros-stripped twins: what `make site` costs when nothing changed.

Both twins are the same project with every page the macros render written
out in docs/ as the macros render it (engine.py), and the exercise and
workshop pages the kit's plugin makes from YAML written out too and listed
in the nav where the plugin lists them. Theme, CSS, JavaScript, Markdown
extensions and nav are the same. They differ in what else runs:

- The *decorated twin* (the target's measure) keeps the kit's plugin
  (`common-ground`, macros/plugin/plugin.py) and mkdocs-macros, but no page
  asks mkdocs-macros to render anything (`render_macros` is false in each
  page written out) and the plugin makes no page from YAML (timed_build.py
  --twin). Everything else the plugin does runs on both sides: loading the
  kit, the reader's checks, guide headers, glossary tooltips and
  citations, dates, edit links, the booklets and the PDF step (copying the
  cached PDFs), the composer's data files, minifying. So the difference is
  what the macros cost: rendering the pages that call them and making the
  exercise and workshop pages from YAML.
- The *bare twin* has neither mkdocs-macros nor the kit's plugin: the
  difference is the whole kit's cost, the guide pages' extras and the PDF
  step included (its guide pages lack those parts).

Each side is built the way `make site` builds: a fresh process, strict, into
an empty folder, with the `.cache/` of the build before kept. The sides
alternate (macros, bare, decorated, then the other way round) so a busy
spell of the shared machine hits them alike.
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


def make_stripped(project: pathlib.Path, stripped: pathlib.Path, render_pages, decorated=False):
    """`project` with the macros' output pasted in; the bare twin also loses both plugins (see above)."""
    shutil.copytree(project, stripped, ignore=shutil.ignore_patterns("__pycache__", ".cache", "site*"))
    rendered = render_pages(project, ["*"])
    for src, page in rendered["pages"].items():
        target = stripped / "docs" / src
        target.parent.mkdir(parents=True, exist_ok=True)
        meta = dict(page["meta"])
        if decorated and "render_macros" in meta:
            meta["render_macros"] = False  # its macros' output is already there
        kit.write_page(target, meta, page["body"])
    config = stripped / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if not decorated:
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
    if decorated:
        # The same PDF cache as the macros side: the PDF step copies, as it does there.
        pdf_cache = project / ".cache" / "pdf"
        if pdf_cache.is_dir():
            shutil.copytree(pdf_cache, stripped / ".cache" / "pdf", ignore=shutil.ignore_patterns("*.tmp"))
    else:
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


def make_site(project: pathlib.Path, with_pdfs: bool, twin=False):
    """One `make site`: a fresh strict build into an empty site.tmp, .cache/ kept."""
    out = project / "site.tmp"
    shutil.rmtree(out, ignore_errors=True)
    return measure.build(project, out, skip_post_build=not with_pdfs, twin=twin)


# name -> (folder, PDF step run, decorated twin)
SIDES = {"macros": ("real-macros", True, False), "stripped": ("real-stripped", False, False)}
DECORATED = {"decorated": ("real-decorated", True, True)}


def bench(root, work, runs, render_pages, say, from_worktree=False, commit="HEAD"):
    """Figures for the real site: unchanged `make site` with macros, and its twins."""
    macro = work / "real-macros"
    kit.copy_project(root, macro, from_worktree, commit)
    # The PDF cache of the checkout saves the first build most of its work;
    # entries this commit's code keys differently are simply rendered.
    pdf_cache = root / ".cache" / "pdf"
    if pdf_cache.is_dir():
        shutil.copytree(pdf_cache, macro / ".cache" / "pdf", ignore=shutil.ignore_patterns("*.tmp"))
    # A commit from before the kit's plugin has no decorated twin (nothing to run with its pages written out).
    sides = {**SIDES, **(DECORATED if (macro / "macros" / "plugin" / "generated.py").is_file() else {})}
    first = make_site(macro, with_pdfs=True)
    make_stripped(macro, work / SIDES["stripped"][0], render_pages)
    if "decorated" in sides:
        make_stripped(macro, work / DECORATED["decorated"][0], render_pages, decorated=True)
    for name, (folder, pdfs, twin) in sides.items():
        if name != "macros":
            make_site(work / folder, pdfs, twin)
    say(
        f"real site: first build {first['build_seconds']:.2f} s ({first['html_pages']} pages); "
        f"twins have {', '.join(str(_pages(work / sides[n][0])) for n in sides if n != 'macros')} pages"
    )
    fig = {name: [] for name in sides}
    for run in range(runs):
        order = list(sides) if run % 2 == 0 else list(sides)[::-1]
        for name in order:
            folder, pdfs, twin = sides[name]
            fig[name].append(make_site(work / folder, pdfs, twin))
        say(f"real site: run {run + 1}: " + ", ".join(f"{n} {fig[n][-1]['wall']:.2f} s" for n in sides) + " (wall)")
    return fig


def _pages(project):
    return sum(1 for _ in (project / "site.tmp").rglob("*.html"))


TWINS = {"decorated": "decorated twin", "stripped": "bare twin"}
MEASURES = (("wall", "process wall"), ("tree_cpu", "process CPU"), ("build_seconds", "mkdocs build()"))


def summary(fig) -> dict:
    """Medians and ratios of an unchanged `make site`, macros against each twin.

    The ratio of medians, and the median of the pair ratios (each macros build
    against the twin's build of the same round), which a drifting machine moves less."""
    out = {}
    for twin in (t for t in TWINS if t in fig):
        for key, label in MEASURES:
            macros = [f[key] for f in fig["macros"]]
            plain = [f[key] for f in fig[twin]]
            out[f"{twin} {key}"] = {
                "label": label,
                "twin": TWINS[twin],
                "macros": macros,
                "stripped": plain,
                "ratio": statistics.median(macros) / statistics.median(plain),
                "pair_ratio": statistics.median(m / p for m, p in zip(macros, plain, strict=True)),
            }
    return out


def describe(fig) -> str:
    lines = [
        f"Real site, `make site` with nothing changed, macros against the macros-stripped twins "
        f"({len(fig['macros'])} runs each, min / median / max; tests/benchmarks/realsite.py says what each twin runs):"
    ]
    for row in summary(fig).values():
        verdict = "ok" if row["ratio"] < TARGET else "MISS"
        target = f" (target < {TARGET}×: {verdict})" if row["twin"] == TWINS["decorated"] else ""
        lines.append(
            f"  {row['twin']:<14} {row['label']:<15} macros {_spread(row['macros'])} s, "
            f"twin {_spread(row['stripped'])} s: {row['ratio']:.2f}×, pairs {row['pair_ratio']:.2f}×{target}"
        )
    return "\n".join(lines)


def _spread(values):
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"
