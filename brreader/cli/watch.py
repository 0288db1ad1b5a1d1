"""The server's watcher: one thread per articles folder, updating its index as files change.

``watchfiles`` (inotify on Linux, FSEvents on macOS, in Rust) reports
changes in batches; each batch becomes one index update that looks again at
the files named (a full scan when that could be wrong), so files rewritten
in place are caught too, which the one-shot commands' quick check leaves to
the next full scan. The server is the only process that writes the index
while it runs (other brreader processes ask it instead).

Save, then search: a command waits (:meth:`Watcher.settle`) until the
watcher has asked for changes once after the command arrived and indexed
what it got, so an edit saved before the command started is in its answer.
When nothing changed that wait is one or two :data:`WATCH_STEP_MS`.

Each batch commits a segment of its own and nothing else: folding the small
segments together (a merge, tenths of a second, seconds on a loaded machine)
waits for a quiet moment (:data:`MERGE_QUIET`), in a thread of its own, so a
save is never slowed by the merge of the saves before it. A batch that comes
during a merge interrupts it (the merge gives way before it commits and is
tried again at the next quiet moment), so a saved edit never waits for a
merge either. Nor does a command: it answers from the last commit at once
(searching needs no write lock), and the merge pauses where it looks whether
to give way until the command is done, so the command has the processor
(and Python's lock) to itself. While the merge commits, the commands' quick
check takes its commit for the one before it (``merging.committing``): the
same files are indexed.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brreader.search import Archive
from brreader.serving import log

if TYPE_CHECKING:
    from brreader.model import UpdateReport

WATCH_DEBOUNCE_MS = 30  # how long a burst of file events may last before the batch runs
# How often the watcher asks for changes; a batch runs once a step brings no new event.
# A command waits for the next look after it arrived: 5-10 ms when nothing changed.
WATCH_STEP_MS = 5
# Small segments (one per batch) are merged once neither a change nor a command came for
# this long, or, while commands keep coming, when none is running this long after the
# merge became due.
MERGE_QUIET = 2.0
MERGE_LATEST = 10.0
# A merge pauses while a command runs; past this long it gives way instead (and is done
# again at the next quiet moment): a command that must write the index (files changed
# that the watcher has not seen) would otherwise wait for the merge's write lock.
MERGE_PAUSE = 0.5
# BRREADER_SERVER_TRACE=1: the server's log gets a timed line for each step from a saved
# file to a command's answer (batch, update, merge, a command's wait).
TRACE = bool(os.environ.get("BRREADER_SERVER_TRACE"))


def trace(message: str) -> None:
    """One timed line in the server's log, when tracing is on."""
    if TRACE:
        log(f"{time.monotonic():.3f} {message}")


def _never() -> float:
    return -math.inf


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
            or report.rebuilt_because
            or report.repaired
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
            report.repaired = report.repaired or earlier.repaired
        return report


class WatchedArchive(Archive):
    """An archive the server keeps open, whose updates also tell what the watcher did."""

    def __init__(self, articles: Path, index_dir: Path, unreported: Unreported) -> None:
        # mmap=False: an index file emptied under a mapping would kill the server
        # with SIGBUS; read through file handles, damage is an error it recovers from.
        super().__init__(articles, index_dir, mmap=False)
        self.unreported = unreported
        self.keep_warm()  # the server answers command after command

    def update(self, **options: Any) -> UpdateReport:
        return self.unreported.merge_into(super().update(**options))


