"""How well the parser reads real-world interview shapes: a field-by-field yardstick.

Every ``*.txt`` file in ``tests/fixtures/realworld/`` is a fictional article
written in the shape of a real published page (see that folder's README).
``expected.yaml`` says what a careful human reader extracts from each one;
this script parses every fixture with :func:`brreader.parse.parse_article` and
compares, field by field:

  title, interviewees (a list), outlet, published (the date, and the time when
  the expected value has one), source, pairs (the count), questions and
  answers (the start of each, whitespace normalised, compared as prefixes of
  the expected length; when expected lists fewer starts than pairs, they are
  the first ones and the last one).

    python benchmarks/extraction.py              # overall, per shape, per field
    python benchmarks/extraction.py --verbose    # ... and every mismatch
    python benchmarks/extraction.py --json       # the same, for machines
    python benchmarks/extraction.py --write-baseline   # tests/fixtures/realworld/baseline.json

``tests/test_extraction.py`` uses :func:`evaluate` and the baseline to fail on
regressions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO))

from brreader.parse import parse_article  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "realworld"
EXPECTED = FIXTURES / "expected.yaml"
BASELINE = FIXTURES / "baseline.json"
FIELDS = (
    "title",
    "interviewees",
    "outlet",
    "published",
    "source",
    "pairs",
    "questions",
    "answers",
)


@dataclass(frozen=True)
class FieldResult:
    """One field of one fixture: right or not, and both values as text."""

    ok: bool
    expected: Any
    got: Any


@dataclass
class FixtureResult:
    """Every field of one fixture."""

    name: str
    shape: str
    fields: dict[str, FieldResult] = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return all(result.ok for result in self.fields.values())

    @property
    def right(self) -> list[str]:
        return [name for name in FIELDS if self.fields[name].ok]


# ---------------------------------------------------------------------------
# comparing


def norm(text: Any) -> str:
    """Whitespace (non-breaking spaces too) collapsed to single spaces, ends stripped."""
    return " ".join(str(text or "").split())


def _prefix_ok(expected: str, got: str) -> bool:
    want = norm(expected)
    return norm(got)[: len(want)] == want


def _starts_ok(expected: list[str], got: list[str]) -> bool:
    """The expected starts against the parsed texts (first ones + last one when shortened)."""
    if not expected:
        return not got
    if len(got) < len(expected):
        return False
    if len(expected) == len(got):
        chosen = got
    else:
        chosen = got[: len(expected) - 1] + got[-1:]
    return all(_prefix_ok(want, have) for want, have in zip(expected, chosen, strict=True))


def _as_stamp(value: Any) -> tuple[date | None, tuple[int, int] | None]:
    """A date and, when given, (hour, minute) from YAML's date/datetime or an ISO string."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.date(), (value.hour, value.minute)
    if isinstance(value, date):
        return value, None
    text = str(value).strip()
    if len(text) <= 10:
        return date.fromisoformat(text), None
    stamp = datetime.fromisoformat(text)
    return stamp.date(), (stamp.hour, stamp.minute)


def _published_ok(expected: Any, got: datetime | None) -> bool:
    want_day, want_time = _as_stamp(expected)
    if want_day is None:
        return got is None
    if got is None or got.date() != want_day:
        return False
    return want_time is None or (got.hour, got.minute) == want_time


