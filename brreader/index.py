"""The Whoosh index: a disposable cache of the articles folder, and queries against it.

This is the only module that imports Whoosh. Everything it returns is plain
Python data, so the search layer and the interfaces never see Whoosh objects.

Layout. Each article is a *group* of documents: one article document (kind
``a``: title, lede, interviewee, outlet, source, tags, published) followed by
one document per question/answer pair (kind ``p``: question, answer). Each
piece of text is indexed once and only what lists display is stored; snippets
are cut from the article file itself. A pair-scoped query part
(``question:farmers answer:altimetry``) is run on pair documents and mapped
to their article, so both terms must occur in the same pair.

Freshness. ``brreader-index.json`` beside the Whoosh files records, for each
article file, its id, modification time and size, plus the Whoosh generation
it describes. :meth:`ArchiveIndex.update` compares it with a scan of the
folder and re-indexes only what changed; when the record and the index
disagree, or the index cannot be opened, the index is rebuilt from the files.
"""

from __future__ import annotations

import errno
import heapq
import json
import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from brreader import _whoosh  # noqa: F401 - loads Whoosh lean; must come first

# isort: split
from whoosh import fields, index, query, scoring, sorting
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError
from whoosh.query.nested import NestedParent
from whoosh.reading import SegmentReader
from whoosh.spelling import Corrector
from whoosh.support.charset import accent_map
from whoosh.support.levenshtein import distance as levenshtein
from whoosh.util.filelock import try_for

from brreader import bulk, segments
from brreader.articles import ArticleFile, discover, read_article
from brreader.model import (
    FACET_FIELDS,
    Article,
    ArticleError,
    ArticleHit,
    ArticleInfo,
    FacetCounts,
    Filters,
    IndexError_,
    PairHit,
    Progress,
    QueryError,
    QueryResult,
    RelatedPair,
    Skipped,
    UpdateReport,
)

SCHEMA_VERSION = 8  # 7: duplicate keys changed; 8: facet fields
MANIFEST = "brreader-index.json"
INDEX_NAME = "MAIN"
OWN_FILES = {f"{INDEX_NAME}_WRITELOCK", f"{INDEX_NAME}.tmp"}  # may exist before the record
LOCK_TIMEOUT = 15.0  # seconds a writer waits for another brreader process
FIRST_BATCH_BYTES = 3_000_000  # article bytes in a rebuild's first commit: searchable in seconds
BATCH_BYTES = 40_000_000  # article bytes per later commit; bounds the writer's memory
EMPTY_INDEX_WAIT = 3.0  # seconds a reader waits for a rebuild's first table of contents
FOLLOW_SILENCE = 120.0  # seconds without a commit before 'brreader index' stops waiting
TINY_SEGMENT_DOCS = 4_000  # documents (articles and pairs) in a segment worth merging away
TINY_SEGMENTS_TO_MERGE = 4

# Query fields, the aliases users may type, and which fields live on pair documents.
ARTICLE_FIELDS = ("title", "lede", "interviewee", "outlet", "source", "tags")
PAIR_FIELDS = ("question", "answer")
TEXT_FIELDS = (*ARTICLE_FIELDS, *PAIR_FIELDS)
_KINDS = {**dict.fromkeys(ARTICLE_FIELDS, "a"), **dict.fromkeys(PAIR_FIELDS, "p")}
_KINDS.update(published="a", undated="a", ts="a")
QUERY_FIELDS = (*TEXT_FIELDS, "published")
ALIASES = {"question": ["q"], "answer": ["a"], "interviewee": ["who"], "tags": ["tag"]}
TITLE_BOOST = 2.0
MAX_EXPANDED_TERMS = 256  # words a wildcard lights up in a snippet
MAX_QUERY_EXPANSION = 5_000  # words one wildcard or fuzzy term may stand for
MAX_QUERY_CHARS = 1_000
MAX_SUGGESTED_WORDS = 8  # "Did you mean" corrects short queries, not pasted paragraphs


def _analyzer() -> Any:
    # StemmingAnalyzer's chain plus accent folding, so "Mekông" finds "Mekong".
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(minsize=2)
        | StemFilter(cachesize=50000)
    )


ANALYZER = _analyzer()
# Short fields get no length normalisation: pair documents have no title, which
# drags the average title length towards zero and would punish every title.
WEIGHTING = scoring.BM25F(title_B=0.0, interviewee_B=0.0, outlet_B=0.0, source_B=0.0, tags_B=0.0)


def _text(*, stored: bool) -> fields.TEXT:
    field = fields.TEXT(analyzer=ANALYZER, stored=stored)
    field.format = segments.Positions()  # compact positions; see segments.py
    return field


def _schema() -> fields.Schema:
    # No spelling=True: Whoosh would add one posting per word occurrence to a
    # second field, doubling the build's work. Suggestions come from the stems
    # and are turned back into words from the articles (see suggest()).
    text, stored = _text(stored=False), _text(stored=True)
    return fields.Schema(
        kind=fields.ID,
        aid=fields.ID(stored=True),
        path=fields.STORED,
        pair=fields.STORED,
        npairs=fields.STORED,  # an article's pair documents follow it: docnums +1..+npairs
        mtime=fields.STORED,
        size=fields.STORED,
        title=stored,
        lede=text,
        interviewee=stored,
        outlet=fields.TEXT(analyzer=ANALYZER, stored=True),
        source=text,
        # Words, not keywords: a plain query word should reach "remote-sensing", and a
        # stop word in a query must not turn into a required tag.
        tags=text,
        published=fields.DATETIME(stored=True),
        undated=fields.NUMERIC(sortable=True),
        ts=fields.NUMERIC(sortable=True, bits=64),
        question=stored,  # shown in result lists without reading the file
        answer=text,
        dupkeys=fields.KEYWORD,  # Article.duplicate_keys(): 'brreader import' skips copies
        # Exact values for filters and facet counts (the TEXT fields hold stems).
        f_who=fields.ID,
        f_outlet=fields.ID,
        f_tag=fields.KEYWORD(commas=True),
        f_year=fields.ID,
    )


SPELLING_FIELDS = ("answer", "question", "lede", "title", "interviewee")


