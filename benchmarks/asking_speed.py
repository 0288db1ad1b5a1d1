"""Warm search with questions and the widened search: a git ref's code against this checkout.

    python benchmarks/asking_speed.py [--articles 2000] [--runs 15] [--base bf0b792] [--work DIR]

Issue 20 made the asking words of a plain query optional and widens a plain
query that too few articles match whole. Neither may slow the searches
people type most. This builds one index per version on the same synthetic
archive (``synth.py``), then, in one process per version, times each query
of a mix warm (in-process ``Archive.search`` with snippets, limit 10): the
median of ``--runs`` calls after one warm-up call, CPU time as well as wall
time (the machine is shared). The two versions run one after the other in
alternating rounds.

The mix: plain words (rare, 100 articles, 1,000 articles, two common words,
a prefix), the same words asked as questions, and queries whose words no
article has together (widened by the new code; the old code answers "no
matches", so their ratio is the price of the widening when it runs).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

QUERIES = [
    "zanzibarite",
    "mekongia",
    "railwaymarker",
    "ka lo",
    "ka*",
    "what did they say about mekongia?",
    "why railwaymarker?",
    "how is ka lo done",
    "zanzibarite quokkalith",
    "quokkalith mekongia railwaymarker",
]

# Run by each version: time every query warm, print JSON {query: [wall, cpu]} medians.
CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
from brreader.search import Archive
articles, index, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
queries = json.loads(sys.argv[4])
archive = Archive(articles, index, mmap=False)
archive.update()
out = {}
for text in queries:
    archive.search(text, limit=10)
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        archive.search(text, limit=10)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    out[text] = [statistics.median(walls), statistics.median(cpus)]
print(json.dumps(out))
"""


def child(code: Path, work: Path, name: str, runs: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(work / "articles"),
            str(work / f"index-{name}"),
            str(runs),
            json.dumps(QUERIES),
        ],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--base", default="bf0b792")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="brreader-asking-"))
    base = synth.export_code(args.base, work / "base")
    if not (work / "articles").exists():
        synth.generate(work, args.articles)
    codes = {"before": base, "after": REPO}
    rounds: dict[str, list[dict[str, list[float]]]] = {name: [] for name in codes}
    for number in range(args.rounds):
        order = list(codes.items()) if number % 2 == 0 else list(codes.items())[::-1]
        for name, code in order:
            rounds[name].append(child(code, work, name, args.runs))
    print(f"{args.articles} articles, {args.rounds} rounds x {args.runs} warm runs, medians in ms")
    print("| query | before wall | after wall | before cpu | after cpu | cpu after/before |")
    print("|---|---|---|---|---|---|")
    for text in QUERIES:
        cells = []
        for which in (0, 1):
            for name in codes:
                cells.append(statistics.median(r[text][which] for r in rounds[name]) * 1000)
        bw, aw, bc, ac = cells
        print(f"| `{text}` | {bw:.1f} | {aw:.1f} | {bc:.1f} | {ac:.1f} | {ac / bc:.2f} |")


if __name__ == "__main__":
    main()
