"""Record newly published pages and heading anchors in tests/published-urls.txt.

Usage: `make urls` (builds the site first), or
       python tests/tools/urls.py [SITE_DIR]

Adds every page of the built site and every promised heading anchor that the
list does not hold yet. It never drops a line: an address that no longer
resolves is reported, with the fix (a redirect), and the command exits 1.
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from support.published import URL_LIST, current_urls, read_list, resolve  # noqa: E402

HEADER = """\
# Every address Common Ground has published: pages and the heading anchors we
# promise (h2 ids of guides and of the sources page, every permalinked heading
# of exercise and workshop pages). People paste these into
# tickets and slides, so tests/site/test_links.py fails when one stops resolving.
# Never delete a line: when a page moves, add a redirect in mkdocs.yml
# (plugins > redirects > redirect_maps). Add new ones with `make urls`.
"""


def main(site: pathlib.Path) -> int:
    if not (site / "index.html").is_file():
        print(f"{site} holds no built site: run `make site` first", file=sys.stderr)
        return 2
    listed = read_list()
    added = sorted(set(current_urls(site)) - set(listed))
    URL_LIST.write_text(HEADER + "".join(f"{u}\n" for u in sorted(set(listed) | set(added))), encoding="utf-8")
    for url in added:
        print(f"added    {url}")
    vanished = [problem for problem in (resolve(site, url) for url in listed) if problem]
    for problem in vanished:
        print(f"VANISHED {problem}")
    print(f"{URL_LIST.name}: {len(listed) + len(added)} addresses, {len(added)} new, {len(vanished)} broken")
    if vanished:
        print(
            "Keep every vanished address working: add a redirect_maps entry in mkdocs.yml "
            "('old/page.md': 'new/page.md') or restore the heading id, then run `make urls` again."
        )
        return 1
    return 0


if __name__ == "__main__":
    root = pathlib.Path(__file__).resolve().parents[2]
    sys.exit(main(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "site"))
