"""The facade the interfaces talk to: an articles folder and its index as plain data.

:class:`Archive` keeps the index fresh, runs queries and assembles hits: a
search returns :class:`Hit` objects whose question, snippet and title carry
the character spans to highlight (see ``highlight``). Method names match the
engine's (:class:`~brreader.engine.index.ArchiveIndex`). The CLI and the
reader import what they need from here or from ``model``, never the engine.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brreader.articles import read_article
from brreader.dates import patterns_only
from brreader.engine.damage import described as described_damage
from brreader.engine.damage import read_damage
from brreader.engine.index import ArchiveIndex
from brreader.engine.limits import Limits
from brreader.highlight import Marked, flatten, mark, snippet
from brreader.model import (
    Article,
    ArticleError,
    ArticleInfo,
    FacetCounts,
    Filters,
    IndexError_,
    PairHit,
    Progress,
    QueryError,
    RelatedPair,
    Relaxed,
    UpdateReport,
)
from brreader.records import record
from brreader.views import strip_notes, with_notes

if TYPE_CHECKING:
    from brreader.parsed import ParsedArticles

__all__ = [
    "Archive",
    "ArticleInfo",
    "FacetCounts",
    "Filters",
    "Hit",
    "IndexError_",
    "Marked",
    "NotFound",
    "PairMatch",
    "QueryError",
    "RelatedPair",
    "Relaxed",
    "SearchResults",
    "TimelineEntry",
    "Unpaired",
    "UpdateReport",
    "described_damage",
    "flatten",
    "mark",
    "read_damage",
    "snippet",
    "strip_notes",
    "with_notes",
]

FEW_RESULTS = 2  # a search with at most this many matches also offers "Did you mean"


class NotFound(LookupError):
    """No article has that id or path."""


@record
class PairMatch:
    """A matching pair of a hit: its 1-based number, question and answer snippet."""

    number: int
    question: Marked
    snippet: Marked
    score: float
    answer: str = ""  # the whole answer, one paragraph per line ("" without snippets)


@record
class Hit:
    """One matching article, with its best pairs (or a lede snippet when no pair matched)."""

    info: ArticleInfo
    score: float
    title: Marked
    matches: tuple[PairMatch, ...]
    lede: Marked | None


@record
class Unpaired:
    """Hits of a search whose best pairs are not found yet (``Archive.fill_pairs``):
    those from ``start`` on, ``per_hit`` pairs each."""

    start: int
    per_hit: int


@record
class SearchResults:
    """One page of a search: its hits, how many articles match, and the words to light up."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    terms: dict[str, frozenset[str]]
    relaxed: Relaxed | None = None  # too few articles had every word: see Relaxed
    unpaired: Unpaired | None = None  # hits still without their pairs (search's pairs_for)

    @property
    def with_all_words(self) -> int:
        """How many articles match the query as typed (all its words)."""
        return self.relaxed.with_all if self.relaxed is not None else self.total


@record
class TimelineEntry:
    """One matching pair, for reading a topic in date order.

    ``number`` 0: an article that matched only in its headline or lede; then
    ``question`` is its headline and ``snippet`` a piece of its lede.
    """

    info: ArticleInfo
    number: int
    question: Marked
    snippet: Marked


@record
class Timeline:
    """Matching pairs, oldest first (undated last); ``total`` counts all, ``entries`` a page.

    An article that matched outside its pairs (headline, lede) is one entry with
    ``number`` 0, as ``search --format`` exports it.
    """

    query: str
    total: int
    articles: int
    entries: tuple[TimelineEntry, ...]
    terms: dict[str, frozenset[str]]
    outside: int = 0  # articles matched only in their headline or lede (one entry each)

    @property
    def pairs(self) -> int:
        """How many of the ``total`` entries are pairs."""
        return self.total - self.outside


def keep_warm() -> bool:
    """This process will answer many searches: load numpy and keep segments' term
    hashes in memory (see ``Archive.keep_warm``)."""
    from brreader.engine import presence, vector, wordbands

    presence.enable()
    wordbands.enable()
    return vector.enable()


