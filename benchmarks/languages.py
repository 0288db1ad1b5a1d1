"""Does language-aware analysis cost English archives anything? Before and after, alternated.

    python benchmarks/languages.py [--articles 20000] [--runs 3] [--base main]

Extracts ``brreader/`` as it is on ``--base`` (a git ref: the code before
language-aware analysis) next to this checkout's, then on one synthetic
English archive (``synth.py``) alternates the two: a full build in a child
process (wall time, peak RSS) and one-shot searches in new processes. Then
builds and searches a mixed archive (a quarter of the articles in Chinese,
Russian, French, Spanish and Arabic) with this checkout only, and builds both
archives with SQLite FTS5 (``fts5_baseline.py``) in the same run, so the mixed
archive's build can be held to issue 16's "within 8x of FTS5". Prints medians
and the ratios after/before; the machine is shared, so only ratios from the
same run mean much. Builds report wall and CPU time (user + system of the
child). Every brreader child runs with ``BRREADER_SERVER=off``: a benchmark
must not leave a resident server behind. Results go to stdout as Markdown.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402  (a sibling script, not a package)
import synth  # noqa: E402

QUERIES = ["railwaymarker", "mekongia", '"ka lo"', "ka*", "quokkalith OR zanzibarite"]
MIXED_QUERIES = ["合作", "наука", "coopération", "التعاون", "railwaymarker"]


BRREADER = [sys.executable, "-c", "import sys, brreader.cli; sys.exit(brreader.cli.main())"]


def run(command: list[str], cwd: Path, code: Path = REPO) -> tuple[float, float, float]:
    """Run a child with ``code`` first on the path: (wall s, CPU s, peak RSS MB)."""
    env = {**os.environ, "PYTHONPATH": str(code), "BRREADER_SERVER": "off"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(code: Path, articles: Path, index: Path, queries: list[str]) -> dict[str, float]:
    shutil.rmtree(index, ignore_errors=True)
    folders = ["--articles", str(articles), "--index", str(index)]
    build, cpu, rss = run([*BRREADER, *folders, "index", "--rebuild"], index.parent, code)
    searches = [
        run([*BRREADER, *folders, "search", q, "--limit", "10"], index.parent, code)[0]
        for q in queries
    ]
    return {"build": build, "cpu": cpu, "rss": rss, "search": statistics.median(searches)}


def fts5_build(articles: Path, db: Path) -> dict[str, float]:
    """SQLite FTS5's full build of the same articles, in a child (the same-run baseline)."""
    db.unlink(missing_ok=True)
    wall, cpu, rss = run(bench.fts5("build", str(db), str(articles)), db.parent)
    return {"build": wall, "cpu": cpu, "rss": rss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", default="main")
    parser.add_argument("--work", type=Path, default=None, help="reuse archives here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="brreader-languages-"))
    base = work / "base"
    shutil.rmtree(base, ignore_errors=True)
    synth.export_code(args.base, base)
    english, mixed = work / "english", work / "mixed"
    if not (english / "articles").exists():
        synth.generate(english, args.articles)
    if not (mixed / "articles").exists():
        synth.generate(mixed, args.articles, mixed=0.25)
    samples: dict[str, list[dict[str, float]]] = {
        "before": [],
        "after": [],
        "mixed": [],
        "fts5 English": [],
        "fts5 mixed": [],
    }
    for number in range(args.runs):
        for name, code in (
            (("before", base), ("after", REPO))
            if number % 2 == 0
            else (
                ("after", REPO),
                ("before", base),
            )
        ):
            samples[name].append(measure(code, english / "articles", english / "index", QUERIES))
            print(name, samples[name][-1], file=sys.stderr, flush=True)
        samples["mixed"].append(measure(REPO, mixed / "articles", mixed / "index", MIXED_QUERIES))
        print("mixed", samples["mixed"][-1], file=sys.stderr, flush=True)
        for name, folder in (("fts5 English", english), ("fts5 mixed", mixed)):
            samples[name].append(fts5_build(folder / "articles", folder / "fts5.db"))
            print(name, samples[name][-1], file=sys.stderr, flush=True)
    med = {
        name: {key: statistics.median(s[key] for s in runs) for key in runs[0]}
        for name, runs in samples.items()
    }
    print(f"{args.articles:,} articles, {args.runs} runs each, medians; base = {args.base}\n")
    print(
        "| archive, engine | full build wall, s | build CPU, s | peak RSS, MB "
        "| one-shot search, s |"
    )
    print("|---|---|---|---|---|")
    labels = {
        "before": "English, brreader before",
        "after": "English, brreader after",
        "fts5 English": "English, FTS5",
        "mixed": "mixed (25% zh/ru/fr/es/ar), brreader after",
        "fts5 mixed": "mixed, FTS5",
    }
    for name, label in labels.items():
        m = med[name]
        search = f"{m['search']:.3f}" if "search" in m else "-"
        print(f"| {label} | {m['build']:.2f} | {m['cpu']:.2f} | {m['rss']:.0f} | {search} |")
    for archive, ours, theirs in (
        ("English", "after", "fts5 English"),
        ("mixed", "mixed", "fts5 mixed"),
    ):
        per_run = [
            (x["build"] / y["build"], x["cpu"] / y["cpu"])
            for x, y in zip(samples[ours], samples[theirs], strict=True)
        ]
        print(
            f"| {archive} build vs FTS5 (median of per-run ratios) "
            f"| {statistics.median(w for w, _c in per_run):.2f}x "
            f"| {statistics.median(c for _w, c in per_run):.2f}x | | |"
        )
    b, a = med["before"], med["after"]
    print(
        f"| English after/before | {a['build'] / b['build']:.3f}x | {a['cpu'] / b['cpu']:.3f}x "
        f"| {a['rss'] / b['rss']:.3f}x | {a['search'] / b['search']:.3f}x |"
    )
    # Each run measured before and after back to back: the median of those ratios
    # is steadier than the ratio of medians when the machine's load swings between runs.
    ratios = {
        key: statistics.median(
            x[key] / y[key] for x, y in zip(samples["after"], samples["before"], strict=True)
        )
        for key in ("build", "cpu", "rss", "search")
    }
    print(
        f"| English after/before, median of per-run ratios | {ratios['build']:.3f}x "
        f"| {ratios['cpu']:.3f}x | {ratios['rss']:.3f}x | {ratios['search']:.3f}x |"
    )


if __name__ == "__main__":
    main()
