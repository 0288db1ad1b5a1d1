"""How a query word typed without its accents meets the accented words it stands for.

The index holds a French or Spanish word as its Snowball stem, accents folded
after stemming: ``infirmières`` is ``fr:infirmi``, ``sequía`` is ``es:sequ``.
The stemmers read accents: ``-ières`` and ``-ía`` are endings they take off,
``-ieres`` and ``-ia`` are not, so a word typed without its accents may stem
to something else (``infirmiere`` -> ``infirmier``, ``sequia`` -> ``sequi``)
and find nothing. Folding accents before stemming would make the two meet,
but would cost the stemmer the endings it recognises by their accents (it
would part ``infirmier`` from ``infirmières`` and ``mesurer`` from
``mesurées``), and would change every French and Spanish term of every index.

So the index stays as it is and a typed word is widened instead: besides its
own stem, a word may stand for

- the stem of the word as typed, with its accents folded first (``sequía``
  typed, ``sequia`` written in the article: an unaccented text is indexed
  under that stem);
- the stem of the word with one vowel of its last seven letters accented
  (``sequia`` read as ``sequía``, ``esperabamos`` as ``esperábamos``), kept
  only where that stemmer then takes off more of the word: a shorter stem
  that begins the word's own stem (``sequ`` for ``sequi``). A variant that
  only keeps its accented vowel (``mesá``) is no word and is dropped.

Stems shorter than three letters are never added.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh.support.charset import accent_map

# The accented forms of each vowel that the stemmed languages write in their endings.
_ACCENTED = {"a": "áàâ", "e": "éèê", "i": "íî", "o": "óô", "u": "úû"}
_TAIL = 7  # letters from the end of the word where an accent changes what is stemmed


# Ligatures a French text writes (cœur, œuvre, curriculum vitæ) or a PDF leaves behind
# (ﬁnance), as the letters people type.
LIGATURES = {ord("œ"): "oe", ord("æ"): "ae", ord("ﬁ"): "fi", ord("ﬂ"): "fl"}


def fold(word: str) -> str:
    """``word`` with its accents taken off."""
    return word if word.isascii() else word.translate(accent_map)


def unligated(word: str) -> str:
    """A lower-case ``word`` with its ligatures written out: ``cœur`` is ``coeur``."""
    return word if word.isascii() else word.translate(LIGATURES)


def _accented(word: str) -> list[str]:
    """``word`` with one vowel of its last letters accented, each way it may be."""
    return [
        f"{word[:i]}{accented}{word[i + 1 :]}"
        for i in range(max(len(word) - _TAIL, 0), len(word))
        for accented in _ACCENTED.get(word[i], "")
    ]


def spelled_stems(word: str, stem: Callable[[str], str]) -> list[str]:
    """The other folded stems a lower-case typed ``word`` may stand for (see the module)."""
    own = fold(stem(word))
    folded = fold(word)
    found: dict[str, None] = {}
    if folded != word:
        found[fold(stem(folded))] = None
    for variant in _accented(folded):
        shorter = fold(stem(variant))
        if 3 <= len(shorter) < len(own) and own.startswith(shorter):
            found[shorter] = None
    found.pop(own, None)
    return [term for term in found if len(term) >= 3]