# ---------------------------------------------------------------------------
# pair-scoped queries


class _PairScoped(NestedParent):
    """Match articles through their pair documents.

    Whoosh's ``NestedParent`` matcher reads the child's id after the child
    is exhausted when it is skipped inside an AND; this variant checks first.
    """

    def __init__(self, child: query.Query, boost: float = 1.0) -> None:
        super().__init__(query.Term("kind", "a"), child)
        self.boost = boost

    @classmethod
    def around(cls, inner: query.Query) -> _PairScoped:
        return cls(query.And([query.Term("kind", "p"), inner]))

    def normalize(self) -> query.Query:
        child = self.child.normalize()
        if child is query.NullQuery:
            return query.NullQuery
        return _PairScoped(child)

    def apply(self, fn: Callable[[query.Query], query.Query]) -> query.Query:
        return _PairScoped(fn(self.child))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        matcher = super().matcher(searcher, context)
        if isinstance(matcher, NestedParent.NestedParentMatcher):
            matcher.__class__ = _SafeNestedMatcher
        return matcher

    def __repr__(self) -> str:
        return f"PairScoped({self.child!r})"


class _SafeNestedMatcher(NestedParent.NestedParentMatcher):
    _nextdoc: int | None

    def skip_to(self, id: int) -> None:  # Whoosh's name for the argument
        if self._nextdoc is not None and id <= self._nextdoc:
            return
        if self.child.is_active():
            self.child.skip_to(id)
        if self.child.is_active():
            self._gather()
        else:
            self._nextdoc = None

    def next(self) -> None:
        if self.child.is_active():
            self._gather()
        else:
            self._nextdoc = None

    def max_quality(self) -> float:
        # Summed child scores have no cheap upper bound: never let Whoosh's
        # top-N optimisation skip this matcher.
        return float("inf")

    def copy(self) -> _SafeNestedMatcher:
        return _SafeNestedMatcher(
            self.comb, self.child.copy(), self.per_parent_limit, self.maxdoc, self.score_fn
        )


