"""Profile one preview rebuild after a saved exercise YAML edit.

    .venv/bin/python tests/benchmarks/profile_preview.py KIT EXERCISE_ID [--top 30]

Does what `make serve` does in one process, without the HTTP server: a first
build into a scratch folder with the serve options from the Makefile, then a
saved edit to exercises/EXERCISE_ID.yml, then a second build under cProfile.
Prints the rebuild's wall time and the functions it spent it in. Not a test.
"""

import argparse
import cProfile
import io
import os
import pathlib
import pstats
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import measure  # noqa: E402

from support.preview import serve_args  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kit", type=pathlib.Path)
    parser.add_argument("exercise")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--no-profile", action="store_true", help="time the rebuild without cProfile")
    args = parser.parse_args(argv)
    os.environ.update(measure.ENV)
    os.chdir(args.kit)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    options = serve_args()
    dirty, strict = "--dirty" in options, "--strict" in options
    site_dir = tempfile.mkdtemp(prefix="cg-preview-")
    url = "http://127.0.0.1:8000/"

    def config():
        loaded = load_config(
            config_file=str(args.kit / "mkdocs.yml"), site_dir=site_dir, strict=strict, dev_addr="127.0.0.1:8000"
        )
        loaded.site_url = url  # what serve does; the PDF step then copies, renders none
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=dirty)
    started = time.perf_counter()
    build(first, serve_url=url, dirty=dirty)
    print(f"first build {time.perf_counter() - started:.2f} s", file=sys.stderr)
    measure.edit_exercise(args.kit, args.exercise, f"Profile edit {time.time()}")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    if not args.no_profile:
        profiler.enable()
    # serve loads the config again for every rebuild; so do we.
    build(config(), serve_url=url, dirty=dirty)
    profiler.disable()
    print(
        f"rebuild after the edit {time.perf_counter() - started:.2f} s{'' if args.no_profile else ' (under cProfile)'}",
        file=sys.stderr,
    )
    if args.no_profile:
        return
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(15)
    print(text.getvalue())


if __name__ == "__main__":
    main()
