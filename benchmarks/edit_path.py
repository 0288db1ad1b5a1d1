"""The server's side of a saved edit, in-process: the watcher's update, then the next command.

``serve_bench.py --edit-only`` times save -> answer through a real server and a
new client process, whose start-up (tens to hundreds of milliseconds on a
loaded machine) hides the server's own part. This times that part alone, for
this checkout and another (``--base``), alternated in one run: a child
process per checkout opens the archive as the server does (one archive for
the watcher, one for commands), then for each save rewrites one article in
place, runs the watcher's update of that file, then ``search --json WORD``
through ``brreader.cli.main`` with the command archive (which must find the
word), then the same command again (no commit before it). A checkout whose
watcher merges small segments apart from its commits (``resident``) merges
when due after the commands, as the server does when quiet; that time is
reported apart and is not part of any save.

Each checkout needs an index of its own (the record's format may differ):
give ``ARCHIVE`` for this checkout and ``--base-archive`` for the base, both
made by ``synth.py`` and indexed (a copy of the index folder with the
articles folder linked works: the record names the real articles folder).

    python benchmarks/edit_path.py A20K_COPY --base MAIN --base-archive A20K --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

CHILD = r"""
import contextlib, inspect, io, json, os, sys, time
from pathlib import Path
from brreader.search import Archive
from brreader.cli.watch import WatchedArchive, Unreported
from brreader.cli import main

root, saves = Path(sys.argv[1]), int(sys.argv[2])
arts, idx = root / "articles", root / "index"
resident = "resident" in inspect.signature(Archive).parameters
watcher = Archive(arts, idx, mmap=False, **({"resident": True} if resident else {}))
command = WatchedArchive(arts, idx, Unreported())
watcher.update()

def search(word):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--articles", str(arts), "--index", str(idx), "search", "--json", word,
              "--limit", "10"], archives=lambda a, i: command)
    return json.loads(out.getvalue())["total"]

search("warm")
target = sorted(arts.rglob("*.txt"))[0]
relative = target.relative_to(arts).as_posix()
original = target.read_bytes()
rows = []
try:
    for n in range(saves):
        word = f"zqpath{os.getpid()}x{n}w"
        target.write_bytes(original + f"\n\nQ: {word}?\nA: {word}.\n".encode())
        t0 = time.perf_counter()
        watcher.update(paths=[relative])
        t1 = time.perf_counter()
        assert search(word) == 1, word
        t2 = time.perf_counter()
        search(word)
        t3 = time.perf_counter()
        merge = 0.0
        if resident and watcher.merge_due():
            watcher.merge()
            merge = time.perf_counter() - t3
        rows.append([t1 - t0, t2 - t1, t3 - t2, merge])
finally:
    target.write_bytes(original)
    watcher.update(paths=[relative])
    if resident:
        watcher.merge()
print(json.dumps(rows))
"""


def child(checkout: Path, archive: Path, saves: int) -> list[list[float]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(checkout)
    env["BRREADER_SERVER"] = "off"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(archive), str(saves)],
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, help="for this checkout: synth.py's folder, indexed")
    parser.add_argument("--base", type=Path, help="another checkout")
    parser.add_argument("--base-archive", type=Path, help="the base checkout's own archive copy")
    parser.add_argument("--runs", type=int, default=3, help="children per checkout, alternated")
    parser.add_argument("--saves", type=int, default=12, help="saved edits per child")
    args = parser.parse_args()
    setups = {"this checkout": (REPO, args.archive.resolve())}
    if args.base is not None:
        setups["base"] = (args.base.resolve(), (args.base_archive or args.archive).resolve())
    rows: dict[str, list[list[float]]] = {name: [] for name in setups}
    for _run in range(args.runs):
        for name, (checkout, archive) in setups.items():
            rows[name].extend(child(checkout, archive, args.saves))
    for name, samples in rows.items():
        update, first, again, merges = (sorted(column) for column in zip(*samples, strict=True))
        path = sorted(u + c for u, c, _a, _m in samples)

        def show(values: list[float]) -> str:
            p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
            return f"{1000 * statistics.median(values):.1f} (p90 {1000 * p90:.1f})"

        merged = [m for m in merges if m > 0]
        print(
            f"{name}: {len(samples)} saves, ms median (p90): update {show(update)}, "
            f"next command {show(first)}, update + next command {show(path)}, "
            f"the same command again {show(again)}; merges apart: {len(merged)}"
            + (f", median {1000 * statistics.median(merged):.1f} ms" if merged else "")
        )


if __name__ == "__main__":
    main()