class Archive:
    """An articles folder and its index, as the interfaces use them."""

    def __init__(
        self,
        articles: Path,
        index_dir: Path,
        *,
        mmap: bool = True,
        limits: Limits | None = None,
        resident: bool = False,
    ) -> None:
        self.articles = articles
        # resident: a long-lived writer (the server's watcher), updating again and again:
        # its commits leave small segments for merge() and append to the record's journal.
        self.index = ArchiveIndex(articles, index_dir, mmap=mmap, limits=limits, resident=resident)
        # Reads may come from several worker threads; Whoosh's query parser and
        # our cached index handle are not meant to be shared without a lock.
        # Updates do not take it, so searching goes on while indexing runs.
        self._lock = threading.RLock()
        self._parsed: ParsedArticles | None = None  # see keep_warm

    def keep_warm(self) -> bool:
        """This process will answer search after search (the server, the reader).

        Loads numpy, which scores long posting lists many times faster but
        costs more to import than one search saves (see ``engine/vector.py``),
        keeps each segment's term hashes to rule out absent words without a
        lookup (``engine/presence.py``) and keeps the articles parsed for
        snippets (``parsed.py``); results are the same either way. False when
        numpy cannot be loaded.
        """
        if self._parsed is None:
            from brreader.parsed import ParsedArticles

            self._parsed = ParsedArticles()
        return keep_warm()

    def _snippet_source(self, path: str, article_id: str) -> Article:
        """An article read for its snippets (kept in a warm process, see :meth:`keep_warm`)."""
        if self._parsed is not None:
            return self._parsed.for_snippets(self.articles, path, article_id)
        with patterns_only():  # only the text is shown; the date is the index's
            return read_article(self.articles, path, article_id).article

    def _as_indexed(self, path: str, article_id: str, mtime: Any, size: Any) -> Article | None:
        """The article at ``path`` if its file is the one the index read (same size and
        modification time), else None."""
        try:
            info = os.stat(self.articles / path)
        except (OSError, ValueError):
            return None
        if info.st_mtime_ns != mtime or info.st_size != size:
            return None
        try:
            return self._snippet_source(path, article_id)
        except ArticleError:
            return None

    @property
    def location(self) -> Path:
        """The index folder."""
        return self.index.location

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
        """Bring the index up to date with the files (see :meth:`ArchiveIndex.update`).

        ``wait`` bounds how long to wait for another brreader that is writing
        the index (default: the limits' lock timeout); a search would rather
        answer from what is committed. ``quick`` trusts the index when no
        folder changed since the last full scan (files rewritten in place are
        then left to the next full one; see ``docs/reliability.md``).
        """
        return self.index.update(
            rebuild=rebuild,
            progress=progress,
            wait=wait,
            committed=committed,
            follow=follow,
            budget=budget,
            quick=quick,
            paths=paths,
        )

    def merge_due(self) -> bool:
        """Whether enough small segments (one per update) have piled up to fold together."""
        return self.index.merge_due()

    def merge(self, wait: float = 0.0, interrupt: Callable[[], bool] | None = None) -> bool:
        """Fold the small segments together in a commit of its own; True if it did.

        For an archive opened with ``resident``, whose updates commit their
        own segment and leave this to a quiet moment. ``wait`` bounds the wait
        for another writer; nothing is indexed, and results stay the same.
        ``interrupt`` is asked every so often before the merge commits: once it
        says True the merge gives way and leaves the index as it was (False).
        """
        return self.index.merge(wait, interrupt)

    def close(self) -> None:
        self.index.close()

    def building(self) -> bool:
        """True while another brreader's rebuild has saved only part of the archive."""
        return self.index.building()

    def list(self, limit: int | None = None) -> list[ArticleInfo]:
        """The newest ``limit`` articles (every article when None), undated ones last."""
        with self._lock:
            return self.index.browse(limit)[0]

    def browse(
        self, limit: int | None = None, filters: Filters | None = None
    ) -> tuple[tuple[ArticleInfo, ...], int]:
        """The newest ``limit`` articles that pass ``filters``, and how many pass in all."""
        with self._lock:
            infos, total = self.index.browse(limit, filters)
        return tuple(infos), total

    def article_count(self) -> int:
        """How many articles the index holds."""
        with self._lock:
            return self.index.article_count()

    def info(self, key: str) -> ArticleInfo:
        """What the index knows of the article with this id or path; :class:`NotFound` if none."""
        with self._lock:
            info = self._lookup(key)
        if info is None:
            raise NotFound(key)
        return info

    def _lookup(self, key: str) -> ArticleInfo | None:
        """By id or path in the archive, else by a file path that leads into it (``~/...``)."""
        info = self.index.info(key) if key.isascii() else None
        if info is None:  # not on the way of a command that finds its article
            from brreader.lookup import find

            info = find(self.index.info, self.articles, key)
        return info

    def missing(self, key: str) -> str:
        """Why ``key`` names no article, and what to do (one line)."""
        from brreader.lookup import why_missing

        return why_missing(self.articles, key)

    def article(self, key: str) -> Article:
        """The parsed article with this id or path; :class:`NotFound` if there is none."""
        with self._lock:
            info = self._lookup(key)
        if info is None:
            raise NotFound(key)
        article = read_article(self.articles, info.path, info.id).article
        if not article.language and info.language:  # detected when it was indexed
            article = replace(article, language=info.language)
        return article

    def query_terms(self, query_text: str) -> dict[str, frozenset[str]]:
        """The analysed words a query lights up, per field."""
        with self._lock:
            return self.index.query_terms(query_text)

    def parse_query(self, query_text: str) -> None:
        """Check that a query can be searched; :class:`QueryError` says why not."""
        with self._lock:
            self.index.parse_query(query_text)

    def paths_with_key(self, key: str) -> tuple[str, ...]:
        """Paths of indexed articles with this duplicate key (see Article.duplicate_keys)."""
        with self._lock:
            return tuple(self.index.paths_with_key(key))

    def suggest(self, query_text: str) -> str | None:
        """A corrected query when some of its words occur nowhere in the archive."""
        with self._lock:
            return self.index.suggest(query_text)

    def search(
        self,
        query_text: str,
        *,
        limit: int | None = 10,
        sort: str = "relevance",
        snippets: bool = True,
        filters: Filters | None = None,
        pairs_per_hit: int = 3,
        relax: bool = True,
        pairs_for: int | None = None,
    ) -> SearchResults:
        """Ranked hits with up to three matching pairs each, best first.

        With ``snippets=False`` no article file is read: matches carry their
        question (stored in the index) and an empty snippet, which is all a
        result list needs and keeps typing fast on large archives. With
        ``relax``, plain words that too few articles have together are widened
        to the articles with most of them (``SearchResults.relaxed``).

        ``pairs_for`` (with ``snippets=False``): only the first so many hits get
        their pairs now, the others none until :meth:`fill_pairs` finds them
        (``SearchResults.unpaired``); the hits, their order and scores are the
        same. Finding a hit's pairs can mean reading its article (a short
        prefix, ``ka*``): a list shows its first screen sooner.
        """
        if pairs_for is not None and snippets:
            raise ValueError("pairs_for needs snippets=False (snippets come with the pairs)")
        if pairs_for is not None:
            pairs_for = max(pairs_for, 0)
        if not query_text.strip() and filters:
            # Filters alone (say, the bookmarks whose notes match): the newest first.
            infos, total = self.browse(limit, filters)
            plain = tuple(Hit(i, 0.0, Marked(i.title), (), None) for i in infos)
            return SearchResults(query_text, total, plain, {})
        read: dict[tuple[str, str], Article | None] = {}  # this search's articles, read once
        indexed = self._indexed_texts(read)
        with self._lock:
            result = self.index.search(
                query_text,
                limit=limit,
                sort=sort,
                filters=filters,
                pairs_per_hit=pairs_per_hit,
                relax=relax,
                texts=indexed,
                pairs_for=pairs_for,
            )
        terms = result.terms
        hits = []
        for found in result.hits:
            info = found.info
            lang = info.language or ""  # the text is read as the index read it
            article: Article | None = read.get((info.path, info.id)) if snippets else None
            if snippets and article is None:
                try:
                    article = self._snippet_source(info.path, info.id)
                except ArticleError:
                    pass  # changed since indexing; show what the index knows
            matches = _matches(found.pairs, terms, lang, article, snippets)
            lede = None
            if not matches and article is not None and article.lede:
                lede = snippet(article.lede, terms.get("lede", ()), lang=lang)
            hits.append(
                Hit(
                    info=info,
                    score=found.score,
                    title=mark(info.title, terms.get("title", ()), lang),
                    matches=tuple(matches),
                    lede=lede,
                )
            )
        unpaired = None
        if pairs_for is not None and pairs_for < len(hits):
            unpaired = Unpaired(pairs_for, pairs_per_hit)
        return SearchResults(query_text, result.total, tuple(hits), terms, result.relaxed, unpaired)

    def _indexed_texts(
        self, read: dict[tuple[str, str], Article | None]
    ) -> Callable[[dict[str, Any]], Article | None]:
        """Shown articles as the index read them (kept in ``read``), for their pairs."""

        def indexed(stored: dict[str, Any]) -> Article | None:
            """A shown article as the index read it; None if its file changed since."""
            key = (str(stored.get("path") or ""), str(stored.get("aid") or ""))
            if key not in read:
                read[key] = self._as_indexed(*key, stored.get("mtime"), stored.get("size"))
            return read[key]

        return indexed

    def fill_pairs(self, results: SearchResults, upto: int | None = None) -> SearchResults:
        """``results`` with the best pairs of its unpaired hits up to hit ``upto`` (all
        when None) found: the same pairs as a search with every hit's pairs gives.

        An article deleted since keeps no pairs. The index may have changed since the
        search (a search after each change shows it): each hit's pairs are those of
        the article as indexed now.
        """
        pending = results.unpaired
        if pending is None:
            return results
        hits = results.hits
        stop = len(hits) if upto is None else min(upto, len(hits))
        if stop <= pending.start:
            return results
        wanted = [hit.info.id for hit in hits[pending.start : stop]]
        with self._lock:
            found = self.index.pairs_of(
                results.query,
                wanted,
                relaxed=results.relaxed is not None,
                pairs_per_hit=pending.per_hit,
                texts=self._indexed_texts({}),
            )
        filled = list(hits)
        for index in range(pending.start, stop):
            hit = hits[index]
            lang = hit.info.language or ""
            pairs = found.get(hit.info.id, ())
            filled[index] = replace(hit, matches=_matches(pairs, results.terms, lang, None, False))
        unpaired = Unpaired(stop, pending.per_hit) if stop < len(hits) else None
        return replace(results, hits=tuple(filled), unpaired=unpaired)

    def facets(self, query_text: str = "", filters: Filters | None = None) -> FacetCounts:
        """Counts by interviewee, outlet, tag and year over what a query matches."""
        with self._lock:
            return self.index.facets(query_text, filters)

    def unmatched_filters(self, filters: Filters | None) -> tuple[tuple[str, str], ...]:
        """``(facet, value)`` for each filter value that matches nothing in the archive."""
        if not filters:
            return ()
        with self._lock:
            return tuple(self.index.unmatched_filters(filters))

    def related(self, key: str, number: int, limit: int = 10) -> tuple[RelatedPair, ...]:
        """Pairs in other articles most like pair ``number`` (1-based) of this article.

        Raises :class:`NotFound` for an unknown article and ``IndexError`` for
        a pair number the article does not have.
        """
        article = self.article(key)
        if not 1 <= number <= len(article.pairs):
            raise IndexError(number)
        pair = article.pairs[number - 1]
        with self._lock:
            return tuple(self.index.related(article.id, number, pair.question, pair.answer, limit))

    def timeline(
        self, query_text: str, *, filters: Filters | None = None, limit: int | None = 100
    ) -> Timeline:
        """Every pair the query matches, oldest article first, in the articles' own order."""
        if not query_text.strip():
            raise QueryError("the timeline needs words to search for (besides note: terms)")
        with self._lock:
            result = self.index.search(
                query_text, limit=None, filters=filters, pairs_per_hit=1_000_000, relax=False
            )
        undated = datetime.max
        order = sorted(result.hits, key=lambda hit: (hit.info.published or undated, hit.info.id))
        flat = [
            (hit.info, pair)
            for hit in order
            for pair in (sorted(hit.pairs, key=_number) if hit.pairs else [None])
        ]
        page = flat if limit is None else flat[:limit]
        terms = result.terms
        entries = []
        articles: dict[str, Article | None] = {}
        for info, pair_hit in page:
            if info.id not in articles:
                try:
                    articles[info.id] = self._snippet_source(info.path, info.id)
                except ArticleError:
                    articles[info.id] = None  # changed since indexing: question only
            article = articles[info.id]
            if pair_hit is None:  # matched in the headline or the lede
                lede = article.lede if article is not None else ""
                entries.append(
                    TimelineEntry(
                        info=info,
                        number=0,
                        question=mark(info.title, terms.get("title", ())),
                        snippet=snippet(lede, terms.get("lede", ()), width=160),
                    )
                )
                continue
            answer = ""
            if article is not None and pair_hit.number <= len(article.pairs):
                answer = article.pairs[pair_hit.number - 1].answer
            entries.append(
                TimelineEntry(
                    info=info,
                    number=pair_hit.number,
                    question=mark(flatten(pair_hit.question), terms.get("question", ())),
                    snippet=snippet(answer, terms.get("answer", ()), width=160),
                )
            )
        outside = sum(1 for hit in order if not hit.pairs)
        return Timeline(query_text, len(flat), len(order), tuple(entries), terms, outside)


def _matches(
    pairs: tuple[PairHit, ...],
    terms: dict[str, frozenset[str]],
    lang: str,
    article: Article | None,
    snippets: bool,
) -> tuple[PairMatch, ...]:
    """A hit's best pairs as shown: the question lit up, and with ``snippets`` the
    answer's snippet (from ``article``; a pair it lacks is left out)."""
    matches = []
    for pair_hit in pairs:
        answer, whole = Marked(""), ""
        if article is not None and pair_hit.number <= len(article.pairs):
            whole = article.pairs[pair_hit.number - 1].answer
            answer = snippet(whole, terms.get("answer", ()), lang=lang)
        elif snippets:
            continue
        matches.append(
            PairMatch(
                number=pair_hit.number,
                question=mark(flatten(pair_hit.question), terms.get("question", ()), lang),
                snippet=answer,
                score=pair_hit.score,
                answer="\n".join(flatten(p) for p in whole.split("\n\n") if p.strip()),
            )
        )
    return tuple(matches)


def _number(pair: object) -> int:
    return int(getattr(pair, "number", 0))
