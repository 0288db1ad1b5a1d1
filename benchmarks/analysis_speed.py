"""The analysis path of a build, before and after a change, alternating.

    python benchmarks/analysis_speed.py ARCHIVE_FOLDER... [--base main] [--runs 5] [--files 2000]
        [--languages]

Times ``engine.writer.term_positions`` (the indexer's analysis, most of a
build's CPU after parsing) over the paragraphs of the first ``--files``
articles of each folder, in a child process per run, alternating the code of
``--base`` and of this checkout. Prints medians and the ratio. With
``--languages`` each article is analysed in its language, as the indexer
does: front matter ``language:``, or else what ``language.detect`` says
(worked out before the clock starts); for a mixed archive (``synth.py
--mixed``) and real text in other languages (``tests/fixtures/multilingual``).
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
import re, sys, time
from pathlib import Path
from brreader.engine.writer import term_positions
from brreader.language import detect
count, languages, folders = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3:]
texts = []
for folder in folders:
    for path in sorted(Path(folder).rglob("*.txt"))[:count]:
        whole = path.read_text(encoding="utf-8")
        named = re.search(r"^language: *(\\w+)", whole, re.M)
        lang = (named.group(1) if named else detect(whole)) if languages else ""
        texts += [(p, "" if lang == "en" else lang) for p in whole.split("\\n\\n")]
start = time.perf_counter()
for text, lang in texts:
    term_positions(text, lang) if lang else term_positions(text)
print(time.perf_counter() - start)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, nargs="+")
    parser.add_argument("--base", default="main")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=2000, help="articles per folder")
    parser.add_argument("--languages", action="store_true", help="each article in its language")
    args = parser.parse_args()
    base = synth.export_code(args.base, Path(tempfile.mkdtemp(prefix="brreader-base-")))
    times: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(args.runs):
        for name, code in (("before", base), ("after", REPO)):
            env = {**os.environ, "PYTHONPATH": str(code)}
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.files), str(int(args.languages)),
                 *map(str, args.archive)],
                capture_output=True, text=True, env=env, cwd=base, check=True,
            )  # fmt: skip
            times[name].append(float(done.stdout))
    before, after = statistics.median(times["before"]), statistics.median(times["after"])
    mode = "in their languages" if args.languages else "as English"
    print(f"term_positions over {args.files:,} articles a folder {mode}, {args.runs} runs, medians")
    print(f"before {before:.3f} s, after {after:.3f} s, after/before {after / before:.3f}x")
    pairs = [a / b for a, b in zip(times["after"], times["before"], strict=True)]
    listed = " ".join(f"{r:.3f}" for r in pairs)
    print(f"per-run ratios: {listed} (median {statistics.median(pairs):.3f}x)")


if __name__ == "__main__":
    main()
