"""Filters: which article documents pass a set of facet values, dates and id lists.

Facet values are matched as users type them: whole values ignoring case and
accents, or failing that, values holding all the words given.
"""

from __future__ import annotations

from typing import Any

from whoosh import query

from brreader.engine.snapshot import Snapshot, fold
from brreader.model import FACET_FIELDS, Filters


def resolve(snap: Snapshot, field: str, wanted: tuple[str, ...]) -> list[str]:
    """The indexed values a user's words stand for: equal ones, else ones holding the words.

    A value only articles since changed or deleted used to have is not one.
    """
    values = snap.folded_values(field)
    found: list[str] = []
    for want in wanted:
        folded = fold(want)
        same = [v for v, f in values if f == folded]
        if not same:
            words = folded.split()
            same = [v for v, f in values if words and all(w in f.split() for w in words)]
        found += same
    reader = snap.reader()
    return [v for v in found if next(iter(reader.postings(field, v).all_ids()), None) is not None]


def _docs_with(searcher: Any, field: str, values: list[str]) -> set[int]:
    docs: set[int] = set()
    for value in values:
        docs.update(searcher.docs_for_query(query.Term(field, value)))
    return docs


def allowed(snap: Snapshot, filters: Filters) -> set[int]:
    """The article documents that pass every filter."""
    searcher = snap.searcher
    groups = []
    for name, wanted in filters.named():
        if wanted:
            field = FACET_FIELDS[name]
            groups.append(_docs_with(searcher, field, resolve(snap, field, wanted)))
    if filters.year:
        years = [f"{year:04d}" for year in filters.year]
        groups.append(_docs_with(searcher, FACET_FIELDS["year"], years))
    if filters.start is not None or filters.end is not None:
        dated = query.DateRange("published", filters.start, filters.end)
        groups.append(set(searcher.docs_for_query(dated)))
    if filters.ids is not None or filters.exclude:
        by_id = snap.article_docs()
        if filters.ids is not None:
            groups.append({by_id[i] for i in filters.ids if i in by_id})
        if filters.exclude:
            groups.append({d for i, d in by_id.items() if i not in filters.exclude})
    passing = groups[0]
    for group in groups[1:]:
        passing &= group
    return passing


def unmatched(snap: Snapshot, filters: Filters) -> list[tuple[str, str]]:
    """The name, outlet and tag filter values that stand for no value in the archive."""
    missing = []
    for facet, wanted in filters.named():
        for value in wanted:
            if not resolve(snap, FACET_FIELDS[facet], (value,)):
                missing.append((facet, value))
    return missing
