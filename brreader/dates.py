"""Read the dates found in interview files: datelines, front matter strings, ISO stamps.

Datelines on news sites come in many shapes ("09:25, June 24, 2025",
"June 24, 2025", "24 June 2025 14:10", "2025-06-24"). :func:`parse_date` accepts
a whole string that is a date, with an optional time before or after it, and
returns ``None`` for anything else, so it can also tell whether a line *is* a
dateline.

:func:`date_problem` is the one rule for which dates an article may carry;
the parser applies it to every date it finds (front matter or dateline), so
no article ever holds a date the index cannot store.
"""

from __future__ import annotations

import re
from datetime import date, datetime

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


# The archive holds news interviews and oral history: nothing printed before
# 1800, and nothing dated more than a few years ahead (a typo, or a placeholder
# such as 9999-12-31).
EARLIEST_YEAR = 1800
FUTURE_YEARS = 5


def date_problem(moment: datetime, today: date | None = None) -> str:
    """Why ``moment`` cannot be an article's date, or ``""`` when it can.

    A date is *absurd*, and the article is read as undated with a warning,
    when it is before 1 January :data:`EARLIEST_YEAR` (1800) or after the end
    of the year :data:`FUTURE_YEARS` (5) years from ``today``. Within that
    range a date must also give a POSIX time stamp (``datetime.timestamp``,
    which the index stores); year 1 and year 9999 do not. A time zone is
    ignored: the date is read as the wall-clock time it names.
    """
    naive = moment if moment.tzinfo is None else moment.replace(tzinfo=None)
    last = (today or date.today()).year + FUTURE_YEARS
    if not EARLIEST_YEAR <= naive.year <= last:
        return f"is outside the years brreader reads ({EARLIEST_YEAR} to {last})"
    try:
        naive.timestamp()
    except (ValueError, OverflowError, OSError) as error:
        return f"cannot be stored ({error})"
    return ""


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
