"""Time and peak memory of ``brreader import`` of big saved pages, here and in another checkout.

A saved page of 300,000 short paragraphs (7.5 MB) took 229 s and 1.3 GB
before ``brreader.pagecost`` refused such pages up front. This script writes
invented pages in two shapes and imports each with ``--dry-run`` in a fresh
process under ``/usr/bin/time -v`` (wall time and maximum resident set size):

- ``short``: one bold question in ten short paragraphs, to SIZE megabytes
  (the shape of the known case: 1 MB is 45,000 paragraphs);
- ``interview``: a real-looking long interview (bold questions, answers of
  some sixty words with a link and an italic word), which must import as
  before and as fast.

    python benchmarks/import_pages.py                       # 1, 7.5 and 30 MB, this checkout
    python benchmarks/import_pages.py --base /work/main --timeout 300

``--base`` runs the same pages with another checkout's ``brreader`` package
(this checkout's virtual environment), so the two can be compared in one run.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
WORDS = "tide gauge harbour data share sensor network buoy coast storm surge level metre".split()
HEAD = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Tide gauges and shared data | Harbour Science Weekly</title></head><body>"
    "<article><h1>Tide gauges and shared data</h1>"
    "<time datetime='2025-03-14T10:30:00'>March 14, 2025</time>"
    "<p>Marek Tollund, an engineer at the Coastal Gauge Institute, spoke about tide data.</p>"
)


def short_page(megabytes: float) -> str:
    parts, size, number = [HEAD], len(HEAD), 0
    rng = random.Random(1)
    while size < megabytes * (1 << 20):
        if number % 10 == 0:
            part = f"<p><strong>What about gauge {number}?</strong></p>"
        else:
            part = f"<p>{rng.choice(WORDS)} {rng.choice(WORDS)}.</p>"
        parts.append(part)
        size += len(part)
        number += 1
    return "".join(parts) + "</article></body></html>"


def interview_page(pairs: int) -> str:
    rng = random.Random(3)
    parts = [HEAD]
    for number in range(pairs):
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        parts.append(f"<p><strong>What did the gauge at pier {number} record?</strong></p>")
        parts.append(f"<p>{words} <a href='/s/{number}'>surge</a> <em>{number}</em>.</p>")
    return "".join(parts) + "</article></body></html>"


def measure(checkout: Path, page: Path, timeout: float) -> str:
    """'12.3 s, 456 MB, imported' for one dry-run import of ``page``."""
    with tempfile.TemporaryDirectory() as scratch:
        command = ["/usr/bin/time", "-v", "timeout", str(timeout), sys.executable, "-m"]
        command += ["brreader", "--articles", f"{scratch}/a", "--index", f"{scratch}/i"]
        command += ["import", "--dry-run", str(page)]
        os.mkdir(f"{scratch}/a")
        env = {**os.environ, "BRREADER_SERVER": "off", "PYTHONPATH": str(checkout)}
        done = subprocess.run(command, capture_output=True, text=True, cwd=checkout, env=env)
    wall = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    seconds = 0.0
    if wall:
        seconds = int(wall[1] or 0) * 3600 + int(wall[2]) * 60 + float(wall[3])
    outcome = (
        "killed at the timeout"
        if "status 124" in done.stderr
        else ("imported" if "imported 1," in done.stdout else "refused")
    )
    megabytes = int(peak[1]) // 1024 if peak else 0
    return f"{seconds:7.1f} s {megabytes:6,} MB  {outcome}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1, 7.5, 30])
    parser.add_argument("--base", type=Path, help="another checkout to compare with")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    checkouts = [("this", HERE)] + ([("base", args.base.resolve())] if args.base else [])
    with tempfile.TemporaryDirectory() as folder:
        pages = [(f"short {size} MB", Path(folder, f"short-{size}.html")) for size in args.sizes]
        for (_, path), size in zip(pages, args.sizes, strict=True):
            path.write_text(short_page(size), encoding="utf-8")
        real = Path(folder, "interview.html")
        real.write_text(interview_page(1_900), encoding="utf-8")
        pages.append((f"interview {real.stat().st_size / (1 << 20):.1f} MB, 1,900 pairs", real))
        for name, path in pages:
            for label, checkout in checkouts:
                print(f"{name:<36} {label:<5} {measure(checkout, path, args.timeout)}", flush=True)


if __name__ == "__main__":
    main()
