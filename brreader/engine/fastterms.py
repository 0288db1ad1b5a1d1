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
from collections.abc import Iterable, Iterator
from functools import lru_cache

from whoosh.analysis import STOP_WORDS
from whoosh.support.charset import accent_map

from brreader.engine.analysis import TAG, is_nospace, needs_own, stem_english, tokens, word_term
from brreader.lazyre import lazy

_WORD = lazy(r"[\w\*]+(\.?[\w\*]+)*")
_WORDS = lazy(r"[\w\*]+(?:\.?[\w\*]+)*")  # the same words, for findall
# Languages whose Snowball stemmers (PyStemmer) change only the end of an ASCII
# word, so its stem begins with its first letter (tests/test_codec.py checks).
SUFFIX_STEMMED = frozenset({"fr", "es", "pt", "it", "ca", "ro", "de", "sv", "da", "no", "nb", "fi"})
# A lower-case word's term, or "" for a stop word or a one-letter word: one
# dictionary look-up per word on every fast path.
_TERMS: dict[str, str] = {}
_TERM_CACHE_LIMIT = 500_000


def forget_stems() -> None:
    """Empty the cache of English terms (after ``analysis.ENGLISH_STEMMER`` changes)."""
    _TERMS.clear()


def _term(word: str) -> str:
    """The term of a lower-case word (accents folded, stemmed), "" when it is dropped."""
    known = _TERMS.get(word)
    if known is not None:
        return known
    folded = word if word.isascii() else word.translate(accent_map)
    term = "" if len(folded) < 2 or folded in STOP_WORDS else stem_english(folded)
    if len(_TERMS) >= _TERM_CACHE_LIMIT:
        _TERMS.clear()
    _TERMS[word] = term
    return term


def _english(word: str) -> str | None:
    return _term(word) or None


def term_positions(text: str, lang: str = "") -> dict[str, list[int]]:
    """Each indexed term of ``text`` with its token positions, as ``schema.ANALYZER`` sees them
    in an article in ``lang``.

    Text in other scripts, or in an article whose language has its own
    stemmer, is analysed by :func:`tokens`; the rest on the fast path, where
    positions count tokens from 0, stop words and one-letter tokens are
    dropped and the positions after the first kept token are renumbered
    without gaps, as Whoosh's ``StopFilter(renumber=True)`` does.
    """
    grouped: defaultdict[str, list[int]] = defaultdict(list)
    if (lang or not text.isascii()) and needs_own(text, lang):
        for term, position, _start, _end in tokens(text, lang, _english):
            grouped[term].append(position)
        return dict(grouped)
    if text.isascii():  # most English text: the words in one call
        words = _WORDS.findall(text.lower())
    else:  # lower-cased word by word: a whole text's lower() may change its length
        words = [match.group().lower() for match in _WORD.finditer(text)]
    pos = -1
    first = True
    for number, word in enumerate(words):
        kept = _TERMS.get(word)
        if kept is None:
            kept = _term(word)
        if not kept:
            continue
        if first:
            pos, first = number, False
        else:
            pos += 1
        grouped[kept].append(pos)
    return dict(grouped)


def term_spans(text: str, lang: str = "") -> Iterator[tuple[str, int, int]]:
    """``(term, start, end)`` for each indexed word of ``text`` in an article in ``lang``."""
    if (lang or not text.isascii()) and needs_own(text, lang):
        for term, _position, start, end in tokens(text, lang, _english):
            yield term, start, end
        return
    for match in _WORD.finditer(text):
        term = _term(match.group().lower())
        if term:
            yield term, match.start(), match.end()


@lru_cache(maxsize=64)
def _starting(firsts: str) -> re.Pattern[str]:
    """The words (as ``_WORD`` finds them) that begin with one of ``firsts``, any case.

    A word begins where ``_WORD``'s scan would begin one: not after a word
    character or ``*``, nor after a dot that follows one (``_WORD`` runs on
    across such a dot).
    """
    letters = "".join(sorted({*firsts, *firsts.upper()}))
    return re.compile(rf"(?<![\w*])(?<![\w*]\.)(?=[{re.escape(letters)}])[\w*]+(?:\.?[\w*]+)*")


@lru_cache(maxsize=64)
def _firsts(wanted: frozenset[str], mark: str) -> str:
    """The first letters of the wanted terms (after ``mark``, a language's tag; ASCII ones
    when untagged): worked out once per set of terms, not once per text (a prefix's set
    holds thousands)."""
    if mark:
        found = {t[len(mark)] for t in wanted if t.startswith(mark) and t != mark}
    else:
        found = {term[0] for term in wanted if term and term.isascii()}
    return "".join(sorted(found))


