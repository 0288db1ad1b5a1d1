"""The server's watcher: one thread per articles folder, updating its index as files change.

``watchfiles`` (inotify on Linux, FSEvents on macOS, in Rust) reports
changes in batches; each batch becomes one index update with a full scan, so
files rewritten in place are caught too, which the one-shot commands' quick
check leaves to the next full scan. The server is the only process that
writes the index while it runs (other brreader processes ask it instead).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brreader.search import Archive
from brreader.serving import log

if TYPE_CHECKING:
    from brreader.model import UpdateReport

WATCH_DEBOUNCE_MS = 30  # how long a burst of file events may last before the batch runs
WATCH_STEP_MS = 10


def _article_change(change: Any, path: str) -> bool:
    """Changes worth an update: article files, and folders (a folder renamed or removed)."""
    name = os.path.basename(path)
    if name.startswith("."):
        return False
    return name.lower().endswith((".txt", ".md")) or "." not in name


class Unreported:
    """What the watcher indexed, skipped or warned about that no command has said yet.

    In-process, the command that finds a new or changed file indexes it and
    says what it did (a skipped file, a warning, the count for ``brreader
    index``, and its exit status). With a server, the watcher usually got
    there first; the next command's update takes these over and says them,
    so the output is what it would have been.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reports: list[UpdateReport] = []

    def add(self, report: UpdateReport) -> None:
        if (
            report.indexed
            or report.removed
            or report.skipped
            or report.warnings
            or (report.rebuilt_because)
        ):
            with self._lock:
                self._reports.append(report)

    def merge_into(self, report: UpdateReport) -> UpdateReport:
        with self._lock:
            taken, self._reports = self._reports, []
        for earlier in taken:
            fresh = [path for path in earlier.indexed if path not in report.indexed]
            report.indexed.extend(fresh)
            report.removed.extend(p for p in earlier.removed if p not in report.removed)
            report.skipped.extend(earlier.skipped)
            report.warnings.extend(earlier.warnings)
            # Those files were new or changed when the watcher saw them, not unchanged.
            report.unchanged = max(0, report.unchanged - len(fresh) - len(earlier.skipped))
            if not report.rebuilt_because:
                report.rebuilt_because = earlier.rebuilt_because
        return report


class WatchedArchive(Archive):
    """An archive the server keeps open, whose updates also tell what the watcher did."""

    def __init__(self, articles: Path, index_dir: Path, unreported: Unreported) -> None:
        # mmap=False: an index file emptied under a mapping would kill the server
        # with SIGBUS; read through file handles, damage is an error it recovers from.
        super().__init__(articles, index_dir, mmap=False)
        self.unreported = unreported

    def update(self, **options: Any) -> UpdateReport:
        return self.unreported.merge_into(super().update(**options))


class Watcher(threading.Thread):
    """Keeps one archive's index up to date as its files change."""

    def __init__(
        self, articles: Path, index_dir: Path, stop: threading.Event, unreported: Unreported
    ) -> None:
        super().__init__(daemon=True, name=f"watch {articles}")
        self.articles = articles
        self.archive = Archive(articles, index_dir, mmap=False)
        self.unreported = unreported
        self.stop = stop
        self.updates = 0
        self.done = threading.Event()  # the watch ended (the folder went away, say)

    def run(self) -> None:
        import watchfiles

        self._update()  # a full scan: what changed while no server ran
        try:
            for changes in watchfiles.watch(
                self.articles,
                debounce=WATCH_DEBOUNCE_MS,
                step=WATCH_STEP_MS,
                stop_event=self.stop,
                watch_filter=_article_change,
                raise_interrupt=False,
            ):
                self._update(self._relative(path for _change, path in changes))
        except Exception as error:  # noqa: BLE001 - a folder gone, a watch limit: say, stop watching
            log(f"watching {self.articles} stopped: {error}")
        finally:
            self.archive.close()
            self.done.set()

    def _relative(self, paths: Iterable[str]) -> list[str] | None:
        """The changed paths under the articles folder, "/"-separated; None if any is not."""
        root = str(self.articles) + os.sep
        found = []
        for path in paths:
            if not path.startswith(root):
                return None
            found.append(path[len(root) :].replace(os.sep, "/"))
        return found

    def _update(self, paths: list[str] | None = None) -> None:
        """Index what changed; ``paths`` (when known) are the only files looked at again."""
        try:
            report = self.archive.update(paths=paths)
        except Exception as error:  # noqa: BLE001 - the next change tries again
            log(f"updating {self.articles}: {error}")
            return
        self.updates += 1
        self.unreported.add(report)
        if report.failed:
            log(report.failed)
