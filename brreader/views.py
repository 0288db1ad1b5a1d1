"""Narrowing a search by what the user kept: ``note:`` terms against bookmark notes.

The index knows nothing of bookmarks (they live in the state file), so a
query's ``note:`` terms are taken out of the query text here and turned into
a filter on article ids before the index sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from brreader.engine.schema import analyze
from brreader.model import Filters, QueryError

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
