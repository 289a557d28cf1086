"""Make every PDF of the kit into the built site, rendering only what changed.

Called once per build, after MkDocs has written the pages. Work:
1. plan each PDF from the exercises and workshops the pages were built from,
   and key it by its inputs (macros/pdf/cache.py); copy the ones the cache has;
2. make the HTML of the rest only, and render them in parallel on every
   core, checking that each worksheet fits its page; any misfit fails the
   build, naming exercise and paper;
3. report what it did in one log line, which the tests read.

Under `mkdocs serve` nothing is rendered: MkDocs has replaced site_url with
the preview address, and rendering would slow every save. The PDFs of the
last full build are copied instead.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import pathlib
import signal
import time

from ..kit import processes
from ..kit.address import is_preview
from ..kit.problems import KitProblem
from . import jobs as pdf_jobs
from . import scripts
from .cache import PdfCache, job_key, renderer_digest

log = logging.getLogger("mkdocs.plugins.common_ground.pdf")
CACHE_DIR = ".cache/pdf"


class PdfError(KitProblem):
    """PDFs could not be made; the message lists every reason."""


@dataclasses.dataclass
class Stats:
    files: int = 0
    rendered: int = 0
    cached: int = 0
    pages_rendered: int = 0
    render_seconds: float = 0.0
    seconds: float = 0.0
    workers: int = 0

    def add(self, other: Stats) -> None:
        """Count another step's PDFs in this summary."""
        self.files += other.files
        self.rendered += other.rendered
        self.cached += other.cached
        self.pages_rendered += other.pages_rendered
        self.render_seconds += other.render_seconds
        self.workers = max(self.workers, other.workers)

    def line(self) -> str:
        rendering = ""
        if self.rendered:
            rendering = (
                f" Rendering took {self.render_seconds:.2f} s on {self.workers} workers, "
                f"{self.render_seconds / self.pages_rendered:.3f} s per page."
            )
        return (
            f"PDFs: {self.files} files, {self.rendered} rendered ({self.pages_rendered} pages), "
            f"{self.cached} from cache, {self.seconds:.2f} s in all.{rendering}"
        )


def build_pdfs(root, site_dir, site: pdf_jobs.Site, data, cache_dir=None, checkup=None, earlier=None) -> Stats:
    """Every PDF into site_dir; raises PdfError when one cannot be made.

    `data` is the (library, workshops) the pages were built from; `earlier`
    is what an earlier step of the same build made (the booklets,
    macros/pdf/booklets.py), counted in the one summary line and kept in the
    cache manifest.
    """
    started = time.perf_counter()
    root = pathlib.Path(root)
    library, by_id = data
    planned = pdf_jobs.plan_all(site, library, by_id, checkup)
    cache = PdfCache(pathlib.Path(cache_dir) if cache_dir else root / CACHE_DIR)
    made = copy_or_render(planned, cache, renderer_digest(site.templates_dir), site_dir)
    stats, keys = made.stats, made.keys
    if earlier is not None:
        stats.add(earlier.stats)
        keys = {**earlier.keys, **keys}
    cache.write_manifest(keys)
    cache.prune(set(keys.values()))
    stats.seconds = time.perf_counter() - started + (earlier.stats.seconds if earlier is not None else 0.0)
    log.info(stats.line())
    return stats


@dataclasses.dataclass
class Earlier:
    """PDFs copied or rendered by one call of copy_or_render: how, and each one's cache key."""

    stats: Stats
    keys: dict  # output -> cache key
    pages: dict = dataclasses.field(default_factory=dict)  # output -> pages, of the PDFs rendered here


def copy_or_render(planned: list, cache: PdfCache, renderer: str, site_dir) -> Earlier:
    """Copy each planned PDF from the cache, or make its HTML and render it."""
    started = time.perf_counter()
    keys = {p.output: job_key(p.inputs, renderer) for p in planned}
    site_dir = pathlib.Path(site_dir)
    # Each entry is checked as it is copied; only a PDF the cache lacks, or
    # holds damaged, has its HTML made.
    todo = [p.make() for p in planned if not cache.copy_to(keys[p.output], site_dir / p.output)]
    for key in cache.damaged:
        output = next((out for out, k in keys.items() if k == key), None)
        if output is None:
            continue  # damaged in an earlier step of this build, and said then
        log.info(
            f"PDF cache: the entry for {output} was damaged (its length or digest changed since it was "
            "stored); rendering it again"
        )
    stats = Stats(files=len(planned), cached=len(planned) - len(todo))
    pages = {}
    for result in render_all(todo, stats):
        target = site_dir / result.output
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(result.pdf)
        cache.put(keys[result.output], result.pdf)
        pages[result.output] = result.pages
    stats.seconds = time.perf_counter() - started
    return Earlier(stats, keys, pages)


# (site_dir, output) -> cache key already copied there by this process. serve
# keeps its site folder between rebuilds, so each PDF is copied once, not
# once per save.
_COPIED: dict = {}


