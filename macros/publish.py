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
  build killed at any moment leaves the previous site/ whole;
- Ctrl+C, SIGTERM or SIGHUP end the mkdocs child and its PDF workers, remove
  the half-built tree, release the lock and exit non-zero with one line
  (issue 21); the child dies with this process even if it is killed outright;
- site, site.tmp, site.old and site.lock are never followed when they are
  symbolic links: they are refused by name and their targets left alone.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import io
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ElementTree
import zipfile

from macros.kit import paths, processes
from macros.kit.problems import KitProblem, where
from macros.web import served_redirects

SITE = "site"
SCRATCH = "site.tmp"
OLD = "site.old"
LOCK = "site.lock"
OFFLINE = "site.offline"  # the offline copy's build, zipped into the new site, then removed
# The names make site writes to, replaces or deletes. None is ever followed
# when it is a symbolic link: a link committed at site.tmp would have had the
# folder it points at emptied and filled, one at site.lock its file overwritten.
OWN_NAMES = (SITE, SCRATCH, OLD, LOCK, OFFLINE)
# The offline copy's build: Material's offline plugin on (mkdocs.yml, macros/plugin/offline.py).
OFFLINE_ENV = {"COMMON_GROUND_OFFLINE": "true"}
# PDFs an earlier make site read through and found sound, by the SHA-256 of
# their bytes, one a line (CheckedPdfs).
CHECKED_PDFS = pathlib.Path(".cache") / "publish" / "readable-pdfs.txt"
# What the theme must have shipped for any page to look right.
ASSETS = ("assets/stylesheets/*.css", "assets/javascripts/*.js", "search/search_index.json")


class PublishError(KitProblem):
    """The new site is incomplete or damaged; site/ was left as it was."""


class Interrupted(BaseException):
    """Ctrl+C (SIGINT), SIGTERM or SIGHUP: stop, end the build's processes, leave site/ whole.

    A BaseException, as KeyboardInterrupt is, so no `except Exception` on the way swallows it."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.site = "site/ is unchanged"


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _on_stop_signal(signum, frame):
    for stop in STOP_SIGNALS:  # one interrupt is enough: the clean-up is not itself interrupted
        signal.signal(stop, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def _signals_held():
    """Hold back the stop signals for a step that must not be cut in two (the swap)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def refuse_links(root: pathlib.Path) -> None:
    """Stop, touching nothing, when any of make site's own names is a symbolic link."""
    links = [name for name in OWN_NAMES if (root / name).is_symlink()]
    if links:
        raise PublishError(
            "\n  ".join(
                [
                    "nothing was built or changed:",
                    *(f"{name} is a symbolic link; make site never writes through one" for name in links),
                    f"Remove {'them' if len(links) > 1 else 'it'} (rm {' '.join(links)} removes the links, not what "
                    "they point at). These names are the build's own, so to publish elsewhere copy site/ there "
                    "after the build.",
                ]
            )
        )


def _open_lock(path: pathlib.Path):
    """The lock file, opened without following a link (O_NOFOLLOW), created if missing."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as err:
        raise PublishError(f"{path.name} cannot be used as the build's lock ({err.strerror}); remove it") from None
    return os.fdopen(fd, "r+")


@contextlib.contextmanager
def one_build_at_a_time(root: pathlib.Path, say=print):
    """Hold the project's build lock; wait, saying so, while another build holds it."""
    with _open_lock(root / LOCK) as lock:
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


def build(root: pathlib.Path, scratch: pathlib.Path, mkdocs: list, env: dict | None = None) -> None:
    """The strict build into the scratch folder; its log goes straight to the terminal.

    `env` adds environment variables (the offline copy's build)."""
    _clear(scratch)  # what a killed build left
    scratch.mkdir()  # made here, so the build writes into a folder of its own
    parent = os.getpid()

    def in_the_child():
        # Ctrl+C is this process's to handle: it ends the build itself, so
        # mkdocs prints nothing half-way. And mkdocs dies with this process,
        # even one killed with SIGKILL (its PDF workers die with mkdocs).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        processes.end_with_parent(parent)

    child = subprocess.Popen(
        [*mkdocs, "build", "--strict", "--site-dir", str(scratch)],
        cwd=root,
        env={**os.environ, **(env or {})},
        preexec_fn=in_the_child,
    )
    try:
        returncode = child.wait()
    except BaseException:
        child.kill()
        child.wait()
        raise
    if returncode != 0:
        raise PublishError(f"the build failed (exit {returncode}); site/ is unchanged")


