"""Traditional Chinese characters read as simplified, so either form finds both.

Archives mix outlets from the mainland (simplified characters) with Hong Kong,
Taiwan and overseas ones (traditional characters): ``訓練`` and ``训练`` are
one word. Every run of a no-space script is folded, one character at a time,
before it is cut into character pairs, both when an article is indexed and
when a query is read, so the two forms meet; the text shown is never changed.

The table is OpenCC's traditional-to-simplified one (the ``opencc`` package,
C++), asked one character at a time and remembered: a character-level fold
keeps every character's offset, so highlights land on the characters typed in
the article. Phrase-level conversion (which OpenCC also does) would only
matter for display. OpenCC's dictionaries load on the first Chinese text
(about 30 ms); text without Chinese characters never loads them.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _converter() -> Any:
    import opencc  # loaded only when Chinese text is analysed

    return opencc.OpenCC("t2s.json")


class _Simplified(dict[int, str]):
    """A ``str.translate`` table from each character to its simplified form, filled
    as characters are met (the whole table is never built)."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        converted = _converter().convert(character)
        # One character for one: a fold never moves the characters after it.
        folded = converted if len(converted) == 1 else character
        self[code] = folded
        return folded


_TABLE = _Simplified()


def simplified(run: str) -> str:
    """``run`` (characters of a no-space script) with traditional characters simplified."""
    return run.translate(_TABLE)
