"""Searching an archive: keep the index fresh, run queries, cut snippets, mark matched words.

:class:`Archive` is what the interfaces talk to. It hides the index behind
plain data: a search returns :class:`Hit` objects whose texts carry the
character spans to highlight, computed with the index's own analyser, so a
search for ``cooperate`` marks "cooperation" and "Mekông" marks "Mekong".
Snippets are cut from the article file, which the index does not store.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from brreader.articles import read_article
from brreader.engine.index import ArchiveIndex
from brreader.engine.limits import Limits
from brreader.engine.schema import analyze
from brreader.model import (
    Article,
    ArticleError,
    ArticleInfo,
    FacetCounts,
    Filters,
    IndexError_,
    Progress,
    QueryError,
    RelatedPair,
    UpdateReport,
)

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
    "SearchResults",
    "TimelineEntry",
    "UpdateReport",
]

SNIPPET_CHARS = 240
FEW_RESULTS = 2  # a search with at most this many matches also offers "Did you mean"


class NotFound(LookupError):
    """No article has that id or path."""


@dataclass(frozen=True, slots=True)
class Marked:
    """Text plus the ``(start, end)`` character spans of matched words in it."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class PairMatch:
    """A matching pair of a hit: its 1-based number, question and answer snippet."""

    number: int
    question: Marked
    snippet: Marked
    score: float


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching article, with its best pairs (or a lede snippet when no pair matched)."""

    info: ArticleInfo
    score: float
    title: Marked
    matches: tuple[PairMatch, ...]
    lede: Marked | None


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[Hit, ...]
    terms: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One matching pair, for reading a topic in date order."""

    info: ArticleInfo
    number: int
    question: Marked
    snippet: Marked


@dataclass(frozen=True, slots=True)
class Timeline:
    """Matching pairs, oldest first (undated last); ``total`` counts all, ``entries`` a page."""

    query: str
    total: int
    articles: int
    entries: tuple[TimelineEntry, ...]
    terms: dict[str, frozenset[str]]


_NOTE_TERM = re.compile(r'(?<![\w:])note:(?:"([^"]*)"|(\S+))', re.IGNORECASE)


def with_notes(
    text: str, filters: Filters | None, notes: Iterable[tuple[str, str]]
) -> tuple[str, Filters | None]:
    """Turn a query's ``note:`` terms into a filter on the articles whose notes hold them.

    ``notes`` gives ``(article id, note)`` for each bookmark. Every word given
    after ``note:`` must be in the same article's notes (as the index would
    analyse it: "soils" finds "soil"). Returns the query without those terms.
    """
    found = list(_NOTE_TERM.finditer(text))
    words = [m.group(1) if m.group(1) is not None else m.group(2) for m in found]
    if not words:
        return text, filters
    for match in found:
        before = text[: match.start()].split()[-1:]
        after = text[match.end() :].split()[:1]
        if before in (["NOT"], ["OR"], ["-"]) or after == ["OR"]:
            raise QueryError(
                f"note: terms narrow a search (AND) in {text!r}; "
                "NOT note:... and OR note:... are not supported"
            )
    wanted = {term for word in words for term, _s, _e in analyze(word)}
    by_article: dict[str, set[str]] = {}
    for article_id, note in notes:
        by_article.setdefault(article_id, set()).update(t for t, _s, _e in analyze(note))
    ids = frozenset(a for a, found in by_article.items() if wanted and wanted <= found)
    rest = strip_notes(text)
    base = filters or Filters()
    if base.ids is not None:
        ids &= base.ids
    return rest, replace(base, ids=ids)


def strip_notes(text: str) -> str:
    """The query without its ``note:`` terms (what the index itself must understand)."""
    return " ".join(_NOTE_TERM.sub(" ", text).split())


def flatten(text: str) -> str:
    """One line of text: paragraph breaks and runs of white space become one space."""
    return " ".join(text.split())


