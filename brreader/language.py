"""Which language an article is written in: front matter names it, or it is detected.

Languages are ISO 639-1 codes (``en``, ``zh``, ``ru``, ``fr``, ``es``, ``ar``...).
``language:`` in front matter wins; :func:`normalize` reads what people write
there (``fr``, ``fr-FR``, ``French``, ``français``). Otherwise :func:`detect`
asks CLD2 (the ``pycld2`` package: Chromium's compact detector, C, about 10 µs
an article), which is reliable on a whole article and not on a line or two. It
is imported only when an article without ``language:`` is indexed, never on a
search.
"""

from __future__ import annotations

import re
from typing import Any

# Names users may write in front matter or after --lang, by code: the English
# name first (shown by brreader), then the language's own names.
NAMES: dict[str, tuple[str, ...]] = {
    "ar": ("Arabic", "العربية", "عربي"),
    "de": ("German", "deutsch"),
    "el": ("Greek", "ελληνικά"),
    "en": ("English",),
    "es": ("Spanish", "español", "castellano"),
    "fa": ("Persian", "farsi", "فارسی"),
    "fr": ("French", "français"),
    "it": ("Italian", "italiano"),
    "ja": ("Japanese", "日本語"),
    "km": ("Khmer", "ខ្មែរ"),
    "ko": ("Korean", "한국어"),
    "lo": ("Lao", "ລາວ"),
    "nl": ("Dutch", "nederlands"),
    "pt": ("Portuguese", "português"),
    "ru": ("Russian", "русский"),
    "th": ("Thai", "ไทย"),
    "tr": ("Turkish", "türkçe"),
    "uk": ("Ukrainian", "українська"),
    "vi": ("Vietnamese", "tiếng việt"),
    "zh": ("Chinese", "中文", "汉语", "漢語"),
}
_BY_NAME = {name.casefold(): code for code, names in NAMES.items() for name in names}
_CODE = re.compile(r"[A-Za-z]{2,3}")
# How much of an article the detector reads: enough for a reliable answer (title, lede
# and the first pair or so); CLD2 takes time in proportion (at 4,000, two thirds of parsing).
DETECT_CHARS = 1500


def normalize(value: str) -> str | None:
    """The code for what a user wrote (``fr``, ``fr-FR``, ``zh_Hant``, ``French``), or None."""
    text = value.strip()
    if not text:
        return None
    by_name = _BY_NAME.get(text.casefold())
    if by_name:
        return by_name
    primary = re.split(r"[-_]", text, maxsplit=1)[0]
    if _CODE.fullmatch(primary):
        return primary.lower()
    return None


def name(code: str) -> str:
    """``French (fr)``, or the code alone for a language brreader has no name for."""
    names = NAMES.get(code)
    return f"{names[0]} ({code})" if names else code


_detector: Any = None


def detect(text: str) -> str:
    """The language of ``text`` as a code, or "" when the detector cannot tell."""
    global _detector
    sample = text[:DETECT_CHARS]
    if not sample.strip():
        return ""
    if _detector is None:
        import pycld2  # index time only: not on the search path

        _detector = pycld2
    try:
        _reliable, _size, found = _detector.detect(sample, bestEffort=True)
    except Exception:  # noqa: BLE001 - CLD2 refuses lone surrogates and some control characters
        data = sample.encode("utf-8", "replace").decode("utf-8")
        data = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in data)
        try:
            _reliable, _size, found = _detector.detect(data, bestEffort=True)
        except Exception:  # noqa: BLE001 - pycld2.error on text it cannot read: no language
            return ""
    code = str(found[0][1]) if found else "un"
    if code in ("un", "xxx", "") or not found[0][2]:
        return ""
    return normalize(code) or ""
