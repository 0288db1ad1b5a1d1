"""Writing the index: claim its folder, keep the freshness record, lock, batch, add documents.

The index is a disposable cache of the articles folder. ``brreader-index.json``
beside the Whoosh files records, for each article file, its id, modification
time and size, plus the Whoosh generation it describes.
:meth:`IndexStore.update` compares it with a scan of the folder and
re-indexes only what changed; when the record and the index disagree, or the
index cannot be opened, the index is rebuilt from the files.

One process writes at a time, under Whoosh's lock file; readers go on
searching the last commit meanwhile (see ``snapshot``).
"""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.util.filelock import try_for

from brreader.articles import ArticleFile, clash_warning, discover, id_clashes, read_article
from brreader.engine import writer as segment_writer
from brreader.engine.freshness import FOLDERS, FolderStamps, rescan
from brreader.engine.limits import Limits
from brreader.engine.manifest import MANIFEST, RECORD_TEMPORARY, IndexRecord
from brreader.engine.schema import SCHEMA_VERSION, TEXT_FIELDS, build_schema, documents
from brreader.model import (
    ArticleError,
    IndexError_,
    Progress,
    Skipped,
    UpdateReport,
)

INDEX_NAME = "MAIN"
OWN_FILES = {f"{INDEX_NAME}_WRITELOCK", f"{INDEX_NAME}.tmp"}  # may exist before the record
# Every file Whoosh writes for the index (tables of contents, segments and their
# temporary files) and brreader's temporary records: the only files a rebuild removes.
WHOOSH_FILE = re.compile(rf"_?{INDEX_NAME}_[\w.]+")  # _MAIN_3.toc, MAIN_<id>.seg, .col, ...
SEGMENT_FILE = re.compile(rf"({INDEX_NAME}_[0-9a-z]+)\.[\w.]+")  # group 1: the segment id


def _small_segments_merger(limits: Limits) -> Callable[[Any, list[Any]], list[Any]]:
    """A Whoosh merge policy: fold small segments together once a few have piled up.

    Each update commits a segment of its own; merging them one by one would
    make every small update pay for rewriting the last few, and never merging
    would slow searches. Big segments (a rebuild's batches) are left alone.
    """

    def merge(writer: Any, segs: list[Any]) -> list[Any]:
        small = [s for s in segs if s.doc_count_all() < limits.tiny_segment_docs]
        if len(small) < limits.tiny_segments_to_merge:
            return list(segs)
        for seg in small:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        return [s for s in segs if s not in small]

    return merge


