"""Ranking quality must not fall: nDCG@10 on the relevance judgments of the sample archive.

``tests/relevance/judgments.yaml`` holds graded judgments (2 = about it,
1 = mentions it, 0 = not) for queries of several types, written by reading
the articles. ``benchmarks/relevance.py`` scores the ranking against them;
``tests/relevance/baseline.json`` records the numbers the ranking reached
when they were last raised. The only tolerance is half a unit of the last
stored digit (the baseline is stored rounded to four places).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "relevance"
ROUNDING = 0.00005  # the baseline's last digit
TYPE_SLACK = 0.02  # a ranking change may trade a little between query types, not more


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "brreader_relevance", REPO / "benchmarks" / "relevance.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


relevance = _load_script()


@pytest.fixture(scope="module")
def report() -> object:
    return relevance.measure(REPO / "articles", HERE / "judgments.yaml")


def test_ndcg_does_not_fall_below_the_recorded_baseline(report: object) -> None:
    baseline = json.loads((HERE / "baseline.json").read_text(encoding="utf-8"))
    measured = report.as_dict()  # type: ignore[attr-defined]
    assert measured["ndcg@10"] >= baseline["ndcg@10"] - ROUNDING, measured["by_query"]
    for kind, before in baseline["by_type"].items():
        now = measured["by_type"][kind]["ndcg@10"]
        assert now >= before - TYPE_SLACK - ROUNDING, (kind, now, before)


def test_every_judged_query_runs(report: object) -> None:
    failed = {o.judged.query: o.error for o in report.outcomes if o.error}  # type: ignore[attr-defined]
    assert not failed


def test_judgments_cover_what_issue_16_asks_for() -> None:
    judged = relevance.load_judgments(HERE / "judgments.yaml")
    assert len(judged) >= 30
    kinds = {item.type for item in judged}
    assert {"topic", "name", "place", "question", "phrase", "rare", "common"} <= kinds
    # Graded, not binary: most queries tell "about it" from "mentions it".
    graded = [item for item in judged if {1, 2} <= set(item.grades.values())]
    assert len(graded) >= 20


def test_measures_on_a_hand_worked_ranking() -> None:
    grades = {"a": 2, "b": 1, "c": 1}
    # Ideal order a, b, c: DCG = 2 + 1/log2(3) + 1/2.
    ideal = 2 + 1 / 1.584962500721156 + 0.5
    assert relevance.ndcg_at(["a", "b", "c"], grades) == pytest.approx(1.0)
    # c, x, a: DCG = 1 + 0 + 2/2 = 2.
    assert relevance.ndcg_at(["c", "x", "a"], grades) == pytest.approx(2 / ideal)
    assert relevance.recall_at(["c", "x", "a"], grades) == pytest.approx(2 / 3)
    assert relevance.ndcg_at([], grades) == 0.0


def test_a_refused_query_scores_zero_with_its_reason() -> None:
    from brreader.model import QueryError

    def search(text: str) -> list[str]:
        raise QueryError(f"cannot read {text!r}")

    judged = [relevance.Judged("x~~", "fuzzy", {"a": 2})]
    report = relevance.evaluate(search, judged)
    assert report.outcomes[0].ndcg == 0.0
    assert "cannot read" in report.outcomes[0].error


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("queries: [{query: x, type: nope, judgments: {a: 2}}]\ntypes: {topic: t}", "type"),
        ("queries: [{query: x, type: topic, judgments: {a: 3}}]\ntypes: {topic: t}", "grade 3"),
        ("queries: [{query: x, type: topic, judgments: {a: 0}}]\ntypes: {topic: t}", "ideal"),
        ("queries: [{query: x, type: topic, judgments: {zz: 2}}]\ntypes: {topic: t}", "no article"),
        ("queries: {}", "queries"),
        ("queries: [\n", "cannot read"),
    ],
)
def test_a_bad_judgments_file_is_named_with_what_to_fix(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "judgments.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(relevance.JudgmentsError) as caught:
        relevance.load_judgments(path, known_ids=["a"])
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_the_script_prints_one_line_per_type_and_overall(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert relevance.main([]) == 0
    out = capsys.readouterr().out
    assert "overall" in out
    assert "question" in out and "phrase" in out
