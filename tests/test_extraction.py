"""The real-world shapes benchmark as a regression guard (tests/fixtures/realworld/).

``baseline.json`` lists, per fixture, the fields the parser read right when it
was written; a field listed there that is now wrong is a regression. Fields
the parser gets wrong today are not held against it, so the parser can only
improve: after an improvement, rewrite the baseline with
``python benchmarks/extraction.py --write-baseline``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "realworld"


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "extraction_benchmark", REPO / "benchmarks" / "extraction.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


extraction = _benchmark()


def test_every_fixture_has_an_expected_record_and_vice_versa() -> None:
    files = {path.name for path in FIXTURES.glob("*.txt")}
    records = set(extraction.load_expected(FIXTURES))
    assert files - records == set(), "fixtures without a record in expected.yaml"
    assert records - files == set(), "records in expected.yaml without a fixture"


def test_every_fixture_is_in_the_baseline() -> None:
    baseline = json.loads((FIXTURES / "baseline.json").read_text(encoding="utf-8"))
    files = {path.name for path in FIXTURES.glob("*.txt")}
    assert set(baseline) == files, "rewrite it: python benchmarks/extraction.py --write-baseline"


def test_fixtures_are_the_promised_size_and_records_are_complete() -> None:
    expected = extraction.load_expected(FIXTURES)
    for name, record in expected.items():
        size = len((FIXTURES / name).read_text(encoding="utf-8"))
        assert 300 <= size <= 2_500, (name, size)
        assert set(extraction.FIELDS) - {"questions", "answers"} <= set(record), name
        for key in ("questions", "answers"):
            starts = record.get(key) or []
            assert len(starts) <= record["pairs"], (name, key)
            assert bool(starts) == bool(record["pairs"]), (name, key)


def test_no_field_read_right_in_the_baseline_is_now_wrong() -> None:
    baseline = json.loads((FIXTURES / "baseline.json").read_text(encoding="utf-8"))
    regressions = []
    for result in extraction.evaluate(FIXTURES):
        for name in baseline.get(result.name, []):
            field = result.fields[name]
            if not field.ok:
                regressions.append(
                    f"{result.name} [{result.shape}] {name}: "
                    f"expected {field.expected!r}, got {field.got!r}"
                )
    assert not regressions, "regressions:\n" + "\n".join(regressions)


def test_seed_shaped_fixtures_are_read_fully_right() -> None:
    results = [r for r in extraction.evaluate(FIXTURES) if r.shape.startswith("seed-")]
    assert len(results) >= 3
    wrong = [f"{r.name}: {name}" for r in results for name, f in r.fields.items() if not f.ok]
    assert not wrong, wrong
