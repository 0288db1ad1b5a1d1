"""What fuzzy words, stem-aware wildcards and did-you-mean cost in a mixed archive.

    python benchmarks/multilingual_queries.py [--articles 2000] [--rounds 9] [--work DIR]

Builds (or reuses) a synthetic archive with a quarter of its articles in
Chinese, Russian, French, Spanish and Arabic (``synth.py --mixed 0.25``).
Each query is timed as ``Archive.search`` (parse, expansion, ranking) beside
a baseline query of the same run, alternating the two, medians of
``--rounds``; the ratio is what to read on a shared machine. Did-you-mean is
timed as ``Archive.suggest`` against the search of the same typo (which finds
nothing), as the CLI calls both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent):
    sys.path.insert(0, str(folder))

import synth  # noqa: E402

from brreader.search import Archive  # noqa: E402

# (query, baseline): a fuzzy word against the word, a pattern against a plain prefix.
SEARCHES = [
    ("cooperacion~", "cooperacion"),
    ("coperacion~", "cooperacion"),
    ("наука~", "наука"),
    ("сотрудничства~", "сотрудничество"),
    ("التعاون~", "التعاون"),
    ("合作~", "合作"),
    ("coop*ration", "coop*"),
    ("cooperat*", "coop*"),
    ("*ration", "coop*"),
]
SUGGESTIONS = ["coopracion", "cooperacoin", "сотрудничетсво", "التعاوم", "实验事", "railwaymarkr"]


def paired(a: Callable[[], object], b: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` run alternately (which goes first alternates too)."""
    times: dict[int, list[float]] = {0: [], 1: []}
    calls = (a, b)
    for number in range(rounds):
        for which in (0, 1) if number % 2 == 0 else (1, 0):
            start = time.perf_counter()
            calls[which]()
            times[which].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="brreader-mlqueries-"))
    if not (work / "articles").exists():
        synth.generate(work, args.articles, mixed=0.25)
    archive = Archive(work / "articles", work / "index")
    archive.update()
    for text, base in SEARCHES:  # warm the caches once
        archive.search(text)
        archive.search(base)

    print(f"{args.articles:,} articles (25% zh/ru/fr/es/ar), medians of {args.rounds}\n")
    print("| query (hits) | baseline (hits) | query, ms | baseline, ms | ratio |")
    print("|---|---|---|---|---|")
    for text, base in SEARCHES:
        hits = archive.search(text, limit=None).total
        base_hits = archive.search(base, limit=None).total
        q, b = paired(
            lambda t=text: archive.search(t), lambda t=base: archive.search(t), args.rounds
        )
        print(
            f"| `{text}` ({hits}) | `{base}` ({base_hits}) | {q * 1000:.1f} | "
            f"{b * 1000:.1f} | {q / b:.2f}x |"
        )

    print("\n| typo | suggestion | suggest, ms | search of the typo, ms | ratio |")
    print("|---|---|---|---|---|")
    for typo in SUGGESTIONS:
        offered = archive.suggest(typo)
        s, q = paired(
            lambda t=typo: archive.suggest(t), lambda t=typo: archive.search(t), args.rounds
        )
        print(f"| `{typo}` | `{offered}` | {s * 1000:.1f} | {q * 1000:.1f} | {s / q:.1f}x |")
    archive.close()


if __name__ == "__main__":
    main()
