"""One-shot searches, code of a git ref against this checkout, alternating rounds.

    python benchmarks/oneshot_ab.py [--articles 2000] [--rounds 7] [--base main] [--work DIR]
        [--mixed 0.25] [--query TEXT]...

Builds one index with each version on the same synthetic archive (English, or
with ``--mixed`` a share in Chinese, Russian, French, Spanish and Arabic),
then runs each query (``--query``, repeated, or five English ones) in a new
process, alternating which version goes first in each round, and prints the
medians and ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

QUERIES = ["railwaymarker", "mekongia", '"ka lo"', "ka lo", "ka*"]


def run(code: Path, args: list[str]) -> float:
    # No resident server: each query is a whole one-shot process, and none is left behind.
    env = {**os.environ, "PYTHONPATH": str(code), "BRREADER_SERVER": "off"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-c", "import sys, brreader.cli; sys.exit(brreader.cli.main())"]
    start = time.perf_counter()
    subprocess.run(
        [*command, *args], env=env, cwd=code.parent, stdout=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--base", default="main")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--mixed", type=float, default=0.0, help="share of non-English articles")
    parser.add_argument("--query", action="append", default=[], help="a query (repeatable)")
    args = parser.parse_args()
    queries = args.query or QUERIES
    work = args.work or Path(tempfile.mkdtemp(prefix="brreader-oneshot-"))
    base = synth.export_code(args.base, work / "base")
    if not (work / "articles").exists():
        synth.generate(work, args.articles, mixed=args.mixed)
    codes = {"before": base, "after": REPO}
    for name, code in codes.items():
        folders = ["--articles", str(work / "articles"), "--index", str(work / f"index-{name}")]
        print(f"{name}: build {run(code, [*folders, 'index', '--rebuild']):.1f} s")
    times: dict[str, dict[str, list[float]]] = {name: {q: [] for q in queries} for name in codes}
    for number in range(args.rounds):
        order = list(codes.items()) if number % 2 == 0 else list(codes.items())[::-1]
        for name, code in order:
            folders = ["--articles", str(work / "articles"), "--index", str(work / f"index-{name}")]
            for text in queries:
                times[name][text].append(run(code, [*folders, "search", text, "--limit", "10"]))
    print("| query | before, s | after, s | after/before |\n|---|---|---|---|")
    for text in queries:
        before = statistics.median(times["before"][text])
        after = statistics.median(times["after"][text])
        print(f"| `{text}` | {before:.3f} | {after:.3f} | {after / before:.2f} |")


if __name__ == "__main__":
    main()
