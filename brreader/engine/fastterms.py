"""The fast path: the terms of English text without a Whoosh token per word.

Whoosh's RegexTokenizer default, StopFilter's defaults (minsize=2) and the
English stemmer (``analysis.ENGLISH_STEMMER``), as plain loops over one
regular expression. The writer indexes with :func:`term_positions`;
highlighting and spelling read text with :func:`term_spans`; tests check both
against ``schema.ANALYZER``. Text in other scripts, or in an article whose
language has its own stemmer, goes to ``analysis.tokens``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import STOP_WORDS
from whoosh.support.charset import accent_map

from brreader.engine.analysis import TAG, needs_own, stem_english, tokens, word_term
from brreader.lazyre import lazy

_WORD = lazy(r"[\w\*]+(\.?[\w\*]+)*")
_WORDS = lazy(r"[\w\*]+(?:\.?[\w\*]+)*")  # the same words, for findall
_STEMS: dict[str, str] = {}
# Languages whose Snowball stemmers (PyStemmer) change only the end of an ASCII
# word, so its stem begins with its first letter (tests/test_codec.py checks).
SUFFIX_STEMMED = frozenset({"fr", "es", "pt", "it", "ca", "ro", "de", "sv", "da", "no", "nb", "fi"})
# A lower-case ASCII word's term, or "" for a stop word or a one-letter word: one
# dictionary look-up per word on the writer's path.
_TERMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 500_000


def _stem(word: str) -> str:
    if len(_STEMS) >= _STEM_CACHE_LIMIT:
        _STEMS.clear()
    stemmed = _STEMS[word] = stem_english(word)
    return stemmed


def forget_stems() -> None:
    """Empty the caches of English terms (after ``analysis.ENGLISH_STEMMER`` changes)."""
    _STEMS.clear()
    _TERMS.clear()


def _ascii_term(word: str) -> str:
    if len(_TERMS) >= _STEM_CACHE_LIMIT:
        _TERMS.clear()
    term = "" if len(word) < 2 or word in STOP_WORDS else _STEMS.get(word) or _stem(word)
    _TERMS[word] = term
    return term


def _english(word: str) -> str | None:
    if not word.isascii():
        word = word.translate(accent_map)
    if len(word) < 2 or word in STOP_WORDS:
        return None
    return _STEMS.get(word) or _stem(word)


def term_positions(text: str, lang: str = "") -> dict[str, list[int]]:
    """Each indexed term of ``text`` with its token positions, as ``schema.ANALYZER`` sees them
    in an article in ``lang``.

    Text in other scripts, or in an article whose language has its own
    stemmer, is analysed by :func:`tokens`; the rest on the fast path, where
    positions count tokens from 0, stop words and one-letter tokens are
    dropped and the positions after the first kept token are renumbered
    without gaps, as Whoosh's ``StopFilter(renumber=True)`` does.
    """
    found: dict[str, list[int]] = {}
    if (lang or not text.isascii()) and needs_own(text, lang):
        for term, position, _start, _end in tokens(text, lang, _english):
            seen = found.get(term)
            if seen is None:
                found[term] = [position]
            else:
                seen.append(position)
        return found
    if text.isascii():  # most English text: the words in one call, a term in one look-up
        terms = _TERMS.get
        grouped: defaultdict[str, list[int]] = defaultdict(list)
        pos = -1
        first = True
        for number, word in enumerate(_WORDS.findall(text.lower())):
            kept = terms(word)
            if kept is None:
                kept = _ascii_term(word)
            if not kept:
                continue
            if first:
                pos, first = number, False
            else:
                pos += 1
            grouped[kept].append(pos)
        return dict(grouped)
    stems = _STEMS
    stops = STOP_WORDS
    pos = -1
    first = True
    for number, match in enumerate(_WORD.finditer(text)):
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


def term_spans(text: str, lang: str = "") -> Iterator[tuple[str, int, int]]:
    """``(term, start, end)`` for each indexed word of ``text`` in an article in ``lang``."""
    if (lang or not text.isascii()) and needs_own(text, lang):
        for term, _position, start, end in tokens(text, lang, _english):
            yield term, start, end
        return
    stems = _STEMS
    stops = STOP_WORDS
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if not word.isascii():
            word = word.translate(accent_map)
        if len(word) < 2 or word in stops:
            continue
        yield stems.get(word) or _stem(word), match.start(), match.end()


@lru_cache(maxsize=64)
def _starting(firsts: str) -> re.Pattern[str]:
    """The words (as ``_WORD`` finds them) that begin with one of ``firsts``, any case.

    A word begins where ``_WORD``'s scan would begin one: not after a word
    character or ``*``, nor after a dot that follows one (``_WORD`` runs on
    across such a dot).
    """
    letters = "".join(sorted({*firsts, *firsts.upper()}))
    return re.compile(rf"(?<![\w*])(?<![\w*]\.)(?=[{re.escape(letters)}])[\w*]+(?:\.?[\w*]+)*")


def matching_spans(text: str, lang: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    """``(start, end, term)`` of each word of ``text`` whose term is one of ``wanted``,
    as :func:`term_spans` finds them, in order.

    English stemmers change the end of a word only, so a term begins with its
    word's first letter: on the fast path (ASCII text) only the words that
    begin with a wanted term's first letter are lower-cased and stemmed. The
    same holds for the Snowball stemmers of :data:`SUFFIX_STEMMED`.
    """
    if not text.isascii() or (lang and needs_own(text, lang) and lang not in SUFFIX_STEMMED):
        return [(s, e, term) for term, s, e in term_spans(text, lang) if term in wanted]
    if lang and needs_own(text, lang):
        # ASCII text in a language with its own stemmer: each word of two letters
        # or more is its tagged stem (no stop words), as ``analysis.tokens`` reads it.
        mark = f"{lang}{TAG}"
        firsts = "".join(sorted({t[len(mark)] for t in wanted if t.startswith(mark) and t != mark}))
        if not firsts:
            return []
        found = []
        for match in _starting(firsts).finditer(text):
            term = word_term(match.group(), lang)
            if term is not None and term in wanted:
                found.append((match.start(), match.end(), term))
        return found
    firsts = "".join(sorted({term[0] for term in wanted if term and term.isascii()}))
    if not firsts:
        return []
    stems = _STEMS
    stops = STOP_WORDS
    found = []
    for match in _starting(firsts).finditer(text):
        word = match.group().lower()
        if len(word) < 2 or word in stops:
            continue
        term = stems.get(word) or _stem(word)
        if term in wanted:
            found.append((match.start(), match.end(), term))
    return found
