"""What the parser costs a full ``brreader index``: this checkout against another one.

Issue 14 asks that no parser change slow ``brreader index`` on the 20k
benchmark archive by more than 10%. This script builds the same synthetic
archive (``synth.py``) from scratch with two checkouts, alternating them so
the machine's noise hits both alike, and prints each build's median and the
ratio, and the index's size against the articles' text (issue 16 asks for at
most 1.5x at 20k). It also times parsing alone (read + parse every file, no index), which
is the part a parser change touches. Builds are compared by CPU time (user +
system of the build process), which a shared, busy machine disturbs far less
than wall time; both are printed.

    python benchmarks/index_cost.py --base /path/to/older/checkout --articles 20000 --runs 3

Each build runs in a fresh process (``python -m brreader index --rebuild``)
with the checkout first on ``PYTHONPATH``, from a neutral working folder,
with bytecode cached as a user has it (``PYTHONDONTWRITEBYTECODE`` removed;
one warm-up run compiles each checkout). Both checkouts need brreader's
dependencies in the Python that runs this script.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

PARSE_ONLY = """
import sys, time
from pathlib import Path
from brreader.parse import decode, parse_article
files = sorted(Path(sys.argv[1]).rglob('*.txt'))
texts = [decode(path.read_bytes())[0] for path in files]
start = time.process_time()
for path, text in zip(files, texts):
    parse_article(text, id=path.stem, path=str(path))
print(time.process_time() - start)
"""


def _env(checkout: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(checkout)
    env["BRREADER_SERVER"] = "off"
    return env


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build(checkout: Path, articles: Path, index: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one full build in a new process.

    CPU time is what the comparison uses on a shared machine: other processes
    stretch the wall time of a run, much less the CPU time it needs.
    """
    command = [sys.executable, "-m", "brreader", "--articles", str(articles)]
    command += ["--index", str(index), "index", "--rebuild"]
    start, cpu = time.perf_counter(), _cpu()
    subprocess.run(
        command, env=_env(checkout), cwd=tempfile.gettempdir(), check=True, capture_output=True
    )
    return time.perf_counter() - start, _cpu() - cpu


def parse_only(checkout: Path, articles: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PARSE_ONLY, str(articles)],
        env=_env(checkout),
        cwd=tempfile.gettempdir(),
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "brr-cost")
    args = parser.parse_args(argv)
    folder = args.work / f"articles-{args.articles}"
    if not folder.is_dir():
        subprocess.run(
            [sys.executable, str(HERE / "synth.py"), str(folder), "--articles", str(args.articles)],
            check=True,
        )
    checkouts = {"base": args.base.resolve(), "this": REPO}
    for checkout in checkouts.values():  # compile bytecode once, as a user has it
        parse_only(checkout, folder)
    walls: dict[str, list[float]] = {name: [] for name in checkouts}
    builds: dict[str, list[float]] = {name: [] for name in checkouts}
    parses: dict[str, list[float]] = {name: [] for name in checkouts}
    text = _bytes(folder)
    sizes: dict[str, int] = {}
    for run in range(args.runs):
        for name, checkout in checkouts.items():
            parses[name].append(parse_only(checkout, folder))
            wall, cpu = build(checkout, folder, args.work / f"index-{name}")
            walls[name].append(wall)
            builds[name].append(cpu)
            sizes[name] = _bytes(args.work / f"index-{name}")
            print(
                f"run {run + 1}: {name}: build {wall:.2f} s wall, {cpu:.2f} s CPU; "
                f"parsing alone {parses[name][-1]:.2f} s CPU; "
                f"index {sizes[name] / 1e6:.1f} MB, {sizes[name] / text:.2f}x the text",
                flush=True,
            )
    print(f"\n{args.articles:,} articles, {args.runs} runs each, medians:")
    tables = (("build, CPU", builds), ("build, wall", walls), ("parsing, CPU", parses))
    for label, table in tables:
        base, this = statistics.median(table["base"]), statistics.median(table["this"])
        print(f"  {label:13} base {base:7.2f} s   this {this:7.2f} s   ratio {this / base:.3f}")
    print(
        f"  index size    base {sizes['base'] / text:.2f}x   this {sizes['this'] / text:.2f}x"
        f"   of {text / 1e6:.1f} MB of article text"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
