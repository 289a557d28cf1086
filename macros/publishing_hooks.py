"""The publishing setting: the site's address and, optionally, its source repository.

Both come from mkdocs.yml (`site_url`, `repo_url`, read from the environment
variables COMMON_GROUND_SITE_URL and COMMON_GROUND_REPO_URL; the README says
how). From there the address reaches canonical links, the sitemap, preview
cards and every PDF's footer and QR code. This hook:

- says loudly when the address is still the placeholder, and refuses it in a
  release build (COMMON_GROUND_RELEASE=1, which `make release` sets);
- points each page's edit link at the file that really holds its content:
  the YAML for exercise and workshop pages, the Markdown for everything else.
  With no repository set, no page has an edit link.
"""

import os
import pathlib
import sys
import urllib.parse

from mkdocs.exceptions import PluginError

PLACEHOLDER_HOST = "common-ground.example.org"
RELEASE_VARIABLE = "COMMON_GROUND_RELEASE"
# Pages made from YAML: docs path prefix -> folder of the YAML, from the project root.
YAML_PAGES = {"exercises/": "exercises", "workshops/": "exercises/workshops"}


def on_config(config):
    check_address(config.site_url, os.environ.get(RELEASE_VARIABLE, "") not in ("", "0"))
    if not config.repo_url:
        config.edit_uri = None  # MkDocs warns (and strict fails) on an edit path without a repository
    return config


def check_address(site_url, release: bool) -> None:
    if not site_url:
        raise PluginError(
            "mkdocs.yml: site_url is empty. Set COMMON_GROUND_SITE_URL to the address the site "
            "is published at, e.g. https://kit.example.com/ (see README.md, Publish)."
        )
    if urllib.parse.urlsplit(site_url).hostname != PLACEHOLDER_HOST:
        return
    message = (
        f"site_url is still the placeholder {site_url}: canonical links, the sitemap, preview "
        "cards and the address and QR code on every PDF point there. Set "
        "COMMON_GROUND_SITE_URL to the real address (README.md, Publish)."
    )
    if release:
        raise PluginError(f"Release refused: {message}")
    # Printed, not logged: a logged warning would fail the strict build.
    print(f"\n{'!' * 78}\n!! {message}\n{'!' * 78}\n", file=sys.stderr)


def on_page_context(context, page, config, nav):
    page.edit_url = edit_url(config, page.file.src_uri)
    return context


def edit_url(config, src_uri: str) -> str | None:
    """Edit address of the file that holds the page's content, or None."""
    if not config.repo_url:
        return None
    source = content_file(pathlib.Path(config.config_file_path).parent, config.docs_dir, src_uri)
    if source is None:
        return None
    base = config.repo_url.rstrip("/") + "/" + (config.edit_uri or "edit/main/").strip("/") + "/"
    return base + urllib.parse.quote(source)


def content_file(root: pathlib.Path, docs_dir: str, src_uri: str) -> str | None:
    """Path, from the project root, of the file a page's content comes from."""
    for prefix, folder in YAML_PAGES.items():
        if src_uri.startswith(prefix) and src_uri.count("/") == 1:
            yaml_file = root / folder / (pathlib.PurePosixPath(src_uri).stem + ".yml")
            if yaml_file.is_file():
                return yaml_file.relative_to(root).as_posix()
    markdown = pathlib.Path(docs_dir) / src_uri
    if markdown.is_file():
        return markdown.resolve().relative_to(root.resolve()).as_posix()
    return None
