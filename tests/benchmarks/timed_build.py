"""Run one `mkdocs build` in this process and write what it cost as JSON.

bench_kit.py starts this as a child, one per build, so that each build starts
from a cold interpreter the way `make site` does. Running mkdocs in-process
(instead of `python -m mkdocs`) lets us time the kit plugin's post-build
step, where the PDF packs are made, without touching the project's code.

Usage: python timed_build.py FACTS.json [--skip-post-build] [--twin] -- mkdocs-args...

--twin builds the real site's decorated twin (tests/benchmarks/realsite.py):
its exercise and workshop pages are already written out in docs/, so the
kit's plugin makes none from the YAML and does not check for its own pages
there; it runs every other step (the kit, guides, dates, booklets, PDFs).
"""

import json
import os
import resource
import sys
import time


def _cpu_seconds():
    """CPU used so far by this process and by every child it has reaped."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _post_build_owner():
    """The plugin whose post-build step makes the PDFs, and what to skip to leave them out.

    Since the kit became one plugin (macros/plugin/plugin.py), its on_post_build
    calls pdf_step.write_kit_data and pdf_step.make_pdfs and then closes the
    build (the preview's record, the dates' summary), which still runs. On a
    commit from before the plugin, mkdocs-macros ran the same two steps as its
    post-build functions, and the whole of its on_post_build was skipped.
    """
    try:
        from macros.plugin import pdf_step
        from macros.plugin.plugin import CommonGroundPlugin
    except ImportError:
        from mkdocs_macros.plugin import MacrosPlugin

        return MacrosPlugin, None
    return CommonGroundPlugin, pdf_step


def _wrap_post_build(facts, skip):
    """Time the post-build step, where the composer's data file and the PDFs are made."""
    owner, pdf_step = _post_build_owner()
    original = owner.on_post_build
    if skip and pdf_step is not None:
        pdf_step.write_kit_data = pdf_step.make_pdfs = lambda *args, **kwargs: None

    def timed(self, config):
        facts["cpu_before_post_build"] = _cpu_seconds()
        started = time.perf_counter()
        try:
            if not skip or pdf_step is not None:
                return original(self, config)
            return None
        finally:
            took = time.perf_counter() - started
            facts["post_build_seconds"] += took
            # serve rebuilds many times in one process: log each one.
            print(f"bench: post-build took {took:.3f} s", file=sys.stderr, flush=True)
            facts["cpu_after_post_build"] = _cpu_seconds()

    owner.on_post_build = timed


def _as_twin():
    """The kit's plugin with no pages of its own to make: the twin's docs/ holds them.

    Only the harness does this; the project has no switch for it. The
    plugin would otherwise make each exercise and workshop page again from
    the YAML and stop the build because a page in docs/ sits where it would put one."""
    from macros.plugin import generated

    generated.pages = lambda kit: {}
    generated.check_outputs = lambda files, config, kit: None


def _wrap_build(facts):
    """Time mkdocs' build() itself: no interpreter start-up, no config loading."""
    import mkdocs.commands.build as build_module

    original = build_module.build

    def timed(*args, **kwargs):
        started, cpu = time.perf_counter(), _cpu_seconds()
        try:
            return original(*args, **kwargs)
        finally:
            facts["build_seconds"] = time.perf_counter() - started
            # CPU seconds barely move when other work shares the machine.
            facts["build_cpu"] = _cpu_seconds() - cpu

    build_module.build = timed


def main(argv):
    facts_path, rest = argv[0], argv[1:]
    skip = "--skip-post-build" in rest
    twin = "--twin" in rest[: rest.index("--")]
    mkdocs_args = rest[rest.index("--") + 1 :]
    facts = {"post_build_seconds": 0.0, "build_seconds": None}
    # The kit's own `macros` package (the commit being measured), not the
    # checkout's that the editable install would find first (as engine.py does).
    sys.path.insert(0, os.getcwd())
    _wrap_post_build(facts, skip)
    _wrap_build(facts)
    if twin:
        _as_twin()
    from mkdocs.__main__ import cli

    code = 0
    profile_path = os.environ.get("BENCH_PROFILE")
    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    try:
        cli.main(args=mkdocs_args, prog_name="mkdocs")
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile_path)
    facts["cpu_total"] = _cpu_seconds()
    facts["maxrss_kib_build"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    facts["maxrss_kib_workers"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Where wall time goes that is not CPU: waits (reading, writing, a child's
    # answer) are voluntary switches, being put aside for other work involuntary.
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        facts["switches_voluntary"] = facts.get("switches_voluntary", 0) + usage.ru_nvcsw
        facts["switches_involuntary"] = facts.get("switches_involuntary", 0) + usage.ru_nivcsw
        facts["blocks_in"] = facts.get("blocks_in", 0) + usage.ru_inblock
        facts["blocks_out"] = facts.get("blocks_out", 0) + usage.ru_oublock
    with open(facts_path, "w", encoding="utf-8") as out:
        json.dump(facts, out)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
