"""Read the dates found in interview files: datelines, front matter strings, ISO stamps.

Datelines on news sites come in many shapes and languages: "09:25, June 24,
2025", "Updated: 2018-10-12 07:08", "12 mai 2025", "14 октября 2016, 11:30",
"2025年10月14日", "3 de junio de 2025", "٣ يونيو ٢٠٢٥", "BEIJING, Oct. 14, 2016
(Xinhua) --", "Source: Xinhua | 2025-10-14 08:42:49". :func:`parse_date`
reads a line that *is* a dateline and returns ``None`` for anything else, so
the parser can also use it to tell whether a line is one: a sentence that
merely contains a date ("the line opened on June 24, 2025.") is not.

How a line is read: the date itself is found by hand-written patterns (day,
month and year, with month names in English, French, Spanish, Portuguese,
Italian, German, Russian and Arabic, and the numeric and CJK forms); then a
time, a time zone, a label ("Updated", "发布时间", "Опубликовано"), a weekday,
a wire-style place ("BEIJING,") and an agency in parentheses are taken
away, and the line is a dateline only when nothing else is left. Only a short
line that none of the patterns reads, but that has a year, a day and one or
two unknown words (a month in another language), is handed to dateparser,
which is imported then and not before: the index build never pays for it on
ordinary files, and a search never loads it.

:func:`date_problem` is the one rule for which dates an article may carry;
the parser applies it to every date it finds (front matter or dateline), so
no article ever holds a date the index cannot store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from brreader.lazyre import lazy

_MONTH_NAMES: list[str] = [
    # English, French, Spanish, Portuguese, Italian, German, Russian, Arabic (Egyptian,
    # Levantine and Maghrebi names); abbreviations may carry a dot.
    (
        "january jan janvier janv enero ene janeiro gennaio gen januar jänner jan "
        "январь января янв يناير كانون_الثاني جانفي"
    ),
    (
        "february feb février fevrier févr fevr febrero fevereiro fev febbraio febr februar "
        "февраль февраля фев فبراير شباط فيفري"
    ),
    "march mar mars marzo março märz maerz март марта мар مارس آذار اذار",
    "april apr avril avr abril abr aprile апрель апреля апр أبريل ابريل إبريل نيسان أفريل افريل",
    "may mai mayo maio maggio mag май мая مايو أيار ايار ماي",
    "june jun juin junio junho giugno giu juni июнь июня июн يونيو يونيه حزيران جوان",
    "july jul juillet juil julio julho luglio lug juli июль июля июл يوليو يوليه تموز جويلية",
    "august aug août aout agosto ago august авг август августа أغسطس اغسطس آب اب أوت اوت",
    (
        "september sep sept septembre septiembre setiembre setembro set settembre "
        "сентябрь сентября сен сент سبتمبر أيلول ايلول"
    ),
    (
        "october oct octobre octubre outubro out ottobre ott oktober okt "
        "октябрь октября окт أكتوبر اكتوبر تشرين_الأول تشرين_الاول"
    ),
    "november nov novembre noviembre novembro november ноябрь ноября ноя нояб نوفمبر تشرين_الثاني",
    (
        "december dec décembre decembre déc diciembre dic dezembro dez dicembre dezember "
        "декабрь декабря дек ديسمبر كانون_الأول كانون_الاول"
    ),
]
MONTHS = {
    name.replace("_", " "): number
    for number, names in enumerate(_MONTH_NAMES, start=1)
    for name in names.split()
}

# Words a dateline may hold besides its date: labels, weekdays, "at", time zones, "г.".
_DATELINE_WORDS = frozenset(
    """
    published publish publication updated update posted post date dateline last first
    modified created released release issued time source on at of the and am pm a p m
    t z h hrs uhr um am stand utc gmt est edt cst cdt mst mdt pst pdt akst akdt hst ast adt
    bst ist cet cest eet eest wet west msk jst kst hkt sgt pht wib awst acst aest aedt nzst
    nzdt sast eat wat cat et ct mt pt beijing local
    recorded aired broadcast filmed interview interviewed conducted
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun
    publié publie mis à a jour le la dernière derniere modifié modifie heure heures h
    lundi mardi mercredi jeudi vendredi samedi dimanche
    publicado actualizado actualización actualizacion el las los de del fecha hora horas
    lunes martes miércoles miercoles jueves viernes sábado sabado domingo
    atualizado atualização em às as segunda terça terca quarta quinta sexta feira
    pubblicato aggiornato il alle ore lunedì martedì mercoledì giovedì venerdì sabato
    veröffentlicht aktualisiert montag dienstag mittwoch donnerstag freitag samstag sonntag
    интервью записано записана эфир enregistré enregistre diffusé diffuse entretien
    entrevista grabado grabada emitido emitida
    опубликовано обновлено обновлено дата публикации публикация обновления в г год года мск
    время от понедельник вторник среда среду четверг пятница пятницу суббота субботу
    воскресенье пн вт ср чт пт сб вс
    نشر في تاريخ النشر آخر اخر تحديث الساعة يوم بتوقيت غرينتش مكة المكرمة ص م مساء صباحا
    الاثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت الأحد الاحد
    发布时间 发布日期 发布于 发布 更新时间 更新于 更新 时间 日期 来源时间 北京时间 星期一 星期二
    星期三 星期四 星期五 星期六 星期日 星期天 周一 周二 周三 周四 周五 周六 周日 上午 下午
    時間 發佈時間 發布時間 更新時間 日期 公開 更新日
    """.split()
)
# Pieces of a dateline line that name who, not when: "Source: Xinhua", "Editor: huaxia".
_META_PIECE = lazy(
    r"^(?:source|editor|editors|author|authors|by|from|photo|reporter|"
    r"来源|來源|编辑|編輯|责任编辑|作者|记者|記者|источник|автор|редактор|fuente|autor|"
    r"auteur|quelle|fonte|المصدر|الكاتب|كتب)\b\s*[:：]?[^\d]{0,60}$"
)
_READING_TIME = lazy(r"^\d{1,3}\s*(?:min|mins|minutes?)\.?(?:\s+read)?$")
_DOMAIN = lazy(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")
_PIECE_HINTS = (
    "|",
    "•",
    "·",
    "丨",
    "source",
    "editor",
    "来源",
    "來源",
    "编辑",
    "編輯",
    "作者",
    "источник",
    "fuente",
)
_PIECE_SPLIT = lazy(
    r"\s*[|•·丨]\s*|\s+(?=(?:source|editor|来源|來源|编辑|責任編輯|责任编辑|作者|источник|fuente)\s*:)"
)

_MONTH = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted(MONTHS, key=len, reverse=True)
)
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
# "3 حزيران/يونيو 2025": Arabic pages name the month twice, Levantine and Egyptian.
_OTHER_MONTH = rf"(?:\s*/\s*(?:{_MONTH}){_NOT_LETTER_AFTER})?"
_DAY = r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th|er|re|e|º|°|\.)?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_DATE_FORMS = [
    # 3 June 2025, 3 de junio de 2025, 3. Juni 2025, 14 октября 2016, 1er mai 2025
    rf"{_DAY}\s*(?:de\s+)?(?P<month>{_MONTH})\.?{_NOT_LETTER_AFTER}{_OTHER_MONTH}"
    rf",?\s*(?:de\s+|del\s+)?{_YEAR}",
    # June 3, 2025; May. 13th, 2006
    rf"{_NOT_LETTER_BEFORE}(?P<month>{_MONTH})\.?{_NOT_LETTER_AFTER}\s*{_DAY},?\s*{_YEAR}",
    # 2025-10-14, 2025/10/14, 2025.10.14, and 2025 10/14 (news.cn)
    r"(?<!\d)(?P<year>\d{4})(?:[-/.]|\s+)(?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d/])",
    # 2025年10月14日, 2025년 10월 14일
    r"(?<!\d)(?P<year>\d{4})\s*[年년]\s*(?P<mnum>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일号]?",
    # 14.10.2016 (day first, the way dots are written), 14/10/2016 or 10/14/2016
    r"(?<![\d.])(?P<first>\d{1,2})(?P<sep>[./-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)",
]
# One regular expression per form: the same group names recur, which one pattern cannot hold.
_DATES = [lazy(form) for form in _DATE_FORMS]
_NUMERIC_DATES = _DATES[2:]
# Every word of a month's name ("كانون الثاني" has two), and the letters that belong to a
# written date: ordinals ("13th", "1er") and the CJK marks of year, month, day and time.
_MONTH_WORDS = frozenset(word for name in MONTHS for word in name.split())
_DATE_PARTS = frozenset("st nd rd th er º 年 月 日 号 년 월 일 时 分 秒 時 시 분 초".split())
_DIGIT = lazy(r"\d")

_TIME = lazy(
    r"(?<![\d:.])(?:(?P<pre>上午|下午)\s*)?(?P<hour>\d{1,2})\s*(?:[:.]|h|\s+h\s+|时|時|시)\s*"
    r"(?P<minute>\d{2})(?:\s*(?::|分|분)\s*(?P<second>\d{2})?\s*秒?)?(?!\d)"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?"
    r"|(?<![\d:.])(?P<hour2>\d{1,2})\s*(?P<ampm2>[ap])\.?\s?m\b\.?"
)
_TIME_AFTER = lazy(rf"[\s,]*(?:at\s+|à\s+|в\s+|um\s+|a las\s+)?(?:{_TIME.pattern})")
_ZONE_OFFSET = lazy(r"(?:utc|gmt)?\s*[+−-]\s*\d{1,2}(?::?\d{2})?(?!\d)")
_PARENS = lazy(r"\([^()]{0,40}\)|（[^（）]{0,40}）")
# "BEIJING, " or "PHNOM PENH, Cambodia, " in capitals, as wire copy opens.
_PLACE = lazy(r"^[A-Z][A-Z'’.\- ]+(?:,\s*[A-Z][A-Za-z'’.\- ]+)?,\s+(?=\S)")
# "Phnom Penh, 24 June 2025 --": a place in ordinary case, when the line ends as wire copy does.
# "Madrid - 14 ABR 2022 - 06:00 CEST": a city, a dash, then the date.
_PLACE_DASH = lazy(r"^[A-Z][a-zà-ÿ'’.-]+(?: [A-Z][a-zà-ÿ'’.-]+){0,2}\s[-–—]\s(?=\d)")
_NAMED_PLACE = lazy(r"^[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){0,2},\s+(?=\S)")
_WIRE_END = lazy(r"(?:--|—|–|\([^()]{1,40}\)\s*(?:--|—|–|-)?)\s*$")
_WORD = lazy(r"[^\W\d_]+")
_NON_ASCII_DIGIT = lazy(r"[^\D0-9]")
_YEARISH = lazy(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
_SHORT_NUMBER = lazy(r"(?<!\d)\d{1,2}(?!\d)")

# The common English shapes, read with one full match each before the general reading:
# "09:25, June 24, 2025", "Updated: Tuesday, June 24, 2025 3:30 pm", "2025-06-24T08:05".
_EN_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*(?P<ampm>[ap])\.?m\.?)?"
)
_EN_FORMS = [
    r"(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})",
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]{3,9})\.?,?\s+(?P<year>\d{4})",
    r"(?P<year>\d{4})[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})",
]
_EN_PREFIX = (
    r"(?:(?:published|updated|posted|date|dateline)\s*:?\s*)?"
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
)
_EN_ZONE = r"(?:\s*\(?(?:utc|gmt|z|[a-z]{2,4}|[+-]\d{2}:?\d{2}|utc\s*[+-]\s*\d{1,2})\)?)?"
_EN_SEP = r"\s*(?:,|t|\s|\||-|–|—)\s*"
_ENGLISH = []
for _form in _EN_FORMS:
    _ENGLISH.append(lazy(rf"{_EN_PREFIX}{_form}{_EN_ZONE}"))
    _ENGLISH.append(lazy(rf"{_EN_PREFIX}{_EN_TIME}{_EN_ZONE}{_EN_SEP}{_form}"))
    _ENGLISH.append(lazy(rf"{_EN_PREFIX}{_form}{_EN_SEP}{_EN_TIME}{_EN_ZONE}"))

# A dateline is a short line; anything longer is prose.
MAX_DATELINE = 100


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

    The line must be a dateline: a date (day, month and year), perhaps with a
    time, a time zone, a weekday, a label such as "Updated:", a place in
    capitals before it, an agency in parentheses after it, or "Source: ..."
    pieces beside it. A sentence that merely contains a date is not one.
    """
    if len(text) > 4 * MAX_DATELINE:  # prose, however its spaces are counted
        return None
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_DATELINE or cleaned.endswith(("?", "？")):
        return None
    if _DIGIT.search(cleaned) is None:
        return None
    found = _iso(cleaned)
    if found is not None:
        return found
    if len(cleaned) <= 60:
        lowered = cleaned.lower()
        for pattern in _ENGLISH:
            match = pattern.fullmatch(lowered)
            if match is not None:
                parts = match.groupdict()
                if parts.get("mnum") or parts.get("month") in MONTHS:
                    found = _build(parts)
                    if found is not None:
                        return _with_time(found, parts)
    return _read_line(cleaned)


