"""Where the server's update of one saved file goes, in-process, step by step (no profiler).

    python benchmarks/update_split.py ARCHIVE [SAVES]

ARCHIVE is a folder with ``articles`` and ``index`` (indexed already; give a
copy: the index is written). The archive is opened as the server's watcher
opens it (``resident``, kept warm); each save rewrites the first article file
in place with a new word, and the update of that file alone is timed, with
timers around its steps: reading, parsing and analysing the article,
deleting its old documents, writing the new segment's terms, Whoosh's commit,
the record's journal line, the folder times. Every fourth save the small
segments are merged, as the watcher does when quiet (not timed). Medians.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ["BRREADER_SERVER"] = "off"

from brreader.engine import internals, manifest, store, writer  # noqa: E402
from brreader.search import Archive, keep_warm  # noqa: E402

spent: dict[str, float] = defaultdict(float)


def timed(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - began

    setattr(owner, name, wrapper)


def main() -> None:
    root = Path(sys.argv[1])
    saves = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    timed(store.IndexStore, "_index_file", "read, parse, analyse the article")
    timed(store.IndexStore, "_delete", "delete its old documents")
    timed(writer.Writer, "flush_terms", "write the segment's terms")
    timed(internals.SegmentWriterBase, "_commit_toc", "Whoosh's commit")
    timed(manifest.IndexRecord, "write", "the record's journal line")
    timed(store.IndexStore, "_keep_folder_stamps", "the folder times")
    keep_warm()
    archive = Archive(root / "articles", root / "index", mmap=False, resident=True)
    archive.update()
    target = sorted((root / "articles").rglob("*.txt"))[0]
    relative = target.relative_to(root / "articles").as_posix()
    original = target.read_bytes()
    steps: dict[str, list[float]] = defaultdict(list)
    totals = []
    try:
        for number in range(saves):
            target.write_bytes(original + f"\n\nQ: zqxs{number}w?\nA: zqxs{number}w.\n".encode())
            spent.clear()
            began = time.perf_counter()
            archive.update(paths=[relative])
            totals.append(time.perf_counter() - began)
            for label, seconds in spent.items():
                steps[label].append(seconds)
            if number % 4 == 3:
                archive.merge()
    finally:
        target.write_bytes(original)
        archive.update(paths=[relative])
        archive.close()
    print(
        f"{root}: update median {statistics.median(totals) * 1000:.1f} ms "
        f"(load {os.getloadavg()[0]:.1f})"
    )
    for label, seconds in steps.items():
        print(f"  {label}: {statistics.median(seconds) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