def _clear(path: pathlib.Path) -> None:
    """Remove what is at one of make site's names; a link there was refused before the lock."""
    if path.is_symlink():
        raise PublishError(f"{path.name} is a symbolic link; make site never writes through one")
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


# --- The offline copy ------------------------------------------------------------


def add_offline_copy(
    root: pathlib.Path, site: pathlib.Path, mkdocs: list, scratch: pathlib.Path, env: dict | None = None
) -> str:
    """Build the site for opening from a file into `scratch`, and zip it into `site` (issue 25).

    The hosted site keeps the directory addresses teams paste; this second
    strict build, with Material's offline plugin on, gives every page an
    address ending in .html and a search that reads a script. It makes no
    PDF: the copy gets the hosted build's, whose printed addresses and QR
    codes lead to the hosted pages. Returns one line for the build's log."""
    started = time.monotonic()
    try:
        build(root, scratch, mkdocs, {**(env or {}), **OFFLINE_ENV})
        if (site / "pdf").is_dir():
            shutil.copytree(site / "pdf", scratch / "pdf", dirs_exist_ok=True)
        # The 404 page is a web server's: its links start at the server's root,
        # which from a file is the root of the disk. Nobody opens it from a folder.
        (scratch / "404.html").unlink(missing_ok=True)
        zipped = site / paths.OFFLINE_ZIP
        files = zip_tree(scratch, zipped, paths.OFFLINE_FOLDER)
    finally:
        _clear(scratch)
    seconds = time.monotonic() - started
    megabytes = zipped.stat().st_size / 1e6
    return (
        f"Offline copy: {files} files in {paths.OFFLINE_ZIP} ({megabytes:.1f} MB), built and zipped in {seconds:.1f} s"
    )