def copy_last_build(root, site_dir, cache_dir=None) -> int:
    """Under serve: publish the PDFs of the last full build, render none."""
    cache = PdfCache(pathlib.Path(cache_dir) if cache_dir else pathlib.Path(root) / CACHE_DIR)
    copied = kept = 0
    for output, key in cache.manifest().items():
        target = pathlib.Path(site_dir) / output
        if _COPIED.get((str(site_dir), output)) == key and target.is_file():
            kept += 1
        elif cache.copy_to(key, target):
            _COPIED[(str(site_dir), output)] = key
            copied += 1
    log.info(
        f"PDFs: preview copies {copied} PDFs from the last full build"
        f"{f' ({kept} already there)' if kept else ''} and renders none; "
        "run `make site` to refresh them"
    )
    return copied


def render_all(jobs: list, stats: Stats) -> list:
    """Render jobs on every core; collect every failure before raising."""
    if not jobs:
        return []
    # Longest first, so no core sits idle at the end waiting on one big pack.
    jobs = sorted(jobs, key=lambda job: (job.one_page != "", -len(job.html)))
    stats.workers = min(len(jobs), os.cpu_count() or 1)
    started = time.perf_counter()
    if stats.workers == 1:
        outcomes = map(_attempt, jobs)
        results, problems = _split(outcomes)
    else:
        # A Pool, not a ProcessPoolExecutor: on Ctrl+C or any error here,
        # leaving the `with` terminates the workers. ProcessPoolExecutor's
        # shutdown waited for work the interrupted workers never finished,
        # and left them hung. Fork, as before, so each worker has its parent's modules.
        context = multiprocessing.get_context("fork")
        with context.Pool(stats.workers, _worker_start, (os.getpid(),)) as pool:
            results, problems = _split(pool.imap(_attempt, jobs))
    if problems:
        raise PdfError(
            "\n".join([f"{len(problems)} PDF problem{'s' if len(problems) != 1 else ''}:", *sorted(problems)])
        )
    stats.render_seconds = time.perf_counter() - started
    stats.rendered = len(results)
    stats.pages_rendered = sum(result.pages for result in results)
    return results


def _worker_start(parent_pid: int) -> None:
    """A worker leaves Ctrl+C to the build, which ends the pool, and dies with the build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    processes.end_with_parent(parent_pid)


def _attempt(job):
    """Render one job in a worker; a misfit comes back as text, not a crash.

    WeasyPrint is imported here, in the workers, so that a build whose PDFs
    all come from the cache never loads it.
    """
    from .render import FitProblem, OutsideResource, render

    try:
        return render(job)
    except (FitProblem, OutsideResource) as problem:
        return str(problem)


def _split(outcomes) -> tuple:
    results, problems = [], []
    for outcome in outcomes:
        (problems if isinstance(outcome, str) else results).append(outcome)
    return results, problems


def strict_build_will_abort() -> bool:
    """True when a strict build has already logged a warning.

    MkDocs counts warnings with a handler on its logger and aborts right
    after this step; rendering PDFs for a build that is about to fail (a
    broken link, say) would only make the maintainer wait longer.
    """
    for handler in logging.getLogger("mkdocs").handlers:
        counts = getattr(handler, "get_counts", None)
        if counts and counts():
            return True
    return False


def publish(root, conf, data, checkup=None, earlier=None) -> None:
    """The build's last step, given MkDocs' config (read as a mapping only),
    the (library, workshops) the pages were built from, and what an earlier
    step made (the booklets, macros/pdf/booklets.py) or None."""
    site_url = conf.get("site_url")
    if is_preview(site_url, conf.get("dev_addr")):
        copy_last_build(root, conf["site_dir"])
        return
    if (conf.get("extra") or {}).get("offline_copy"):
        # The offline copy's pages have .html addresses, and a PDF printed from
        # them would carry one to a page the hosted site does not have: make site
        # puts the hosted build's PDFs into the copy (macros/publish.py).
        log.info("PDFs: none made for the offline copy; it gets the hosted site's")
        return
    if strict_build_will_abort():
        log.info("PDFs: none made, the build has warnings and strict mode stops it")
        return
    if not site_url:
        raise PdfError("set site_url; every printed sheet shows its permanent web address", file="mkdocs.yml")
    library, workshops = data
    # The check-up prints too (its paper version): its text meets the same fonts.
    unprintable = scripts.problems([*library, *workshops.values(), *([checkup] if checkup is not None else [])])
    if unprintable:
        raise PdfError(
            "\n".join(
                [
                    f"{len(unprintable)} text{'s' if len(unprintable) != 1 else ''} the PDFs cannot print:",
                    *map(str, sorted(unprintable)),
                ]
            )
        )
    site = pdf_jobs.Site(str(pathlib.Path(root) / "templates"), site_url, conf["use_directory_urls"])
    build_pdfs(root, conf["site_dir"], site, data, checkup=checkup, earlier=earlier)