def _fold(text: str) -> str:
    """Case and accents aside: how filter values are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _merge_small_segments(writer: Any, segs: list[Any]) -> list[Any]:
    """Whoosh merge policy: fold small segments together once a few have piled up.

    Each update commits a segment of its own; merging them one by one would
    make every small update pay for rewriting the last few, and never merging
    would slow searches. Big segments (a rebuild's batches) are left alone.
    """
    small = [s for s in segs if s.doc_count_all() < TINY_SEGMENT_DOCS]
    if len(small) < TINY_SEGMENTS_TO_MERGE:
        return list(segs)
    for seg in small:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [s for s in segs if s not in small]


def _fields_of(q: query.Query) -> set[str]:
    names: set[str] = set()
    for leaf in q.leaves():
        name = leaf.field()
        if name:
            names.add(name)
    return names


def _pair_only(q: query.Query) -> bool:
    names = _fields_of(q)
    return bool(names) and names <= set(PAIR_FIELDS)


def _scope(q: query.Query) -> query.Query:
    """Rewrite a parsed query so pair fields are matched within one pair of an article."""
    if isinstance(q, query.Not):
        return query.Not(_scope(q.query))
    if isinstance(q, (query.And, query.Or)):
        subs = list(q.subqueries)
        pair_parts = [c for c in subs if not isinstance(c, query.Not) and _pair_only(c)]
        if isinstance(q, query.And) and pair_parts:
            # A negated pair part joins a positive pair group: "question:farmers NOT
            # answer:rail" asks for one pair that mentions farmers and not rail.
            pair_parts += [c for c in subs if isinstance(c, query.Not) and _pair_only(c.query)]
        parts = [_scope(c) for c in subs if not any(c is p for p in pair_parts)]
        if pair_parts:
            inner = pair_parts[0] if len(pair_parts) == 1 else type(q)(pair_parts)
            parts.insert(0, _PairScoped.around(inner))
        if len(parts) == 1:
            return parts[0]
        return type(q)(parts, boost=q.boost)
    if isinstance(q, query.BinaryQuery):
        return type(q)(_scope(q.a), _scope(q.b))
    if _pair_only(q):
        return _PairScoped.around(q)
    return q


_DATE_HINT = "; dates look like published:2025, published:2025-06-24 or published:[2019 to 2021]"


def _positive(q: query.Query) -> Iterator[query.Query]:
    """Every node that helps a document match: not under NOT, not right of ANDNOT."""
    if isinstance(q, query.Not):
        return
    yield q
    if isinstance(q, query.AndNot):
        yield from _positive(q.a)
    elif not q.is_leaf():
        for child in q.children():
            yield from _positive(child)


class _AnyField(Corrector):
    """Suggestions from several fields' word lists (Whoosh's MultiCorrector swaps its pairs)."""

    def __init__(self, correctors: list[Corrector]) -> None:
        self.correctors = correctors

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> list[tuple[Any, str]]:
        # Whoosh scores every word within maxdist by frequency alone ("what" beats
        # "water" for "watr"); the nearer word should win, frequency breaking ties.
        best: dict[str, Any] = {}
        for corrector in self.correctors:
            for score, word in corrector._suggestions(text, maxdist, prefix):
                score += maxdist - levenshtein(text, word)
                best[word] = max(best.get(word, score), score)
        return [(score, word) for word, score in best.items()]


# ---------------------------------------------------------------------------
# the index


_KNOWN_FIELDS = set(QUERY_FIELDS) | {alias for names in ALIASES.values() for alias in names}
_FIELD_PREFIX = re.compile(r'"[^"]*"|(?<![\w.\\])([A-Za-z_]\w*):')


def _check_fields(text: str) -> str:
    """Lower-case known field names and reject unknown ones with a helpful message."""

    def fix(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)
        lowered = name.lower()
        if lowered not in _KNOWN_FIELDS:
            known = ", ".join(
                f"{f} ({', '.join(ALIASES[f])})" if f in ALIASES else f for f in QUERY_FIELDS
            )
            raise QueryError(
                f"unknown field '{name}:' in query {text!r}; fields are {known} "
                f'(put text with a colon in quotes: "{name}:...")'
            )
        return lowered + ":"

    return _FIELD_PREFIX.sub(fix, text)


class ArchiveIndex:
    """The index of one articles folder, kept in one index folder.

    ``mmap=False`` makes opening a large index fast for one-shot commands
    (Whoosh otherwise copies the postings into memory on open).
    """

    def __init__(self, articles: Path, location: Path, *, mmap: bool = True) -> None:
        self.articles = articles
        self.location = location
        self.mmap = mmap
        self.schema = _schema()
        self._ix: Any = None
        self._parser: Any = None
        self._cached: tuple[Any, tuple[int, int] | None] | None = None
        self._segments: tuple[Any, list[Any]] | None = None  # bulk scoring data per searcher
        self._facets: tuple[Any, dict[str, dict[int, list[str]]]] | None = None
        self._folded: tuple[Any, dict[str, list[tuple[str, str]]]] | None = None
        self._aids: tuple[Any, dict[str, int]] | None = None
        self._cache_lock = threading.Lock()

    # -- opening ----------------------------------------------------------

    def _storage(self) -> FileStorage:
        return FileStorage(str(self.location), supports_mmap=self.mmap)

    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            with open(self.location / MANIFEST, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _write_manifest(self, files: dict[str, list[Any]], generation: int) -> None:
        data = {
            "brreader": "index",
            "schema": SCHEMA_VERSION,
            "articles": str(self.articles.resolve()),
            "generation": generation,
            "files": files,
        }
        target = self.location / MANIFEST
        temporary = self.location / f"{MANIFEST}.{os.getpid()}.{threading.get_ident()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            # json.dumps uses the C encoder; json.dump to a file does not (5x slower).
            # ASCII: a file name the system could not decode is kept as an escape.
            handle.write(json.dumps(data, separators=(",", ":")))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)

    def _claim_location(self) -> None:
        """Make sure the index folder is ours: new, empty, or marked by a manifest."""
        if self.location.exists() and not self.location.is_dir():
            raise IndexError_(f"{self.location} is a file, not a folder; choose another --index")
        if self.location.is_dir():
            entries = [
                e
                for e in os.listdir(self.location)
                if not e.startswith(".") and e not in OWN_FILES and not e.startswith(MANIFEST)
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
                f"cannot create index folder {self.location}: {error.strerror}"
            ) from None

    def _clear(self) -> None:
        # Never the lock file: the caller holds it, and a new file would let a
        # second writer take a lock on the new inode while this one still writes.
        for entry in os.listdir(self.location):
            target = self.location / entry
            if target.is_file() and entry != MANIFEST and entry not in OWN_FILES:
                target.unlink()

    def _why_rebuild(self, manifest: dict[str, Any] | None) -> str:
        if manifest is None:
            return (
                "no index yet"
                if not index.exists(self._storage(), INDEX_NAME)
                else "index record missing"
            )
        if manifest.get("schema") != SCHEMA_VERSION:
            return "index made by another version of brreader"
        if manifest.get("articles") != str(self.articles.resolve()):
            return "index made for another articles folder"
        return ""

    def _open(self) -> Any:
        if self._ix is None:
            self._ix = self._storage().open_index(INDEX_NAME, schema=None)
        return self._ix

    def close(self) -> None:
        with self._cache_lock:
            if self._cached is not None:
                self._cached[0].close()
                self._cached = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    # -- updating ---------------------------------------------------------

    def update(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        wait: float = LOCK_TIMEOUT,
        committed: Callable[[], None] | None = None,
        follow: bool = False,
        budget: int | None = None,
    ) -> UpdateReport:
        """Bring the index in line with the articles folder; cheap when nothing changed.

        Work is committed in batches: a small first one, so a fresh archive
        can be searched within seconds, then batches of about
        ``BATCH_BYTES`` of article files, which bounds memory. Readers see
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
        """
        if not self.articles.is_dir():
            raise IndexError_(f"articles folder {self.articles} does not exist")
        self._claim_location()
        report = UpdateReport()
        stamp = self._stamp()
        manifest, reason = self._state(rebuild)
        files, scan_skipped = discover(self.articles)
        current = {f.path: f for f in files}
        # Files the scan could not use (broken links, undecodable names) are
        # recorded like unreadable ones, so each is reported once, not every run.
        unusable = {s.path: s for s in scan_skipped}
        if not reason:
            recorded = manifest["files"]
            new, changed, removed = self._diff(recorded, current, unusable)
            unrecorded = [s for s in scan_skipped if s.path not in recorded]
            if not (new or changed or removed or unrecorded):
                report.unchanged = len(files)
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
            try_for(lambda: index.exists(self._storage(), INDEX_NAME), timeout=5.0, delay=0.05)
            return report
        try:
            # Decide again if another process wrote while we waited.
            if self._stamp() != stamp or stamp is None:
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
        window = max(wait, FOLLOW_SILENCE) if follow else wait
        while True:
            seen = self._stamp()
            if try_for(lock.acquire, timeout=window, delay=0.05):
                return True
            if not follow or self._stamp() == seen:
                return False

    def _state(self, rebuild: bool) -> tuple[dict[str, Any], str]:
        """The freshness record to trust, and why the index must be rebuilt ("" if not)."""
        manifest = self._read_manifest()
        reason = "rebuild requested" if rebuild else self._why_rebuild(manifest)
        if reason or manifest is None:
            return {"files": {}}, reason or "index record missing"
        try:
            ix = self._storage().open_index(INDEX_NAME, schema=None)
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
        """Index what changed in commits of about ``BATCH_BYTES``; the caller holds the lock."""
        unusable = unusable or {}
        new, changed, removed = self._diff(known, current, unusable)
        report.unchanged = len(current) - len(new) - len(changed)
        todo = new + changed
        if progress is not None:
            progress(0, len(todo))
        budget = FIRST_BATCH_BYTES if report.rebuilt_because else BATCH_BYTES
        if limit is not None:
            budget = limit
        done = 0
        while True:
            writer = segments.Writer(self._open(), TEXT_FIELDS, _lk=False)
            try:
                for path in removed:
                    gone = known.pop(path)[0]
                    if gone is not None:  # None: a file that was skipped, never indexed
                        writer.delete_by_term("aid", gone)
                        report.removed.append(path)
                removed = []
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
                    writer.commit(mergetype=_merge_small_segments)
            except BaseException:
                writer.cancel()
                raise
            for path, problem in unusable.items():
                known[path] = [None, 0, 0, problem.reason]
            self._ix = self._storage().open_index(INDEX_NAME)
            self._write_manifest(known, self._ix.latest_generation())
            if done >= len(todo):
                return
            if limit is not None:
                report.remaining = len(todo) - done
                return
            if committed is not None:
                committed()
            budget = BATCH_BYTES

    def _index_file(
        self, writer: Any, file: ArticleFile, known: dict[str, list[Any]], report: UpdateReport
    ) -> None:
        if file.path in known:
            previous = known.pop(file.path)[0]
            if previous is not None:
                writer.delete_by_term("aid", previous)
        try:
            result = read_article(self.articles, file.path, file.id)
        except ArticleError as error:
            known[file.path] = [None, file.mtime_ns, file.size, str(error)]
            report.skipped.append(Skipped(file.path, str(error)))
        else:
            self._add(writer, result.article, file)
            known[file.path] = [file.id, file.mtime_ns, file.size]
            report.indexed.append(file.path)
            report.warnings.extend((file.path, w) for w in result.warnings)

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
        self._write_manifest({}, -1)  # claim the folder before Whoosh writes into it
        self._clear()
        self._ix = self._storage().create_index(self.schema, INDEX_NAME)
        self._write_manifest({}, self._ix.latest_generation())

    def _manifest_from_index(self) -> dict[str, Any]:
        """Rebuild the freshness record from the index after an interrupted update."""
        files: dict[str, list[Any]] = {}
        with self._open().searcher() as searcher:
            for stored in searcher.documents(kind="a"):
                files[stored["path"]] = [stored["aid"], stored.get("mtime"), stored.get("size")]
        return {"files": files}

    def _add(self, writer: Any, article: Article, file: ArticleFile) -> None:
        published = article.published
        with writer.group():
            writer.add_document(
                kind="a",
                aid=article.id,
                path=article.path,
                title=article.title,
                lede=article.lede,
                interviewee=article.interviewee,
                outlet=article.outlet,
                source=article.source,
                tags=", ".join(article.tags),
                published=published,
                undated=0 if published else 1,
                ts=int(published.timestamp()) if published else 0,
                npairs=len(article.pairs),
                mtime=file.mtime_ns,
                size=file.size,
                dupkeys=" ".join(article.duplicate_keys()),
                f_who=article.interviewee or None,
                f_outlet=article.outlet or None,
                f_tag=",".join(t.replace(",", " ") for t in article.tags) or None,
                f_year=f"{published.year:04d}" if published else None,
            )
            for number, pair in enumerate(article.pairs, start=1):
                writer.add_document(
                    kind="p",
                    aid=article.id,
                    pair=number,
                    question=pair.question,
                    answer=pair.answer,
                )

    # -- reading ----------------------------------------------------------

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.location / MANIFEST)
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    @contextmanager
    def _searcher(self) -> Iterator[Any]:
        """A searcher on the latest commit, kept open between searches.

        Opening one costs a copy of the postings when mmap is on (about 130 ms
        at 20,000 articles), so it is reused until the index record changes,
        which every commit (from any process) rewrites.
        """
        with self._cache_lock:
            stamp = self._stamp()
            if self._cached is None or self._cached[1] != stamp:
                searcher = self._open_searcher()
                self._cached = (searcher, stamp)  # the old one closes when unreferenced
            searcher = self._cached[0]
        yield searcher

    def _open_searcher(self) -> Any:
        """Open a searcher; a rebuild that another brreader just started is waited for.

        Between clearing the folder and writing its first table of contents a
        rebuild leaves no index at all (Whoosh's EmptyIndexError). That lasts
        milliseconds, so a reader tries again for a moment before giving up.
        """
        deadline = time.monotonic() + EMPTY_INDEX_WAIT
        while True:
            try:
                return self._open().searcher(weighting=WEIGHTING)
            except EmptyIndexError:
                # A build in progress has written its record first; a deleted index has none.
                building = (self.location / MANIFEST).exists()
                if not building or time.monotonic() >= deadline:
                    error_name = "EmptyIndexError"
                    break
                self._ix = None
                time.sleep(0.05)
            except Exception as error:  # noqa: BLE001
                error_name = type(error).__name__
                break
        raise IndexError_(
            f"cannot open the index in {self.location} ({error_name}); "
            "run 'brreader index --rebuild'"
        )

    @staticmethod
    def _info(stored: dict[str, Any]) -> ArticleInfo:
        return ArticleInfo(
            id=stored["aid"],
            path=stored.get("path", ""),
            title=stored.get("title", ""),
            outlet=stored.get("outlet", ""),
            interviewee=stored.get("interviewee", ""),
            published=stored.get("published"),
        )

    def browse(
        self, limit: int | None = None, filters: Filters | None = None
    ) -> tuple[list[ArticleInfo], int]:
        """The newest ``limit`` articles (all when None), undated ones last; and the total."""
        newest = sorting.MultiFacet(
            [sorting.FieldFacet("undated"), sorting.FieldFacet("ts", reverse=True)]
        )
        with self._searcher() as searcher:
            allowed = self._allowed(searcher, filters) if filters else None
            if allowed is not None and not allowed:
                return [], 0
            results = searcher.search(
                query.Term("kind", "a"), limit=limit, sortedby=newest, filter=allowed
            )
            infos = [self._info(hit.fields()) for hit in results]
            total = len(results)
        return infos, total

    def _segments_of(self, searcher: Any) -> list[Any]:
        """Per-segment data for bulk scoring, kept as long as the searcher."""
        if self._segments is None or self._segments[0] is not searcher:
            self._segments = (searcher, bulk.segments_of(searcher))
        return self._segments[1]

    def article_count(self) -> int:
        """How many articles the index holds (no sorting, no scoring)."""
        with self._searcher() as searcher:
            return sum(
                len(segment.article_set() - segment.deleted)
                for segment in self._segments_of(searcher)
            )

    def info(self, key: str) -> ArticleInfo | None:
        """Find an article by id, or by its path relative to the articles folder."""
        with self._searcher() as searcher:
            stored = searcher.document(kind="a", aid=key)
            if stored is None:
                normalized = key.replace(os.sep, "/").removeprefix("./")
                stored = next(
                    (s for s in searcher.documents(kind="a") if s.get("path") == normalized), None
                )
        return self._info(stored) if stored else None

    def paths_with_key(self, key: str) -> list[str]:
        """Paths of indexed articles that have this duplicate key (see Article.duplicate_keys)."""
        with self._searcher() as searcher:
            return sorted(s.get("path", "") for s in searcher.documents(kind="a", dupkeys=key))

    def _parser_for(self) -> Any:
        if self._parser is None:
            from whoosh import qparser  # only searches need it: keeps 'index' quick to start

            parser = qparser.MultifieldParser(
                list(TEXT_FIELDS), self.schema, fieldboosts={"title": TITLE_BOOST}
            )
            parser.add_plugin(qparser.FieldAliasPlugin(ALIASES))
            parser.add_plugin(qparser.FuzzyTermPlugin())
            self._parser = parser
        return self._parser

    def parse_query(self, text: str) -> Any:
        """Parse the query language; raise :class:`QueryError` for what cannot be searched."""
        if not text.strip():
            raise QueryError("empty query; give words to search for, e.g. brreader search Mekong")
        text = unicodedata.normalize("NFC", text)  # as article text is (see parse.normalize)
        if len(text) > MAX_QUERY_CHARS:
            # Whoosh's parser slows down with the square of a word's length, and
            # every word becomes a search in eight fields: keep queries human-sized.
            raise QueryError(
                f"the query {text[:40]!r}... is {len(text):,} characters long; keep it under "
                f"{MAX_QUERY_CHARS:,} (a few words find more than a paragraph)"
            )
        try:
            parsed = self._parser_for().parse(_check_fields(text))
        except QueryError:
            raise
        except Exception as error:  # noqa: BLE001 - Whoosh raises bare Exception for bad dates
            raise QueryError(f"cannot read the query {text!r}: {error}{_DATE_HINT}") from None
        if any(getattr(leaf, "error", None) for leaf in parsed.leaves()) or not all(
            _date_ok(self.schema, leaf) for leaf in parsed.leaves()
        ):
            raise QueryError(f"a date in {text!r} is not a date{_DATE_HINT}")
        for leaf in parsed.leaves():
            if isinstance(leaf, query.Every) and leaf.fieldname == "published":
                raise QueryError(f"a date range in {text!r} needs a start or an end{_DATE_HINT}")
            pattern = isinstance(leaf, query.Wildcard | query.Prefix)
            if isinstance(leaf, query.Every) or (pattern and not str(leaf.text).strip("*?")):
                raise QueryError(
                    f"a wildcard needs some letters with it (like rail*), not just {text!r}; "
                    "to see every article use brreader list, or clear the search box"
                )
        if parsed is query.NullQuery:
            raise QueryError(
                f"nothing to search for in {text!r}: only common words or operators; "
                "add a distinctive word"
            )
        return parsed

    def search(
        self,
        text: str,
        *,
        limit: int | None = 10,
        sort: str = "relevance",
        pairs_per_hit: int = 3,
        filters: Filters | None = None,
    ) -> QueryResult:
        """Ranked articles for a query, with their best matching pairs."""
        parsed = self.parse_query(text)
        with self._searcher() as searcher:
            parsed = _expanded(searcher.reader(), parsed, text)
            scoped = query.And([query.Term("kind", "a"), _scope(parsed)]).normalize()
            allowed = self._allowed(searcher, filters) if filters else None
            if allowed is not None and not allowed:
                # Nothing passes the filters; an empty filter set means "no filter" to Whoosh.
                return QueryResult(0, (), self._highlight_terms(searcher, parsed))
            sortedby = None
            if sort in ("newest", "oldest"):
                sortedby = sorting.MultiFacet(
                    [
                        sorting.FieldFacet("undated"),
                        sorting.FieldFacet("ts", reverse=sort == "newest"),
                    ]
                )
            fast = self._bulk(searcher, scoped) if sortedby is None else None
            if fast is not None:
                scores, pair_scores = fast
                if allowed is not None:
                    scores = {n: score for n, score in scores.items() if n in allowed}
                total = len(scores)
                if limit is None:
                    page = sorted(scores, key=lambda n: (-scores[n], n))
                else:
                    page = heapq.nsmallest(limit, scores, key=lambda n: (-scores[n], n))
            else:
                results = searcher.search(
                    scoped, limit=limit, sortedby=sortedby, terms=False, filter=allowed
                )
                total = len(results)
                page = [hit.docnum for hit in results]
                scores = {hit.docnum: hit.score for hit in results}
                if sortedby is not None and page:
                    # Sorted results carry sort keys, not scores: score the page itself.
                    scored = searcher.search(scoped, limit=None, filter=set(page), terms=False)
                    scores = {hit.docnum: hit.score for hit in scored}
            stored = {n: searcher.stored_fields(n) for n in page}
            parents = [(n, int(stored[n].get("npairs") or 0)) for n in page]
            if fast is not None:
                pair_hits = self._best_pairs_scored(searcher, fast[1], parents, pairs_per_hit)
            else:
                pair_hits = self._best_pairs(searcher, scoped, parents, pairs_per_hit)
            terms = self._highlight_terms(searcher, parsed)
        hits = tuple(
            ArticleHit(self._info(stored[n]), float(scores.get(n) or 0.0), pair_hits.get(n, ()))
            for n in page
        )
        return QueryResult(total=total, hits=hits, terms=terms)

    # -- filters, facets, related pairs ------------------------------------------

    def _resolve(self, searcher: Any, field: str, wanted: tuple[str, ...]) -> list[str]:
        """The indexed values a user's words stand for: equal ones, else ones holding the words.

        A value only articles since changed or deleted used to have is not one.
        """
        if self._folded is None or self._folded[0] is not searcher:
            self._folded = (searcher, {})
        known = self._folded[1]
        if field not in known:
            known[field] = [(v, _fold(v)) for v in searcher.reader().field_terms(field)]
        values = known[field]
        found: list[str] = []
        for want in wanted:
            folded = _fold(want)
            same = [v for v, f in values if f == folded]
            if not same:
                words = folded.split()
                same = [v for v, f in values if words and all(w in f.split() for w in words)]
            found += same
        reader = searcher.reader()
        return [
            v for v in found if next(iter(reader.postings(field, v).all_ids()), None) is not None
        ]

    @staticmethod
    def _docs_with(searcher: Any, field: str, values: list[str]) -> set[int]:
        docs: set[int] = set()
        for value in values:
            docs.update(searcher.docs_for_query(query.Term(field, value)))
        return docs

    def _article_docs(self, searcher: Any) -> dict[str, int]:
        """Article id -> its article document, built once per searcher.

        The unread view names thousands of ids; one lookup each beats a term
        query each (10,000 ids: 300 ms a keystroke before).
        """
        if self._aids is None or self._aids[0] is not searcher:
            reader = searcher.reader()
            articles = set(searcher.docs_for_query(query.Term("kind", "a")))
            table = {}
            for article_id in reader.field_terms("aid"):
                for docnum in reader.postings("aid", article_id).all_ids():
                    if docnum in articles:
                        table[article_id] = docnum
                        break
            self._aids = (searcher, table)
        return self._aids[1]

    def _allowed(self, searcher: Any, filters: Filters) -> set[int]:
        """The article documents that pass every filter."""
        groups = []
        for name, wanted in filters.named():
            if wanted:
                field = FACET_FIELDS[name]
                groups.append(
                    self._docs_with(searcher, field, self._resolve(searcher, field, wanted))
                )
        if filters.year:
            years = [f"{year:04d}" for year in filters.year]
            groups.append(self._docs_with(searcher, "f_year", years))
        if filters.start is not None or filters.end is not None:
            dated = query.DateRange("published", filters.start, filters.end)
            groups.append(set(searcher.docs_for_query(dated)))
        if filters.ids is not None or filters.exclude:
            by_id = self._article_docs(searcher)
            if filters.ids is not None:
                groups.append({by_id[i] for i in filters.ids if i in by_id})
            if filters.exclude:
                groups.append({d for i, d in by_id.items() if i not in filters.exclude})
        allowed = groups[0]
        for group in groups[1:]:
            allowed &= group
        return allowed

    def unmatched_filters(self, filters: Filters) -> list[tuple[str, str]]:
        """The name, outlet and tag filter values that stand for no value in the archive."""
        missing = []
        with self._searcher() as searcher:
            for facet, wanted in filters.named():
                for value in wanted:
                    if not self._resolve(searcher, FACET_FIELDS[facet], (value,)):
                        missing.append((facet, value))
        return missing

    def _facet_table(self, searcher: Any) -> dict[str, dict[int, list[str]]]:
        """Per facet, each article document's values; built once per searcher."""
        if self._facets is None or self._facets[0] is not searcher:
            reader = searcher.reader()
            table: dict[str, dict[int, list[str]]] = {}
            for name, field in FACET_FIELDS.items():
                by_doc: dict[int, list[str]] = {}
                for value in reader.field_terms(field):
                    for docnum in reader.postings(field, value).all_ids():
                        by_doc.setdefault(docnum, []).append(value)
                table[name] = by_doc
            self._facets = (searcher, table)
        return self._facets[1]

    def _matching(self, searcher: Any, text: str) -> set[int]:
        """Every article document a query matches (all articles for an empty query)."""
        if not text.strip():
            return set(searcher.docs_for_query(query.Term("kind", "a")))
        parsed = _expanded(searcher.reader(), self.parse_query(text), text)
        scoped = query.And([query.Term("kind", "a"), _scope(parsed)]).normalize()
        fast = self._bulk(searcher, scoped)
        if fast is not None:
            return set(fast[0])
        return set(searcher.docs_for_query(scoped))

    def facets(self, text: str = "", filters: Filters | None = None) -> FacetCounts:
        """Counts by interviewee, outlet, tag and year over what a query (and filters) match."""
        with self._searcher() as searcher:
            matched = self._matching(searcher, text)
            if filters:
                matched &= self._allowed(searcher, filters)
            table = self._facet_table(searcher)
        counts: dict[str, list[tuple[str, int]]] = {}
        for name, by_doc in table.items():
            tally: dict[str, int] = {}
            for docnum in matched:
                for value in by_doc.get(docnum, ()):
                    tally[value] = tally.get(value, 0) + 1
            if name == "year":
                counts[name] = sorted(tally.items(), reverse=True)
            else:
                counts[name] = sorted(tally.items(), key=lambda item: (-item[1], _fold(item[0])))
        return FacetCounts(len(matched), counts)

    def related(
        self, article_id: str, number: int, question: str, answer: str, limit: int = 10
    ) -> list[RelatedPair]:
        """Pairs in other articles most like this one: its key words, question and answer.

        One pair per article, best first; the article asked about is left out.
        """
        with self._searcher() as searcher:
            words = []
            for field, text, count in (("question", question, 6), ("answer", answer, 10)):
                if text.strip():
                    for word, weight in searcher.key_terms_from_text(field, text, numterms=count):
                        words.append(query.Term(field, word, boost=weight))
            if not words:
                return []
            wanted = query.And([query.Term("kind", "p"), query.Or(words)])
            mask = query.Term("aid", article_id)
            fetch = limit * 5
            while True:
                results = searcher.search(wanted, limit=fetch, mask=mask, terms=False)
                found: list[RelatedPair] = []
                seen: set[str] = set()
                for hit in results:
                    stored = hit.fields()
                    if stored["aid"] in seen:
                        continue  # one pair per article: its best
                    seen.add(stored["aid"])
                    pair = int(stored.get("pair") or 0)
                    parent = searcher.stored_fields(hit.docnum - pair)
                    question = stored.get("question", "")
                    found.append(RelatedPair(self._info(parent), pair, question, hit.score))
                    if len(found) >= limit:
                        return found
                if results.scored_length() < fetch:
                    return found  # every matching pair was looked at
                fetch *= 4  # a few articles had many similar pairs: look further

    def _bulk(self, searcher: Any, scoped: Any) -> tuple[dict[int, float], list[Any]] | None:
        """Scores of every matching article computed in bulk, or None to let Whoosh do it."""
        evaluator = bulk.Evaluator(searcher, _PairScoped, self._segments_of(searcher), _KINDS)
        try:
            return evaluator.run(scoped), evaluator.pair_scores
        except bulk.Unsupported:
            return None

    def _best_pairs_scored(
        self,
        searcher: Any,
        groups: list[list[tuple[int, Any]]],
        parents: list[tuple[int, int]],
        per_hit: int,
    ) -> dict[int, tuple[PairHit, ...]]:
        """The best pairs of each parent from pair scores already computed by the bulk path."""
        found: dict[int, tuple[PairHit, ...]] = {}
        if not groups or per_hit <= 0:
            return found
        for parent, count in parents:
            mine = []
            # The pairs of one article are in the article's segment.
            offset = max(start for start, _scores in groups[0] if start <= parent)
            local = [dict(group).get(offset, {}) for group in groups]
            for child in range(parent + 1, parent + 1 + count):
                parts = [scores[child - offset] for scores in local if child - offset in scores]
                if parts:
                    total = parts[0]
                    for part in parts[1:]:
                        total += part
                    mine.append((total, child))
            found[parent] = _top_pairs(searcher, mine, per_hit)
        return found

    def _best_pairs(
        self, searcher: Any, scoped: Any, parents: list[tuple[int, int]], per_hit: int
    ) -> dict[int, tuple[PairHit, ...]]:
        """The best matching pairs of each parent document, best first.

        Pair documents directly follow their article, so only those few
        documents are tested, by skipping the pair-level matcher to each of
        them: far cheaper than a second search over every pair in the index.
        """
        groups = [n.child for n in _positive(scoped) if isinstance(n, _PairScoped)]
        if not groups or not parents or per_hit <= 0:
            return {}
        group = groups[0] if len(groups) == 1 else query.Or(groups)
        candidates = sorted(c for p, n in parents for c in range(p + 1, p + 1 + n))
        scores: dict[int, float] = {}
        for leaf, offset in searcher.leaf_searchers():
            end = offset + leaf.doc_count_all()
            local = [c - offset for c in candidates if offset <= c < end]
            if not local:
                continue
            matcher = group.matcher(leaf, leaf.context())
            for docnum in local:
                if matcher.is_active() and matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
                if matcher.id() == docnum:
                    scores[docnum + offset] = matcher.score()
        found: dict[int, tuple[PairHit, ...]] = {}
        for parent, count in parents:
            mine = [(scores[c], c) for c in range(parent + 1, parent + 1 + count) if c in scores]
            found[parent] = _top_pairs(searcher, mine, per_hit)
        return found

    def _highlight_terms(self, searcher: Any, parsed: Any) -> dict[str, frozenset[str]]:
        reader = searcher.reader()
        terms: dict[str, set[str]] = {}
        for leaf in (n for n in _positive(parsed) if n.is_leaf()):
            name = leaf.field()
            if name not in TEXT_FIELDS:
                continue
            bucket = terms.setdefault(name, set())
            if isinstance(leaf, query.Term):
                bucket.add(str(leaf.text))
            elif isinstance(leaf, query.Phrase):
                bucket.update(str(word) for word in leaf.words)
            elif isinstance(leaf, query.MultiTerm):
                for count, term in enumerate(leaf._btexts(reader)):
                    if count >= MAX_EXPANDED_TERMS:
                        break
                    bucket.add(term.decode("utf-8") if isinstance(term, bytes) else str(term))
        return {name: frozenset(words) for name, words in terms.items() if words}

    def suggest(self, text: str) -> str | None:
        """A spelling correction of the query from the archive's own words, or None.

        Only words found in no field at all are corrected. The typed word's
        stem is matched against the stems in the index (edit distance up to
        2, same first letter, nearest first, then most frequent), and the winning stem is
        turned back into a word as an article spells it. Slower than a
        search: call it on submit or after an empty result, never per keystroke.
        """
        parsed = self.parse_query(text)
        with self._searcher() as searcher:
            reader = searcher.reader()
            stems = _AnyField([reader.corrector(f) for f in SPELLING_FIELDS])
            fixes: dict[tuple[int, int], str] = {}
            tried = 0
            for token in _typed_tokens(parsed):
                where = (getattr(token, "startchar", None), getattr(token, "endchar", None))
                if token.fieldname not in TEXT_FIELDS or None in where or where in fixes:
                    continue
                if any(reader.doc_frequency(f, token.text) for f in TEXT_FIELDS):
                    continue
                tried += 1
                if tried > MAX_SUGGESTED_WORDS:
                    return None
                typed = text[where[0] : where[1]].lower()
                if [term for term, _s, _e in analyze(typed)] != [token.text]:
                    continue  # the position does not point at this word in what was typed
                found = stems.suggest(str(token.text), limit=1, maxdist=2, prefix=1)
                word = self._spelled(searcher, found[0], typed) if found else None
                if word and word != typed:
                    fixes[where] = word  # type: ignore[index]
        if not fixes:
            return None
        fixed = text
        for (start, end), word in sorted(fixes.items(), reverse=True):
            fixed = fixed[:start] + word + fixed[end:]
        try:
            self.parse_query(fixed)
        except QueryError:
            return None  # never suggest something that cannot be searched
        return fixed

    def _spelled(self, searcher: Any, stem: str, typed: str) -> str | None:
        """The word closest to ``typed`` that an article indexed as ``stem``."""
        reader = searcher.reader()
        words: set[str] = set()
        for name in SPELLING_FIELDS:
            if not reader.doc_frequency(name, stem):
                continue
            postings = reader.postings(name, stem)
            for _ in range(3):  # a few documents give the word's usual forms
                if not postings.is_active():
                    break
                words.update(self._words_in(searcher, postings.id(), name, stem))
                postings.next()
            if words:
                break
        if not words:
            return None
        return min(words, key=lambda word: (levenshtein(word, typed), word))

    def _words_in(self, searcher: Any, docnum: int, name: str, stem: str) -> set[str]:
        stored = searcher.stored_fields(docnum)
        value = stored.get(name)
        if not isinstance(value, str):
            parent = stored if "path" in stored else searcher.document(kind="a", aid=stored["aid"])
            try:
                article = read_article(self.articles, parent["path"], parent["aid"]).article
            except (ArticleError, KeyError, TypeError):
                return set()
            number = int(stored.get("pair") or 0)
            if name in PAIR_FIELDS:
                if not 0 < number <= len(article.pairs):
                    return set()
                value = getattr(article.pairs[number - 1], name)
            else:
                value = getattr(article, name)
        return {value[start:end].lower() for term, start, end in analyze(value) if term == stem}

    def query_terms(self, text: str) -> dict[str, frozenset[str]]:
        """The analysed terms a query would light up, per field (for ``show --query``)."""
        parsed = self.parse_query(text)
        with self._searcher() as searcher:
            return self._highlight_terms(searcher, _expanded(searcher.reader(), parsed, text))


class _Expanded(query.MultiTerm):
    """A wildcard, prefix or fuzzy word whose words are listed once per segment per search.

    Whoosh lists a pattern's words again for scoring and for highlighting;
    with a leading ``*`` or a fuzzy word that means reading every word of the
    field each time. The lists are kept here, per segment, exactly as Whoosh
    makes them (the top-level list is their union).
    """

    def __init__(self, original: Any, per_reader: dict[int, list[bytes]]) -> None:
        self.original = original
        self.fieldname = original.fieldname
        self.text = original.text
        self.boost = original.boost
        self.constantscore = original.constantscore
        self.per_reader = per_reader

    def _btexts(self, ixreader: Any) -> list[bytes]:
        known = self.per_reader.get(id(ixreader))
        if known is not None:
            return known
        leaves = ixreader.leaf_readers() if ixreader.is_atomic() is False else []
        if leaves and all(id(leaf) in self.per_reader for leaf, _offset in leaves):
            return sorted(set().union(*(self.per_reader[id(leaf)] for leaf, _offset in leaves)))
        return list(self.original._btexts(ixreader))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Expanded) and other.original == self.original

    def __hash__(self) -> int:
        return hash(self.original)

    def __repr__(self) -> str:
        return f"Expanded({self.original!r})"


