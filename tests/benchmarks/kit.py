"""Synthetic kits: the real site plus N generated exercises, in a scratch folder.

Each generated exercise is a copy of a real shipped exercise with a new id and
title: one YAML file, from which the build makes its page (macros/plugin/generated.py),
as a maintainer adds an exercise. Its page is listed in nav sections of a
fixed size, grouped in shelves, as a kit with hundreds of exercises would
group them (a page the nav lists stays where it is listed). The static
variant has the same pages written out in docs/ with the macros' output
pasted in, so that comparing the two isolates the cost of the macros.
"""

import io
import pathlib
import re
import shutil
import subprocess
import tarfile

import yaml

# What a build reads, as in tests/conftest.py.
PROJECT_PARTS = ["mkdocs.yml", "docs", "exercises", "templates", "macros"]
# The model exercise: a core exercise every kit ships; any other will do.
PREFERRED_MODELS = ["cx-brainstorm", "strengths-map"]
LIBRARY_PAGE = "exercises/index.md"


def copy_project(root: pathlib.Path, dest: pathlib.Path, from_worktree: bool, commit: str = "HEAD"):
    """Copy the project at `commit` (or the working tree) into dest.

    Committed files by default: other people's half-saved work in the
    checkout must not break or skew a benchmark run. Another commit (say,
    main before a change) measures that commit's engine with this harness.
    """
    dest.mkdir(parents=True)
    if from_worktree:
        for part in PROJECT_PARTS:
            src = root / part
            if src.is_dir():
                shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
            elif src.exists():
                shutil.copy2(src, dest / part)
        return
    present = [
        p
        for p in PROJECT_PARTS
        if subprocess.run(["git", "cat-file", "-e", f"{commit}:{p}"], cwd=root, capture_output=True).returncode == 0
    ]
    archive = subprocess.run(["git", "archive", commit, *present], cwd=root, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")


def find_model(project: pathlib.Path):
    """The real exercise to copy: its id and its data."""
    ids = [p.stem for p in sorted((project / "exercises").glob("*.yml")) if not p.stem.startswith("_")]
    if not ids:
        raise SystemExit("bench: no exercise to copy (need exercises/<id>.yml)")
    model = next((i for i in PREFERRED_MODELS if i in ids), ids[0])
    data = yaml.safe_load((project / "exercises" / f"{model}.yml").read_text(encoding="utf-8"))
    return model, data


def sample_id(number: int) -> str:
    return f"sample-{number:04d}"


def sample_title(number: int) -> str:
    return f"Sample exercise {number:04d}"


def write_exercises(project: pathlib.Path, count: int):
    """Write `count` exercise YAML files; return the model id and the new ids."""
    model, data = find_model(project)
    ids = []
    for number in range(1, count + 1):
        new_id, title = sample_id(number), sample_title(number)
        copy = dict(data, id=new_id, title=title)
        # Worksheets can carry their own title; keep them apart too.
        if isinstance(copy.get("worksheet"), dict) and "title" in copy["worksheet"]:
            copy["worksheet"] = dict(copy["worksheet"], title=title)
        (project / "exercises" / f"{new_id}.yml").write_text(
            yaml.safe_dump(copy, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        ids.append(new_id)
    return model, ids


def rewrite_nav(project: pathlib.Path, ids, per_section: int, per_shelf: int = 0):
    """List the new pages in sections of `per_section` under the exercise library.

    per_shelf > 0 groups those sections again, per_shelf sections to a shelf.
    Only the nav block of mkdocs.yml is rewritten; the rest keeps its tags.
    """
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    match = re.search(r"^nav:\n(?:[ \t]+.*\n|\n)*", text, flags=re.M)
    nav = yaml.safe_load(match.group(0))["nav"]
    library = _find_list_with(nav, "exercises/index.md")
    if library is None:
        raise SystemExit("bench: mkdocs.yml nav has no section holding exercises/index.md")
    sections = [
        {
            _range_title("Samples", ids[i], ids[min(i + per_section, len(ids)) - 1]): [
                f"exercises/{e}.md" for e in ids[i : i + per_section]
            ]
        }
        for i in range(0, len(ids), per_section)
    ]
    if per_shelf:
        sections = [
            {
                _range_title(
                    "Shelf", _first_id(sections[i]), _last_id(sections[min(i + per_shelf, len(sections)) - 1])
                ): sections[i : i + per_shelf]
            }
            for i in range(0, len(sections), per_shelf)
        ]
    library.extend(sections)
    new_block = yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True, width=1000)
    config.write_text(text[: match.start()] + new_block + text[match.end() :], encoding="utf-8")
    return len(sections)


def _range_title(word, first, last):
    return f"{word} {first.split('-')[-1]}–{last.split('-')[-1]}"


def _first_id(section):
    return next(iter(section.values()))[0].split("/")[-1][:-3]


def _last_id(section):
    return next(iter(section.values()))[-1].split("/")[-1][:-3]


def _find_list_with(node, page):
    """The nav list that directly holds `page`, searched depth first."""
    if isinstance(node, list):
        if page in node or any(isinstance(i, dict) and page in i.values() for i in node):
            return node
        children = node
    elif isinstance(node, dict):
        children = node.values()
    else:
        return None
    for child in children:
        found = _find_list_with(child, page)
        if found is not None:
            return found
    return None


# Material's social plugin in mkdocs.yml's plugins list, with or without options.
_SOCIAL = re.compile(r"^(?P<indent>[ \t]*)- social:?[ \t]*$", re.M)


def without_social_cards(config_text: str) -> str:
    """mkdocs.yml with Material's preview cards switched off (`enabled: false`).

    The cards are Material's, not the macros': both sides of a comparison draw
    the same card for the same page, which at 1,000 exercises is about half
    of a clean build's CPU. Left on, they dilute the macros' share of a build
    (1.13 x with them against 1.20 x without on the same engine), so the
    synthetic kits leave them off by default (bench_kit --social-cards keeps
    them). The real-site figure keeps the whole real configuration.
    """
    return _SOCIAL.sub(lambda m: f"{m['indent']}- social:\n{m['indent']}    enabled: false", config_text, count=1)


def make_static(macro_kit: pathlib.Path, static_kit: pathlib.Path, ids, render_pages):
    """The same site with the macro output pasted into the pages as static text.

    The generated exercise pages and the exercise library page are rendered
    once by the kit's own macros (`render_pages(kit, sources)`, see engine.py)
    and written to docs/; each carries the meta the macro set plus
    `render_macros: false`, so mkdocs-macros leaves it alone, as it would a
    hand-written page. The generated YAML files are dropped, so the hooks make
    no page for them. The real exercises and every other page stay as they are.
    """
    shutil.copytree(macro_kit, static_kit, ignore=shutil.ignore_patterns("__pycache__", ".cache", "site"))
    sources = [f"exercises/{i}.md" for i in ids] + [LIBRARY_PAGE]
    rendered = render_pages(macro_kit, sources)["pages"]
    for src in sources:
        write_page(static_kit / "docs" / src, dict(rendered[src]["meta"], render_macros=False), rendered[src]["body"])
    for new_id in ids:
        (static_kit / "exercises" / f"{new_id}.yml").unlink()


def write_page(path: pathlib.Path, meta: dict, body: str):
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) if meta else ""
    path.write_text(f"---\n{front}---\n{body}" if front else body, encoding="utf-8")


def make_kit(
    root, dest, count, per_section, per_shelf=0, from_worktree=False, strict=True, commit="HEAD", social_cards=False
):
    """A macro kit of `count` generated exercises; returns (model, ids, nav groups)."""
    copy_project(root, dest, from_worktree, commit)
    config = dest / "mkdocs.yml"
    if not strict:
        config.write_text(re.sub(r"^strict: true", "strict: false", config.read_text(), flags=re.M))
    if not social_cards:
        config.write_text(without_social_cards(config.read_text()))
    model, ids = write_exercises(dest, count)
    sections = rewrite_nav(dest, ids, per_section, per_shelf)
    return model, ids, sections
