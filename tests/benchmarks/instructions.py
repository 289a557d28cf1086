"""Instructions, not seconds: the macros' overhead counted by valgrind.

    .venv/bin/python tests/benchmarks/instructions.py --size 200
    .venv/bin/python tests/benchmarks/instructions.py --size 200 --commit 507f216

CPU seconds on a shared machine move by 10 % and more from one build to the
next, which hides a change of a few per cent. Instructions executed do not
move: this counts them (valgrind's cachegrind, no cache simulation) for one
cold build without the post-build step (the PDFs), of a synthetic kit and of
its static twin, made as `make benchmark` makes them (bench_kit.py), and
prints both and their ratio. A build runs about fifty times slower under
valgrind: some seven minutes a side at 200 exercises on this machine.
Instructions are not time (a cache miss costs more than an addition), so
the benchmark's CPU figures stay the targets' measure; this one says, the
same every run, whether a change made the engine do less.
Not a test: pytest does not collect this folder's files.
"""

import argparse
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import engine
import kit
import measure

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(project: pathlib.Path) -> int:
    """Instructions of one cold strict build of `project`, PDF step left out."""
    measure.clear_caches(project)
    shutil.rmtree(project / "site", ignore_errors=True)
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        str(measure.TIMED_BUILD),
        str(project / ".bench-facts.json"),
        "--skip-post-build",
        "--",
        "build",
        *measure.STRICT,
        "--site-dir",
        str(project / "site"),
    ]
    result = subprocess.run(command, cwd=project, env=measure.ENV, capture_output=True, text=True)
    found = REFS.search(result.stderr)
    if result.returncode != 0 or not found:
        raise SystemExit(f"instructions: the build of {project} failed:\n{result.stderr[-3000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="exercises in the synthetic kit (default 200)")
    parser.add_argument("--commit", default="HEAD", help="the project at this commit (default HEAD)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("instructions: valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="cg-instructions-") as scratch:
        work = pathlib.Path(scratch)
        _, ids, _ = kit.make_kit(ROOT, work / "kit", args.size, 25, 10, False, commit=args.commit)
        kit.make_static(work / "kit", work / "static", ids, engine.render_pages)
        macros, static = instructions(work / "kit"), instructions(work / "static")
    print(f"{args.size} exercises at {args.commit}: cold build without PDFs, instructions executed")
    print(f"  macros kit  {macros / 1e9:8.2f} G")
    print(f"  static twin {static / 1e9:8.2f} G")
    print(f"  ratio       {macros / static:8.3f} x")


if __name__ == "__main__":
    main()