def _expanded(reader: Any, parsed: Any, text: str) -> Any:
    """The query with each wildcard and fuzzy word listed once, or QueryError if too broad.

    ``*a*`` on a large archive stands for tens of thousands of words and would
    take seconds and hundreds of megabytes; counting stops at the limit.
    """
    leaves = (
        [leaf for leaf, _offset in reader.leaf_readers()] if not reader.is_atomic() else [reader]
    )

    distances: dict[tuple[bytes, str, int], bool] = {}  # the fields share most words

    def near(word: bytes, text: str, maxdist: int) -> bool:
        key = (word, text, maxdist)
        found = distances.get(key)
        if found is None:
            found = distances[key] = levenshtein(word.decode("utf-8"), text, maxdist) <= maxdist
        return found

    def expand(leaf: Any) -> Any:
        if not isinstance(leaf, query.MultiTerm) or isinstance(leaf, query.Term | _Expanded):
            return leaf
        if not isinstance(leaf, query.PatternQuery | query.FuzzyTerm):
            # Ranges (title:[a to c]) list their words cheaply; only bound them.
            for count, _word in enumerate(leaf._btexts(reader), start=1):
                if count > MAX_QUERY_EXPANSION:
                    raise QueryError(
                        f"a range in {text!r} stands for over {MAX_QUERY_EXPANSION:,} "
                        "different words; narrow it"
                    )
            return leaf
        per_reader: dict[int, list[bytes]] = {}
        distinct: set[bytes] = set()
        listing = leaf._btexts
        if isinstance(leaf, query.FuzzyTerm):
            # Edit distances once per distinct word of the archive, not per segment.
            start = leaf.text[: leaf.prefixlength]
            by_segment = {id(seg): list(seg.expand_prefix(leaf.fieldname, start)) for seg in leaves}
            candidates = set().union(*by_segment.values())
            close = {word for word in candidates if near(word, leaf.text, leaf.maxdist)}

            def listing(segment: Any) -> list[bytes]:
                return [word for word in by_segment[id(segment)] if word in close]

        for segment in leaves:
            words = []
            for word in listing(segment):
                words.append(word)
                distinct.add(word)
                if len(distinct) > MAX_QUERY_EXPANSION:
                    typed = f"{leaf.text}*" if isinstance(leaf, query.Prefix) else str(leaf.text)
                    raise QueryError(
                        f"{typed!r} in {text!r} stands for over {MAX_QUERY_EXPANSION:,} "
                        "different words; add letters to narrow it"
                    )
            per_reader[id(segment)] = words
        return _Expanded(leaf, per_reader)

    return parsed.accept(expand)


