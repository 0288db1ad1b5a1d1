"""Writing the index: keep the freshness record, lock, batch, add documents.

The index is a disposable cache of the articles folder. ``brreader-index.json``
beside the Whoosh files records, for each article file, its id, modification
time and size, plus the Whoosh generation it describes.
:meth:`IndexStore.update` compares it with a scan of the folder and
re-indexes only what changed; when the record and the index disagree, or the
index cannot be opened, the index is rebuilt from the files.

One process writes at a time, under Whoosh's lock file; readers go on
searching the last commit meanwhile (see ``snapshot``). The folder itself
(claiming it, clearing it, leftovers of a failed commit) is ``folder``'s job.
A long-lived process (the server's watcher) keeps the record it last wrote
or read in memory, and when told which files changed looks at those alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.util.filelock import try_for

from brreader.articles import ArticleFile, clash_warning, discover, id_clashes, read_article
from brreader.engine import folder, reuse
from brreader.engine import writer as segment_writer
from brreader.engine.folder import INDEX_NAME
from brreader.engine.freshness import (
    Delta,
    FolderStamps,
    diff,
    natural_ids,
    rescan,
)
from brreader.engine.limits import Limits
from brreader.engine.manifest import MANIFEST as MANIFEST  # where readers look for it
from brreader.engine.manifest import IndexRecord, Remembered, Stamp, files_in_index, indexed
from brreader.engine.quick import QuickCheck
from brreader.engine.schema import SCHEMA_VERSION, TEXT_FIELDS, build_schema, documents
from brreader.model import (
    ArticleError,
    IndexError_,
    Progress,
    Skipped,
    UpdateReport,
)


class IndexStore(QuickCheck):
    """The index folder of one articles folder: opening, claiming and updating it.

    ``mmap=False`` makes opening a large index fast for one-shot commands
    (Whoosh otherwise copies the postings into memory on open).
    ``closing`` is called whenever the store drops its open index, so the
    searchers opened on it are dropped too.
    """

    def __init__(
        self,
        articles: Path,
        location: Path,
        *,
        mmap: bool = True,
        limits: Limits,
        closing: Callable[[], None] = lambda: None,
        resident: bool = False,
    ) -> None:
        self.articles = articles
        # A long-lived writer (the server's watcher) commits each update's segment
        # alone, leaving small segments to merging.merge() at a quiet moment, and
        # appends its changes to the record's journal instead of rewriting it.
        self.resident = resident
        self.location = location
        self.mmap = mmap
        self.limits = limits
        self.schema = build_schema()
        self._ix: Any = None
        self._opened_generation = -1  # the commit the quick check found whole in self._ix
        # That check's index and open reader, and whether it shares segment readers
        # with the last searcher's (then it is never closed alone).
        self._checked: tuple[Any, Any, bool] | None = None
        self._served: Any = None  # the reader of the last searcher handed out
        self._finder = reuse.DeletionFinder()
        self._closing = closing
        self._clashes: dict[str, str] = {}  # path -> the file that has its natural id
        self.record = IndexRecord(location, articles)
        self.folder_stamps = FolderStamps(location, articles)
        # The record this process last wrote or read (see _state).
        self._remembered: Remembered | None = None
        # The folders the current update's scan listed, and when it began.
        self._scan: tuple[dict[str, int | None], int] | None = None

    def storage(self) -> FileStorage:
        return FileStorage(str(self.location), supports_mmap=self.mmap)

    def building(self) -> bool:
        """True while a rebuild (by any process) has saved only part of the archive."""
        return self.record.building()

    def _index_exists(self) -> bool:
        """Whether a table of contents is there, readable or not.

        Whoosh's own check opens the index, and a zero-byte table of contents
        (what a crash or a power loss can leave) makes it raise a ``TypeError``
        from its varint reader instead of answering: such an index is there,
        and damaged, which the caller treats as any unreadable index.
        """
        try:
            return bool(index.exists(self.storage(), INDEX_NAME))
        except Exception:  # noqa: BLE001 - any failure to read it means "there, but damaged"
            return True

    def _why_rebuild(self, manifest: dict[str, Any] | None) -> str:
        if manifest is None:
            return "index record missing" if self._index_exists() else "no index yet"
        if manifest.get("schema") != SCHEMA_VERSION:
            return "index made by another version of brreader"
        if manifest.get("articles") != str(self.articles.resolve()):
            return "index made for another articles folder"
        return ""

    def open(self) -> Any:
        """The index at its latest commit (opened once, reopened after a commit)."""
        if self._ix is None:
            self._ix = self.storage().open_index(INDEX_NAME, schema=None)
        return self._ix

    def forget(self) -> None:
        """Let go of the open index without closing it (searchers may still use it)."""
        self._ix = None
        self._served = None
        self._drop_checked()

    def close(self) -> None:
        """Drop the open index and every searcher opened on it."""
        self._closing()
        self._served = None
        self._finder.close()
        self._drop_checked()
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def stamp(self) -> Stamp | None:
        """Changes whenever any process commits (see IndexRecord.stamp)."""
        return self.record.stamp()

    def update(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        wait: float | None = None,
        committed: Callable[[], None] | None = None,
        follow: bool = False,
        budget: int | None = None,
        quick: bool = False,
        paths: Collection[str] | None = None,
    ) -> UpdateReport:
        """Bring the index in line with the articles folder; cheap when nothing changed.

        Work is committed in batches: a small first one, so a fresh archive
        can be searched within seconds, then batches of about
        ``limits.batch_bytes`` of article files, which bounds memory. Readers see
        each batch as soon as it is committed (``committed`` is called after
        each batch but the last, so a reader can search again).

        One process writes at a time: the writer holds the index lock from
        before it decides anything until its last batch is saved. ``wait``
        is how long to wait for another brreader that holds it; with
        ``follow`` the wait goes on as long as that one keeps saving batches
        (``wait`` is then the longest silence). After that the report says
        ``busy`` and this process leaves the index alone.

        ``budget`` (bytes of article files) caps the work: one batch of at
        most that size is indexed and the report's ``remaining`` says how
        many changed files were left for a later update.

        ``quick`` trusts the index when no folder of the archive changed since
        the last full scan (see ``freshness``): the check then costs a stat per
        folder instead of one per file, and misses files rewritten in place.
        ``paths`` (relative, "/"-separated) says that only these files changed
        since the last update, as a watcher knows: only they are looked at
        again, unless that could be wrong (see ``freshness.rescan``).
        """
        if wait is None:
            wait = self.limits.lock_timeout
        if not self.articles.is_dir():
            raise IndexError_(f"articles folder {self.articles} does not exist")
        folder.claim(self.articles, self.location)
        report = UpdateReport()
        if quick and not rebuild:
            count = self._unchanged_folders()
            if count is not None:
                report.unchanged = count
                return report
        stamp = self.stamp()
        manifest, reason = self._state(rebuild, kept=paths is not None)
        repair = self.record.damage  # a damaged journal: the record is written whole again
        delta = self._delta(manifest, reason, paths)
        current: dict[str, ArticleFile] = {}
        scan_skipped: list[Skipped] = []
        if delta is None:
            current, scan_skipped = self._scan_all()
        # Files the scan could not use (broken links, undecodable names) are
        # recorded like unreadable ones, so each is reported once, not every run.
        unusable = {s.path: s for s in scan_skipped}
        if not reason:
            recorded = manifest["files"]
            if delta is not None:
                new, changed, removed = delta.new, delta.changed, delta.removed
            else:
                new, changed, removed = diff(recorded, current, unusable)
            unrecorded = [s for s in scan_skipped if s.path not in recorded]
            if not (new or changed or removed or unrecorded):
                report.unchanged = delta.total if delta is not None else len(current)
                if repair and stamp is not None:
                    self._rewrite_record(manifest["files"], stamp, wait, report, repair)
                elif self.stamp() == stamp and stamp is not None:
                    self._keep_folder_stamps(stamp, manifest["files"])
                return report
        lock = FileStorage(str(self.location)).lock(f"{INDEX_NAME}_WRITELOCK")
        try:
            acquired = self._acquire(lock, wait, follow)
        except OSError as error:  # a read-only index folder, say
            report.failed = folder.write_failure(self.location, error)
            return report
        if not acquired:
            report.busy = True
            # The other writer may have just begun a new index: give it the
            # moment it needs to save an (empty) one, so there is something to read.
            try_for(self._index_exists, timeout=5.0, delay=0.05)
            return report
        try:
            # Decide again if another process wrote while we waited.
            if self.stamp() != stamp or stamp is None:
                manifest, reason = self._state(rebuild, kept=paths is not None)
                if delta is not None:
                    delta = self._delta(manifest, reason, paths)
                    if delta is None:
                        current, scan_skipped = self._scan_all()
                        unusable = {s.path: s for s in scan_skipped}
            if reason:
                report.rebuilt_because = reason
                self.close()
                self._create()
                manifest = {"files": {}}
            kept = self._remembered
            count = kept.count if kept is not None and kept.files is manifest["files"] else None
            known: dict[str, list[Any]] = dict(manifest["files"])
            report.skipped.extend(
                s for s in scan_skipped if s.path not in known or known[s.path][0] is not None
            )
            self._write_batches(
                known, current, report, progress, committed, budget, unusable, delta, count
            )
            report.repaired = "" if report.rebuilt_because else repair
        except OSError as error:
            # The last commit stays as it was: searches go on with it.
            report.failed = folder.write_failure(self.location, error)
        finally:
            lock.release()
        return report

    def _rewrite_record(
        self, files: dict[str, list[Any]], stamp: Stamp, wait: float, report: UpdateReport, why: str
    ) -> None:
        """Write the record whole for the index as it is (its journal was damaged)."""
        lock = FileStorage(str(self.location)).lock(f"{INDEX_NAME}_WRITELOCK")
        try:
            if not try_for(lock.acquire, timeout=wait, delay=0.05):
                return  # another writer: its commit writes the record
        except OSError as error:  # a read-only index folder, say
            report.failed = folder.write_failure(self.location, error)
            return
        try:
            if self.stamp() != stamp or self._ix is None:
                return  # another process wrote meanwhile, and so repaired it
            generation = self._ix.latest_generation()
            self.record.write(files, generation)
            self._remember(self.record.identity(), generation, files, None)
            record = self.stamp()
            if record is not None:
                self._keep_folder_stamps(record, files)
            report.repaired = why
        except OSError as error:
            report.failed = folder.write_failure(self.location, error)
        finally:
            lock.release()

    def _scan_all(self) -> tuple[dict[str, ArticleFile], list[Skipped]]:
        """Every article file of the folder (a stat each), and those the scan could not use."""
        folders: dict[str, int | None] = {}
        self._scan = (folders, time.time_ns())
        files, scan_skipped = discover(self.articles, folders)
        self._clashes = {file.path: other for file, other in id_clashes(files)}
        return {f.path: f for f in files}, scan_skipped

    def _delta(
        self, manifest: dict[str, Any], reason: str, paths: Collection[str] | None
    ) -> Delta | None:
        """What changed among ``paths`` alone (see ``freshness.rescan``), or None: scan all."""
        if paths is None or reason:
            return None
        remembered = self._remembered
        natural = None
        if remembered is not None and remembered.files is manifest["files"]:
            if remembered.natural is None:
                remembered.natural = natural_ids(remembered.files)
            natural = remembered.natural
        delta = rescan(self.articles, manifest["files"], paths, natural=natural)
        if delta is not None:
            self._scan = self.folder_stamps.now()
            self._clashes = {}  # every id is its file's natural one, and stays so
        return delta

    def _keep_folder_stamps(
        self, record: Stamp, files: dict[str, list[Any]], count: int | None = None
    ) -> None:
        """Save the folder times of this update's scan, which matched ``record``.

        ``count``: how many of ``files`` are indexed, when the caller kept count.
        """
        if self._scan is None or self._ix is None:
            return
        folders, scanned_at = self._scan
        self.folder_stamps.write(
            folders,
            scanned_at_ns=scanned_at,
            schema=SCHEMA_VERSION,
            generation=self._ix.latest_generation(),
            record=record,
            articles=count if count is not None else sum(map(indexed, files.values())),
        )

    def _acquire(self, lock: Any, wait: float, follow: bool) -> bool:
        """Take the write lock; with ``follow``, wait while its holder keeps committing."""
        # A batch of a big rebuild can take longer than ``wait``: when following,
        # only a silence this long means the other writer is stuck.
        window = max(wait, self.limits.follow_silence) if follow else wait
        while True:
            seen = self.stamp()
            if try_for(lock.acquire, timeout=window, delay=0.05):
                return True
            if not follow or self.stamp() == seen:
                return False

    def _state(self, rebuild: bool, kept: bool = False) -> tuple[dict[str, Any], str]:
        """The freshness record to trust, and why the index must be rebuilt ("" if not).

        ``kept``: the record this process last wrote or read may be used (see below).
        """
        remembered = self._remembered
        if kept and not rebuild and remembered is not None and self._ix is not None:
            # The server's watcher, told which files changed, keeps the record it
            # last wrote or read: while no other process has written since, parsing
            # it again (megabytes at 100,000 articles) would give the same files.
            # Nor are the segments opened again to check them: a command's own
            # update does that, and repairs what it finds, before it reads.
            if remembered.identity == self.record.identity():
                try:
                    latest = self._ix.latest_generation()
                except Exception:  # noqa: BLE001 - unreadable now: the full check below
                    latest = None
                if latest == remembered.generation:
                    return {"files": remembered.files}, ""
        self._remembered = None
        identity = self.record.identity()
        manifest = self.record.read()
        reason = "rebuild requested" if rebuild else self._why_rebuild(manifest)
        if reason or manifest is None:
            return {"files": {}}, reason or "index record missing"
        try:
            ix = self.storage().open_index(INDEX_NAME, schema=None)
            with ix.reader():  # opens every segment's files, not just the list of them
                pass
            self._ix = ix  # the cached searcher, if any, stays usable until replaced
            if manifest.get("generation") != ix.latest_generation():
                manifest = {"files": files_in_index(ix)}
            elif isinstance(manifest.get("files"), dict) and identity == self.record.identity():
                self._remember(identity, ix.latest_generation(), manifest["files"], None)
        except Exception as error:  # noqa: BLE001 - any open failure means "rebuild"
            self.close()
            return {"files": {}}, f"index unreadable ({type(error).__name__})"
        if not isinstance(manifest.get("files"), dict):
            return {"files": {}}, "index record unreadable"
        return manifest, ""

    def _remember(
        self,
        identity: Stamp | None,
        generation: int,
        files: dict[str, list[Any]],
        natural: bool | None,
    ) -> None:
        self._remembered = None if identity is None else Remembered(identity, generation, files)
        if self._remembered is not None:
            self._remembered.natural = natural

    def _write_batches(
        self,
        known: dict[str, list[Any]],
        current: dict[str, ArticleFile],
        report: UpdateReport,
        progress: Progress | None,
        committed: Callable[[], None] | None,
        limit: int | None = None,
        unusable: dict[str, Skipped] | None = None,
        delta: Delta | None = None,
        count: int | None = None,
    ) -> None:
        """Index what changed in commits of about ``limits.batch_bytes``; caller holds the lock.

        A commit also ends once the writer holds ``limits.batch_documents``
        documents or ``limits.batch_terms`` distinct words: many small files
        bring many documents and words each for few bytes, and those, not the
        bytes, are what the writer keeps in memory until it commits.

        ``delta``, when given, is what changed (against ``known``) and ``current`` is unused.
        ``count``, when known, is how many of ``known`` are indexed: a long-lived
        process keeps it up to date from the entries it changes (counting all of
        them took a pass over every entry per saved file).
        """
        was: dict[str, bool] = {}  # whether each changed path was indexed before
        unusable = unusable or {}
        if delta is not None:
            new, changed, removed = delta.new, delta.changed, list(delta.removed)
        else:
            new, changed, removed = diff(known, current, unusable)
        total = delta.total if delta is not None else len(current)
        report.unchanged = total - len(new) - len(changed)
        todo = new + changed
        left_out = 0
        if limit is not None:
            # A budgeted update (a search's) never takes a file bigger than its whole
            # budget: that one is left to 'brreader index', which says so.
            left_out = sum(file.size > limit for file in todo)
            todo = [file for file in todo if file.size <= limit]
        # A file whose id changed (another file took its old one) loses its old
        # documents now, in the first commit, so a later batch cannot delete the
        # documents the new owner of that id got in an earlier one.
        renamed = [f for f in changed if known[f.path][0] not in (None, f.id)]
        if progress is not None:
            progress(0, len(todo))
        limits = self.limits
        budget = limits.first_batch_bytes if report.rebuilt_because else limits.batch_bytes
        if limit is not None:
            budget = limit
        done = 0
        while True:
            writer = segment_writer.Writer(self.open(), TEXT_FIELDS, _lk=False)
            touched = set(removed) | {f.path for f in renamed} | set(unusable)
            try:
                for path in removed:
                    was.setdefault(path, indexed(known.get(path)))
                    gone = known.pop(path)[0]
                    if gone is not None:  # None: a file that was skipped, never indexed
                        self._delete(writer, gone)
                        report.removed.append(path)
                removed = []
                for file in renamed:
                    was.setdefault(file.path, True)
                    self._delete(writer, known[file.path][0])
                    known[file.path] = [None, 0, 0, "to index again under a new id"]
                renamed = []
                start, size = done, 0
                while done < len(todo) and (
                    done == start or (size + todo[done].size <= budget and not writer.full(limits))
                ):
                    size += todo[done].size
                    was.setdefault(todo[done].path, indexed(known.get(todo[done].path)))
                    self._index_file(writer, todo[done], known, report)
                    done += 1
                    if progress is not None:
                        progress(done, len(todo))
                if report.rebuilt_because or self.resident:
                    writer.commit(merge=False)
                else:
                    writer.commit(mergetype=segment_writer.small_segments_merger(self.limits))
            except BaseException:
                writer.cancel()
                folder.remove_unfinished_segments(self.location)
                raise
            for path, problem in unusable.items():
                was.setdefault(path, indexed(known.get(path)))
                known[path] = [None, 0, 0, problem.reason]
            self._ix = self.storage().open_index(INDEX_NAME)
            finished = done >= len(todo) or limit is not None
            rebuilding = bool(report.rebuilt_because) and not finished
            touched.update(file.path for file in todo[start:done])
            self.record.write(
                known,
                self._ix.latest_generation(),
                building=rebuilding,
                changed=touched if self.resident and not report.rebuilt_because else None,
            )
            if finished:
                if count is not None:
                    count += sum(indexed(known.get(p)) - before for p, before in was.items())
                elif self.resident:
                    count = sum(map(indexed, known.values()))
                if not rebuilding:
                    # Still every file under its natural id when only the watcher's
                    # files changed and none of them was skipped.
                    natural = (
                        True if delta is not None and not report.skipped and not unusable else None
                    )
                    self._remember(
                        self.record.identity(), self._ix.latest_generation(), known, natural
                    )
                    if self._remembered is not None:
                        self._remembered.count = count
                report.remaining = len(todo) - done + left_out
                record = self.stamp()
                if not report.remaining and record is not None:
                    self._keep_folder_stamps(record, known, count)
                return
            if committed is not None:
                committed()
            budget = self.limits.batch_bytes

    def kept_record(self) -> Remembered | None:
        """The record this process last wrote, while it and its commit are still the latest."""
        kept, ix = self._remembered, self._ix
        try:
            if (
                kept is None
                or ix is None
                or kept.identity != self.record.identity()
                or ix.latest_generation() != kept.generation
            ):
                return None
        except Exception:  # noqa: BLE001 - unreadable now: an update repairs it
            return None
        return kept

    def recommitted(self, kept: Remembered, before: Stamp | None) -> None:
        """After a commit that changed segments, not files (a merge): record it as such.

        ``before`` is the record's stamp before that commit: the folder times
        saved for it still hold (no file changed), so they are kept for the new one.
        """
        self._ix = self.storage().open_index(INDEX_NAME)
        generation = self._ix.latest_generation()
        # No entry changed: a journal line with the new generation, not the record
        # written whole (megabytes at 100,000 articles, and a saved edit waits for it).
        self.record.write(kept.files, generation, changed=())
        self._remember(self.record.identity(), generation, kept.files, kept.natural)
        if self._remembered is not None:
            self._remembered.count = kept.count
        after = self.stamp()
        if before is not None and after is not None:
            self.folder_stamps.carry(before, after, generation)

    def _index_file(
        self, writer: Any, file: ArticleFile, known: dict[str, list[Any]], report: UpdateReport
    ) -> None:
        if file.path in known:
            previous = known.pop(file.path)[0]
            if previous is not None:
                self._delete(writer, previous)
        try:
            result = read_article(self.articles, file.path, file.id)
            batch = documents(result.article, file.mtime_ns, file.size)
        except ArticleError as error:
            self._skip(file, str(error), known, report)
        except (ValueError, OverflowError) as error:
            # A value the index cannot store (the parser keeps dates in range, so
            # this is a safety net): this file is skipped, not the whole update.
            self._skip(file, f"cannot be indexed: {error}", known, report)
        else:
            with writer.group():
                for document in batch:
                    writer.add_document(**document)
            known[file.path] = [file.id, file.mtime_ns, file.size]
            report.indexed.append(file.path)
            report.warnings.extend((file.path, w) for w in result.warnings)
            if file.path in self._clashes:
                report.warnings.append((file.path, clash_warning(file, self._clashes[file.path])))

    def _delete(self, writer: Any, article_id: str) -> None:
        """Delete the documents of one article (its pairs too: they carry its id)."""
        writer.delete_by_term("aid", article_id, searcher=self._finder.searcher(writer))

    def _create(self) -> None:
        self.record.write({}, -1, building=True)  # claim the folder before Whoosh writes
        folder.clear(self.location)
        self._ix = self.storage().create_index(self.schema, INDEX_NAME)
        self.record.write({}, self._ix.latest_generation(), building=True)

    @staticmethod
    def _skip(
        file: ArticleFile, reason: str, known: dict[str, list[Any]], report: UpdateReport
    ) -> None:
        known[file.path] = [None, file.mtime_ns, file.size, reason]
        report.skipped.append(Skipped(file.path, reason))
