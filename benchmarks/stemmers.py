"""Which English stemmer ranks best? nDCG@10 and recall@10 per stemmer, and what each costs.

    python benchmarks/stemmers.py [--stemmers porter,snowball,light,plural]
        [--judgments FILE] [--articles DIR] [--speed 2000] [--runs 3]
        [--queries] [--any-word] [--json]

For each candidate of ``brreader/engine/stemming.py`` this builds the sample
archive's index with that stemmer (a copy in a temporary folder, as
``relevance.py`` does; ``articles/`` and ``index/`` are never touched) and
scores the relevance judgments with ``relevance.py``'s own code, overall and
per query type. ``--queries`` adds every query whose nDCG@10 differs between
the stemmers. ``--any-word`` scores them a second time with each plain
query's words joined by OR (queries with operators, quotes, fields,
wildcards or ``~`` as typed): a rough estimate of how the stemmers compare
under an any-word fallback, not brreader's own fallback.

Then the cost: one synthetic archive of ``--speed`` articles
(``synth.py``; 0 skips this part) is built from scratch with each stemmer,
``--runs`` rounds with the stemmers alternating so the shared machine's noise
hits them alike. It prints each build's median CPU time (user + system of the
build) and its ratio to Porter's in the same run, and the stemmer alone: the
median time to stem every distinct word of that archive once (the writer
stems each distinct word once and caches it).

Each stemmer runs in a child process that sets ``analysis.ENGLISH_STEMMER``
before anything is stemmed, so no cache carries terms from one stemmer to
the next. To switch brreader itself, change that one line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for folder in (REPO, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import relevance  # noqa: E402
import synth  # noqa: E402

from brreader.engine import analysis  # noqa: E402
from brreader.engine.stemming import STEMMERS  # noqa: E402

BASELINE = "porter"


def use(stemmer: str) -> None:
    """Index and search with ``stemmer`` in this process (before anything is stemmed)."""
    if stemmer not in STEMMERS:
        raise SystemExit(
            f"stemmers: unknown stemmer {stemmer!r}; choose from {', '.join(STEMMERS)}"
        )
    analysis.ENGLISH_STEMMER = stemmer


# -- children: one stemmer each ------------------------------------------------


# A query the any-word estimate leaves alone: operators, quotes, fields, wildcards, fuzz.
STRICT = re.compile(r'\b(?:AND|OR|NOT)\b|["*~:]')


def any_word(text: str) -> str:
    """``text`` with its words joined by OR, unless it uses the query language."""
    if STRICT.search(text):
        return text
    words = re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", text)
    return " OR ".join(words) if len(words) > 1 else text


def child_relevance(
    stemmer: str, articles: Path, judgments: Path, mode: str = "strict"
) -> dict[str, Any]:
    use(stemmer)
    report = relevance.measure(articles, judgments, any_word if mode == "any" else None)
    data = report.as_dict()
    data["ranked"] = {o.judged.query: list(o.ranked) for o in report.outcomes}
    return data


def child_build(stemmer: str, articles: Path) -> dict[str, float]:
    use(stemmer)
    from brreader.search import Archive

    with tempfile.TemporaryDirectory(prefix="brreader-stemmers-") as scratch:
        archive = Archive(articles, Path(scratch) / "index", mmap=False)
        try:
            cpu, wall = time.process_time(), time.perf_counter()
            archive.update()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        finally:
            archive.close()
    return {"cpu": cpu, "wall": wall}


def child_stem_only(stemmer: str, articles: Path) -> dict[str, float]:
    """Seconds to stem each distinct lower-case word of ``articles`` once."""
    words: set[str] = set()
    for path in articles.rglob("*"):
        if path.is_file():
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", path.read_text("utf-8")))
    stem = STEMMERS[stemmer]
    ordered = sorted(words)
    start = time.process_time()
    for word in ordered:
        stem(word)
    return {"stem": time.process_time() - start, "words": float(len(ordered))}


def _child(kind: str, stemmer: str, *paths: Path | str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["BRREADER_SERVER"] = "off"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, stemmer]
    done = subprocess.run(
        [*command, *map(str, paths)], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"stemmers: the {stemmer} {kind} run failed:\n{done.stderr.strip()}")
    return dict(json.loads(done.stdout))


# -- the comparison ----------------------------------------------------------


def compare_relevance(
    stemmers: list[str], articles: Path, judgments: Path, mode: str = "strict"
) -> dict[str, dict[str, Any]]:
    return {s: _child("relevance", s, articles, judgments, mode) for s in stemmers}


def compare_speed(stemmers: list[str], count: int, runs: int) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, list[float]]] = {
        s: {"cpu": [], "wall": [], "stem": []} for s in stemmers
    }
    words = 0.0
    with tempfile.TemporaryDirectory(prefix="brreader-stemmers-synth-") as scratch:
        root = Path(scratch)
        synth.generate(root, count)
        articles = root / "articles"
        for _ in range(runs):
            for stemmer in stemmers:
                built = _child("build", stemmer, articles)
                found[stemmer]["cpu"].append(built["cpu"])
                found[stemmer]["wall"].append(built["wall"])
                alone = _child("stem", stemmer, articles)
                found[stemmer]["stem"].append(alone["stem"])
                words = alone["words"]
    medians = {s: {k: statistics.median(v) for k, v in m.items()} for s, m in found.items()}
    base = medians.get(BASELINE) or medians[stemmers[0]]
    for values in medians.values():
        values["cpu_ratio"] = values["cpu"] / base["cpu"]
        values["stem_ratio"] = values["stem"] / base["stem"]
        values["words"] = words
    return medians


def render_relevance(results: dict[str, dict[str, Any]], per_query: bool) -> str:
    stemmers = list(results)
    kinds = sorted({k for r in results.values() for k in r["by_type"]})
    head = "| type | queries | " + " | ".join(f"{s} nDCG / recall" for s in stemmers) + " |"
    lines = [head, "|---|---:|" + "---:|" * len(stemmers)]

    def row(name: str, count: int, cells: list[tuple[float, float]]) -> str:
        best = max(n for n, _r in cells)
        shown = [
            (f"**{n:.4f}**" if n == best and len(set(cells)) > 1 else f"{n:.4f}") + f" / {r:.4f}"
            for n, r in cells
        ]
        return f"| {name} | {count} | " + " | ".join(shown) + " |"

    for kind in kinds:
        count = results[stemmers[0]]["by_type"][kind]["queries"]
        cells = [
            (results[s]["by_type"][kind]["ndcg@10"], results[s]["by_type"][kind]["recall@10"])
            for s in stemmers
        ]
        lines.append(row(kind, count, cells))
    total = results[stemmers[0]]["queries"]
    lines.append(
        row(
            "**overall**",
            total,
            [(results[s]["ndcg@10"], results[s]["recall@10"]) for s in stemmers],
        )
    )
    if per_query:
        lines += ["", "Queries whose nDCG@10 differs between stemmers:", ""]
        lines.append("| query | type | " + " | ".join(stemmers) + " |")
        lines.append("|---|---|" + "---:|" * len(stemmers))
        for query, first in results[stemmers[0]]["by_query"].items():
            scores = [results[s]["by_query"][query]["ndcg@10"] for s in stemmers]
            if len(set(scores)) > 1:
                cells = " | ".join(f"{v:.3f}" for v in scores)
                lines.append(f"| `{query}` | {first['type']} | {cells} |")
    return "\n".join(lines)


def render_speed(speed: dict[str, dict[str, float]], count: int, runs: int) -> str:
    words = int(next(iter(speed.values()))["words"])
    lines = [
        f"Full build of {count} synthetic articles (synth.py), median of {runs} runs, "
        f"CPU seconds; stemming alone: {words} distinct words, each once.",
        "",
        "| stemmer | build CPU s | build vs porter | build wall s | stem alone ms "
        "| stem vs porter |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for stemmer, v in speed.items():
        lines.append(
            f"| {stemmer} | {v['cpu']:.2f} | {v['cpu_ratio']:.2f}x | {v['wall']:.2f} | "
            f"{v['stem'] * 1000:.1f} | {v['stem_ratio']:.2f}x |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stemmers", default=",".join(STEMMERS), help="comma-separated names")
    parser.add_argument("--judgments", type=Path, default=relevance.JUDGMENTS)
    parser.add_argument("--articles", type=Path, default=REPO / "articles")
    parser.add_argument("--speed", type=int, default=2000, help="synthetic articles; 0: skip")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", action="store_true", help="queries that differ, too")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument(
        "--any-word",
        action="store_true",
        help="also score each plain query with its words joined by OR (an estimate of a fallback)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, stemmer, *rest = args.child
        if kind == "relevance":
            articles, judgments, mode = rest
            data = child_relevance(stemmer, Path(articles), Path(judgments), mode)
        elif kind == "build":
            data = child_build(stemmer, Path(rest[0]))
        else:
            data = child_stem_only(stemmer, Path(rest[0]))
        sys.stdout.write(json.dumps(data) + "\n")
        return 0

    stemmers = [s.strip() for s in args.stemmers.split(",") if s.strip()]
    for stemmer in stemmers:
        if stemmer not in STEMMERS:
            sys.stderr.write(
                f"stemmers: unknown stemmer {stemmer!r}; choose from {', '.join(STEMMERS)}\n"
            )
            return 2
    try:
        relevance.load_judgments(args.judgments)
    except relevance.JudgmentsError as error:
        sys.stderr.write(f"stemmers: {error}\n")
        return 2
    results = compare_relevance(stemmers, args.articles, args.judgments)
    relaxed = (
        compare_relevance(stemmers, args.articles, args.judgments, "any") if args.any_word else {}
    )
    speed = compare_speed(stemmers, args.speed, args.runs) if args.speed > 0 else {}
    if args.json:

        def plain(found: dict[str, dict[str, Any]]) -> dict[str, Any]:
            return {s: {k: v for k, v in r.items() if k != "ranked"} for s, r in found.items()}

        data = {"relevance": plain(results), "any_word": plain(relaxed), "speed": speed}
        sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        return 0
    sys.stdout.write(render_relevance(results, args.queries) + "\n")
    if relaxed:
        sys.stdout.write(
            "\nEvery plain query with its words joined by OR (an estimate of an any-word "
            "fallback; queries with operators, quotes or fields as typed):\n\n"
        )
        sys.stdout.write(render_relevance(relaxed, args.queries) + "\n")
    if speed:
        sys.stdout.write("\n" + render_speed(speed, args.speed, args.runs) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
