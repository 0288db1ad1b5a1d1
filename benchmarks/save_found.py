"""A saved edit with the server running and no command waiting: how soon it is indexed.

    python benchmarks/save_found.py ARCHIVE [--base OTHER_CHECKOUT:OTHER_ARCHIVE] [--saves 9]

ARCHIVE is a folder with ``articles`` and ``index`` (indexed already). A
``brreader serve`` of this checkout (and of ``--base``'s, on its own copy of
the archive) runs with ``BRREADER_SERVER_TRACE=1``; after one command has
opened the archive and the watcher's first scan is done, each round rewrites
the first article file in place (a new word in it) and reads the server's log
until the watcher's update of it is done, with no command in between:

- *noticed*: from the save to the watcher's batch (file events, debounce);
- *update*: the watcher's update of that file (parse, analysis, the new
  segment, Whoosh's commit, the record's journal line), from its own trace;
- *found*: from the save to the end of that update: a search from then on
  finds the edit (the commit is on disk; the next command opens it);
- *next command*: a search for the new word sent over the socket right after
  (it must find it): reopening the index after the commit, and the search.

Setups alternate round by round; the pause before each save (default 2.5 s)
lets the previous save's merge happen first, so no save meets a merge.
Medians are printed with the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from merge_wait import Setup, until_found, until_ready  # noqa: E402


def save_once(setup: Setup, number: int, rows: dict[str, list[float]]) -> None:
    target = sorted((setup.archive / "articles").rglob("*.txt"))[0]
    original = target.read_bytes()
    word = f"zqxsaved{number}w"
    setup.new_lines()
    try:
        saved = time.monotonic()
        target.write_bytes(original + f"\n\nQ: {word}?\nA: {word}.\n".encode())
        batch = done = None
        took = 0.0
        deadline = saved + 60
        while done is None and time.monotonic() < deadline:
            for line in setup.new_lines():
                stamp, _space, what = line.partition(" ")
                if what.startswith("batch of"):
                    batch = float(stamp)
                elif what.startswith("update done in") and batch is not None:
                    done = float(stamp)
                    took = float(what.split()[3])
            time.sleep(0.001)
        if batch is None or done is None:
            raise SystemExit(f"{setup.name}: no update seen within a minute of the save")
        began = time.perf_counter()
        until_found(setup, word, 1)
        rows["next command"].append(time.perf_counter() - began)
        rows["noticed"].append(batch - saved)
        rows["update"].append(took)
        rows["found"].append(done - saved)
    finally:
        target.write_bytes(original)
    until_found(setup, word, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--base", help="OTHER_CHECKOUT:OTHER_ARCHIVE, alternated with this one")
    parser.add_argument("--saves", type=int, default=9)
    parser.add_argument("--pause", type=float, default=2.5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    setups = [Setup("this", HERE.parent, args.archive.resolve())]
    try:
        if args.base:
            checkout, archive = args.base.split(":", 1)
            setups.append(Setup("base", Path(checkout).resolve(), Path(archive).resolve()))
        for setup in setups:
            setup.search("warm")
            until_ready(setup)
        names = ("noticed", "update", "found", "next command")
        rows = {setup.name: {name: [] for name in names} for setup in setups}
        for number in range(args.saves):
            for setup in setups if number % 2 == 0 else setups[::-1]:
                time.sleep(args.pause)
                save_once(setup, number, rows[setup.name])
        for setup in setups:
            found = rows[setup.name]
            print(
                f"{setup.name}: "
                + "; ".join(
                    f"{name} {statistics.median(found[name]) * 1000:.0f} ms"
                    f" ({min(found[name]) * 1000:.0f}-{max(found[name]) * 1000:.0f})"
                    for name in names
                )
            )
    finally:
        for setup in setups:
            setup.stop()
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
