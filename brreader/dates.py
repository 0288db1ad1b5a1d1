"""Read the dates found in interview files: datelines, front matter strings, ISO stamps.

Datelines on news sites come in many shapes ("09:25, June 24, 2025",
"June 24, 2025", "24 June 2025 14:10", "2025-06-24"). :func:`parse_date` accepts
a whole string that is a date, with an optional time before or after it, and
returns ``None`` for anything else, so it can also tell whether a line *is* a
dateline.
"""

from __future__ import annotations

import re
from datetime import datetime

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*(?P<ampm>[ap])\.?m\.?)?"
)
_FORMS = [
    r"(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})",
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]{3,9})\.?,?\s+(?P<year>\d{4})",
    r"(?P<year>\d{4})[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})",
]
_PREFIX = (
    r"(?:(?:published|updated|posted|date|dateline)\s*:?\s*)?"
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
)
_ZONE = r"(?:\s*\(?(?:utc|gmt|z|[a-z]{2,4}|[+-]\d{2}:?\d{2}|utc\s*[+-]\s*\d{1,2})\)?)?"
_SEP = r"\s*(?:,|t|\s|\||-|–|—)\s*"

_PATTERNS = []
for _form in _FORMS:
    _PATTERNS.append(re.compile(rf"{_PREFIX}{_form}{_ZONE}"))
    _PATTERNS.append(re.compile(rf"{_PREFIX}{_TIME}{_ZONE}{_SEP}{_form}"))
    _PATTERNS.append(re.compile(rf"{_PREFIX}{_form}{_SEP}{_TIME}{_ZONE}"))


def parse_date(text: str) -> datetime | None:
    """Return the date and time that ``text`` consists of, or ``None``.

    The whole string (ignoring surrounding white space, non-breaking spaces
    included) must be a date; a sentence that merely contains one is not.
    """
    cleaned = " ".join(text.split()).lower()
    if not cleaned or len(cleaned) > 60:
        return None
    for pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        found = _build(match.groupdict())
        if found is not None:
            return found
    return None


def _build(parts: dict[str, str | None]) -> datetime | None:
    if parts.get("mnum"):
        month = int(parts["mnum"] or 0)
    else:
        month = MONTHS.get((parts.get("month") or "").rstrip("."), 0)
    hour = int(parts.get("hour") or 0)
    minute = int(parts.get("minute") or 0)
    second = int(parts.get("second") or 0)
    ampm = parts.get("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    try:
        return datetime(
            int(parts["year"] or 0), month, int(parts["day"] or 0), hour, minute, second
        )
    except ValueError:
        return None
