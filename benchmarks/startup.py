"""Start-up cost of the one-shot path, for this checkout and optionally another one.

Every command a user types pays Python's start-up and brreader's imports
before any work. This script times, in fresh processes, what users run:
``import brreader.cite`` (a light module that needs no engine),
``import brreader.cli``, ``brreader --help`` and a one-shot ``brreader search``
on the sample archive, next to ``python -c pass`` measured in the same run.
Runs alternate between the checkouts so machine noise hits both alike;
medians are reported.

Bytecode is cached as for a user (``PYTHONDONTWRITEBYTECODE`` is removed from
the environment and each command runs once before timing), because these
machines may set it, which would make every run recompile brreader.

    python benchmarks/startup.py --runs 15
    python benchmarks/startup.py --runs 15 --base /path/to/an/older/checkout
    python benchmarks/startup.py --runs 9 --archive /tmp/brreader-bench-20000 --word zanzibarite

``--archive`` times ``brreader search --json WORD --limit 10`` on that
archive's ``articles`` and ``index`` (an index both checkouts can read; it is
only read while it is up to date) instead of the sample archive, and prints
where the time of one such command goes, in phases timed inside the process:
Python itself (``python -c pass``), the imports of the client, the CLI and the
engine, building the argument parser, opening the index, the freshness check,
the search (with its snippets), and the rest (printing). Wall and CPU time
(user + system, from ``wait4``) are both given: CPU time is less stretched by
other jobs on a shared machine. Every child runs with ``BRREADER_SERVER=off``.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def commands(
    index: Path, archive: Path | None = None, word: str = "mekong"
) -> dict[str, list[str]]:
    if archive is not None:
        found = ["-m", "brreader", "--articles", str(archive / "articles")]
        found += ["--index", str(archive / "index"), "search", "--json", word, "--limit", "10"]
        return {"python -c pass": ["-c", "pass"], f"search --json {word}": found}
    articles = str(HERE / "articles")
    return {
        "python -c pass": ["-c", "pass"],
        "import brreader.cite": ["-c", "import brreader.cite"],
        "import brreader.cli": ["-c", "import brreader.cli"],
        "brreader --help": ["-m", "brreader", "--help"],
        "brreader search mekong": [
            "-m",
            "brreader",
            "--articles",
            articles,
            "--index",
            str(index),
            "search",
            "mekong",
        ],  # fmt: skip
    }


def environment(checkout: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(checkout)  # ahead of any installed (editable) brreader
    env.pop("BRREADER_ARTICLES", None)
    env.pop("BRREADER_INDEX", None)
    env["BRREADER_STATE"] = str(Path(tempfile.gettempdir()) / "brreader-startup-state.json")
    env["BRREADER_SERVER"] = "off"  # a served command would start a server that outlives this
    return env


def once(args: list[str], env: dict[str, str], cwd: Path) -> float:
    return run(args, env, cwd)[0]


def run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one child."""
    # A neutral working directory: with "-c" or "-m", Python puts the current
    # folder first on sys.path, ahead of PYTHONPATH, and would import this
    # checkout's brreader whichever checkout is being timed.
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # 1: a search with no match
        raise SystemExit(f"startup: {args} exited with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


# Run in a child: one search, timed phase by phase from inside (no profiler).
PHASES = """
import sys, time
marks = {"start": time.perf_counter()}
import brreader.client
marks["import client"] = time.perf_counter()
import brreader.cli, brreader.cli.commands as commands
marks["import cli"] = time.perf_counter()
import brreader.search as search
marks["import engine"] = time.perf_counter()
spent = {}
def timing(owner, name, label):
    inner = getattr(owner, name)
    def timed(*args, **kwargs):
        began = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - began
    setattr(owner, name, timed)
timing(commands, "build_parser", "argument parser")
timing(brreader.cli, "build_parser", "argument parser")
timing(search.Archive, "__init__", "open the index")
timing(brreader.cli, "update_index", "freshness check")
timing(search.Archive, "search", "search and snippets")
began = time.perf_counter()
brreader.cli.main(sys.argv[1:])
total = time.perf_counter() - began
names = list(marks)
out = {b: marks[b] - marks[a] for a, b in zip(names, names[1:])}
out.update(spent)
out["the rest (printing)"] = total - sum(spent.values())
print(repr(out), file=sys.stderr)
"""


def phases(env: dict[str, str], cwd: Path, argv: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", PHASES, *argv[2:]],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    import ast

    return dict(ast.literal_eval(done.stderr.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--base", type=Path, help="another checkout to compare with")
    parser.add_argument("--archive", type=Path, help="a folder with articles/ and index/")
    parser.add_argument("--word", default="zanzibarite", help="what --archive searches for")
    args = parser.parse_args()
    checkouts = {"this": HERE}
    if args.base:
        checkouts["base"] = args.base.resolve()
    archive = args.archive.resolve() if args.archive else None
    work = Path(tempfile.mkdtemp(prefix="brreader-startup-"))
    try:
        plans = {
            name: (environment(c), commands(work / name, archive, args.word))
            for name, c in checkouts.items()
        }
        for env, table in plans.values():  # build each index, compile bytecode
            for argv in table.values():
                once(argv, env, work)
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        parts: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
        for _ in range(args.runs):
            for name, (env, table) in plans.items():
                for label, argv in table.items():
                    times.setdefault((name, label), []).append(run(argv, env, work))
                if archive is not None:
                    parts[name].append(phases(env, work, table[f"search --json {args.word}"]))
        print(f"medians of {args.runs} runs, ms wall / CPU (wall's ratio to python -c pass)")
        header = "".join(f"{name:>26}" for name in checkouts)
        print(f"{'':30}{header}")
        for label in plans["this"][1]:
            row = ""
            for name in checkouts:
                wall = statistics.median(t[0] for t in times[(name, label)]) * 1000
                cpu = statistics.median(t[1] for t in times[(name, label)]) * 1000
                floor = statistics.median(t[0] for t in times[(name, "python -c pass")]) * 1000
                row += f"{wall:>9.1f} /{cpu:>7.1f} ({wall / floor:4.1f}x)"
            print(f"{label:30}{row}")
        if archive is not None:
            print("\nwhere one search's time goes, inside the process (medians, ms)")
            print(f"{'':30}{header}")
            for phase in parts["this"][0]:
                row = "".join(
                    f"{statistics.median(p.get(phase, 0.0) for p in parts[name]) * 1000:>26.1f}"
                    for name in checkouts
                )
                print(f"{phase:30}{row}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