def zip_tree(tree: pathlib.Path, zipped: pathlib.Path, folder: str) -> int:
    """Zip every file under `tree` into `zipped`, inside one `folder`, in a stable order."""
    zipped.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in tree.rglob("*") if p.is_file() and not p.is_symlink())
    partial = zipped.with_name(zipped.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            archive.write(path, f"{folder}/{path.relative_to(tree).as_posix()}")
    partial.replace(zipped)
    return len(files)


def offline_copy_problem(tree: pathlib.Path) -> str:
    """Why the offline copy in a built site would not open, or ''."""
    zipped = tree / paths.OFFLINE_ZIP
    if not zipped.is_file():
        return f"{paths.OFFLINE_ZIP} is missing: the offline copy was not built"
    try:
        with zipfile.ZipFile(zipped) as archive:
            names = set(archive.namelist())
            damaged = archive.testzip()
    except (zipfile.BadZipFile, OSError) as err:
        return f"{paths.OFFLINE_ZIP} cannot be read ({err})"
    if damaged:
        return where(paths.OFFLINE_ZIP) + f"{damaged} is damaged"
    wanted = [f"{paths.OFFLINE_FOLDER}/{name}" for name in ("index.html", "search/search_index.js")]
    missing = [name for name in wanted if name not in names]
    return f"{paths.OFFLINE_ZIP} lacks {', '.join(missing)}" if missing else ""


# --- The check of the built tree --------------------------------------------


def problems_in(tree: pathlib.Path, nav_pages: list, checked: CheckedPdfs | None = None) -> list:
    """Everything missing or damaged in a built site; [] when it may go live.

    `checked`: PDFs found sound before, which need not be parsed again."""
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
    if why := offline_copy_problem(tree):
        problems.append(why)
    pdfs = sorted(tree.rglob("*.pdf"))
    if not pdfs:
        problems.append("no PDF was published")
    check = checked.problem if checked is not None else unreadable_pdf
    problems += [where(pdf.relative_to(tree)) + why for pdf in pdfs if (why := check(pdf))]
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


def site_base(tree: pathlib.Path) -> str:
    """The site's path on its host ('/', or '/kit/' for https://host/kit/): the home page's, in sitemap.xml."""
    try:
        urls = [el.text or "" for el in ElementTree.parse(tree / "sitemap.xml").iter() if el.tag.endswith("loc")]
    except (OSError, ElementTree.ParseError):
        return "/"
    paths = [urllib.parse.urlparse(url).path for url in urls]
    return urllib.parse.unquote(min(paths, key=len)) if paths else "/"


def write_redirect_map(tree: pathlib.Path) -> None:
    """The redirect pages as nginx 301s, site/.nginx-redirects.map (.ci/deploy/nginx/ includes it)."""
    try:
        served_redirects.write_nginx_map(tree, site_base(tree))
    except served_redirects.RedirectMapError as err:
        raise PublishError(
            f"{err.message}; the redirect map for nginx cannot be written, so site/ is unchanged",
            file=err.file,
            line=err.line,
            field=err.field,
        ) from None


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
    return _unreadable(path.read_bytes())


class CheckedPdfs:
    """The PDFs an earlier make site found sound, by the SHA-256 of their bytes.

    Reading every page of every PDF with pypdf took about 6 s of CPU for the
    site's 68 PDFs, on each make site, although an unchanged build publishes
    the same bytes again. A PDF whose digest is listed was read through
    before, byte for byte the same, so it is not parsed again; a truncated,
    flipped or new file has another digest and is read. The list is kept in
    .cache/ (CHECKED_PDFS) and holds digests only; a missing or unreadable list
    means every PDF is read, and one that cannot be written costs only time."""

    def __init__(self, path: pathlib.Path):
        self.path = path
        try:
            listed = path.read_text(encoding="ascii").split()
        except (OSError, ValueError):
            listed = []
        self.known = {line for line in listed if _SHA256.fullmatch(line)}
        self.sound: set = set()  # digests of this build's PDFs found sound

    def problem(self, pdf: pathlib.Path) -> str:
        """Why the PDF would be refused, or ''."""
        data = pdf.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        why = "" if digest in self.known else _unreadable(data)
        if not why:
            self.sound.add(digest)
        return why

    def save(self) -> None:
        """Keep this build's sound PDFs for the next make site (only theirs: the list does not grow)."""
        if self.sound == self.known:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
            partial.write_text("".join(f"{d}\n" for d in sorted(self.sound)), encoding="ascii")
            partial.replace(self.path)


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _unreadable(data: bytes) -> str:
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
    live, old = root / SITE, root / OLD
    if old.is_dir() and not old.is_symlink() and not live.exists() and not live.is_symlink():
        os.rename(old, live)
    if old.exists() and not old.is_symlink():
        _clear(old)


def publish(root: pathlib.Path, mkdocs: list, say=print) -> int:
    root = root.resolve()
    refuse_links(root)
    with one_build_at_a_time(root, say):
        restore_interrupted(root)
        scratch, live = root / SCRATCH, root / SITE
        swapped = False
        try:
            build(root, scratch, mkdocs)
            offline = add_offline_copy(root, scratch, mkdocs, root / OFFLINE)
            checked = CheckedPdfs(root / CHECKED_PDFS)
            problems = problems_in(scratch, nav_pages(root / "mkdocs.yml"), checked)
            checked.save()
            if problems:
                raise PublishError("the built site is incomplete, so site/ is unchanged:\n  " + "\n  ".join(problems))
            write_redirect_map(scratch)
            with _signals_held():
                swap_in(scratch, live)
                swapped = True
            _clear(scratch)
        except Interrupted as stop:
            if swapped:
                stop.site = "the new site/ is in place"
            _clear(scratch)  # the half-built tree, or the old one after the swap
            raise
    pages = sum(1 for _ in live.rglob("*.html"))
    pdfs = sum(1 for _ in live.rglob("*.pdf"))
    say(offline)
    say(f"Built site/ ({pages} pages, {pdfs} PDFs)")
    return 0


def main(argv: list) -> int:
    root = pathlib.Path(argv[0]) if argv else pathlib.Path.cwd()
    for stop in STOP_SIGNALS:
        signal.signal(stop, _on_stop_signal)
    try:
        return publish(root, [sys.executable, "-m", "mkdocs"])
    except PublishError as err:
        print(f"make site: {err}", file=sys.stderr)
        return 1
    except Interrupted as stop:
        print(f"make site: interrupted ({stop}); {stop.site}", file=sys.stderr)
        return 128 + stop.signum


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