class Watcher(threading.Thread):
    """Keeps one archive's index up to date as its files change."""

    def __init__(
        self,
        articles: Path,
        index_dir: Path,
        stop: threading.Event,
        unreported: Unreported,
        activity: Callable[[], float] = _never,
    ) -> None:
        """``activity``: when the last command came (time.monotonic(); inf while one runs)."""
        super().__init__(daemon=True, name=f"watch {articles}")
        self.articles = articles
        self.archive = Archive(articles, index_dir, mmap=False, resident=True)
        self.activity = activity
        self.unreported = unreported
        self.stop = stop
        self.updates = 0
        self.done = threading.Event()  # the watch ended (the folder went away, say)
        # Every change made before this moment (time.monotonic()) is in the index;
        # None until the watch is set up and its first scan done.
        self._applied: float | None = None
        self._progress = threading.Condition()
        self._writing = threading.Lock()  # one of update or merge at a time
        self._changed = time.monotonic()  # when the last batch was indexed
        self._batch_waiting = threading.Event()  # a batch waits for the write lock: merge, give way
        self._due = threading.Event()  # a batch was committed: a merge may be due
        self._gave_way = False  # the last merge gave way (to a batch, a command, the end)

    def run(self) -> None:
        import watchfiles

        try:
            # Set up first, then scan: a save during the scan is in the first batch.
            changes = watchfiles.watch(
                self.articles,
                debounce=WATCH_DEBOUNCE_MS,
                step=WATCH_STEP_MS,
                stop_event=self.stop,
                watch_filter=_article_change,
                raise_interrupt=False,
                # Back after one quiet step: how settle() knows nothing is pending.
                # (watchfiles empties its buffer on that return: an event landing in
                # the same microsecond is lost; a save makes several, and the
                # server's next start scans everything.)
                rust_timeout=1,
                yield_on_timeout=True,
            )
            asked = time.monotonic()
            if next(changes, None) is None:
                return
            self._update()  # a full scan: what changed while no server ran
            self._mark(asked)
            self._due.set()  # small segments an earlier server left, if any
            threading.Thread(target=self._merge_when_quiet, daemon=True, name="merge").start()
            while True:
                # Whatever happened before this call began is in its answer or in an
                # earlier one (the moment of the answer itself would be a few
                # microseconds late if this thread were paused right after it).
                asked = time.monotonic()
                batch = next(changes, None)
                if batch is None:
                    return
                if batch:
                    trace(
                        f"batch of {len(batch)} events, asked {time.monotonic() - asked:.3f} s ago"
                    )
                    self._update(self._relative(path for _change, path in batch))
                self._mark(asked)
        except Exception as error:  # noqa: BLE001 - a folder gone, a watch limit: say, stop watching
            log(f"watching {self.articles} stopped: {error}")
        finally:
            self.done.set()
            with self._writing:  # a merge under way ends first
                self.archive.close()
            with self._progress:
                self._progress.notify_all()

    def _merge_when_quiet(self) -> None:
        """Fold the batches' small segments together when nobody is waiting for the index."""
        while not self.done.is_set():
            if not self._due.wait(0.5):
                continue
            due = time.monotonic()
            while not self.done.is_set():
                now, last, changed = time.monotonic(), self.activity(), self._changed
                if now - max(changed, last) >= MERGE_QUIET or (
                    now - due >= MERGE_LATEST and last != math.inf
                ):
                    break
                self.done.wait(0.1)
            with self._writing:
                if self.done.is_set() or not self.archive.merge_due():
                    self._due.clear()
                    continue
                if self._changed != changed or self._batch_waiting.is_set():
                    continue  # a batch came since the look above: the next quiet moment
                self._due.clear()
                trace("merge starts")
                self._gave_way = False
                try:
                    merged = self.archive.merge(wait=1.0, interrupt=self._give_way)
                    trace(f"merge done: {merged}")
                    if not merged and self._gave_way:
                        self._due.set()  # the next quiet moment
                except Exception as error:  # noqa: BLE001 - the index stays as it was
                    log(f"merging the index of {self.articles}: {error}")

    def _give_way(self) -> bool:
        """Asked by a merge every thousand postings or words: True to give way.

        A batch waiting for the write lock, or the watch ending: give way. A
        command running: pause here (no processor, no Python lock taken) until
        it is done, or give way once it has run :data:`MERGE_PAUSE` seconds.
        """
        paused = None
        while not (self._batch_waiting.is_set() or self.done.is_set()):
            if self.activity() != math.inf:
                if paused is not None:
                    trace(f"merge resumes after {time.monotonic() - paused:.3f} s")
                return False
            now = time.monotonic()
            if paused is None:
                paused = now
                trace("merge pauses for a command")
            elif now - paused > MERGE_PAUSE:
                break
            self.done.wait(0.01)
        trace("merge gives way")
        self._gave_way = True
        return True

    def _mark(self, asked: float) -> None:
        """Everything changed before ``asked`` is indexed now (or failed and was logged)."""
        with self._progress:
            self._applied = asked
            self._progress.notify_all()

    @property
    def ready(self) -> bool:
        """Whether the watch is set up and its first full scan done."""
        return self._applied is not None

    def settle(self, since: float, timeout: float) -> bool:
        """Wait until every change made before ``since`` (time.monotonic()) is indexed.

        A merge under way is not waited for: it pauses while the command runs.
        False if it took longer than ``timeout`` seconds (a large batch: the
        caller answers from what is committed). True at once while the watch
        is being set up and its first full scan runs (at 100,000 articles
        that takes seconds; a command then answers from the last commit, as
        without a server, and the scan catches up), or once it has ended.
        """
        deadline = time.monotonic() + timeout
        with self._progress:
            while self._applied is not None and self._applied < since and not self.done.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._progress.wait(left)
        return True

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
        began = time.monotonic()
        self._batch_waiting.set()  # a merge under way gives way
        try:
            with self._writing:
                self._batch_waiting.clear()
                trace(
                    f"update starts ({'all' if paths is None else len(paths)} paths) after "
                    f"{time.monotonic() - began:.3f} s waiting for the write lock"
                )
                try:
                    report = self.archive.update(paths=paths)
                finally:
                    self._changed = time.monotonic()  # before a merge may take the lock
                trace(
                    f"update done in {time.monotonic() - began:.3f} s: "
                    f"{len(report.indexed)} indexed, {len(report.removed)} removed, "
                    f"busy={report.busy}, failed={report.failed!r}"
                )
        except Exception as error:  # noqa: BLE001 - the next change tries again
            log(f"updating {self.articles}: {error}")
            return
        self.updates += 1
        if report.indexed or report.removed:
            self._due.set()
        self.unreported.add(report)
        if report.failed:
            log(report.failed)
