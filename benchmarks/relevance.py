"""How good is brreader's ranking? nDCG@10 and recall@10 on graded relevance judgments.

    python benchmarks/relevance.py [--judgments FILE] [--articles DIR] [--json] [--queries]

Builds an index of the articles (by default the sample archive in
``articles/``) in a temporary folder, runs every query of the judgments file
(by default ``tests/relevance/judgments.yaml``) as the CLI would, and prints
nDCG@10 and recall@10 overall and for each query type; ``--queries`` adds
one line per query. ``tests/test_relevance.py`` fails if the overall nDCG@10
falls below the number recorded in ``tests/relevance/baseline.json``.

The measures, for one query with graded judgments g (2 = about it,
1 = mentions it, 0 = not, which is every article the query does not list):

- DCG@10 = sum over the first ten results of g / log2(rank + 1);
  nDCG@10 = DCG@10 / the DCG@10 of the best possible order. A query whose
  judgments list no relevant article has no ideal order and is rejected.
- recall@10 = (articles with g >= 1 among the first ten) / (articles with g >= 1).

Every query weighs the same in an average: a type's number is the mean over
its queries, the overall number the mean over all queries.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from brreader.model import QueryError  # noqa: E402
from brreader.search import Archive  # noqa: E402

JUDGMENTS = REPO / "tests" / "relevance" / "judgments.yaml"
CUTOFF = 10
GRADES = (0, 1, 2)


class JudgmentsError(Exception):
    """The judgments file cannot be used; the message names the file and what to fix."""


@dataclass(frozen=True)
class Judged:
    """One query with its type and its graded articles (unlisted articles grade 0)."""

    query: str
    type: str
    grades: dict[str, int]


@dataclass(frozen=True)
class Outcome:
    """What one query scored: its measures and the ids it returned, best first."""

    judged: Judged
    ndcg: float
    recall: float
    ranked: tuple[str, ...]
    error: str = ""


@dataclass
class Report:
    """Every query's outcome, with averages overall and per type."""

    outcomes: list[Outcome] = field(default_factory=list)

    def mean(self, measure: str, kind: str | None = None) -> float:
        values = [
            getattr(o, measure) for o in self.outcomes if kind is None or o.judged.type == kind
        ]
        return statistics.fmean(values) if values else 0.0

    def types(self) -> list[str]:
        return sorted({o.judged.type for o in self.outcomes})

    def as_dict(self) -> dict[str, Any]:
        return {
            "queries": len(self.outcomes),
            "ndcg@10": round(self.mean("ndcg"), 4),
            "recall@10": round(self.mean("recall"), 4),
            "by_type": {
                kind: {
                    "queries": sum(1 for o in self.outcomes if o.judged.type == kind),
                    "ndcg@10": round(self.mean("ndcg", kind), 4),
                    "recall@10": round(self.mean("recall", kind), 4),
                }
                for kind in self.types()
            },
            "by_query": {
                o.judged.query: {
                    "type": o.judged.type,
                    "ndcg@10": round(o.ndcg, 4),
                    "recall@10": round(o.recall, 4),
                    **({"error": o.error} if o.error else {}),
                }
                for o in self.outcomes
            },
        }


