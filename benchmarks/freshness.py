"""What a one-shot command's freshness check costs, before and after the folder-time check.

Before, every command listed and stat-ed every article file (``discover``)
and parsed the whole index record; now it stats each folder the last full
scan saw (``engine.freshness``). This times both parts on an articles folder
of any size, without needing an index, so it runs on a 100,000-article
archive that would take long to index:

    python benchmarks/synth.py /tmp/s100k --articles 100000
    python benchmarks/freshness.py /tmp/s100k/articles [--runs 5]

It also times parsing an index record of that many files (written to a
temporary folder in the record's own format). Medians, in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from brreader.articles import discover


def timed(work: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folders: dict[str, int | None] = {}
    files, _skipped = discover(args.articles, folders)
    root = str(args.articles)

    def folder_check() -> None:
        for name in folders:
            os.stat(os.path.join(root, name) if name else root)

    record = {
        "brreader": "index",
        "building": False,
        "files": {f.path: [f.id, f.mtime_ns, f.size] for f in files},
    }
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "brreader-index.json"
        path.write_text(json.dumps(record, separators=(",", ":")), encoding="utf-8")
        parse_ms = timed(lambda: json.loads(path.read_bytes()), args.runs)
    scan_ms = timed(lambda: discover(args.articles), args.runs)
    check_ms = timed(folder_check, args.runs)
    print(f"{len(files):,} article files in {len(folders):,} folders; medians of {args.runs} runs")
    print(f"before: stat every file (discover)     {scan_ms:9.1f} ms")
    print(f"before: parse the index record         {parse_ms:9.1f} ms")
    print(f"now:    stat every folder              {check_ms:9.3f} ms")


if __name__ == "__main__":
    main()
