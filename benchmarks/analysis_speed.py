"""The English analysis path before and after language-aware analysis, alternating.

    python benchmarks/analysis_speed.py ARCHIVE_FOLDER [--base main] [--runs 5] [--files 2000]

Times ``engine.writer.term_positions`` (the indexer's analysis, most of a
build's CPU after parsing) over the paragraphs of the first ``--files``
articles of a synthetic archive, in a child process per run, alternating the
code of ``--base`` and of this checkout. Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import synth  # noqa: E402

CHILD = """
import sys, time
from pathlib import Path
from brreader.engine.writer import term_positions
files = sorted(Path(sys.argv[1]).rglob("*.txt"))[: int(sys.argv[2])]
texts = [p for f in files for p in f.read_text(encoding="utf-8").split("\\n\\n")]
start = time.perf_counter()
for text in texts:
    term_positions(text)
print(time.perf_counter() - start)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--base", default="main")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args()
    base = synth.export_code(args.base, Path(tempfile.mkdtemp(prefix="brreader-base-")))
    times: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(args.runs):
        for name, code in (("before", base), ("after", REPO)):
            env = {**os.environ, "PYTHONPATH": str(code)}
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.archive), str(args.files)],
                capture_output=True, text=True, env=env, cwd=base, check=True,
            )  # fmt: skip
            times[name].append(float(done.stdout))
    before, after = statistics.median(times["before"]), statistics.median(times["after"])
    print(f"term_positions over {args.files:,} articles, {args.runs} runs each, medians")
    print(f"before {before:.3f} s, after {after:.3f} s, after/before {after / before:.3f}x")


if __name__ == "__main__":
    main()