def _matches(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    return [(s, e, term) for term, s, e in analyze(text) if term in wanted]


def mark(text: str, terms: Iterable[str]) -> Marked:
    """Mark every word of ``text`` whose analysed form is one of ``terms``."""
    wanted = frozenset(terms)
    if not wanted or not text:
        return Marked(text)
    return Marked(text, tuple((s, e) for s, e, _term in _matches(text, wanted)))


def _best_window(
    found: list[tuple[int, int, str]], width: int, exclude: frozenset[str] = frozenset()
) -> tuple[int, set[str]]:
    """Start of the ``width``-character window with the most distinct terms (then most matches)."""
    best: tuple[int, int] = (-1, -1)
    start, covered = 0, set()
    lead = width // 5
    for anchor, _end, term in found[:200]:
        if term in exclude:
            continue
        window = max(0, anchor - lead)
        inside = [t for s, e, t in found if s >= window and e <= window + width]
        score = (len(set(inside) - exclude), len(inside))
        if score > best:
            best, start, covered = score, window, set(inside)
    return start, covered


def _cut(flat: str, start: int, width: int) -> tuple[int, int]:
    """Snap a window to word boundaries."""
    end = min(len(flat), start + width)
    if start > 0:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    return start, end


def snippet(text: str, terms: Iterable[str], width: int = SNIPPET_CHARS) -> Marked:
    """About ``width`` characters of ``text`` showing as many distinct matched words as possible.

    One stretch when all matched words fit in it; otherwise two shorter
    stretches joined by "…", the second showing words the first lacks.
    """
    flat = flatten(text)
    wanted = frozenset(terms)
    found = _matches(flat, wanted) if wanted else []
    if len(flat) <= width:
        return Marked(flat, tuple((s, e) for s, e, _t in found))
    all_terms = {t for _s, _e, t in found}
    start, covered = _best_window(found, width)
    windows = [_cut(flat, start, width)]
    if covered and all_terms - covered:
        half = width // 2 + 10
        first, covered = _best_window(found, half)
        second, _ = _best_window(found, half, exclude=frozenset(covered))
        windows = sorted([_cut(flat, first, half), _cut(flat, second, half)])
        if windows[1][0] <= windows[0][1]:  # overlapping: one stretch covers both
            windows = [(windows[0][0], max(windows[0][1], windows[1][1]))]
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for number, (begin, end) in enumerate(windows):
        prefix = "…" if begin > 0 and number == 0 else (" … " if number else "")
        pieces.append(prefix)
        length += len(prefix)
        shift = length - begin
        spans += [(s + shift, e + shift) for s, e, _t in found if s >= begin and e <= end]
        pieces.append(flat[begin:end])
        length += end - begin
    if windows[-1][1] < len(flat):
        pieces.append("…")
    return Marked("".join(pieces), tuple(spans))


class Archive:
    """An articles folder and its index, as the interfaces use them."""

    def __init__(
        self, articles: Path, index_dir: Path, *, mmap: bool = True, limits: Limits | None = None
    ) -> None:
        self.articles = articles
        self.index = ArchiveIndex(articles, index_dir, mmap=mmap, limits=limits)
        # Reads may come from several worker threads; Whoosh's query parser and
        # our cached index handle are not meant to be shared without a lock.
        # Updates do not take it, so searching goes on while indexing runs.
        self._lock = threading.RLock()

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
    ) -> UpdateReport:
        """Bring the index up to date with the files (see :meth:`ArchiveIndex.update`).

        ``wait`` bounds how long to wait for another brreader that is writing
        the index (default: the limits' lock timeout); a search would rather
        answer from what is committed.
        """
        return self.index.update(
            rebuild=rebuild,
            progress=progress,
            wait=wait,
            committed=committed,
            follow=follow,
            budget=budget,
        )

    def close(self) -> None:
        self.index.close()

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
            info = self.index.info(key)
        if info is None:
            raise NotFound(key)
        return info

    def article(self, key: str) -> Article:
        """The parsed article with this id or path; :class:`NotFound` if there is none."""
        with self._lock:
            info = self.index.info(key)
        if info is None:
            raise NotFound(key)
        return read_article(self.articles, info.path, info.id).article

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
    ) -> SearchResults:
        """Ranked hits with up to three matching pairs each, best first.

        With ``snippets=False`` no article file is read: matches carry their
        question (stored in the index) and an empty snippet, which is all a
        result list needs and keeps typing fast on large archives.
        """
        if not query_text.strip() and filters:
            # Filters alone (say, the bookmarks whose notes match): the newest first.
            infos, total = self.browse(limit, filters)
            plain = tuple(Hit(i, 0.0, Marked(i.title), (), None) for i in infos)
            return SearchResults(query_text, total, plain, {})
        with self._lock:
            result = self.index.search(
                query_text, limit=limit, sort=sort, filters=filters, pairs_per_hit=pairs_per_hit
            )
        terms = result.terms
        question_terms = terms.get("question", ())
        hits = []
        for found in result.hits:
            info = found.info
            article: Article | None = None
            if snippets:
                try:
                    article = read_article(self.articles, info.path, info.id).article
                except ArticleError:
                    pass  # changed since indexing; show what the index knows
            matches = []
            for pair_hit in found.pairs:
                answer = Marked("")
                if article is not None and pair_hit.number <= len(article.pairs):
                    answer = snippet(
                        article.pairs[pair_hit.number - 1].answer, terms.get("answer", ())
                    )
                elif snippets:
                    continue
                matches.append(
                    PairMatch(
                        number=pair_hit.number,
                        question=mark(flatten(pair_hit.question), question_terms),
                        snippet=answer,
                        score=pair_hit.score,
                    )
                )
            lede = None
            if not matches and article is not None and article.lede:
                lede = snippet(article.lede, terms.get("lede", ()))
            hits.append(
                Hit(
                    info=info,
                    score=found.score,
                    title=mark(info.title, terms.get("title", ())),
                    matches=tuple(matches),
                    lede=lede,
                )
            )
        return SearchResults(query_text, result.total, tuple(hits), terms)

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
                query_text, limit=None, filters=filters, pairs_per_hit=1_000_000
            )
        undated = datetime.max
        order = sorted(
            (hit for hit in result.hits if hit.pairs),
            key=lambda hit: (hit.info.published or undated, hit.info.id),
        )
        flat = [(hit.info, pair) for hit in order for pair in sorted(hit.pairs, key=_number)]
        page = flat if limit is None else flat[:limit]
        terms = result.terms
        entries = []
        articles: dict[str, Article | None] = {}
        for info, pair_hit in page:
            if info.id not in articles:
                try:
                    articles[info.id] = read_article(self.articles, info.path, info.id).article
                except ArticleError:
                    articles[info.id] = None  # changed since indexing: question only
            article = articles[info.id]
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
        return Timeline(query_text, len(flat), len(order), tuple(entries), terms)


def _number(pair: object) -> int:
    return int(getattr(pair, "number", 0))