# The shape front matter mostly has (2025-06-24, 2025-06-24 09:25, 2025-06-24T09:25:30),
# read without compiling the English patterns (the ninth of which reads it: about
# 10 ms of compiling for a one-shot search whose snippet article has front matter).
_ISO = lazy(r"(\d{4})-(\d{2})-(\d{2})(?:[ Tt](\d{2}):(\d{2})(?::(\d{2}))?)?", re.ASCII)


def _iso(cleaned: str) -> datetime | None:
    """``cleaned`` read as a plain ISO date (and time), as the English patterns read it.

    ``None`` when it is not one, or names no real day or time: the general
    reading then decides, as it would have without this shortcut.
    """
    match = _ISO.fullmatch(cleaned)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def find_date_in(text: str) -> datetime | None:
    """The first whole date (day, month and year) written anywhere in ``text``, or ``None``.

    For a date that appears only inside prose, such as a lede that opens
    "BEIJING, Oct. 14, 2016 (Xinhua) -- ..." or "On 3 June 2025, ...": the
    caller decides whether such a date is the article's. Only the
    hand-written patterns are used (never dateparser), so it is cheap; a time
    right after the date is kept.
    """
    head = text[:2000]
    if _DIGIT.search(head) is None:
        return None
    line = _normalize(head).lower()
    best: tuple[int, int, datetime] | None = None
    for pattern in _DATES:
        for match in pattern.finditer(line):
            found = _build(match.groupdict())
            if found is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), match.end(), found)
                break
    if best is None:
        return None
    _, end, found = best
    time = _TIME_AFTER.match(line, end)
    if time is not None:
        found = _with_time(found, time.groupdict()) or found
    return found


