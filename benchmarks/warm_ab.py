"""Warm in-process search of two or more checkouts, alternated in one run.

    python benchmarks/warm_ab.py [--rounds 3] [--runs 5] [--articles DIR]
        base=/path/to/old/checkout:/path/to/its/index  main=.:/path/to/this/index

Each NAME=CHECKOUT:INDEX is searched by that checkout's own code (a new
process with the checkout first on ``sys.path`` and its ``.venv`` Python when
it has one), on an index that code built (each version reads only its own
index layout). The process opens the archive as the server and the reader do
(``keep_warm`` where the checkout has it; older checkouts had no such mode),
answers every query of ``bench.py``'s mix once untimed, then the whole mix
``--runs`` times; ``Archive.search(q, limit=10)``: the top 10, the count and
the snippets. Setups alternate round by round so the machine's noise hits
each alike. Printed per round and setup: the whole mix's median and
nearest-rank p95, the query with the worst p95, and each query's median.

This is how a target set as an absolute time in an issue is checked on
another machine: against the code of the day the issue was filed, in the
same run (docs/performance.md, "Session 8").
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

QUERIES = [
    "zanzibarite",
    "quokkalith",
    "mekongia",
    "railwaymarker",
    "do",
    "el",
    "fi",
    "ga",
    "he",
    "do el",
    "mekongia fi",
    '"elnomi anmiel"',
    "ka*",
]  # fmt: skip  (bench.py's mix for the syllables archive, seed 7)

CHILD = """
import json, sys, time
from pathlib import Path
checkout, articles, index, runs, queries = sys.argv[1:6]
sys.path.insert(0, checkout)
import brreader.search as s
if not s.__file__.startswith(checkout):
    raise SystemExit(f"imported {s.__file__}, not the checkout's")
if hasattr(s, "keep_warm"):
    s.keep_warm()
archive = s.Archive(Path(articles), Path(index))
# archive.keep_warm() is not called: it would keep parsed articles, and the mix repeats
# each query, so every repeat would read none (bench.time_queries does the same)
queries = json.loads(queries)
totals = {q: archive.search(q, limit=10).total for q in queries}
samples = {q: [] for q in queries}
for _ in range(int(runs)):
    for q in queries:
        started = time.perf_counter()
        archive.search(q, limit=10)
        samples[q].append(time.perf_counter() - started)
print(json.dumps({"totals": totals, "samples": samples}))
"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def python_of(checkout: Path) -> str:
    own = checkout / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("setups", nargs="+", metavar="NAME=CHECKOUT:INDEX")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=Path, default=Path("/tmp/brreader-bench-20000/articles"))
    args = parser.parse_args(argv)
    setups = []
    for spec in args.setups:
        name, _, rest = spec.partition("=")
        checkout, _, index = rest.partition(":")
        if not (name and checkout and index):
            parser.error(f"{spec!r}: expected NAME=CHECKOUT:INDEX")
        setups.append((name, Path(checkout).resolve(), Path(index).resolve()))
    counts: dict[str, dict[str, int]] = {}
    for round_ in range(args.rounds):
        for name, checkout, index in setups:
            command = [
                python_of(checkout), "-c", CHILD, str(checkout), str(args.articles.resolve()),
                str(index), str(args.runs), json.dumps(QUERIES),
            ]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            got = json.loads(done.stdout.splitlines()[-1])
            samples: dict[str, list[float]] = got["samples"]
            counts[name] = got["totals"]
            every = [x for values in samples.values() for x in values]
            worst = max(samples, key=lambda q: p95(samples[q]))
            print(
                f"round {round_ + 1} {name}: whole mix median {statistics.median(every) * 1000:.1f}"
                f" / p95 {p95(every) * 1000:.1f} ms; worst p95 {worst}"
                f" {p95(samples[worst]) * 1000:.1f} ms",
                flush=True,
            )
            medians = ", ".join(
                f"{q} {statistics.median(v) * 1000:.1f}" for q, v in samples.items()
            )
            print(f"    medians ms: {medians}", flush=True)
    names = list(counts)
    if any(counts[n] != counts[names[0]] for n in names[1:]):
        print(f"hit counts differ: {counts}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
