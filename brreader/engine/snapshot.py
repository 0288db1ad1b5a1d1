"""An open searcher on one commit of the index, and the tables built from it.

Opening a searcher costs a copy of the postings when mmap is on (about 130
ms at 20,000 articles), so :class:`Snapshots` keeps one open until the index
record changes, which every commit (from any process) rewrites. Everything
derived from a searcher (bulk-scoring data, facet values, the article id
table) lives on its :class:`Snapshot`, is built on first use under that
snapshot's one lock, and goes away with it: no cache can outlive the commit
it describes.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from whoosh import query
from whoosh.index import EmptyIndexError

from brreader.engine import bulk
from brreader.engine.schema import WEIGHTING
from brreader.engine.store import MANIFEST, IndexStore
from brreader.model import FACET_FIELDS, ArticleInfo, IndexError_

T = TypeVar("T")


def fold(text: str) -> str:
    """Case and accents aside: how filter values are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def info_of(stored: dict[str, Any]) -> ArticleInfo:
    """An article document's stored fields as plain data."""
    return ArticleInfo(
        id=stored["aid"],
        path=stored.get("path", ""),
        title=stored.get("title", ""),
        outlet=stored.get("outlet", ""),
        interviewee=stored.get("interviewee", ""),
        published=stored.get("published"),
        interviewees=tuple(n for n in stored.get("interviewees", "").split("\n") if n),
        language=stored.get("f_lang") or "",
    )


class Snapshot:
    """One searcher and the tables derived from it, each built once."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self._lock = threading.RLock()
        self._tables: dict[str, Any] = {}

    def reader(self) -> Any:
        return self.searcher.reader()

    def _table(self, name: str, build: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._tables:
                self._tables[name] = build()
            return self._tables[name]

    def segments(self) -> list[Any]:
        """Per-segment data for bulk scoring."""
        return self._table("segments", lambda: bulk.segments_of(self.searcher))

    def facet_table(self) -> dict[str, dict[int, list[str]]]:
        """Per facet, each article document's values."""

        def build() -> dict[str, dict[int, list[str]]]:
            reader = self.reader()
            table: dict[str, dict[int, list[str]]] = {}
            for name, field in FACET_FIELDS.items():
                by_doc: dict[int, list[str]] = {}
                for value in reader.field_terms(field):
                    for docnum in reader.postings(field, value).all_ids():
                        by_doc.setdefault(docnum, []).append(value)
                table[name] = by_doc
            return table

        return self._table("facets", build)

    def languages(self) -> tuple[str, ...]:
        """The language codes of the archive's articles."""
        return self._table("languages", lambda: tuple(self.reader().field_terms("f_lang")))

    def folded_values(self, field: str) -> list[tuple[str, str]]:
        """Every value of an exact field with its folded form, for matching filter words."""
        return self._table(
            f"folded:{field}", lambda: [(v, fold(v)) for v in self.reader().field_terms(field)]
        )

    def article_docs(self) -> dict[str, int]:
        """Article id -> its article document.

        The unread view names thousands of ids; one lookup each beats a term
        query each (10,000 ids: 300 ms a keystroke before).
        """

        def build() -> dict[str, int]:
            reader = self.reader()
            articles = set(self.searcher.docs_for_query(query.Term("kind", "a")))
            table = {}
            for article_id in reader.field_terms("aid"):
                for docnum in reader.postings("aid", article_id).all_ids():
                    if docnum in articles:
                        table[article_id] = docnum
                        break
            return table

        return self._table("aids", build)

    def article_doc(self, article_id: str) -> int | None:
        """One article id's article document, as :meth:`article_docs` has it, without
        building that table (every id's postings: seconds at 100,000 articles, and
        again after each commit) when it is not built already."""
        with self._lock:
            table = self._tables.get("aids")
        if table is not None:
            return table.get(article_id)
        reader = self.reader()
        if ("aid", article_id) not in reader:
            return None
        segments = self.segments()
        starts = [segment.offset for segment in segments]
        for docnum in reader.postings("aid", article_id).all_ids():
            segment = segments[max(0, bisect_right(starts, docnum) - 1)]
            if docnum - segment.offset in segment.article_set():
                return int(docnum)
        return None

    def close(self) -> None:
        self.searcher.close()


class Snapshots:
    """Hands out the snapshot of the latest commit, reopening it when the index changed."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._current: tuple[Snapshot, tuple[int, ...] | None] | None = None

    @contextmanager
    def current(self) -> Iterator[Snapshot]:
        with self._lock:
            stamp = self.store.stamp()
            if self._current is None or self._current[1] != stamp:
                # The old snapshot closes when its last user lets go of it.
                self._current = (Snapshot(self._open_searcher()), stamp)
            snapshot = self._current[0]
        yield snapshot

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current[0].close()
                self._current = None

    def _open_searcher(self) -> Any:
        """Open a searcher; a rebuild that another brreader just started is waited for.

        Between clearing the folder and writing its first table of contents a
        rebuild leaves no index at all (Whoosh's EmptyIndexError). That lasts
        milliseconds, so a reader tries again for a moment before giving up.
        """
        store = self.store
        deadline = time.monotonic() + store.limits.empty_index_wait
        while True:
            try:
                return store.searcher(weighting=WEIGHTING)
            except EmptyIndexError:
                # A build in progress has written its record first; a deleted index has none.
                building = (store.location / MANIFEST).exists()
                if not building or time.monotonic() >= deadline:
                    error_name = "EmptyIndexError"
                    break
                store.forget()
                time.sleep(0.05)
            except Exception as error:  # noqa: BLE001
                error_name = type(error).__name__
                break
        raise IndexError_(
            f"cannot open the index in {store.location} ({error_name}); "
            "run 'brreader index --rebuild'"
        )
