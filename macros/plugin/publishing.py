"""The publishing setting: the site's address and, optionally, its source repository.

Both come from mkdocs.yml (`site_url`, `repo_url`, `edit_uri`, read from the
environment variables COMMON_GROUND_SITE_URL, COMMON_GROUND_REPO_URL and
COMMON_GROUND_EDIT_URI; the README says how). From there the address reaches
canonical links, the sitemap, preview cards and every PDF's footer and QR
code. The plugin (macros/plugin/plugin.py) calls this module to:

- refuse an address, repository or edit path that is not a plain https
  address (macros/kit/address.py says what each may hold, and the message
  says what is wrong and what a good value looks like);
- say loudly when the address is still the placeholder, and refuse it in a
  release build (the plugin's `release` option: mkdocs.yml reads
  COMMON_GROUND_RELEASE, which `make release` sets to 1);
- point each page's edit link at the file that really holds its content:
  the YAML for exercise and workshop pages, the Markdown for everything else.
  With no repository set, no page has an edit link.
The theme's templates escape these values wherever they print them
(templates/theme/), in case a value the check lets through still means
something to HTML.
"""

import pathlib
import sys
import urllib.parse

from ..kit import address
from . import errors

# Pages made from YAML: docs path prefix -> folder of the YAML, from the project root.
YAML_PAGES = {"exercises/": "exercises", "workshops/": "exercises/workshops"}


def check_setting(config, release: bool) -> None:
    """Stop the build on a bad address, repository or edit path, naming each;
    without a repository, no edit path either."""
    problems = [
        address.repo_url_problem(config.repo_url),
        address.edit_uri_problem(config.edit_uri) if config.repo_url else None,
    ]
    # `mkdocs serve` has put its own address in site_url by now.
    if not address.is_preview(config.site_url, getattr(config, "dev_addr", None)):
        problems.insert(0, address.site_url_problem(config.site_url))
    found = [problem for problem in problems if problem]
    if found:
        raise errors.kit_error("\n".join(found))
    check_address(config.site_url, release)
    if not config.repo_url:
        config.edit_uri = None  # MkDocs warns (and strict fails) on an edit path without a repository


def check_address(site_url, release: bool) -> None:
    """Announce the placeholder address; refuse it in a release build."""
    if not address.is_placeholder(site_url):
        return
    message = (
        f"site_url is still the placeholder {site_url}: canonical links, the sitemap, preview "
        "cards and the address and QR code on every PDF point there. Set "
        "COMMON_GROUND_SITE_URL to the real address (README.md, Publish)."
    )
    if release:
        raise errors.kit_error(f"Release refused: {message}")
    # Printed, not logged: a logged warning would fail the strict build.
    print(f"\n{'!' * 78}\n!! {message}\n{'!' * 78}\n", file=sys.stderr)


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