def load_judgments(path: Path, known_ids: Iterable[str] | None = None) -> list[Judged]:
    """Read and check a judgments file; raise :class:`JudgmentsError` naming what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise JudgmentsError(f"{path}: cannot read the judgments ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("queries"), list):
        raise JudgmentsError(f"{path}: expected a mapping with 'types' and a 'queries' list")
    types = data.get("types") or {}
    known = set(known_ids) if known_ids is not None else None
    found: list[Judged] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["queries"], start=1):
        where = f"{path}: query {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("query"), str):
            raise JudgmentsError(f"{where}: each entry needs 'query', 'type' and 'judgments'")
        text = entry["query"]
        where = f"{path}: query {text!r}"
        if text in seen:
            raise JudgmentsError(f"{where} is listed twice; merge its judgments")
        seen.add(text)
        kind = entry.get("type")
        if kind not in types:
            raise JudgmentsError(f"{where}: type {kind!r} is not one of {sorted(types)}")
        grades = entry.get("judgments")
        if not isinstance(grades, dict) or not grades:
            raise JudgmentsError(f"{where}: 'judgments' must map article ids to 0, 1 or 2")
        for article, grade in grades.items():
            if grade not in GRADES:
                raise JudgmentsError(f"{where}: grade {grade!r} for {article} is not 0, 1 or 2")
            if known is not None and article not in known:
                raise JudgmentsError(f"{where}: no article {article!r} in the archive")
        if not any(grades.values()):
            raise JudgmentsError(f"{where}: no article graded 1 or 2, so nDCG has no ideal")
        found.append(Judged(text, kind, {str(a): int(g) for a, g in grades.items()}))
    return found


def dcg(grades: Sequence[int]) -> float:
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(grades, start=1))


def ndcg_at(ranked: Sequence[str], grades: dict[str, int], cutoff: int = CUTOFF) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True)[:cutoff])
    return dcg([grades.get(i, 0) for i in ranked[:cutoff]]) / ideal


def recall_at(ranked: Sequence[str], grades: dict[str, int], cutoff: int = CUTOFF) -> float:
    relevant = {i for i, g in grades.items() if g > 0}
    return len(relevant.intersection(ranked[:cutoff])) / len(relevant)


def evaluate(search: Callable[[str], Sequence[str]], judged: Iterable[Judged]) -> Report:
    """Run each query through ``search`` (text -> ids, best first) and score it.

    A query the engine refuses scores zero and keeps its message: a ranking
    that cannot run a judged query is worse, not better.
    """
    report = Report()
    for item in judged:
        try:
            ranked = tuple(search(item.query))[:CUTOFF]
            error = ""
        except QueryError as problem:
            ranked, error = (), str(problem)
        report.outcomes.append(
            Outcome(
                item,
                ndcg_at(ranked, item.grades),
                recall_at(ranked, item.grades),
                ranked,
                error,
            )
        )
    return report


def measure(articles: Path, judgments: Path) -> Report:
    """Index a copy of ``articles`` in a temporary folder and evaluate the judgments on it."""
    with tempfile.TemporaryDirectory(prefix="brreader-relevance-") as scratch:
        root = Path(scratch)
        shutil.copytree(articles, root / "articles")
        archive = Archive(root / "articles", root / "index", mmap=False)
        try:
            archive.update()
            ids = [info.id for info in archive.browse()[0]]
            judged = load_judgments(judgments, ids)

            def search(text: str) -> list[str]:
                found = archive.search(text, limit=CUTOFF, snippets=False)
                return [hit.info.id for hit in found.hits]

            return evaluate(search, judged)
        finally:
            archive.close()


def render(report: Report, per_query: bool) -> str:
    lines = [f"{'':14} {'queries':>7} {'nDCG@10':>8} {'recall@10':>9}"]
    for kind in report.types():
        count = sum(1 for o in report.outcomes if o.judged.type == kind)
        lines.append(
            f"{kind:14} {count:7d} {report.mean('ndcg', kind):8.4f} "
            f"{report.mean('recall', kind):9.4f}"
        )
    lines.append(
        f"{'overall':14} {len(report.outcomes):7d} {report.mean('ndcg'):8.4f} "
        f"{report.mean('recall'):9.4f}"
    )
    if per_query:
        lines.append("")
        for o in sorted(report.outcomes, key=lambda o: (o.judged.type, o.ndcg)):
            note = f"  ({o.error})" if o.error else ""
            lines.append(
                f"{o.judged.type:10} {o.ndcg:6.3f} {o.recall:6.3f}  {o.judged.query}{note}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS)
    parser.add_argument("--articles", type=Path, default=REPO / "articles")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--queries", action="store_true", help="one line per query as well")
    args = parser.parse_args(argv)
    try:
        report = measure(args.articles, args.judgments)
    except JudgmentsError as error:
        sys.stderr.write(f"relevance: {error}\n")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(report.as_dict(), indent=1, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(report, args.queries) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