class IndexStore:
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
    ) -> None:
        self.articles = articles
        self.location = location
        self.mmap = mmap
        self.limits = limits
        self.schema = build_schema()
        self._ix: Any = None
        self._opened_generation = -1  # the commit the quick check found whole in self._ix
        self._closing = closing
        self._clashes: dict[str, str] = {}  # path -> the file that has its natural id
        self.record = IndexRecord(location, articles)
        self.folder_stamps = FolderStamps(location, articles)
        # The folders the current update's scan listed, and when it began.
        self._scan: tuple[dict[str, int | None], int] | None = None

    def storage(self) -> FileStorage:
        return FileStorage(str(self.location), supports_mmap=self.mmap)

    def building(self) -> bool:
        """True while a rebuild (by any process) has saved only part of the archive."""
        return self.record.building()

    def _overlap(self) -> str:
        """How the index folder and the articles folder overlap ("" when they are apart)."""
        articles, location = self.articles.resolve(), self.location.resolve()
        if location == articles:
            return f"the index folder {self.location} is the articles folder"
        if articles in location.parents:
            return f"the index folder {self.location} is inside the articles folder {self.articles}"
        if location in articles.parents:
            return f"the index folder {self.location} contains the articles folder {self.articles}"
        return ""

    def _claim_location(self) -> None:
        """Make sure the index folder is ours: new, empty, or marked by a manifest.

        It must lie apart from the articles folder: a rebuild clears the index
        folder, and the articles are the user's files.
        """
        overlap = self._overlap()
        if overlap:
            raise IndexError_(
                f"{overlap}; keep them apart: choose an index folder outside the articles "
                "with --index DIR (or BRREADER_INDEX)"
            )
        if self.location.exists() and not self.location.is_dir():
            raise IndexError_(f"{self.location} is a file, not a folder; choose another --index")
        if self.location.is_dir():
            entries = [
                e
                for e in os.listdir(self.location)
                if not e.startswith(".")
                and e not in OWN_FILES
                and not e.startswith((MANIFEST, FOLDERS))
            ]
            if entries and not (self.location / MANIFEST).exists():
                raise IndexError_(
                    f"{self.location} holds files that brreader did not write; "
                    "choose another --index folder or empty this one"
                )
        try:
            self.location.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise IndexError_(
                f"cannot create index folder {self.location}: {error.strerror}; "
                "choose a folder you can write to with --index DIR (or BRREADER_INDEX)"
            ) from None

    def _clear(self) -> None:
        """Remove the index's own files; anything else in the folder is left alone."""
        # Never the lock file: the caller holds it, and a new file would let a
        # second writer take a lock on the new inode while this one still writes.
        for entry in os.listdir(self.location):
            ours = WHOOSH_FILE.fullmatch(entry) or RECORD_TEMPORARY.fullmatch(entry)
            if not ours or entry in OWN_FILES:
                continue
            target = self.location / entry
            if target.is_file() and not target.is_symlink():
                target.unlink()

    def _remove_unfinished_segments(self) -> None:
        """Remove segment files no commit refers to (a commit failed half-way, say).

        Whoosh leaves them behind, and each retry on a full disk would add more
        until freeing some space no longer helps. The caller holds the lock.
        """
        try:
            referenced = {
                seg.segment_id() for seg in index.TOC.read(self.storage(), INDEX_NAME).segments
            }
        except Exception:  # noqa: BLE001 - no readable commit: nothing to compare with
            return
        for entry in os.listdir(self.location):
            segment = SEGMENT_FILE.fullmatch(entry)
            if segment and segment.group(1) not in referenced:
                try:
                    (self.location / entry).unlink()
                except OSError:
                    pass  # gone already, or the disk refuses: the next failure tries again

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

    def close(self) -> None:
        """Drop the open index and every searcher opened on it."""
        self._closing()
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def stamp(self) -> tuple[int, int] | None:
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
        self._claim_location()
        report = UpdateReport()
        if quick and not rebuild:
            count = self._unchanged_folders()
            if count is not None:
                report.unchanged = count
                return report
        stamp = self.stamp()
        manifest, reason = self._state(rebuild)
        changed = None
        if paths is not None and not reason:
            changed = rescan(self.articles, manifest["files"], paths)
        if changed is None:
            folders: dict[str, int | None] = {}
            self._scan = (folders, time.time_ns())
            files, scan_skipped = discover(self.articles, folders)
        else:
            self._scan = self.folder_stamps.now()
            files, scan_skipped = changed, []
        current = {f.path: f for f in files}
        self._clashes = {file.path: other for file, other in id_clashes(files)}
        # Files the scan could not use (broken links, undecodable names) are
        # recorded like unreadable ones, so each is reported once, not every run.
        unusable = {s.path: s for s in scan_skipped}
        if not reason:
            recorded = manifest["files"]
            new, changed, removed = self._diff(recorded, current, unusable)
            unrecorded = [s for s in scan_skipped if s.path not in recorded]
            if not (new or changed or removed or unrecorded):
                report.unchanged = len(files)
                if self.stamp() == stamp and stamp is not None:
                    self._keep_folder_stamps(stamp, manifest["files"])
                return report
        lock = FileStorage(str(self.location)).lock(f"{INDEX_NAME}_WRITELOCK")
        try:
            acquired = self._acquire(lock, wait, follow)
        except OSError as error:  # a read-only index folder, say
            report.failed = self._write_failure(error)
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
                manifest, reason = self._state(rebuild)
            if reason:
                report.rebuilt_because = reason
                self.close()
                self._create()
                manifest = {"files": {}}
            known: dict[str, list[Any]] = dict(manifest["files"])
            report.skipped.extend(
                s for s in scan_skipped if s.path not in known or known[s.path][0] is not None
            )
            self._write_batches(known, current, report, progress, committed, budget, unusable)
        except OSError as error:
            # The last commit stays as it was: searches go on with it.
            report.failed = self._write_failure(error)
        finally:
            lock.release()
        return report

    def _unchanged_folders(self) -> int | None:
        """The article count when no folder changed since the last full scan, else None.

        Also opens the index (every segment, as ``_state`` does), so a damaged
        one goes on to the full check and its repair.
        """
        found = self.folder_stamps.unchanged(schema=SCHEMA_VERSION, record=self.stamp())
        if found is None:
            return None
        generation, count = found
        if self._ix is not None and self._opened_generation == generation:
            return count  # a long-lived process (the server) opened and checked it before
        try:
            ix = self.storage().open_index(INDEX_NAME, schema=None)
            with ix.reader():
                pass
            if ix.latest_generation() != generation:
                return None
        except Exception:  # noqa: BLE001 - unreadable: the full check repairs it
            return None
        self._ix = ix
        self._opened_generation = generation
        return count

    def _keep_folder_stamps(self, record: tuple[int, int], files: dict[str, list[Any]]) -> None:
        """Save the folder times of this update's scan, which matched ``record``."""
        if self._scan is None or self._ix is None:
            return
        folders, scanned_at = self._scan
        self.folder_stamps.write(
            folders,
            scanned_at_ns=scanned_at,
            schema=SCHEMA_VERSION,
            generation=self._ix.latest_generation(),
            record=record,
            articles=sum(1 for entry in files.values() if entry[0] is not None),
        )

    def _write_failure(self, error: OSError) -> str:
        """One line: what went wrong writing the index, and what to do about it."""
        reason = error.strerror or str(error)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            advice = "free some disk space, then run 'brreader index'"
        elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            advice = "make it writable, or choose another folder with --index"
        else:
            advice = "check the disk, then run 'brreader index'"
        return f"cannot update the index in {self.location}: {reason}; {advice}"

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

    def _state(self, rebuild: bool) -> tuple[dict[str, Any], str]:
        """The freshness record to trust, and why the index must be rebuilt ("" if not)."""
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
                manifest = self._manifest_from_index()
        except Exception as error:  # noqa: BLE001 - any open failure means "rebuild"
            self.close()
            return {"files": {}}, f"index unreadable ({type(error).__name__})"
        if not isinstance(manifest.get("files"), dict):
            return {"files": {}}, "index record unreadable"
        return manifest, ""

    def _write_batches(
        self,
        known: dict[str, list[Any]],
        current: dict[str, ArticleFile],
        report: UpdateReport,
        progress: Progress | None,
        committed: Callable[[], None] | None,
        limit: int | None = None,
        unusable: dict[str, Skipped] | None = None,
    ) -> None:
        """Index what changed in commits of about ``limits.batch_bytes``; caller holds the lock."""
        unusable = unusable or {}
        new, changed, removed = self._diff(known, current, unusable)
        report.unchanged = len(current) - len(new) - len(changed)
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
            try:
                for path in removed:
                    gone = known.pop(path)[0]
                    if gone is not None:  # None: a file that was skipped, never indexed
                        writer.delete_by_term("aid", gone)
                        report.removed.append(path)
                removed = []
                for file in renamed:
                    writer.delete_by_term("aid", known[file.path][0])
                    known[file.path] = [None, 0, 0, "to index again under a new id"]
                renamed = []
                end, size = done, 0
                while end < len(todo) and (end == done or size + todo[end].size <= budget):
                    size += todo[end].size
                    end += 1
                for file in todo[done:end]:
                    self._index_file(writer, file, known, report)
                    done += 1
                    if progress is not None:
                        progress(done, len(todo))
                if report.rebuilt_because:
                    writer.commit(merge=False)
                else:
                    writer.commit(mergetype=_small_segments_merger(self.limits))
            except BaseException:
                writer.cancel()
                self._remove_unfinished_segments()
                raise
            for path, problem in unusable.items():
                known[path] = [None, 0, 0, problem.reason]
            self._ix = self.storage().open_index(INDEX_NAME)
            finished = done >= len(todo) or limit is not None
            rebuilding = bool(report.rebuilt_because) and not finished
            self.record.write(known, self._ix.latest_generation(), building=rebuilding)
            if finished:
                report.remaining = len(todo) - done + left_out
                record = self.stamp()
                if not report.remaining and record is not None:
                    self._keep_folder_stamps(record, known)
                return
            if committed is not None:
                committed()
            budget = self.limits.batch_bytes

    def _index_file(
        self, writer: Any, file: ArticleFile, known: dict[str, list[Any]], report: UpdateReport
    ) -> None:
        if file.path in known:
            previous = known.pop(file.path)[0]
            if previous is not None:
                writer.delete_by_term("aid", previous)
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

    @staticmethod
    def _diff(
        known: dict[str, list[Any]],
        current: dict[str, ArticleFile],
        unusable: dict[str, Skipped] | None = None,
    ) -> tuple[list[ArticleFile], list[ArticleFile], list[str]]:
        new, changed = [], []
        for path, file in current.items():
            entry = known.get(path)
            if entry is None:
                new.append(file)
            elif (
                entry[1] != file.mtime_ns
                or entry[2] != file.size
                or (entry[0] is not None and entry[0] != file.id)
            ):
                changed.append(file)
        unusable = unusable or {}
        # A file still there but unusable stays recorded (unless it was indexed before).
        removed = [
            path
            for path, entry in known.items()
            if path not in current and not (path in unusable and entry[0] is None)
        ]
        return new, changed, removed

    def _create(self) -> None:
        self.record.write({}, -1, building=True)  # claim the folder before Whoosh writes
        self._clear()
        self._ix = self.storage().create_index(self.schema, INDEX_NAME)
        self.record.write({}, self._ix.latest_generation(), building=True)

    def _manifest_from_index(self) -> dict[str, Any]:
        """Rebuild the freshness record from the index after an interrupted update."""
        files: dict[str, list[Any]] = {}
        with self.open().searcher() as searcher:
            for stored in searcher.documents(kind="a"):
                files[stored["path"]] = [stored["aid"], stored.get("mtime"), stored.get("size")]
        return {"files": files}

    @staticmethod
    def _skip(
        file: ArticleFile, reason: str, known: dict[str, list[Any]], report: UpdateReport
    ) -> None:
        known[file.path] = [None, file.mtime_ns, file.size, reason]
        report.skipped.append(Skipped(file.path, reason))
