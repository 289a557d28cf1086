"""`make site`: build the whole site, check it, and only then put it live.

Run as `python -m macros.publish [project]`. No MkDocs import: it runs the
strict build in a subprocess, as a maintainer would, and works on folders.

What it promises (issue 11):
- one build at a time: a second `make site` waits for the first (a lock
  file, flock), and says so, instead of deleting the folder the first one
  is writing;
- site/ changes only after the new tree passes a check: index.html, the
  theme's assets, every page the sitemap and the nav promise, every PDF
  readable;
- the swap is one atomic rename (Linux renameat2 RENAME_EXCHANGE), so a
  build killed at any moment leaves the previous site/ whole.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import io
import os
import pathlib
import shutil
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ElementTree

SITE = "site"
SCRATCH = "site.tmp"
LOCK = "site.lock"
# What the theme must have shipped for any page to look right.
ASSETS = ("assets/stylesheets/*.css", "assets/javascripts/*.js", "search/search_index.json")


class PublishError(Exception):
    """The new site is incomplete or damaged; site/ was left as it was."""


@contextlib.contextmanager
def one_build_at_a_time(root: pathlib.Path, say=print):
    """Hold the project's build lock; wait, saying so, while another build holds it."""
    with open(root / LOCK, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            say(f"Another `make site` ({holder}) is building this project; waiting for it to finish...")
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(f"pid {os.getpid()}")
        lock.flush()
        yield


def build(root: pathlib.Path, scratch: pathlib.Path, mkdocs: list) -> None:
    """The strict build into the scratch folder; its log goes straight to the terminal."""
    shutil.rmtree(scratch, ignore_errors=True)  # what a killed build left
    result = subprocess.run([*mkdocs, "build", "--strict", "--site-dir", str(scratch)], cwd=root)
    if result.returncode != 0:
        raise PublishError(f"the build failed (exit {result.returncode}); site/ is unchanged")


# --- The check of the built tree --------------------------------------------


def problems_in(tree: pathlib.Path, nav_pages: list) -> list:
    """Everything missing or damaged in a built site; [] when it may go live."""
    problems = []
    if not (tree / "index.html").is_file():
        problems.append("index.html is missing")
    for pattern in ASSETS:
        if not list(tree.glob(pattern)):
            problems.append(f"no {pattern}: the theme's files were not copied")
    for page in sorted(set(sitemap_pages(tree)) | set(nav_pages)):
        target = tree / page / "index.html" if page.endswith("/") or not page else tree / page
        if not target.is_file() or target.stat().st_size == 0:
            problems.append(f"page {page or '/'} is missing ({target.relative_to(tree)})")
    pdfs = sorted(tree.rglob("*.pdf"))
    if not pdfs:
        problems.append("no PDF was published")
    problems += [f"{pdf.relative_to(tree)}: {why}" for pdf in pdfs if (why := unreadable_pdf(pdf))]
    return problems


def sitemap_pages(tree: pathlib.Path) -> list:
    """Paths (relative to the site root) of every page MkDocs listed in sitemap.xml."""
    try:
        urls = [el.text or "" for el in ElementTree.parse(tree / "sitemap.xml").iter() if el.tag.endswith("loc")]
    except (OSError, ElementTree.ParseError) as err:
        return [f"sitemap.xml (unreadable: {err})"]
    paths = [urllib.parse.urlparse(url).path for url in urls]
    base = min(paths, key=len) if paths else "/"  # the home page
    return [urllib.parse.unquote(p[len(base) :]) for p in paths if p.startswith(base)]


def nav_pages(config: pathlib.Path, use_directory_urls: bool = True) -> list:
    """Site paths of the docs pages named in mkdocs.yml's nav (links to elsewhere skipped)."""
    from .kit.yamlsource import YamlProblem, config_nav

    try:
        nav = config_nav(config).get("nav") or []
    except (OSError, YamlProblem):
        return []  # MkDocs read it to build; the sitemap still lists every page
    pages = []

    def walk(entry):
        if isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for item in entry:
                walk(item)
        elif isinstance(entry, str) and entry.endswith(".md") and "://" not in entry:
            path = entry[: -len(".md")]
            if path == "index" or path.endswith("/index"):
                pages.append(path[: -len("index")])
            else:
                pages.append(path + "/" if use_directory_urls else path + ".html")

    walk(nav)
    return pages


def unreadable_pdf(path: pathlib.Path) -> str:
    """Why poppler or a PDF reader would refuse the file, or ''."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        return "not a PDF (no %PDF- header)"
    if b"%%EOF" not in data[-1024:]:
        return "truncated (no %%EOF at the end)"
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if not reader.pages:
            return "has no pages"
        for page in reader.pages:
            page.get_contents()
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        return f"cannot be read ({type(err).__name__}: {err})"
    return ""


# --- Going live ----------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def swap_in(new: pathlib.Path, live: pathlib.Path) -> None:
    """Make `new` the live folder in one step; the old one ends up at `new`."""
    if not live.exists():
        os.rename(new, live)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(live), _RENAME_EXCHANGE) == 0:
            return
    # No atomic exchange (not Linux, or an old kernel): two renames. A build
    # killed between them leaves the old site at site.old, which the next run restores.
    old = live.with_name(live.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(live, old)
    os.rename(new, live)
    os.rename(old, new)


def restore_interrupted(root: pathlib.Path) -> None:
    """Put back a site/ that a build killed mid-swap (two-rename fallback) left at site.old."""
    live, old = root / SITE, root / (SITE + ".old")
    if old.is_dir() and not live.exists():
        os.rename(old, live)
    shutil.rmtree(old, ignore_errors=True)


def publish(root: pathlib.Path, mkdocs: list, say=print) -> int:
    root = root.resolve()
    with one_build_at_a_time(root, say):
        restore_interrupted(root)
        scratch, live = root / SCRATCH, root / SITE
        build(root, scratch, mkdocs)
        problems = problems_in(scratch, nav_pages(root / "mkdocs.yml"))
        if problems:
            raise PublishError("the built site is incomplete, so site/ is unchanged:\n  " + "\n  ".join(problems))
        swap_in(scratch, live)
        shutil.rmtree(scratch, ignore_errors=True)
    pages = sum(1 for _ in live.rglob("*.html"))
    pdfs = sum(1 for _ in live.rglob("*.pdf"))
    say(f"Built site/ ({pages} pages, {pdfs} PDFs)")
    return 0


def main(argv: list) -> int:
    root = pathlib.Path(argv[0]) if argv else pathlib.Path.cwd()
    try:
        return publish(root, [sys.executable, "-m", "mkdocs"])
    except PublishError as err:
        print(f"make site: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
