"""The server's watcher: one thread per articles folder, updating its index as files change.

``watchfiles`` (inotify on Linux, FSEvents on macOS, in Rust) reports
changes in batches; each batch becomes one index update with a full scan, so
files rewritten in place are caught too, which the one-shot commands' quick
check leaves to the next full scan. The server is the only process that
writes the index while it runs (other brreader processes ask it instead).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

WATCH_DEBOUNCE_MS = 30  # how long a burst of file events may last before the batch runs
WATCH_STEP_MS = 10


def log(message: str) -> None:
    """A line in the server's own log: never a client's stderr, which a command may hold."""
    stream = sys.__stderr__
    if stream is not None:
        print(message, file=stream, flush=True)


def _article_change(change: Any, path: str) -> bool:
    """Changes worth an update: article files, and folders (a folder renamed or removed)."""
    name = os.path.basename(path)
    if name.startswith("."):
        return False
    return name.lower().endswith((".txt", ".md")) or "." not in name


class Watcher(threading.Thread):
    """Keeps one archive's index up to date as its files change."""

    def __init__(self, articles: Path, index_dir: Path, stop: threading.Event) -> None:
        super().__init__(daemon=True, name=f"watch {articles}")
        from brreader.search import Archive

        self.articles = articles
        self.archive = Archive(articles, index_dir, mmap=False)
        self.stop = stop
        self.updates = 0
        self.done = threading.Event()  # the watch ended (the folder went away, say)

    def run(self) -> None:
        import watchfiles

        self._update()  # a full scan: what changed while no server ran
        try:
            for _changes in watchfiles.watch(
                self.articles,
                debounce=WATCH_DEBOUNCE_MS,
                step=WATCH_STEP_MS,
                stop_event=self.stop,
                watch_filter=_article_change,
                raise_interrupt=False,
            ):
                self._update()
        except Exception as error:  # noqa: BLE001 - a folder gone, a watch limit: say, stop watching
            log(f"watching {self.articles} stopped: {error}")
        finally:
            self.archive.close()
            self.done.set()

    def _update(self) -> None:
        try:
            report = self.archive.update()
        except Exception as error:  # noqa: BLE001 - the next change tries again
            log(f"updating {self.articles}: {error}")
            return
        self.updates += 1
        if report.failed:
            log(report.failed)
