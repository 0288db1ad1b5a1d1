"""Searching an archive: keep the index fresh, run queries, cut snippets, mark matched words.

:class:`Archive` is what the interfaces talk to. It hides the index behind
plain data: a search returns :class:`Hit` objects whose texts carry the
character spans to highlight, computed with the index's own analyser, so a
search for ``cooperate`` marks "cooperation" and "Mekông" marks "Mekong".
Snippets are cut from the article file, which the index does not store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from brreader.archive import ArticleError, read_article
from brreader.index import (
    ArchiveIndex,
    ArticleInfo,
    IndexError_,
    Progress,
    QueryError,
    UpdateReport,
    analyze,
)
from brreader.model import Article

__all__ = [
    "Archive",
    "ArticleInfo",
    "Hit",
    "IndexError_",
    "Marked",
    "NotFound",
    "PairMatch",
    "QueryError",
    "SearchResults",
    "UpdateReport",
]

SNIPPET_CHARS = 240


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


def flatten(text: str) -> str:
    """One line of text: paragraph breaks and runs of white space become one space."""
    return " ".join(text.split())


def mark(text: str, terms: Iterable[str]) -> Marked:
    """Mark every word of ``text`` whose analysed form is one of ``terms``."""
    wanted = frozenset(terms)
    if not wanted or not text:
        return Marked(text)
    return Marked(text, tuple((s, e) for term, s, e in analyze(text) if term in wanted))


def snippet(text: str, terms: Iterable[str], width: int = SNIPPET_CHARS) -> Marked:
    """The stretch of ``text`` (about ``width`` characters) with the most distinct matched words."""
    flat = flatten(text)
    marked = mark(flat, terms)
    if len(flat) <= width:
        return marked
    spans = marked.spans
    start = 0
    if spans:
        lead = width // 5
        best = (-1, -1)
        for anchor in spans[:200]:
            window_start = max(0, anchor[0] - lead)
            inside = [s for s in spans if s[0] >= window_start and s[1] <= window_start + width]
            words = {flat[s:e].lower() for s, e in inside}
            score = (len(words), len(inside))
            if score > best:
                best, start = score, window_start
    end = min(len(flat), start + width)
    if start > 0:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - start
    kept = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Marked(prefix + flat[start:end].strip() + suffix, kept)


class Archive:
    """An articles folder and its index, as the interfaces use them."""

    def __init__(self, articles: Path, index_dir: Path, *, mmap: bool = True) -> None:
        self.articles = articles
        self.index = ArchiveIndex(articles, index_dir, mmap=mmap)

    def refresh(self, *, rebuild: bool = False, progress: Progress | None = None) -> UpdateReport:
        """Bring the index up to date with the files (see :meth:`ArchiveIndex.update`)."""
        return self.index.update(rebuild=rebuild, progress=progress)

    def close(self) -> None:
        self.index.close()

    def list(self) -> list[ArticleInfo]:
        """Every article, newest first."""
        return self.index.articles_info()

    def article(self, key: str) -> Article:
        """The parsed article with this id or path; :class:`NotFound` if there is none."""
        info = self.index.lookup(key)
        if info is None:
            raise NotFound(key)
        return read_article(self.articles, info.path, info.id).article

    def terms(self, query_text: str) -> dict[str, frozenset[str]]:
        """The analysed words a query lights up, per field."""
        return self.index.query_terms(query_text)

    def search(
        self, query_text: str, *, limit: int | None = 10, sort: str = "relevance"
    ) -> SearchResults:
        """Ranked hits with up to three matching pairs each, best first."""
        result = self.index.search(query_text, limit=limit, sort=sort)
        terms = result.terms
        hits = []
        for found in result.hits:
            info = found.info
            try:
                article: Article | None = read_article(self.articles, info.path, info.id).article
            except ArticleError:
                article = None  # changed since indexing; show what the index knows
            matches = []
            for pair_hit in found.pairs:
                if article is None or pair_hit.number > len(article.pairs):
                    continue
                pair = article.pairs[pair_hit.number - 1]
                matches.append(
                    PairMatch(
                        number=pair_hit.number,
                        question=mark(flatten(pair.question), terms.get("question", ())),
                        snippet=snippet(pair.answer, terms.get("answer", ())),
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
