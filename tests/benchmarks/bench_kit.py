"""Benchmark: how build, PDF and preview times grow with the size of the kit.

    make benchmark                      # the default run (about 20 min on 2 cores)
    make benchmark ARGS=--quick         # a smoke run of a minute or two
    .venv/bin/python tests/benchmarks/bench_kit.py --help

It generates kits of N exercises in a scratch folder (the committed site plus
N copies of a real exercise's YAML file, their pages in nav sections), builds
each one several times and prints a table of figures against the targets in
issue 7. It also times the real site's `make site` with nothing changed
against the same site with the macros stripped (realsite.py). docs/about/performance.md records the latest table and the method.
Not a test: pytest does not collect this folder's files, and nothing here
asserts a timing.
"""

import argparse
import datetime
import json
import math
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

import kit
import measure
import realsite
import report

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET_RATIO, TARGET_FLAT, TARGET_PDF_PAGE, TARGET_PDF_SHARE, TARGET_SERVE = 1.15, 1.5, 0.1, 0.05, 1.5


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog="--report RUN.json reprints the table of a run saved with --json."
    )
    parser.add_argument("--sizes", default="50,200,1000", help="exercise counts (default 50,200,1000)")
    parser.add_argument(
        "--pdf-sizes",
        default="50,200",
        help="sizes whose clean builds also make PDFs (default 50,200; 'all' for every size)",
    )
    parser.add_argument("--runs", type=int, default=3, help="builds per figure; the median is reported (default 3)")
    parser.add_argument("--runs-largest", type=int, help="builds per figure at the largest size only (default: --runs)")
    parser.add_argument(
        "--serve-size", type=int, default=200, help="kit size for the serve test (default 200; 0 for none)"
    )
    parser.add_argument("--serve-trials", type=int, default=5, help="edits timed in serve (default 5)")
    parser.add_argument("--per-section", type=int, default=25, help="exercises per nav section (default 25)")
    parser.add_argument(
        "--per-shelf",
        type=int,
        default=10,
        help="sections per shelf, a nav level above sections; 0 for none (default 10)",
    )
    parser.add_argument(
        "--serve-only",
        action="store_true",
        help="only the preview figure: at each of --sizes, time --serve-trials edits "
        "with `make serve`'s command running",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 10,40, one run, 2 serve edits")
    parser.add_argument("--worktree", action="store_true", help="copy the working tree instead of the last commit")
    parser.add_argument(
        "--commit", default="HEAD", help="measure the project at this commit, e.g. main before a change (default HEAD)"
    )
    parser.add_argument(
        "--real-runs",
        type=int,
        default=5,
        help="unchanged `make site` of the real site against its macros-stripped twin, "
        "this many times each (default 5; 0 for none)",
    )
    parser.add_argument("--real-only", action="store_true", help="only the real-site figure")
    parser.add_argument(
        "--social-cards",
        action="store_true",
        help="keep Material's preview cards on in the synthetic kits (off by default: they cost "
        "both sides the same and dilute the macros' share; the real-site figure always keeps them)",
    )
    parser.add_argument(
        "--no-strict", action="store_true", help="build without --strict (only to try a working tree that has warnings)"
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="SIZE",
        help="also profile one clean build at SIZE with cProfile and print the top lines",
    )
    parser.add_argument(
        "--budget-minutes",
        type=float,
        default=25,
        help="skip a size whose builds are projected to overrun this (default 25)",
    )
    parser.add_argument("--json", type=pathlib.Path, help="write every figure to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.pdf_sizes, args.runs = "10,40", "10,40", 1
        args.serve_size, args.serve_trials = 40, 2
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.pdf_sizes = args.sizes if args.pdf_sizes == "all" else [int(s) for s in args.pdf_sizes.split(",") if s]
    if args.serve_only:
        return args
    if args.serve_size and args.serve_size not in args.sizes:
        args.sizes = sorted(args.sizes + [args.serve_size])
    return args


def say(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def runs_for(args, size):
    return args.runs_largest if args.runs_largest and size == max(args.sizes) else args.runs


def new_kit(args, dest, size):
    """A synthetic kit of `size` exercises as the command line asks; (model, ids, nav groups)."""
    return kit.make_kit(
        ROOT,
        dest,
        size,
        args.per_section,
        args.per_shelf,
        args.worktree,
        strict=not args.no_strict,
        commit=args.commit,
        social_cards=args.social_cards,
    )


def bench_size(args, work, size, renderer):
    """Every figure for one kit size."""
    runs = runs_for(args, size)
    macro_kit, static_kit = work / f"kit-{size}", work / f"static-{size}"
    model, ids, sections = new_kit(args, macro_kit, size)
    kit.make_static(macro_kit, static_kit, ids, renderer)
    say(f"{size} exercises: kit ready ({sections} top nav groups), model exercise {model}")
    fig = {"size": size, "runs": runs, "macro": [], "static": [], "macro_warm": []}
    # Macros and static builds alternate (ABBA) so that a slow spell of the
    # machine hits both sides alike. The post-build step (PDFs) is left out
    # here: it is timed on its own below.
    for run in range(runs):
        order = [("macro", macro_kit), ("static", static_kit)]
        for name, path in order if run % 2 == 0 else order[::-1]:
            measure.clear_caches(path)
            fig[name].append(measure.build(path, path / "site", skip_post_build=True))
        # A maintainer's clean build: site/ removed, .cache/ kept, so the
        # YAML files checked by the build before come from .cache/yaml/.
        shutil.rmtree(macro_kit / "site", ignore_errors=True)
        fig["macro_warm"].append(measure.build(macro_kit, macro_kit / "site", skip_post_build=True))
        say(
            f"{size}: run {run + 1}: macros {fig['macro'][-1]['build_seconds']:.2f} s, "
            f"static {fig['static'][-1]['build_seconds']:.2f} s, "
            f"macros with .cache kept {fig['macro_warm'][-1]['build_seconds']:.2f} s"
        )
    with_pdfs = size in args.pdf_sizes
    fig["with_pdfs"] = with_pdfs
    fig["pdf_clean"] = []
    if with_pdfs:
        for _ in range(runs):
            measure.clear_caches(macro_kit)
            facts = measure.build(macro_kit, macro_kit / "site")
            facts["pdf_files"], facts["pdf_pages"] = measure.pdf_pages(macro_kit / "site")
            fig["pdf_clean"].append(facts)
            say(
                f"{size}: clean build with PDFs {facts['build_seconds']:.2f} s, post-build "
                f"{facts['post_build_seconds']:.2f} s, {facts['pdf_pages']} PDF pages"
            )
    fig["rebuild_same"], fig["rebuild_edit"] = [], []
    for run in range(runs):
        fig["rebuild_same"].append(measure.build(macro_kit, macro_kit / "site", skip_post_build=not with_pdfs))
        marker = f"Benchmark edit {size} {run}"
        measure.edit_exercise(macro_kit, ids[0], marker)
        facts = measure.build(macro_kit, macro_kit / "site", skip_post_build=not with_pdfs)
        page = (macro_kit / "site/exercises" / ids[0] / "index.html").read_text(encoding="utf-8")
        if marker not in page:
            raise SystemExit(f"bench: the rebuild after editing {ids[0]}.yml still shows the old text")
        fig["rebuild_edit"].append(facts)
    say(
        f"{size}: rebuilds {fig['rebuild_same'][-1]['build_seconds']:.2f} s unchanged, "
        f"{fig['rebuild_edit'][-1]['build_seconds']:.2f} s after one edit"
    )
    if size == args.serve_size:
        fig["serve"] = measure.serve_latency(macro_kit, ids[len(ids) // 2], args.serve_trials)
        say(f"{size}: serve shows an edit after {fig['serve']['latencies']}")
    if args.profile == size:
        fig["profile"] = profile_build(macro_kit, work / f"build-{size}.prof")
    for path in (macro_kit, static_kit):
        shutil.rmtree(path / "site", ignore_errors=True)
    return fig


def over_budget(args, figures, size, spent):
    """Why `size` would overrun the time budget, or "" if it fits.

    Build time is projected from the two largest sizes done so far, as
    t ~ n^k with k between 1 and 2 (one size done: k = 1.5).
    """
    done = [f for f in figures if "skipped" not in f]
    if not done:
        return ""
    points = [(f["size"], statistics.median(m["build_seconds"] for m in f["macro"])) for f in done[-2:]]
    k = 1.5
    if len(points) == 2 and points[1][0] != points[0][0] and points[0][1] > 0:
        k = math.log(points[1][1] / points[0][1]) / math.log(points[1][0] / points[0][0])
        k = min(2.0, max(1.0, k))
    one_build = points[-1][1] * (size / points[-1][0]) ** k
    builds = 4 * runs_for(args, size) + (runs_for(args, size) * 3 if size in args.pdf_sizes else 0)
    projected = one_build * builds + (60 if size == args.serve_size else 0)
    remaining = args.budget_minutes * 60 - spent
    if projected > remaining:
        return (
            f"projected {projected / 60:.0f} min ({one_build:.0f} s a build, t ~ n^{k:.2f}) "
            f"but {max(remaining, 0) / 60:.0f} min of the budget left"
        )
    return ""


def profile_build(path, out):
    import io
    import pstats

    measure.clear_caches(path)
    measure.build(path, path / "site", profile=out)
    text = io.StringIO()
    stats = pstats.Stats(str(out), stream=text)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    return text.getvalue()


def reprint(path):
    """The table of a run saved with --json, without running anything."""
    saved = json.loads(pathlib.Path(path).read_text())
    args = argparse.Namespace(**saved["args"])
    print(
        report.table(
            summarise(saved["figures"], args, saved["machine"]),
            args.sizes,
            saved.get("title", "Saved benchmark run"),
            saved["machine"],
        )
    )
    return 0


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    if argv[:1] == ["--report"]:
        return reprint(argv[1])
    args = parse_args(argv)
    import engine  # here, so --help works before the engine exists

    if args.no_strict:
        measure.STRICT.clear()

    if args.serve_only:
        return serve_only(args)
    info = report.machine()
    load_before = os.getloadavg()
    work = pathlib.Path(tempfile.mkdtemp(prefix="cg-bench-"))
    started = time.perf_counter()
    say(f"scratch folder {work}; sizes {args.sizes}, PDFs at {args.pdf_sizes}, {args.runs} runs each")
    real = None
    try:
        if args.real_runs:
            real = realsite.bench(ROOT, work, args.real_runs, engine.render_pages, say, args.worktree, args.commit)
        figures = []
        for size in [] if args.real_only else args.sizes:
            reason = over_budget(args, figures, size, time.perf_counter() - started)
            if reason:
                say(f"{size}: skipped, {reason}")
                figures.append({"size": size, "skipped": reason})
                continue
            figures.append(bench_size(args, work, size, engine.render_pages))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - started
    info["commit"] = args.commit
    info["load"] = f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after"
    rows = summarise(figures, args, info) if figures else []
    title = (
        f"Common Ground benchmark of {args.commit}, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
        f"median of {args.runs} run(s), {took / 60:.1f} min in all; synthetic kits with Material's preview "
        f"cards {'on' if args.social_cards else 'off'}"
    )
    print(report.table(rows, args.sizes, title, info) if figures else f"{title}\n{info['load']}")
    if real:
        print("\n" + realsite.describe(real))
    for fig in figures:
        if "skipped" in fig:
            print(f"\n{fig['size']} exercises skipped: {fig['skipped']}")
        if "serve" in fig:
            print(f"\nserve at {fig['size']}: {describe_serve(fig['serve'])}")
        if "profile" in fig:
            print(f"\nProfile of one clean build at {fig['size']} exercises:\n{fig['profile']}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "title": title,
                    "args": vars(args) | {"json": str(args.json)},
                    "rows": rows,
                    "figures": strip_logs(figures),
                    "real_site": strip_logs(real),
                },
                indent=1,
                default=str,
            )
        )
    return 0


def serve_only(args):
    """The preview figure alone, at every size asked for."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="cg-bench-serve-"))
    load = os.getloadavg()
    try:
        for size in args.sizes:
            model, ids, _ = new_kit(args, work / f"kit-{size}", size)
            say(f"{size} exercises: kit ready; starting the preview")
            serve = measure.serve_latency(work / f"kit-{size}", ids[len(ids) // 2], args.serve_trials)
            times = ", ".join(f"{s:.2f}" for s in serve["latencies"])
            verdict = ""
            if size == args.serve_size:
                met = serve["latencies"] and max(serve["latencies"]) <= TARGET_SERVE
                verdict = f" (target {TARGET_SERVE} s at {size}: {'met' if met else 'missed'})"
            print(
                f"serve at {size} exercises ({serve['command']}): edit visible after {times} s"
                f"{verdict}; {describe_serve(serve)}"
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average {load[0]:.1f} before, {os.getloadavg()[0]:.1f} after; {os.cpu_count()} cores")
    return 0


def strip_logs(figures):
    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k != "log"}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean(figures)


def describe_serve(serve):
    rebuilds = ", ".join(f"{s:.2f}" for s in serve["rebuilds"])
    post = ", ".join(f"{s:.2f}" for s in serve["post_build"])
    pages = ", ".join(serve.get("rebuilt_pages", [])) or "?"
    return (
        f"first page after {serve['startup']:.1f} s; the edits rebuilt {pages} pages in {rebuilds} s, "
        f"of which the post-build step (PDFs) took {post} s"
    )


def med(values):
    return statistics.median(values) if values else None


def summarise(figures, args, info):
    """The table's rows: (label, {size: text}, target, verdict)."""
    by = {f["size"]: f for f in figures if "skipped" not in f}
    sizes = list(by)
    rows = []
    skipped = {f["size"]: "skipped" for f in figures if "skipped" in f}
    if skipped:
        rows.append(("measured", {**{s: "yes" for s in sizes}, **skipped}, "", ""))

    def row(label, fn, target="", ok=None):
        rows.append((label, {s: fn(by[s]) for s in sizes if fn(by[s]) is not None}, target, report.verdict(ok)))

    row("pages built", lambda f: str(f["macro"][0]["html_pages"]))
    row("runs per figure", lambda f: str(f["runs"]))
    row("clean build, macros (s) min/med/max", lambda f: report.spread([m["build_seconds"] for m in f["macro"]]))
    row("clean build, static HTML (s)", lambda f: report.spread([m["build_seconds"] for m in f["static"]]))
    ratios = {
        s: med([m["build_seconds"] for m in by[s]["macro"]]) / med([m["build_seconds"] for m in by[s]["static"]])
        for s in sizes
    }
    row(
        "macros overhead (× static)",
        lambda f: f"{ratios[f['size']]:.2f}×",
        f"≤ {TARGET_RATIO}×",
        all(r <= TARGET_RATIO for r in ratios.values()),
    )
    per_page = {s: med([m["build_seconds"] for m in by[s]["macro"]]) / by[s]["macro"][0]["html_pages"] for s in sizes}
    flat = max(per_page.values()) / min(per_page.values())
    row(
        "build time per page (ms)",
        lambda f: f"{per_page[f['size']] * 1000:.1f}",
        f"flat ≤ {TARGET_FLAT}× (is {flat:.2f}×)",
        flat <= TARGET_FLAT,
    )
    cpu = {s: {v: med([m["build_cpu"] for m in by[s][v]]) for v in ("macro", "static")} for s in sizes}
    cpu_ratio = {s: cpu[s]["macro"] / cpu[s]["static"] for s in sizes}
    row(
        "CPU of build, macros / static (s)", lambda f: f"{cpu[f['size']]['macro']:.2f} / {cpu[f['size']]['static']:.2f}"
    )
    row(
        "macros overhead by CPU (×)",
        lambda f: f"{cpu_ratio[f['size']]:.2f}×",
        f"≤ {TARGET_RATIO}×",
        all(r <= TARGET_RATIO for r in cpu_ratio.values()),
    )
    cpu_page = {s: cpu[s]["macro"] / by[s]["macro"][0]["html_pages"] for s in sizes}
    cpu_flat = max(cpu_page.values()) / min(cpu_page.values())
    row(
        "CPU per page (ms)",
        lambda f: f"{cpu_page[f['size']] * 1000:.1f}",
        f"flat ≤ {TARGET_FLAT}× (is {cpu_flat:.2f}×)",
        cpu_flat <= TARGET_FLAT,
    )
    warm = [s for s in sizes if by[s].get("macro_warm")]
    warm_ratio = {s: med([m["build_cpu"] for m in by[s]["macro_warm"]]) / cpu[s]["static"] for s in warm}
    row(
        "clean build, macros, .cache kept (s)",
        lambda f: report.spread([m["build_seconds"] for m in f["macro_warm"]]) if f["size"] in warm else None,
    )
    row(
        "macros overhead by CPU, .cache kept (×)",
        lambda f: f"{warm_ratio[f['size']]:.2f}×" if f["size"] in warm else None,
        f"≤ {TARGET_RATIO}×",
        all(r <= TARGET_RATIO for r in warm_ratio.values()) if warm else None,
    )
    row("process wall, macros (s)", lambda f: f"{med([m['wall'] for m in f['macro']]):.2f}")
    row(
        "peak memory, build (MiB)",
        lambda f: f"{max(m['maxrss_kib_build'] for m in f['macro'] + f['pdf_clean']) / 1024:.0f}",
    )
    # Only sizes whose clean builds made PDF pages have PDF figures.
    pdf = [by[s] for s in sizes if by[s]["pdf_clean"] and by[s]["pdf_clean"][0]["pdf_pages"]]
    pdf_sizes = {f["size"] for f in pdf}
    pdf_page = {f["size"]: med([p["post_build_seconds"] / p["pdf_pages"] for p in f["pdf_clean"]]) for f in pdf}
    cores = {f["size"]: med([p["post_build_cpu"] / p["post_build_seconds"] for p in f["pdf_clean"]]) for f in pdf}

    def if_pdf(fn):
        return lambda f: fn(f) if f["size"] in pdf_sizes else ("none made" if f["pdf_clean"] else None)

    row("PDFs: files / pages", if_pdf(lambda f: f"{f['pdf_clean'][0]['pdf_files']} / {f['pdf_clean'][0]['pdf_pages']}"))
    row(
        "PDFs: time in clean build (s)",
        if_pdf(lambda f: report.spread([p["post_build_seconds"] for p in f["pdf_clean"]])),
    )
    row(
        "PDFs: seconds per page",
        if_pdf(lambda f: f"{pdf_page[f['size']]:.3f}"),
        f"< {TARGET_PDF_PAGE} s",
        all(v < TARGET_PDF_PAGE for v in pdf_page.values()) if pdf_page else None,
    )
    pdf_cpu_page = {f["size"]: med([p["post_build_cpu"] / p["pdf_pages"] for p in f["pdf_clean"]]) for f in pdf}
    row("PDFs: CPU seconds per page", if_pdf(lambda f: f"{pdf_cpu_page[f['size']]:.3f}"))
    free = {s: v / info["cores"] for s, v in pdf_cpu_page.items()}
    row(
        f"PDFs: per page on {info['cores']} free cores",
        if_pdf(lambda f: f"{free[f['size']]:.3f}"),
        f"< {TARGET_PDF_PAGE} s",
        all(v < TARGET_PDF_PAGE for v in free.values()) if free else None,
    )
    row(
        f"PDFs: cores busy (of {info['cores']})",
        if_pdf(lambda f: f"{cores[f['size']]:.2f}"),
        f"≈ {info['cores']}",
        all(v >= 0.8 * info["cores"] for v in cores.values()) if cores else None,
    )
    row("rebuild, nothing changed (s)", lambda f: report.spread([m["build_seconds"] for m in f["rebuild_same"]]))
    row("rebuild, one YAML edited (s)", lambda f: report.spread([m["build_seconds"] for m in f["rebuild_edit"]]))
    share = {f["size"]: med([m["post_build_seconds"] / m["build_seconds"] for m in f["rebuild_same"]]) for f in pdf}
    row(
        "PDF share, rebuild unchanged",
        if_pdf(lambda f: f"{share[f['size']]:.1%}"),
        f"< {TARGET_PDF_SHARE:.0%}",
        all(v < TARGET_PDF_SHARE for v in share.values()) if share else None,
    )
    share_edit = {
        f["size"]: med([m["post_build_seconds"] / m["build_seconds"] for m in f["rebuild_edit"]]) for f in pdf
    }
    row("PDF share, rebuild one edit", if_pdf(lambda f: f"{share_edit[f['size']]:.1%}"))
    serve = by[args.serve_size]["serve"]["latencies"] if args.serve_size in by else []
    row(
        "serve: edit visible after (s)",
        lambda f: report.spread(f["serve"]["latencies"]) if "serve" in f else None,
        f"≤ {TARGET_SERVE} s at {args.serve_size}",
        med(serve) <= TARGET_SERVE if serve else None,
    )
    return rows


if __name__ == "__main__":
    sys.exit(main())
