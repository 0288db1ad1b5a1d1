"""Bringing the index up to date before a command, and telling the user what that did.

A search answers quickly from what is indexed, doing at most a few seconds'
work first; ``brreader index`` and ``brreader import`` wait for the whole job.
Either way every rebuild, skipped file and warning is said on stderr.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from brreader.cli.output import say

if TYPE_CHECKING:
    from brreader.model import UpdateReport
    from brreader.search import Archive

# How long a search waits for another brreader that is writing the index before
# answering from what that one has committed so far.
SEARCH_WAIT = 1.0
# How much a search indexes before answering (bytes of article files, a few
# seconds' work); a larger backlog is left to 'brreader index' or the reader.
SEARCH_BUDGET = 3_000_000


def update_index(
    archive: Archive, *, rebuild: bool = False, bar: bool = False, indexer: bool = False
) -> UpdateReport:
    """Update the index, telling the user on stderr about rebuilds and bad files.

    ``indexer`` is for the commands whose job is the index: they wait for
    another writer and index everything; ``bar`` shows progress on a terminal.
    """
    from brreader.textsafe import clean_line

    progress = None
    handle: Any = None
    if bar and sys.stderr.isatty():
        from rich.progress import Progress

        handle = Progress(transient=True)
        task = handle.add_task("indexing", total=None)

        def progress(done: int, total: int) -> None:
            if done == 0:
                handle.start()
            stage = "saving" if done == total else "indexing"
            handle.update(task, completed=done, total=total, description=stage)

    else:

        def progress(done: int, total: int) -> None:
            if done == 0 and total >= 50:
                what = f"{total} articles" if indexer else "new and changed articles"
                say(f"indexing {what} into {archive.location} ...")

    try:
        if indexer:
            report = archive.update(rebuild=rebuild, progress=progress, follow=True)
        else:
            # A search trusts folder times (O(folders)); 'brreader index' scans every file.
            report = archive.update(
                progress=progress, wait=SEARCH_WAIT, budget=SEARCH_BUDGET, quick=True
            )
    finally:
        if handle is not None:
            handle.stop()
    if report.rebuilt_because and report.rebuilt_because != "rebuild requested":
        say(f"built a new index in {archive.location} ({report.rebuilt_because})")
    if report.repaired:
        say(f"repaired the index record in {archive.location} ({report.repaired})")
    if report.failed:
        if indexer:
            from brreader.model import IndexError_

            raise IndexError_(report.failed)
        say(f"{report.failed}; results may miss recent changes")
    if report.busy and not indexer:
        say("another brreader is updating the index; results cover what it has saved so far")
    if report.remaining:
        say(
            f"indexed {len(report.indexed):,} articles; {report.remaining:,} more are not "
            "indexed yet: run 'brreader index' (results cover what is indexed)"
        )
    for skipped in report.skipped:
        say(f"{clean_line(skipped.path)}: skipped: {clean_line(skipped.reason)}")
    for path, warning in report.warnings:
        say(f"{clean_line(path)}: {clean_line(warning)}")
    return report
