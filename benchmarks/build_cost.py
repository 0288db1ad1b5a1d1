"""Full builds only: brreader against FTS5 (and other checkouts) in the same run.

Issue 16's build targets are ratios: a full build within 8x of SQLite FTS5,
peak RSS at most 400 MB, and an index at most 1.5x the articles' text, on the
default synthetic archive and on ``--vocabulary realistic``. ``bench.py``
measures them too, among everything else, with one build per engine; this
script does only the builds, several times, alternating the engines so the
machine's noise hits each alike, and prints medians of wall and CPU time
(user + system of the child, from ``wait4``: a shared machine stretches wall
time far more than CPU time).

    python benchmarks/build_cost.py --articles 2000 --runs 3 [--vocabulary realistic]
    python benchmarks/build_cost.py --articles 2000 --base main=/path/to/main/checkout

Each brreader build is ``python -m brreader index --rebuild`` in a new process
with the checkout first on ``PYTHONPATH``; FTS5 is ``fts5_baseline.py build``
(brreader's parser, one table, one transaction). Archives are bench.py's
(``/tmp/brreader-bench-N[-realistic]``, reused when present).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402  (a sibling script, not a package)
import synth  # noqa: E402


@dataclass
class Build:
    wall: float
    cpu: float
    rss_mb: float


def run(command: list[str], cwd: Path, env: dict[str, str]) -> Build:
    """One child to the end: wall time, CPU time and peak RSS (``wait4``)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"build_cost: {' '.join(command)} failed ({child.returncode}): {err}")
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def env_for(checkout: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(checkout)
    env["BRREADER_SERVER"] = "off"
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--vocabulary", choices=sorted(synth.VOCABULARIES), default="syllables")
    parser.add_argument(
        "--base",
        action="append",
        default=[],
        metavar="NAME=CHECKOUT",
        help="another checkout to build with (repeatable)",
    )
    parser.add_argument("--workdir", type=Path, help="default bench.py's")
    parser.add_argument(
        "--archive",
        type=Path,
        metavar="FOLDER",
        help="build this synth.py archive instead (e.g. one made with --small); "
        "--articles, --seed and --vocabulary are then unused",
    )
    parser.add_argument("--skip-fts5", action="store_true", help="brreader builds only")
    args = parser.parse_args(argv)
    suffix = "" if args.vocabulary == "syllables" else f"-{args.vocabulary}"
    root = args.workdir or Path(f"/tmp/brreader-bench-{args.articles}{suffix}")
    if args.archive is not None:
        work = bench.Work(args.archive.resolve(), 0, args.seed)
        if not work.articles.is_dir():
            parser.error(f"{args.archive} has no articles folder (make one with synth.py)")
        args.articles = sum(1 for _ in work.articles.rglob("*.txt"))
    else:
        work, _reused = bench.prepare(root.resolve(), args.articles, args.seed, args.vocabulary)
    checkouts = {"this": REPO}
    for item in args.base:
        name, _, path = item.partition("=")
        if not path:
            parser.error("--base takes NAME=CHECKOUT")
        checkouts[name] = Path(path).resolve()
    scratch = Path(tempfile.mkdtemp(prefix="brreader-build-cost-"))
    text = bench.folder_bytes(work.articles)
    builds: dict[str, list[Build]] = {name: [] for name in [*checkouts, "fts5"]}
    sizes: dict[str, int] = {}
    try:
        for checkout in checkouts.values():  # compile bytecode once, as a user has it
            command = [sys.executable, "-m", "brreader", "--version"]
            subprocess.run(command, cwd=checkout, env=env_for(checkout), check=True, stdout=-3)
        for number in range(args.runs):
            for name, checkout in checkouts.items():
                index = scratch / f"index-{name}"
                shutil.rmtree(index, ignore_errors=True)
                command = [sys.executable, "-m", "brreader", "--articles", str(work.articles)]
                command += ["--index", str(index), "index", "--rebuild"]
                builds[name].append(run(command, checkout, env_for(checkout)))
                sizes[name] = bench.folder_bytes(index)
                got = builds[name][-1]
                print(
                    f"run {number + 1}: {name}: {got.wall:.2f} s wall, {got.cpu:.2f} s CPU, "
                    f"{got.rss_mb:.0f} MB, index {sizes[name] / text:.2f}x the text",
                    flush=True,
                )
            if args.skip_fts5:
                continue
            db = scratch / "fts5.db"
            db.unlink(missing_ok=True)
            builds["fts5"].append(
                run(bench.fts5("build", str(db), str(work.articles)), REPO, env_for(REPO))
            )
            sizes["fts5"] = db.stat().st_size
            got = builds["fts5"][-1]
            print(
                f"run {number + 1}: fts5: {got.wall:.2f} s wall, {got.cpu:.2f} s CPU, "
                f"{got.rss_mb:.0f} MB, database {sizes['fts5'] / text:.2f}x the text",
                flush=True,
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.skip_fts5:
        del builds["fts5"]
    fts_wall = statistics.median(b.wall for b in builds.get("fts5", builds["this"]))
    fts_cpu = statistics.median(b.cpu for b in builds.get("fts5", builds["this"]))
    print(
        f"\n{args.articles:,} articles ({args.vocabulary}, {text / 2**20:.1f} MB of text), "
        f"{args.runs} runs each, medians; ratios to "
        f"{'this checkout' if args.skip_fts5 else 'FTS5'} from the same run:"
    )
    for name, got in builds.items():
        wall = statistics.median(b.wall for b in got)
        cpu = statistics.median(b.cpu for b in got)
        rss = max(b.rss_mb for b in got)
        print(
            f"  {name:8} wall {wall:7.2f} s ({wall / fts_wall:5.2f}x)   "
            f"CPU {cpu:7.2f} s ({cpu / fts_cpu:5.2f}x)   peak RSS {rss:4.0f} MB   "
            f"size {sizes[name] / text:.2f}x the text"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
