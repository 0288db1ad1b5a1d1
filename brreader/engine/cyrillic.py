"""Cyrillic words as the index holds them, and the other forms a typed Russian word stands for.

Two things people meet in real Russian text and queries:

- Latin letters that look like Cyrillic ones inside a Cyrillic word
  (``Cамолёт`` with a Latin ``C``, ``ещe`` with a Latin ``e``), typed with the
  wrong keyboard layout for one key or left by OCR and copy-paste, and the
  other way round (``CЕRN`` with a Cyrillic ``Е``). A word that mixes the two
  scripts is read in the script whose letters cannot be look-alikes: a
  Cyrillic word if its every Latin letter has a Cyrillic twin, else a Latin
  word if its every Cyrillic letter has a Latin twin, else as written. A word
  in one script is never changed. Stress marks (``за́мок``, in texts for
  learners and for names) come off, as accents are folded in Latin text.
- Surnames and short adjectives in ``-ов``/``-ев``: the Russian Snowball
  stemmer takes ``-ов`` for a plural ending, so ``Белозёров`` is ``белозер``
  while ``Белозёрова``, ``Белозёровым`` are ``белозеров`` (and ``Киев``
  ``ки``, ``Киеве`` ``киев``). A typed word is also looked up as the other
  one (:func:`typed_terms`); the index is unchanged.
"""

from __future__ import annotations

from typing import Any

from brreader.lazyre import lazy

# Lower-case look-alikes (the capitals they come from look alike: A B C E H K M O P T X Y).
_TO_CYRILLIC = str.maketrans("abcehkmoptxy", "авсенкмортху")
_TO_LATIN = str.maketrans("авсенкмортху", "abcehkmoptxy")
_LATIN = lazy("[a-z]")
_NOT_CYRILLIC_TWIN = lazy("[^abcehkmoptxy\u0400-\u052f*?]")  # wildcards stay as they are
_CYRILLIC_LETTER = lazy("[\u0400-\u052f]")
# The endings of a surname in -ов/-ев after its -ов/-ев, other than the nominative's.
_CASES = frozenset(("а", "у", "ым", "е", "ой", "ы", "ых", "ыми"))
# Stress marks, and the two letters NFC composes with a grave accent.
_STRESS = {0x0300: None, 0x0301: None, ord("ѐ"): "е", ord("ѝ"): "и"}


def unmixed(word: str) -> str:
    """A lower-case word with a Cyrillic letter, in one script where its letters allow
    (see the module), ``ё`` read as ``е`` and stress marks off."""
    word = word.translate(_STRESS).replace("ё", "е")
    if _LATIN.search(word) is None:
        return word
    if _NOT_CYRILLIC_TWIN.search(word) is None:
        return word.translate(_TO_CYRILLIC)
    latin = word.translate(_TO_LATIN)
    return latin if _CYRILLIC_LETTER.search(latin) is None else word


def typed_terms(word: str, stem: Any) -> list[str]:
    """The other terms a typed Russian word stands for, besides ``stem(word)``: a word in
    ``-ов``/``-ев`` whose stem drops that ending also as the word (``Белозёров``
    finds "Белозёрова"), and a word in a case of such a surname (``Белозёровым``, not
    ``спутниковые``) also as the stem without it (finds "Белозёров")."""
    word = unmixed(word.lower())
    own = stem(word)
    found: dict[str, None] = {}
    if word.endswith(("ов", "ев")) and own == word[:-2]:
        found[word] = None
    if own.endswith(("ов", "ев")) and len(own) >= 5 and word[len(own) :] in _CASES:
        found[own[:-2]] = None
    found.pop(own, None)
    return list(found)
