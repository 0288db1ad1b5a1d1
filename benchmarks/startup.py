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


def commands(index: Path) -> dict[str, list[str]]:
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
    return env


def once(args: list[str], env: dict[str, str], cwd: Path) -> float:
    # A neutral working directory: with "-c" or "-m", Python puts the current
    # folder first on sys.path, ahead of PYTHONPATH, and would import this
    # checkout's brreader whichever checkout is being timed.
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--base", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    checkouts = {"this": HERE}
    if args.base:
        checkouts["base"] = args.base.resolve()
    work = Path(tempfile.mkdtemp(prefix="brreader-startup-"))
    try:
        plans = {name: (environment(c), commands(work / name)) for name, c in checkouts.items()}
        for env, table in plans.values():  # build each index, compile bytecode
            for argv in table.values():
                once(argv, env, work)
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.runs):
            for name, (env, table) in plans.items():
                for label, argv in table.items():
                    times.setdefault((name, label), []).append(once(argv, env, work))
        print(f"medians of {args.runs} runs, ms (ratio to python -c pass)")
        header = "".join(f"{name:>22}" for name in checkouts)
        print(f"{'':26}{header}")
        for label in commands(work):
            row = ""
            for name in checkouts:
                median = statistics.median(times[(name, label)]) * 1000
                floor = statistics.median(times[(name, "python -c pass")]) * 1000
                row += f"{median:>12.1f} ({median / floor:4.1f}x)"
            print(f"{label:26}{row}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
