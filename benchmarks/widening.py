"""What looking a query word up in every stemmed language costs, in one process.

    python benchmarks/widening.py [--articles 2000] [--work DIR]

Builds (or reuses) a synthetic archive with a quarter of its articles in
Chinese, Russian, French, Spanish and Arabic (``synth.py --mixed 0.25``),
then times each query's search (parse excluded, medians of 15) parsed twice:
as English only, and widened to the archive's languages as brreader does.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent):
    sys.path.insert(0, str(folder))

import synth  # noqa: E402

from brreader.engine import ranking  # noqa: E402
from brreader.engine.query import expanded  # noqa: E402
from brreader.search import Archive  # noqa: E402

QUERIES = ["railwaymarker", "mekongia", "ka lo", "ka*", '"ka lo"', "coopération", "наука", "合作"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="brreader-widening-"))
    if not (work / "articles").exists():
        synth.generate(work, args.articles, mixed=0.25)
    archive = Archive(work / "articles", work / "index")
    archive.update()
    index = archive.index
    with index._snapshots.current() as snap:
        languages = snap.languages()

    def timed(text: str, widen: tuple[str, ...]) -> tuple[float, int]:
        parsed = index._queries.parse(text, widen)
        samples, total = [], 0
        for _ in range(15):
            start = time.perf_counter()
            with index._snapshots.current() as snap:
                words = expanded(snap.reader(), parsed, text, index.limits)
                found = ranking.rank(
                    snap,
                    words,
                    index.limits,
                    limit=10,
                    sort="relevance",
                    pairs_per_hit=3,
                    allowed=None,
                )
            samples.append(time.perf_counter() - start)
            total = found.total
        return statistics.median(samples), total

    print(f"{args.articles:,} articles, languages {', '.join(languages)}\n")
    print("| query | English only, ms (hits) | widened, ms (hits) |")
    print("|---|---|---|")
    for text in QUERIES:
        (plain, n1), (wide, n2) = timed(text, ()), timed(text, languages)
        print(f"| `{text}` | {plain * 1000:.1f} ({n1}) | {wide * 1000:.1f} ({n2}) |")
    archive.close()


if __name__ == "__main__":
    main()
