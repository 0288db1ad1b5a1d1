"""Smoke test of ``benchmarks/bench.py``: it runs end to end on a tiny archive.

No timing is checked, only that every measure gets a row in the markdown and
that every engine found each planted word in as many articles as it was put in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from brreader import serving
from tests.conftest import ServerProcess, short_runtime_dir

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
    # Run as a user would, with the background server allowed: the benchmark
    # itself must keep its children from starting one that outlives it.
    runtime = short_runtime_dir()
    env = {**os.environ, "BRREADER_RUNTIME_DIR": str(runtime)}
    env.pop("BRREADER_SERVER", None)
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=REPO, timeout=240, env=env
        )
        left_running = serving.server_alive(runtime)
    finally:
        stop_server_in(runtime)
    assert not left_running, "the benchmark left a brreader server running"
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


def stop_server_in(runtime: Path) -> None:
    env = {**os.environ, "BRREADER_RUNTIME_DIR": str(runtime), "BRREADER_SERVER": "on"}
    command = [sys.executable, "-m", "brreader", "serve", "--stop"]
    subprocess.run(command, env=env, capture_output=True, timeout=60)
    shutil.rmtree(runtime, ignore_errors=True)


def _bench() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_under_test", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_benchmarks_end_check_stops_a_server_left_running() -> None:
    bench = _bench()
    runtime = short_runtime_dir()
    quiet = short_runtime_dir()
    started = ServerProcess(runtime)
    try:
        left = bench.stop_leftover_servers([runtime, quiet])  # type: ignore[attr-defined]
        assert left == [str(runtime)]
        assert started.process.wait(timeout=30) == 0
        assert not serving.server_alive(runtime)
        assert not runtime.exists() and not quiet.exists()
    finally:
        started.stop()
        shutil.rmtree(runtime, ignore_errors=True)


def _synth() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "brreader_synth", REPO / "benchmarks" / "synth.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_realistic_vocabulary_is_english_shaped_and_repeatable(tmp_path: Path) -> None:
    from brreader.articles import discover, read_article

    synth = _synth()
    first = synth.generate(tmp_path / "one", 40, seed=5, vocabulary="realistic")  # type: ignore[attr-defined]
    synth.generate(tmp_path / "two", 40, seed=5, vocabulary="realistic")  # type: ignore[attr-defined]
    one = sorted((tmp_path / "one" / "articles").rglob("*.txt"))
    two = sorted((tmp_path / "two" / "articles").rglob("*.txt"))
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]  # same seed, same files
    assert first["railwaymarker"] == 40
    text = " ".join(p.read_text(encoding="utf-8").lower() for p in one).split()
    assert text.count("the") > len(text) / 50  # function words lead, as in English
    assert sum(w.endswith(("ing", "ed", "tion", "ment")) for w in text) > len(text) / 100
    files, skipped = discover(tmp_path / "one" / "articles")
    assert not skipped and len(files) == 40
    pairs = [
        len(read_article(tmp_path / "one" / "articles", f.path, f.id).article.pairs) for f in files
    ]
    assert 5 <= sum(pairs) / len(pairs) <= 7  # six questions on average
    size = sum(p.stat().st_size for p in one) / len(one)
    assert 5_000 < size < 9_000  # about 7 KB an article


def test_the_default_vocabulary_is_unchanged(tmp_path: Path) -> None:
    # The syllable archive is the one every earlier benchmark ran on: adding the
    # realistic mode must not change a byte of it (digest of 30 articles, seed 7,
    # taken before the mode was added).
    import hashlib

    synth = _synth()
    synth.generate(tmp_path, 30, seed=7)  # type: ignore[attr-defined]
    files = sorted((tmp_path / "articles").rglob("*.txt"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()
    assert digest == "2ab1dffa0587ff0b1b0602c094b03bdef819da3a3ddd91f08b3b6463f6923544"
