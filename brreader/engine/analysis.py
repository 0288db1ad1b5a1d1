"""Fast analysis: the terms ``schema.ANALYZER`` gives, without a token object per word.

Whoosh's RegexTokenizer default, StopFilter's defaults (minsize=2) and the
Porter stemmer, as plain loops over one regular expression. The index is
written with :func:`term_positions` (``writer``) and highlighting and
spelling read text with :func:`term_spans`; tests check both against
``schema.ANALYZER``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import StopFilter
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

TOKEN = re.compile(r"[\w\*]+(\.?[\w\*]+)*")
STOP_WORDS = StopFilter().stops
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 500_000


def _stem(word: str) -> str:
    if len(_STEMS) >= _STEM_CACHE_LIMIT:
        _STEMS.clear()
    stemmed = _STEMS[word] = stem(word)
    return stemmed


def term_positions(text: str) -> dict[str, list[int]]:
    """Each indexed term of ``text`` with its token positions, as ``schema.ANALYZER`` sees them.

    Positions count tokens from 0; stop words and one-letter tokens are
    dropped and the positions after the first kept token are renumbered
    without gaps, as Whoosh's ``StopFilter(renumber=True)`` does.
    """
    found: dict[str, list[int]] = {}
    stems = _STEMS
    stops = STOP_WORDS
    pos = -1
    first = True
    for number, match in enumerate(TOKEN.finditer(text)):
        word = match.group().lower()
        if not word.isascii():
            word = word.translate(accent_map)
        if len(word) < 2 or word in stops:
            continue
        if first:
            pos, first = number, False
        else:
            pos += 1
        term = stems.get(word) or _stem(word)
        seen = found.get(term)
        if seen is None:
            found[term] = [pos]
        else:
            seen.append(pos)
    return found


def term_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """``(term, start, end)`` for each indexed word of ``text``, in order."""
    stems = _STEMS
    stops = STOP_WORDS
    for match in TOKEN.finditer(text):
        word = match.group().lower()
        if not word.isascii():
            word = word.translate(accent_map)
        if len(word) < 2 or word in stops:
            continue
        yield stems.get(word) or _stem(word), match.start(), match.end()
