"""Warm in-process search + snippets, per query of bench.py's mix, next to FTS5 in the same run.

    python benchmarks/warm_search.py [ROOT] [--runs 9] [--index DIR] [--queries 'a,b'] [--plain]

ROOT is a work folder that ``bench.py`` left (default /tmp/brreader-bench-20000:
``articles/``, ``index/``, ``fts5.db``, ``planted.json``). This is bench.py's
warm step alone, with its queries (``bench.query_set``) and its FTS5 side
(``fts5_baseline.search``): both engines open their index once, answer every
query once untimed, then every query ``--runs`` times in turn (brreader's
``Archive.search(q, limit=10)``: the ranked top 10, the total count, and
snippets with highlights cut from the article files). Prints, per query, the
median and the nearest-rank p95 of each engine, then the same over the whole
mix (issue 16's target: brreader's p95 at most 30 ms). ``--index`` points at
another index of the same articles (a copy built by another checkout). The
index is only read: nothing is written to ROOT. brreader searches as the server
and the reader do (``Archive.keep_warm``: numpy for long posting lists);
``--plain`` searches as a one-shot command does (plain Python floats);
``--keep-articles`` keeps parsed articles as the server does (``parsed.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for _folder in (HERE, REPO):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

import bench  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=Path("/tmp/brreader-bench-20000"))
    parser.add_argument("--runs", type=int, default=9, metavar="R")
    parser.add_argument("--index", type=Path, help="default ROOT/index")
    parser.add_argument("--queries", help="comma-separated brreader queries of the mix to run")
    parser.add_argument("--seed", type=int, default=7, help="the seed the archive was made with")
    parser.add_argument(
        "--keep-articles",
        action="store_true",
        help="keep parsed articles as the server does (each repeated query then reads none)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="score with plain Python, as a one-shot command does (default: as the server does)",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    planted = json.loads((root / "planted.json").read_text(encoding="utf-8"))
    marker = json.loads((root / bench.MARKER).read_text(encoding="utf-8"))
    work = bench.Work(
        root,
        int(marker.get("articles", 0)),
        int(marker.get("seed", args.seed)),
        planted,
        vocabulary=marker.get("vocabulary", "syllables"),
    )
    queries = bench.query_set(work)
    if args.queries:
        wanted = args.queries.split(",")
        queries = [(ours, theirs) for ours, theirs in queries if ours in wanted]
        if not queries:
            parser.error(f"none of {wanted} is in the mix")

    totals, samples = bench.time_queries(
        work.articles,
        args.index or work.index,
        work.db,
        queries,
        args.runs,
        warm=not args.plain,
        keep_articles=args.keep_articles,
    )

    width = max(len(ours) for ours, _theirs in queries) + 2
    print(
        f"{'query':<{width}} {'brreader median / p95 ms':>26} {'FTS5 median / p95 ms':>22}"
        f" {'ratio':>7}  hits brreader / FTS5"
    )
    for ours, _theirs in queries:
        mine, theirs_ = samples[("brreader", ours)], samples[("fts5", ours)]
        print(
            f"{ours:<{width}} {bench.median(mine) * 1000:12.1f} / {bench.p95(mine) * 1000:8.1f}"
            f"   {bench.median(theirs_) * 1000:10.1f} / {bench.p95(theirs_) * 1000:7.1f}"
            f" {bench.median(mine) / bench.median(theirs_):6.2f}x"
            f"  {totals[('brreader', ours)]} / {totals[('fts5', ours)]}"
        )
    every = {
        n: [s for (e, _q), got in samples.items() if e == n for s in got]
        for n in ("brreader", "fts5")
    }
    print(
        f"{'whole mix':<{width}} {bench.median(every['brreader']) * 1000:12.1f} / "
        f"{bench.p95(every['brreader']) * 1000:8.1f}   {bench.median(every['fts5']) * 1000:10.1f}"
        f" / {bench.p95(every['fts5']) * 1000:7.1f}"
        f" (target: brreader p95 <= {bench.TARGET_WARM_P95 * 1000:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