def _date_ok(schema: Any, leaf: Any) -> bool:
    """False for a quoted or odd word on a date field (``published:"x"``), which Whoosh
    accepts when parsing and only fails on when searching."""
    if not isinstance(leaf, query.Term) or not isinstance(
        schema[leaf.fieldname] if leaf.fieldname in schema else None, fields.DATETIME
    ):
        return True
    try:
        schema[leaf.fieldname].to_bytes(leaf.text)
    except Exception:  # noqa: BLE001 - Whoosh raises bare Exception and TimeError
        return False
    return True


def _typed_tokens(parsed: Any) -> Iterator[Any]:
    """The query's words with their places in the query text (ranges have no single word)."""
    for leaf in parsed.leaves():
        if isinstance(leaf, query.Term | query.Phrase):
            yield from leaf.tokens()


def _top_pairs(searcher: Any, scored: list[tuple[float, int]], per_hit: int) -> tuple[PairHit, ...]:
    """The best ``per_hit`` of (score, pair docnum), best first, ties in document order."""
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = []
    for score, docnum in scored[:per_hit]:
        stored = searcher.stored_fields(docnum)
        best.append(PairHit(int(stored["pair"]), score, stored.get("question", "")))
    return tuple(best)


def analyze(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(term, start, end)`` for each indexed word of ``text``, as the index sees it."""
    for token in ANALYZER(text, chars=True):
        yield token.text, token.startchar, token.endchar
