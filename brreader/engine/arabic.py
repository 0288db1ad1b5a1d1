"""Arabic-script words as the index holds them: marks off, a light stemmer, letter forms unified.

Diacritics (harakat), tatweel and Quranic marks come off; then, after Larkey
et al.'s "light10", "and" (و) while three letters are left, the article with
or without a preposition (ال, بال, كال, فال, لل) while two are left, and
common suffixes (ون, ات, ها...). Alef, yeh and teh marbuta forms are unified
only after the article is off: a hamza on an alef marks a letter of the word
itself, so ``ألواح`` (panels) is not cut as if it began with the article.

Text copied from a PDF often holds Arabic presentation forms (``ﺍﻟﻄﺎﻗﺔ``, the
shapes a letter takes at the start, middle or end of a word, and ligatures
such as ``ﻻ``): a word with any is read in its compatibility form (NFKC), as
the letters people type. A query word with a hamza on a waw or yeh seat is
also looked up with the hamza on the other seat (:func:`typed_terms`):
``مسئول`` and ``مسؤول``, ``شئون`` and ``شؤون`` are the same word spelled by two
conventions.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# Harakat, superscript alef, Quranic marks and tatweel; alef wasla (which only ever
# begins the article) read as alef.
AR_MARKS = dict.fromkeys(range(0x064B, 0x0660), None)
AR_MARKS.update({0x0670: None, 0x0640: None, **dict.fromkeys(range(0x0610, 0x061B), None)})
AR_MARKS.update(dict.fromkeys(range(0x06D6, 0x06EE), None))
AR_MARKS[ord("ٱ")] = "ا"
AR_LETTERS = {ord(a): "ا" for a in "أإآ"} | {ord("ى"): "ي", ord("ة"): "ه", ord("ؤ"): "و"}
AR_LETTERS[ord("ئ")] = "ي"
# Persian keyboards' yeh and kaf, common in Arabic typed on them: ی as ي, ک as ك.
AR_LETTERS.update({0x06CC: "ي", 0x06A9: "ك"})
# An indefinite accusative written with its tanween: "ألواحًا" is "ألواح".
_TANWEEN_ALEF = ("\u064bا", "ا\u064b")
_ARTICLES = ("بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_PRESENTATION = "\ufb50"  # the first Arabic presentation form (to U+FDFF, U+FE70-U+FEFF)
_SEATS = {ord("ئ"): "ؤ", ord("ؤ"): "ئ"}


def _letters(word: str) -> str:
    """``word`` with its presentation forms read as the letters they show."""
    return unicodedata.normalize("NFKC", word) if max(word) >= _PRESENTATION else word


def unmarked(word: str) -> str:
    """``word`` with its presentation forms read as letters and its marks off."""
    return _letters(word).translate(AR_MARKS)


def unprefixed(word: str, size: Any = len, waw: bool = True) -> str:
    """``word`` (marks off, letters not yet unified) without its conjunction (unless not
    ``waw``) and article; ``size`` measures what is left (a wildcard counts only its
    letters before the first ``*`` or ``?``)."""
    if waw and word.startswith("و") and size(word[1:]) >= 3:
        word = word[1:]
    for article in _ARTICLES:
        if word.startswith(article) and size(word[len(article) :]) >= 2:
            return word[len(article) :]
    return word


def arabic_term(word: str, waw: bool = True) -> str:
    """An Arabic-script word, normalised and lightly stemmed (``waw``: a leading
    ``و`` is taken for "and" while three letters are left)."""
    word = _letters(word)
    for ending in _TANWEEN_ALEF:
        if word.endswith(ending) and len(word) > 4:
            word = word[:-2]
    word = unprefixed(word.translate(AR_MARKS), waw=waw).translate(AR_LETTERS)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def waw_terms(word: str) -> list[str]:
    """The other terms a typed Arabic word may stand for where a ``و`` at its front (or
    after its article) may be "and" or the word's own first letter.

    The index reads a leading ``و`` as "and" while three letters are left, but
    not one after the article: ``وزارة`` (ministry) is indexed as ``زار`` and
    ``الوزارة`` as ``وزار``. A query word is looked up both ways, so each
    finds the other. (``زار``, "visited", is found too: the stemmer cannot
    tell the two apart.)
    """
    own = arabic_term(word)
    bare = unprefixed(unmarked(word))
    found = dict.fromkeys([arabic_term(word, waw=False), arabic_term(bare)])
    found.pop(own, None)
    return [term for term in found if len(term) >= 3]


def typed_terms(word: str) -> list[str]:
    """The other terms a typed Arabic word stands for: its forms with and without a
    leading ``و`` (:func:`waw_terms`), and those of the word with each hamza on a waw
    or yeh seat moved to the other seat (``مسئول`` for ``مسؤول``)."""
    own = arabic_term(word)
    found = dict.fromkeys(waw_terms(word))
    if "ئ" in word or "ؤ" in word:
        seated = word.translate(_SEATS)
        found.update(dict.fromkeys([arabic_term(seated), *waw_terms(seated)]))
    found.pop(own, None)
    return [term for term in found if len(term) >= 2]