def _normalize(text: str) -> str:
    """Full-width and other-script digits as ASCII, direction marks gone."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = text.replace("\u200e", "").replace("\u200f", "").replace("\u061c", "")
        text = _NON_ASCII_DIGIT.sub(_ascii_digit, text)
    return text


def _ascii_digit(match: re.Match[str]) -> str:
    character = match.group()
    value = unicodedata.digit(character, None)
    return character if value is None else str(value)


def _read_line(line: str) -> datetime | None:
    place = (
        _PLACE.match(line)
        or (_WIRE_END.search(line) and _NAMED_PLACE.match(line))
        or _PLACE_DASH.match(line)
    )
    if place:
        line = line[place.end() :]
    line = _normalize(line).lower()
    if any(mark in line for mark in _PIECE_HINTS):
        pieces = [piece for piece in _PIECE_SPLIT.split(line) if piece.strip(" ,-–—")]
    else:
        pieces = [line]
    dated: list[tuple[datetime, str]] = []
    other: list[str] = []
    for piece in pieces:
        found = _read_piece(piece)
        if found is not None:
            dated.append(found)
        else:
            other.append(piece.strip())
    if len(dated) != 1:
        return _fallback(line, pieces) if not dated else None
    if len(other) > 2 or any(not _names_who(piece) for piece in other):
        return None
    return dated[0][0]


def _words(piece: str) -> tuple[bool, bool]:
    """Whether a piece names a month, and whether it holds a word no dateline has."""
    month = unknown = False
    if "(" in piece or "（" in piece:
        piece = _PARENS.sub(" ", piece)
    for word in _WORD.findall(piece):
        if word in _MONTH_WORDS:
            month = True
        elif word not in _DATELINE_WORDS and word not in _DATE_PARTS:
            unknown = True
    return month, unknown


def _names_who(piece: str) -> bool:
    """A piece beside a date that names a source, an editor, a domain or an outlet."""
    if _META_PIECE.match(piece) or _DOMAIN.match(piece) or _READING_TIME.match(piece):
        return True
    return not any(c.isdigit() for c in piece) and len(piece.split()) <= 4


def _read_piece(piece: str) -> tuple[datetime, str] | None:
    """The date a piece of a line is, and what is left of it; ``None`` if it is not one."""
    month, unknown = _words(piece)
    if unknown:
        return None
    for pattern in _DATES if month else _NUMERIC_DATES:
        match = pattern.search(piece)
        if match is None:
            continue
        found = _build(match.groupdict())
        if found is None:
            return None
        rest = piece[: match.start()] + " " + piece[match.end() :]
        time = _TIME.search(rest)
        if time is not None:
            found = _with_time(found, time.groupdict())
            if found is None:
                return None
            rest = rest[: time.start()] + " " + rest[time.end() :]
        if "(" in rest or "（" in rest:
            rest = _PARENS.sub(" ", rest)
        if "+" in rest or "-" in rest or "−" in rest:
            rest = _ZONE_OFFSET.sub(" ", rest)
        if any(c.isdigit() for c in rest) or not _only_dateline_words(rest):
            return None
        return found, rest
    return None


def _only_dateline_words(rest: str) -> bool:
    return all(word in _DATELINE_WORDS for word in _WORD.findall(rest))


def _build(parts: dict[str, str | None]) -> datetime | None:
    year = int(parts["year"] or 0)
    if parts.get("mnum"):
        month, day = int(parts["mnum"] or 0), int(parts["day"] or 0)
    elif parts.get("first"):
        first, second = int(parts["first"] or 0), int(parts["second"] or 0)
        if parts.get("sep") == "." or first > 12:
            month, day = second, first
        elif second > 12:
            month, day = first, second
        else:
            return None  # 03/04/2021: April or March, the page does not say
    else:
        name = " ".join((parts.get("month") or "").split())
        month, day = MONTHS.get(name, 0), int(parts["day"] or 0)
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def _with_time(day: datetime, parts: dict[str, Any]) -> datetime | None:
    """``day`` at the time a :data:`_TIME` match names, or ``None`` for an impossible time."""
    hour = int(parts.get("hour") or parts.get("hour2") or 0)
    minute = int(parts.get("minute") or 0)
    second = int(parts.get("second") or 0)
    ampm = parts.get("ampm") or parts.get("ampm2")
    if parts.get("pre"):
        ampm = "p" if parts["pre"] == "下午" else "a"
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    try:
        return day.replace(hour=hour, minute=minute, second=second)
    except ValueError:
        return None


# False while reading articles only to show their text (a search's snippets): the
# date shown comes from the index, and dateparser costs 0.15 s to import plus up
# to a second on its first call, which no one-shot search should pay.
_DATEPARSER_ALLOWED: ContextVar[bool] = ContextVar("dateparser_allowed", default=True)


@contextmanager
def patterns_only() -> Iterator[None]:
    """Read dates with the hand-written patterns alone (never load dateparser) inside."""
    token = _DATEPARSER_ALLOWED.set(False)
    try:
        yield
    finally:
        _DATEPARSER_ALLOWED.reset(token)


def _fallback(line: str, pieces: list[str]) -> datetime | None:
    """Hand a date-like line the patterns do not read to dateparser (imported only now).

    Only a line that looks like a date in a language the patterns lack: short,
    with a four-digit year and a one- or two-digit day, and one or two words
    that are not dateline words (the month, perhaps a weekday). The year
    dateparser reads must be the year written.
    """
    if len(line) > 60 or not _DATEPARSER_ALLOWED.get():
        return None
    for piece in pieces:
        rest = _PARENS.sub(" ", piece)
        years = _YEARISH.findall(rest)
        if len(years) != 1 or not _SHORT_NUMBER.search(_YEARISH.sub(" ", rest)):
            continue
        unknown = [w for w in _WORD.findall(rest) if w not in _DATELINE_WORDS]
        if not 1 <= len(unknown) <= 2 or any(word in MONTHS for word in unknown):
            continue
        if any(pattern.search(rest) for pattern in _DATES):
            continue  # a date the patterns know, with words no dateline has: not a dateline
        words = rest.split()
        kept = " ".join(w for w in words if w.strip(":：,.") not in _LABELS) or rest
        found = _dateparser(kept.strip(" :：,-–—"))
        if found is not None and found.year == int(years[0]):
            return found
    return None


_LABELS = frozenset(
    "published updated posted date dateline on publié mis à jour le publicado actualizado el "
    "опубликовано обновлено дата публикации نشر في تاريخ النشر".split()
)


@lru_cache(maxsize=1024)
def _dateparser(text: str) -> datetime | None:
    try:
        import dateparser
    except ImportError:  # not installed: the line stays unread, as before
        return None
    settings = {
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_LOCALE_DATE_ORDER": True,
    }
    try:
        found = dateparser.parse(text, settings=settings)
    except Exception:  # dateparser failing on odd input must not end the command
        return None
    if not isinstance(found, datetime):
        return None
    return found.replace(tzinfo=None)