def _show_stamp(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


def interviewees_of(article: Any) -> list[str]:
    """The article's interviewees: a list when the model has one, else the single name."""
    names = getattr(article, "interviewees", None)
    if names is not None:
        return [str(name) for name in names]
    return [article.interviewee] if article.interviewee else []


def compare(name: str, record: dict[str, Any], text: str) -> FixtureResult:
    """Parse one fixture's text and compare it with its expected record."""
    stem = name.rsplit(".", 1)[0]
    article = parse_article(text, id=stem, path=name).article
    result = FixtureResult(name=name, shape=str(record.get("shape", "?")))
    got_questions = [pair.question for pair in article.pairs]
    got_answers = [pair.answer for pair in article.pairs]
    want_names = [norm(n) for n in (record.get("interviewees") or [])]
    got_names = [norm(n) for n in interviewees_of(article)]
    want_q = [str(q) for q in (record.get("questions") or [])]
    want_a = [str(a) for a in (record.get("answers") or [])]

    def short(texts: list[str], count: int) -> list[str]:
        if count >= len(texts) or count == 0:
            return [norm(t)[:60] for t in texts[: count or len(texts)]]
        return [norm(t)[:60] for t in texts[: count - 1] + texts[-1:]]

    result.fields = {
        "title": FieldResult(
            norm(record.get("title")) == norm(article.title),
            norm(record.get("title")),
            norm(article.title),
        ),
        "interviewees": FieldResult(want_names == got_names, want_names, got_names),
        "outlet": FieldResult(
            norm(record.get("outlet")) == norm(article.outlet),
            norm(record.get("outlet")),
            norm(article.outlet),
        ),
        "published": FieldResult(
            _published_ok(record.get("published"), article.published),
            _show_stamp(record.get("published")),
            _show_stamp(article.published),
        ),
        "source": FieldResult(
            norm(record.get("source")) == norm(article.source),
            norm(record.get("source")),
            norm(article.source),
        ),
        "pairs": FieldResult(
            int(record.get("pairs", 0)) == len(article.pairs),
            int(record.get("pairs", 0)),
            len(article.pairs),
        ),
        "questions": FieldResult(
            _starts_ok(want_q, got_questions), want_q, short(got_questions, len(want_q))
        ),
        "answers": FieldResult(
            _starts_ok(want_a, got_answers), want_a, short(got_answers, len(want_a))
        ),
    }
    return result


def load_expected(folder: Path = FIXTURES) -> dict[str, dict[str, Any]]:
    """The expected records, keyed by file name."""
    data = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    return {str(name): dict(record) for name, record in data.items()}


def fixture_files(folder: Path = FIXTURES) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def evaluate(folder: Path = FIXTURES) -> list[FixtureResult]:
    """Per fixture, per field: what the parser read right. Fixtures without a record are skipped."""
    expected = load_expected(folder)
    results = []
    for path in fixture_files(folder):
        record = expected.get(path.name)
        if record is None:
            continue
        results.append(compare(path.name, record, path.read_text(encoding="utf-8")))
    return results


# ---------------------------------------------------------------------------
# reporting


def summary(results: list[FixtureResult]) -> dict[str, Any]:
    """Overall, per-shape and per-field numbers, ready for JSON or a table."""
    total = sum(len(r.fields) for r in results)
    right = sum(len(r.right) for r in results)
    shapes: dict[str, dict[str, int]] = defaultdict(
        lambda: {"fixtures": 0, "exact": 0, "right": 0, "fields": 0}
    )
    for r in results:
        row = shapes[r.shape]
        row["fixtures"] += 1
        row["exact"] += int(r.exact)
        row["right"] += len(r.right)
        row["fields"] += len(r.fields)
    per_field = {
        name: {
            "right": sum(1 for r in results if r.fields[name].ok),
            "fixtures": len(results),
        }
        for name in FIELDS
    }
    return {
        "fixtures": len(results),
        "exact": sum(1 for r in results if r.exact),
        "fields": total,
        "fields_right": right,
        "accuracy": round(right / total, 4) if total else 0.0,
        "per_shape": dict(sorted(shapes.items())),
        "per_field": per_field,
    }


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}%" if total else "  n/a"


def print_report(results: list[FixtureResult], verbose: bool) -> None:
    s = summary(results)
    print(
        f"field accuracy: {s['fields_right']}/{s['fields']} "
        f"({_pct(s['fields_right'], s['fields']).strip()})"
    )
    print(f"read exactly:   {s['exact']}/{s['fixtures']} fixtures")
    print()
    width = max([len("shape")] + [len(name) for name in s["per_shape"]])
    print(f"{'shape':<{width}}  fixtures  exact  fields right")
    for shape, row in sorted(
        s["per_shape"].items(), key=lambda kv: kv[1]["right"] / kv[1]["fields"]
    ):
        print(
            f"{shape:<{width}}  {row['fixtures']:>8}  {row['exact']:>5}  "
            f"{row['right']:>3}/{row['fields']:<3} {_pct(row['right'], row['fields'])}"
        )
    print()
    print(f"{'field':<13} right")
    for name, row in s["per_field"].items():
        print(
            f"{name:<13} {row['right']:>3}/{row['fixtures']:<3} "
            f"{_pct(row['right'], row['fixtures'])}"
        )
    if verbose:
        print()
        for r in results:
            for name, f in r.fields.items():
                if not f.ok:
                    print(f"{r.name} [{r.shape}] {name}: expected {f.expected!r} got {f.got!r}")


def write_baseline(results: list[FixtureResult], path: Path = BASELINE) -> None:
    """Per fixture, the fields read right now; the regression test holds the parser to them."""
    data = {r.name: r.right for r in results}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--verbose", action="store_true", help="print every mismatch")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--write-baseline", action="store_true", help=f"write {BASELINE.relative_to(REPO)}"
    )
    args = parser.parse_args(argv)
    results = evaluate()
    if args.write_baseline:
        write_baseline(results)
    if args.json:
        out = summary(results)
        out["results"] = [
            {
                "name": r.name,
                "shape": r.shape,
                "exact": r.exact,
                "fields": {k: asdict(v) for k, v in r.fields.items()},
            }
            for r in results
        ]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print_report(results, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
