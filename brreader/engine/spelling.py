"""Did you mean: correct a query's unknown words from the archive's own words.

The index holds stems, not words, and has no spelling field (it would double
the build's work). So the typed word's stem is matched against the indexed
stems, and the winning stem is turned back into a word as an article spells it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh.support.levenshtein import distance as levenshtein

from brreader.articles import read_article
from brreader.engine.analysis import TAG
from brreader.engine.internals import AnyField
from brreader.engine.limits import Limits
from brreader.engine.query import typed_tokens
from brreader.engine.schema import (
    PAIR_FIELDS,
    PAIR_OF_BODY,
    SPELLING_FIELDS,
    TEXT_FIELDS,
    UNSCOPED_FIELDS,
    analyze,
)
from brreader.engine.snapshot import Snapshot
from brreader.model import ArticleError, QueryError


def suggest(
    snap: Snapshot,
    text: str,
    parsed: Any,
    parse: Callable[[str], Any],
    articles: Path,
    limits: Limits,
) -> str | None:
    """A spelling correction of the query from the archive's own words, or None.

    ``parsed`` is ``text`` as ``parse`` reads it; a correction is offered only
    if ``parse`` accepts it.

        Only words found in no field at all are corrected. The typed word's stem
        is matched against the stems in the index (edit distance up to 2, same
        first letter, nearest first, then most frequent). Slower than a search:
        call it on submit or after an empty result, never per keystroke.
    """
    reader = snap.reader()
    stems = AnyField([reader.corrector(f) for f in SPELLING_FIELDS])
    fixes: dict[tuple[int, int], str] = {}
    tried = 0
    typed_words = list(typed_tokens(parsed))
    # A word found in any of its forms (English, or tagged with a language) is known.
    known = {
        (getattr(token, "startchar", None), getattr(token, "endchar", None))
        for token in typed_words
        if token.fieldname in (*TEXT_FIELDS, *UNSCOPED_FIELDS)
        and any(reader.doc_frequency(f, token.text) for f in UNSCOPED_FIELDS)
    }
    attempted: set[tuple[Any, ...]] = set()
    counted: set[tuple[Any, ...]] = set()
    for token in typed_words:
        where = (getattr(token, "startchar", None), getattr(token, "endchar", None))
        if (
            token.fieldname not in (*TEXT_FIELDS, *UNSCOPED_FIELDS)
            or None in where
            or where in fixes
        ):
            continue
        if where in known or (*where, token.text) in attempted:
            continue
        attempted.add((*where, token.text))
        if where not in counted:
            counted.add(where)
            tried += 1
            if tried > limits.max_suggested_words:
                return None
        typed = text[where[0] : where[1]].lower()
        # A form tagged with a language ("fr:cooper") is matched against that language's stems.
        lang = str(token.text).split(TAG, 1)[0] if TAG in str(token.text) else ""
        if [term for term, _s, _e in analyze(typed, lang)] != [token.text]:
            continue  # the position does not point at this word in what was typed
        prefix = len(lang) + len(TAG) + 1 if lang else 1
        found = stems.suggest(str(token.text), limit=1, maxdist=2, prefix=prefix)
        word = _spelled(snap, articles, found[0], typed, lang) if found else None
        if word and word != typed:
            fixes[where] = word  # type: ignore[index]
    if not fixes:
        return None
    fixed = text
    for (start, end), word in sorted(fixes.items(), reverse=True):
        fixed = fixed[:start] + word + fixed[end:]
    try:
        parse(fixed)
    except QueryError:
        return None  # never suggest something that cannot be searched
    return fixed


def _spelled(snap: Snapshot, articles: Path, stem: str, typed: str, lang: str = "") -> str | None:
    """The word closest to ``typed`` that an article indexed as ``stem``."""
    reader = snap.reader()
    words: set[str] = set()
    for name in SPELLING_FIELDS:
        if not reader.doc_frequency(name, stem):
            continue
        postings = reader.postings(name, stem)
        for _ in range(3):  # a few documents give the word's usual forms
            if not postings.is_active():
                break
            words.update(_words_in(snap.searcher, articles, postings.id(), name, stem, lang))
            postings.next()
        if words:
            break
    if not words:
        return None
    return min(words, key=lambda word: (levenshtein(word, typed), word))


def _words_in(
    searcher: Any, articles: Path, docnum: int, name: str, stem: str, lang: str = ""
) -> set[str]:
    stored = searcher.stored_fields(docnum)
    value = stored.get(name)
    if not isinstance(value, str):
        parent = stored if "path" in stored else searcher.document(kind="a", aid=stored["aid"])
        try:
            article = read_article(articles, parent["path"], parent["aid"]).article
        except (ArticleError, KeyError, TypeError):
            return set()
        number = int(stored.get("pair") or 0)
        if name in PAIR_OF_BODY:  # every question (answer) of the article
            value = "\n".join(getattr(pair, PAIR_OF_BODY[name]) for pair in article.pairs)
        elif name in PAIR_FIELDS:
            if not 0 < number <= len(article.pairs):
                return set()
            value = getattr(article.pairs[number - 1], name)
        else:
            value = getattr(article, name)
    return {value[start:end].lower() for term, start, end in analyze(value, lang) if term == stem}
