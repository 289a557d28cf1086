"""MkDocs hooks (mkdocs.yml `hooks:`) that keep guide Markdown plain.

- Every guide gets a header under its title, built from its front matter,
  its place on the reading path (the nav) and the exercises whose YAML names
  it, rendered from templates/guide_header.html.j2 with the kit's escaping
  Jinja environment: front-matter text is data, never a template.
- Every page but the glossary gets the glossary's tooltips, made from the
  same list as the glossary page (docs/includes/glossary.yml), and every
  tooltip can be reached with the keyboard.
- Every page's tags come from the allowed list (docs/includes/tags.yml);
  any other tag stops the build with file, line and field.
- "Next" from Start here goes to the first guide, from a track to the first of its path.
- Every source claim gets its footnote from the claims ledger, and a page
  whose markers and ledger disagree stops the build (macros/web/citations.py).

Hooks run after the plugins in mkdocs.yml, so the Markdown seen here has
already been through the macros: nothing added here is read as Jinja.
"""

from __future__ import annotations

import pathlib
import re
import sys

_PROJECT = pathlib.Path(__file__).resolve().parent.parent
if str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from mkdocs.exceptions import PluginError  # noqa: E402

from macros import templating  # noqa: E402
from macros.kit import claims, loaded, reads  # noqa: E402
from macros.web import citations, glossary, guides  # noqa: E402
from macros.web.reading_lists import GuideError, read_front_matter  # noqa: E402

GLOSSARY_PAGE = "onboarding/glossary.md"
START_PAGES = ("onboarding/index.md",)
TRACK_PAGE = re.compile(r"^onboarding/[a-z0-9-]+-track\.md$")


class _Build:
    """What on_config works out once per build for every page."""

    root = _PROJECT
    allowed_tags: dict = {}
    abbreviations = ""
    path: list = []
    titles: dict = {}
    library = None
    known: dict = {}
    ledger = None


_build = _Build()


def _fail(err) -> PluginError:
    return PluginError(str(err))


def on_config(config, **kwargs):
    root = pathlib.Path(config["config_file_path"]).parent
    docs = pathlib.Path(config["docs_dir"])
    _build.root = root
    try:
        _build.allowed_tags = guides.load_allowed_tags(docs / "includes" / "tags.yml")
        _build.abbreviations = glossary.abbreviations(glossary.load(docs))
        read = guides.load_guides(docs, config["nav"], _build.allowed_tags)
        _build.ledger = claims.load(root)
    except (GuideError, claims.LedgerError) as err:
        raise _fail(err) from None
    _build.path = [g.src for g in read]
    _build.titles = {g.src: g.title for g in read}
    # Loaded and checked by the macros already this build: the same objects.
    _build.library, _build.known = loaded.kit(root, docs, config)
    try:
        guides.check_yaml_tags([*_build.library, *_build.known.values()], _build.allowed_tags)
    except GuideError as err:
        raise _fail(err) from None
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    if page.meta.get("tags") and page.file.abs_src_path:  # generated pages: checked in their YAML
        # page.meta holds the front matter made inert (macros/hooks.py); the
        # allowed list is checked against the tags as typed.
        path = pathlib.Path(page.file.abs_src_path)
        try:
            guides.check_tags(path, read_front_matter(path), _build.allowed_tags)
        except GuideError as err:
            raise _fail(err) from None
    if guides.is_guide(page.file.src_uri):
        # Guides outrank exercises and workshops that share their topic word.
        page.meta.setdefault("search", {"boost": 2})
        # The header shows these files' titles: under `make serve` a change
        # to any of them rebuilds this guide (the preview records reads for the
        # page being built, which is this one until on_page_content).
        found = guides.practice(page.file.src_uri, _build.library, _build.known)
        reads.record("exercises/*.yml", *(ex.file for ex in found["exercises"]), *(w.file for w in found["workshops"]))
    try:
        markdown = citations.cite(
            _build.root / "templates", _build.ledger, page.file.src_uri, markdown, page.file.content_string
        )
    except claims.LedgerError as err:
        raise _fail(err) from None
    if page.file.src_uri == GLOSSARY_PAGE:
        return markdown  # the glossary shows the definitions in full
    return f"{markdown}\n\n{_build.abbreviations}\n"


def on_page_content(html, page, config, files, **kwargs):
    html = _focusable_terms(html)
    src = page.file.src_uri
    if src not in _build.path:
        return html
    head, sep, rest = html.partition("</h1>")
    if not sep:
        raise PluginError(f"docs/{src}: a guide needs a '# Title' heading for its header to sit under")
    return head + sep + "\n" + _header(page, src) + rest


# A link, whole: a term inside one is reached by tabbing to the link, and a
# focusable element inside a link is invalid HTML.
_LINK = re.compile(r"(<a\b[^>]*>.*?</a>)", re.S)


def _focusable_terms(html: str) -> str:
    """Tooltips open on focus as well as hover (Material's content.tooltips),
    so each glossary term outside a link can be reached with Tab."""
    parts = _LINK.split(html)
    for i in range(0, len(parts), 2):  # the even parts lie between links
        parts[i] = parts[i].replace("<abbr title=", '<abbr tabindex="0" title=')
    return "".join(parts)


def _header(page, src: str) -> str:
    step = _build.path.index(src)
    meta = read_front_matter(pathlib.Path(page.file.abs_src_path))

    def neighbour(index):
        if 0 <= index < len(_build.path):
            other = _build.path[index]
            return {"title": _build.titles[other], "href": templating.page_href(page.url, other)}
        return None

    found = guides.practice(src, _build.library, _build.known)
    template = templating.environment(str(_build.root / "templates")).get_template("guide_header.html.j2")
    return templating.squeeze(
        template.render(
            guide=meta,
            slug=src[len(guides.PLAYBOOK) : -len(".md")],
            step=step + 1,
            total=len(_build.path),
            previous=neighbour(step - 1),
            next=neighbour(step + 1),
            path_href=templating.page_href(page.url, "onboarding/index.md#reading-path"),
            exercises=[
                {
                    "title": ex["title"],
                    "minutes": ex["minutes"]["run"],
                    "href": templating.page_href(page.url, f"exercises/{ex.id}.md"),
                }
                for ex in found["exercises"]
            ],
            workshops=[
                {"title": w["title"], "href": templating.page_href(page.url, f"workshops/{w.id}.md")}
                for w in found["workshops"]
            ],
        )
    )


def on_page_context(context, page, config, nav, **kwargs):
    src = page.file.src_uri
    if (src in START_PAGES or TRACK_PAGE.match(src)) and _build.path:
        # A track reads its own path first; Start here reads the playbook's order.
        start = (page.meta.get("track") or {}).get("path") or _build.path
        first = next((p for p in nav.pages if p.file.src_uri == start[0]), None)
        if first is not None:
            page.next_page = first
    return context
