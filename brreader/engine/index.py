"""The archive's index as one object: update it, search it, explore it.

:class:`ArchiveIndex` is the engine's front. It owns the store that writes
the index, the snapshots that read it and the query reader, and hands each
request to the room that does the work (``ranking``, ``filters``,
``explore``, ``spelling``). Everything it returns is plain data from
:mod:`brreader.model`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh import query

from brreader.engine import explore, filters, merging, ranking, spelling
from brreader.engine import limits as default_limits
from brreader.engine.internals import Asking
from brreader.engine.limits import Limits
from brreader.engine.pairs import Texts
from brreader.engine.query import QueryReader, expanded, highlight_terms, pairs_held, split_runs
from brreader.engine.snapshot import Snapshots, info_of
from brreader.engine.store import IndexStore
from brreader.model import (
    ArticleInfo,
    FacetCounts,
    Filters,
    IndexError_,
    PairHit,
    QueryResult,
    RelatedPair,
    Relaxed,
)


class ArchiveIndex:
    """The index of one articles folder, kept in one index folder.

    ``mmap=False`` makes opening a large index fast for one-shot commands
    (Whoosh otherwise copies the postings into memory on open).
    """

    def __init__(
        self,
        articles: Path,
        location: Path,
        *,
        mmap: bool = True,
        limits: Limits | None = None,
        resident: bool = False,
    ) -> None:
        self.articles = articles
        self.location = location
        self.limits = limits or default_limits.DEFAULT  # looked up now: tests may swap it
        self._snapshots: Snapshots
        self.store = IndexStore(
            articles,
            location,
            mmap=mmap,
            limits=self.limits,
            closing=self._close_snapshots,
            resident=resident,
        )
        self._snapshots = Snapshots(self.store)
        self._queries = QueryReader(self.store.schema, self.limits)
        # Updating is the store's job, with its signature: no second copy of it here.
        self.update = self.store.update

    def merge_due(self) -> bool:
        """Whether small segments have piled up (see ``merging``)."""
        return merging.merge_due(self.store)

    def merge(self, wait: float = 0.0, interrupt: Callable[[], bool] | None = None) -> bool:
        """Fold small segments together in a commit of their own (see ``merging``)."""
        return merging.merge(self.store, wait, interrupt)

    def _close_snapshots(self) -> None:
        self._snapshots.close()

    def close(self) -> None:
        self.store.close()

    def building(self) -> bool:
        """True while a rebuild has saved only part of the archive (see the store)."""
        return self.store.building()

    # -- articles ---------------------------------------------------------------

    def browse(
        self, limit: int | None = None, filters: Filters | None = None
    ) -> tuple[list[ArticleInfo], int]:
        """The newest ``limit`` articles (all when None), undated ones last; and the total."""
        with self._snapshots.current() as snap:
            allowed = self._allowed(snap, filters)
            if allowed is not None and not allowed:
                return [], 0
            results = snap.searcher.search(
                query.Term("kind", "a"), limit=limit, sortedby=ranking.NEWEST_FIRST, filter=allowed
            )
            return [info_of(hit.fields()) for hit in results], len(results)

    def article_count(self) -> int:
        """How many articles the index holds (no sorting, no scoring)."""
        with self._snapshots.current() as snap:
            return sum(len(segment.article_set() - segment.deleted) for segment in snap.segments())

    def info(self, key: str) -> ArticleInfo | None:
        """Find an article by id, or by its path relative to the articles folder."""
        with self._snapshots.current() as snap:
            stored = snap.searcher.document(kind="a", aid=key)
            if stored is None:
                normalized = key.replace(os.sep, "/").removeprefix("./")
                stored = next(
                    (s for s in snap.searcher.documents(kind="a") if s.get("path") == normalized),
                    None,
                )
        return info_of(stored) if stored else None

    def paths_with_key(self, key: str) -> list[str]:
        """Paths of indexed articles that have this duplicate key (see Article.duplicate_keys)."""
        with self._snapshots.current() as snap:
            return sorted(s.get("path", "") for s in snap.searcher.documents(kind="a", dupkeys=key))

    # -- queries ----------------------------------------------------------------

    def parse_query(self, text: str) -> Any:
        """Parse the query language; raise :class:`QueryError` for what cannot be searched."""
        try:
            with self._snapshots.current() as snap:
                languages = snap.languages()  # each word is looked up in these too
                text = split_runs(text, pairs_held(snap.searcher))  # 无人机植保: two words
        except IndexError_:
            languages = ()
        return self._queries.parse(text, languages)

    def search(
        self,
        text: str,
        *,
        limit: int | None = 10,
        sort: str = "relevance",
        pairs_per_hit: int = 3,
        filters: Filters | None = None,
        relax: bool = True,
        texts: Texts | None = None,
        pairs_for: int | None = None,
    ) -> QueryResult:
        """Ranked articles for a query, with their best matching pairs.

        ``pairs_for``: only the first so many articles get their pairs now;
        :meth:`pairs_of` finds the others' (the same) later.

        ``texts`` gives an article as it was indexed, from its document's stored
        fields (None if its file changed since): the best pairs of a short
        prefix (``ka*``) are then read from the shown articles' texts.

        With ``relax``, a query of plain words that too few articles have all of
        (``limits.thin_results``) is widened to the articles with most of them,
        ranked by how many they have (the result's ``relaxed`` says so).
        """
        parsed = self.parse_query(text)
        with self._snapshots.current() as snap:
            parsed = expanded(snap.reader(), parsed, text, self.limits)
            allowed = self._allowed(snap, filters)
            found = ranking.rank(
                snap,
                parsed,
                self.limits,
                limit=limit,
                sort=sort,
                pairs_per_hit=pairs_per_hit,
                allowed=allowed,
                texts=texts,
                pairs_for=pairs_for,
            )
            if not relax or found.total > self.limits.thin_results:
                return found
            wider = self._widened(snap, text, parsed)
            if wider is None:
                return found
            words, either, coverage = wider
            # Articles with every word in one place (a pair, or the headline and
            # lede) were the strict query's matches: they stay on top.
            for hit in found.hits:  # at most limits.thin_results
                docnum = snap.article_doc(hit.info.id)
                if docnum is not None:
                    coverage[docnum] = len(words) + 1
            if allowed is not None:
                coverage = {n: c for n, c in coverage.items() if n in allowed}
            if len(coverage) <= found.total:
                return found  # the other words add no article
            widened = ranking.rank(
                snap,
                either,
                self.limits,
                limit=limit,
                sort=sort,
                pairs_per_hit=pairs_per_hit,
                allowed=allowed,
                coverage=coverage,
                texts=texts,
                pairs_for=pairs_for,
            )
            return replace(widened, relaxed=Relaxed(words, found.total))

    def pairs_of(
        self,
        text: str,
        article_ids: list[str],
        *,
        relaxed: bool,
        pairs_per_hit: int = 3,
        texts: Texts | None = None,
    ) -> dict[str, tuple[PairHit, ...]]:
        """The best pairs of articles a search with ``pairs_for`` listed without them
        (``relaxed``: the search was widened), by article id; an article gone since
        is left out."""
        parsed = self.parse_query(text)
        with self._snapshots.current() as snap:
            parsed = expanded(snap.reader(), parsed, text, self.limits)
            wider = self._either(snap, text, parsed) if relaxed else None
            if wider is not None:
                parsed = wider[2]
            docs = {key: snap.article_doc(key) for key in article_ids}
            found = {key: n for key, n in docs.items() if n is not None}
            stored = snap.searcher.stored_fields
            parents = [(n, int(stored(n).get("npairs") or 0)) for n in found.values()]
            pairs = ranking.page_pairs(snap, parsed, parents, pairs_per_hit, texts)
            return {key: pairs.get(n, ()) for key, n in found.items()}

    def _either(self, snap: Any, text: str, parsed: Any) -> tuple[Any, list[Any], Any] | None:
        """A plain query's words, each word's query, and the query for any of them."""
        words = self._queries.words(split_runs(text, pairs_held(snap.searcher)), snap.languages())
        if not words:
            return None
        parts = [expanded(snap.reader(), part, text, self.limits) for _word, part in words]
        either: Any = query.Or(parts)
        if isinstance(parsed, Asking):  # the question's asking words still add to the score
            either = Asking(either, parsed.b)
        return words, parts, either

    def _widened(
        self, snap: Any, text: str, parsed: Any
    ) -> tuple[tuple[str, ...], Any, dict[int, int]] | None:
        """A plain query's words, the query for any of them, and how many each article has."""
        wider = self._either(snap, text, parsed)
        if wider is None:
            return None
        words, parts, either = wider
        return (
            tuple(word for word, _part in words),
            either,
            ranking.covered(snap, parts, self.limits),
        )

    def query_terms(self, text: str) -> dict[str, frozenset[str]]:
        """The analysed terms a query would light up, per field (for ``show --query``)."""
        parsed = self.parse_query(text)
        with self._snapshots.current() as snap:
            words = expanded(snap.reader(), parsed, text, self.limits)
            return highlight_terms(snap.searcher, words, self.limits)

    def suggest(self, text: str) -> str | None:
        """A spelling correction of the query from the archive's own words, or None."""
        parsed = self.parse_query(text)
        with self._snapshots.current() as snap:
            text = split_runs(text, pairs_held(snap.searcher))  # as parse_query read it
            return spelling.suggest(
                snap, text, parsed, self.parse_query, self.articles, self.limits
            )

    # -- filters, facets, related pairs -----------------------------------------

    @staticmethod
    def _allowed(snap: Any, wanted: Filters | None) -> set[int] | None:
        return filters.allowed(snap, wanted) if wanted else None

    def unmatched_filters(self, wanted: Filters) -> list[tuple[str, str]]:
        """The name, outlet and tag filter values that stand for no value in the archive."""
        with self._snapshots.current() as snap:
            return filters.unmatched(snap, wanted)

    def facets(self, text: str = "", filters: Filters | None = None) -> FacetCounts:
        """Counts by interviewee, outlet, tag and year over what a query (and filters) match."""
        with self._snapshots.current() as snap:
            parsed = None
            if text.strip():
                parsed = expanded(snap.reader(), self.parse_query(text), text, self.limits)
            matched = ranking.matching(snap, parsed, self.limits)
            if parsed is not None and len(matched) <= self.limits.thin_results:
                wider = self._widened(snap, text, parsed)  # as the search is widened
                if wider is not None:
                    matched |= set(wider[2])
            allowed = self._allowed(snap, filters)
            if allowed is not None:
                matched &= allowed
            return explore.facet_counts(snap, matched)

    def related(
        self, article_id: str, number: int, question: str, answer: str, limit: int = 10
    ) -> list[RelatedPair]:
        """Pairs in other articles most like pair ``number`` of this one, one per article."""
        with self._snapshots.current() as snap:
            return explore.related(snap, article_id, question, answer, limit)
