"""Smoke test of ``benchmarks/bench.py``: it runs end to end on a tiny archive.

No timing is checked, only that every measure gets a row in the markdown and
that every engine found each planted word in as many articles as it was put in.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks" / "bench.py"

ROWS = [
    "Full build, s",
    "Build speed, docs/s",
    "Parsing alone",
    "Peak RSS while building, MB",
    "Index size / corpus size",
    "One-shot search, new process: `zanzibarite`",
    "One-shot search, new process: `quokkalith`",
    "One-shot search, new process: `mekongia`",
    "One-shot search, new process: `railwaymarker`",
    "One-shot search, new process, server running: `zanzibarite`",
    "One-shot search, new process, server running: `railwaymarker`",
    "Saved edit found by a new search process, server running",
    "Server memory with the index open",
    "Warm search + snippets, in-process, median ms",
    "Warm search + snippets, in-process, p95 ms",
    "Update after 1 changed file, new process, s",
    "Fresh build: first search answered, s",
    "Fresh build: build finished, s",
    "Reader first paint, ms",
    "Hit counts match planted counts",
]


def test_benchmark_runs_on_a_tiny_archive(tmp_path: Path) -> None:
    out = tmp_path / "perf.md"
    command = [sys.executable, str(BENCH), "--articles", "40", "--runs", "1", "--skip-tui"]
    command += ["--workdir", str(tmp_path / "work"), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| ")]
    for label in ROWS:
        assert any(line.startswith(f"| {label}") for line in table), label
    warnings = [line for line in text.splitlines() if line.startswith("- WARNING")]
    assert "Hit counts: all match the planted counts." in text, warnings
    assert not [w for w in warnings if "hit count mismatch" in w]
    assert "## How it is measured" in text
    # What the table printed is what was written.
    assert done.stdout.strip() in text