class Terms(frozenset[str]):
    """Terms to light up, and the short prefixes (``ka*``) whose every term lights up too:
    a prefix of thousands of words is not listed word by word (see ``schema.STARTS``)."""

    prefixes: tuple[str, ...]

    def __new__(cls, terms: Iterable[str] = (), prefixes: Iterable[str] = ()) -> Terms:
        made = super().__new__(cls, terms)
        made.prefixes = tuple(sorted(set(prefixes)))
        return made

    def __bool__(self) -> bool:
        return bool(self.prefixes) or len(self) > 0

    def __repr__(self) -> str:
        return f"Terms({sorted(self)!r}, prefixes={self.prefixes!r})"


def wants(wanted: frozenset[str], term: str) -> bool:
    """Whether ``term`` is one of ``wanted`` or begins with one of its :class:`Terms` prefixes."""
    if term in wanted:
        return True
    prefixes = getattr(wanted, "prefixes", ())
    return bool(prefixes) and term.startswith(prefixes)


def lit(wanted: frozenset[str], found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``found`` (``(start, end, term)``, terms as :func:`wants` matched them) with a pair of
    characters (Chinese...) matched by a one-character prefix (the query ``田`` in ``田里``)
    marking that character only."""
    prefixes = getattr(wanted, "prefixes", ())
    if not prefixes:
        return found
    return [
        (s, s + 1, term)
        if len(term) == 2 and term not in wanted and term[0] in prefixes and is_nospace(term[0])
        else (s, e, term)
        for s, e, term in found
    ]


def matching_spans(text: str, lang: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    """``(start, end, term)`` of each word of ``text`` whose term is one of ``wanted``,
    as :func:`term_spans` finds them, in order.

    English stemmers change the end of a word only, so a term begins with its
    word's first letter: on the fast path (ASCII text) only the words that
    begin with a wanted term's first letter are lower-cased and stemmed. The
    same holds for the Snowball stemmers of :data:`SUFFIX_STEMMED`.
    """
    prefixes: tuple[str, ...] = getattr(wanted, "prefixes", ())
    if (
        not text.isascii()
        or (lang and needs_own(text, lang) and lang not in SUFFIX_STEMMED)
        or (prefixes and lang and needs_own(text, lang))  # "da*" lights up "da:..." stems
        or not all(p[:1].isascii() for p in prefixes)
    ):
        return [(s, e, term) for term, s, e in term_spans(text, lang) if wants(wanted, term)]
    if lang and needs_own(text, lang):
        # ASCII text in a language with its own stemmer: each word of two letters
        # or more is its tagged stem (no stop words), as ``analysis.tokens`` reads it.
        mark = f"{lang}{TAG}"
        firsts = _firsts(wanted, mark)
        if not firsts:
            return []
        found = []
        for match in _starting(firsts).finditer(text):
            term = word_term(match.group(), lang)
            if term is not None and term in wanted:
                found.append((match.start(), match.end(), term))
        return found
    firsts = "".join(sorted({*_firsts(wanted, ""), *(p[0] for p in prefixes if p)}))
    if not firsts:
        return []
    found = []
    for match in _starting(firsts).finditer(text):
        term = _term(match.group().lower())
        if term and (term in wanted or (prefixes and term.startswith(prefixes))):
            found.append((match.start(), match.end(), term))
    return found


def prefix_counts(text: str, lang: str, prefix: str) -> dict[str, int]:
    """Each term of ``text`` that begins with ``prefix``, with how many words gave it: the
    terms and counts :func:`term_positions` gives, without stemming the other words.

    On the fast path (ASCII text, no tagged stems) a term begins with its
    word's first letter (see :func:`matching_spans`), so only the words that
    begin with the prefix's first letter are stemmed.
    """
    if not prefix:
        return {}
    if not text.isascii() or (lang and needs_own(text, lang)) or not prefix[0].isascii():
        found = term_positions(text, lang)
        return {term: len(at) for term, at in found.items() if term.startswith(prefix)}
    counts: dict[str, int] = {}
    for match in _starting(prefix[0]).finditer(text):
        term = _term(match.group().lower())
        if term and term.startswith(prefix):
            counts[term] = counts.get(term, 0) + 1
    return counts
