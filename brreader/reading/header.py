"""Outlet, headline and dateline: the short lines a news page puts above the lede.

Also the wire-copy opening ("PHNOM PENH, Aug. 9 (Four Rivers Wire) -- "),
which names the outlet inside the lede.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from brreader.dates import date_problem, find_date_in, parse_date
from brreader.lazyre import lazy
from brreader.reading.marks import is_chrome, is_furniture, is_tool_line


def _looks_like_header(paragraph: str) -> bool:
    return len(paragraph) <= 150 and not re.search(r"[.?!:;,\"”]$", paragraph)


# "By MARA QUILL | ...", "Par Jeanne ...", "Автор: ..."; not a headline such as "By 2030, ...".
BYLINE = lazy(r"^(?:By|BY|Par|Por|Von|Автор:?|Текст:?)\s+(?!The\b|A\b|An\b)[A-ZÀ-ÖØ-ÞА-ЯЁ]")
# "Conducted by Miles Bright for the Westmarch Engineering Archive, 9 October 2015":
# an oral history's line naming the interviewer, the collection and the day.
_CONDUCTED = lazy(
    r"^(?:(?i:oral history\s)?(?i:interview)\s)?(?i:conducted|recorded|interviewed|carried out)"
    r"\s+by\s+(?P<who>[^,;]{2,60}?)\s+(?i:for|on behalf of)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}"
    r"(?P<outlet>[A-Z][\w'’&.-]*(?:\s+(?:of|for|and|on|the|[A-Z][\w'’&.-]*))*)"
    r"\s*(?:[,;.]\s*(?P<rest>.*))?$"
)
# What follows "By Name," when it is a job, not an outlet: "By Jane Doe, Science Editor".
_ROLE_WORDS = frozenset(
    """editor editors correspondent correspondents reporter reporters writer writers staff
    contributor contributors special senior chief bureau in at columnist producer
    photographer photos and desk team""".split()
)
_BYLINE_PIECES = lazy(r"\s*[|•·丨]\s*")


def _byline_outlet(line: str) -> tuple[str, bool]:
    """The outlet a byline names, and whether the byline says so plainly.

    "By X | Eastbridge Daily | ..." names it plainly; "By X, Skyward Review"
    may name a place instead ("By X, Madrid"), so it only counts when no
    outlet line stands above the headline.
    """
    pieces = [p for p in _BYLINE_PIECES.split(line) if p]
    for piece in pieces[1:]:
        words = piece.split()
        if (
            1 <= len(words) <= 6
            and not any(c.isdigit() for c in piece)
            and ":" not in piece
            and piece[:1].isupper()
            and not any(w.casefold().strip(".,") in _ROLE_WORDS for w in words)
        ):
            return piece, True
    first = pieces[0] if pieces else line
    for separator in (", ", " for "):
        head, found, tail = first.partition(separator)
        words = tail.split()
        if (
            found
            and 1 <= len(words) <= 6
            and all(w[:1].isupper() or w in {"of", "and", "the", "for"} for w in words)
            and not any(w.casefold().strip(".,") in _ROLE_WORDS for w in words)
            and not any(c.isdigit() for c in tail)
        ):
            return tail.rstrip("."), separator == " for "
    return "", False


# "Harbour Weekly, 4 March 2024": an outlet (or a place) and the day.
_OUTLET_DATE = lazy(r"^(?P<name>[^\W\d][^,\d]{1,58}),\s*(?P<date>\S.*\d.*)$")
# Words that make "Name, date" an outlet's, not a place's ("Madrid, 4 March 2024").
_MEDIA_WORDS = frozenset(
    """news agency daily times radio tv press post herald tribune journal magazine podcast
    review weekly gazette media channel network observer monitor courier report bulletin
    wire chronicle telegraph express mail standard today online service""".split()
)


Credit = tuple[str, bool, "datetime | None"]


def _credit(line: str) -> Credit | None:
    """A byline or a "conducted by" line: the outlet, whether it is plain, the date; or ``None``."""
    if len(line) > 200 or line[:1].islower():
        return None
    conducted = _CONDUCTED.match(line)
    if conducted:
        rest = conducted["rest"] or ""
        day = (parse_date(rest) or find_date_in(rest)) if rest else None
        return conducted["outlet"].strip(), True, day
    outlet_date = _OUTLET_DATE.match(line) if len(line) <= 100 else None
    if outlet_date and parse_date(line) is None:
        day = parse_date(outlet_date["date"])
        if day is not None and len(outlet_date["name"].split()) <= 5:
            name = outlet_date["name"]
            media = any(word.casefold() in _MEDIA_WORDS for word in name.split())
            return (name if media else ""), media, day
    if BYLINE.match(line) and len(line) <= 200:
        return (*_byline_outlet(line), parse_date(line) or find_date_in(line))
    return None


# A photo caption under the dateline is not the headline.
_CAPTION = lazy(r"(?i:\bphoto\b|\bcredit\b|courtesy|file photo|\bфото\b)|摄|图｜|图/|图：")


def _units(paragraphs: list[str], escaped: set[int]) -> list[tuple[int, str]]:
    """The top of the page as (paragraph number, text), menus and share buttons left out."""
    units = []
    prose = 0
    for number, paragraph in enumerate(paragraphs[:8]):
        if number in escaped:
            units.append((number, paragraph))
            continue
        if len(paragraph) > 200:  # prose: no chrome, no Markdown header line
            units.append((number, paragraph))
            prose += 1
            if prose == 2:  # the header is above the lede's first long paragraphs
                break
            continue
        text = _unmarked(paragraph)
        if not (is_chrome(text) or is_tool_line(text) or is_furniture(text)):
            units.append((number, text))
    return units


# Markdown around a short line: "# Headline", "*Outlet, 4 March 2024*", "**By X**".
_MARKDOWN_LINE = lazy(r"^(?:#{1,6}\s+)?(?P<mark>\*\*|__|\*|_)?(?P<text>.+?)(?P=mark)?\s*#*$")


def _unmarked(text: str) -> str:
    """A header line without its Markdown heading or emphasis marks."""
    if len(text) > 200 or not (text[:1] in "#*_" or text[-1:] in "*_"):
        return text
    found = _MARKDOWN_LINE.match(text)
    if found is None or (found["mark"] is None and not text.startswith("#")):
        return text
    inner = found["text"].strip()
    return inner or text


def split_header(
    paragraphs: list[str], escaped: set[int], has_front_matter: bool, turns_follow: bool = False
) -> tuple[dict[str, Any], int]:
    """Find outlet, title and dateline at the top; return them and where the lede starts.

    The top of a saved page is read line by line: breadcrumbs, menus and share
    buttons are dropped; a dateline ("12 mai 2025", "Updated: 2018-10-12 07:08",
    "Recorded April 4, 2019") or a byline ("By X | Outlet | date", "Conducted
    by X for the Y Archive, date") anchors the header. The short lines above the
    anchor are outlet and headline; one short line right after it is the
    headline when the outlet came before ("Outlet / date / Headline / lede").
    A byline stays the lede's first paragraph, so its names remain searchable.

    ``turns_follow``: learned speaker labels come after these paragraphs, so a
    header of short lines has something after it.
    """
    found: dict[str, Any] = {}
    units = _units(paragraphs, escaped)
    seen: dict[int, tuple[Credit | None, datetime | None]] = {}

    def read(position: int) -> tuple[Credit | None, datetime | None]:
        """A unit's credit line or dateline, each read once."""
        if position not in seen:
            text = units[position][1]
            credit = _credit(text)
            seen[position] = (credit, parse_date(text) if credit is None else None)
        return seen[position]

    anchor = None
    for position, (number, _text) in enumerate(units[:5]):
        if number in escaped:
            break
        if read(position) != (None, None):
            anchor = position
            break
    if anchor is None:
        return _short_lines(units, paragraphs, escaped, has_front_matter, turns_follow)

    before = _without_kickers([text for _, text in units[:anchor]])
    kept: list[str] = []  # bylines, shown as the lede's first paragraph
    outlet = ""
    end = anchor
    for position in range(anchor, len(units)):
        number, text = units[position]
        if number in escaped:
            break
        credit, published = read(position)
        if published is None and credit is None:
            break
        if credit is not None:
            named, plain, published = credit
            if named and not outlet and (plain or len(before) < 2):
                outlet = named
            if not _OUTLET_DATE.match(text) or BYLINE.match(text):
                kept.append(text)  # a byline's names stay searchable
        if published is not None and "published" not in found:
            found["published"] = published
        end += 1
    after = ""
    if end < len(units) and units[end][0] not in escaped and _looks_like_header(units[end][1]):
        following = units[end + 1][1] if end + 1 < len(units) else ""
        # One short line, then prose: the headline written under the date.
        if (
            following
            and not _looks_like_header(following)
            and (not before or (len(before) == 1 and len(before[0].split()) <= 6))
            and not _CAPTION.search(units[end][1])
        ):
            after = units[end][1]
            end += 1
        elif (
            not before
            and end + 2 < len(units)
            and _looks_like_header(following)
            and not _looks_like_header(units[end + 2][1])
            and not any(_CAPTION.search(units[n][1]) for n in (end, end + 1))
            and units[end + 1][0] not in escaped
        ):
            # The date first, then outlet and headline ("May 5, 2023 / Outlet / Headline").
            before = [units[end][1], units[end + 1][1]]
            end += 2
    if outlet:
        found["outlet"] = outlet
        if len(before) >= 2 and before[0].casefold() in {outlet.casefold()}:
            found["title"], found["extra"] = before[1], before[2:]
        elif before:
            found["title"] = before[-1]  # lines above the headline are the site's menus
        elif after:
            found["title"] = after
    elif len(before) >= 2:
        found["outlet"], found["title"] = before[0], before[1]
        found["extra"] = before[2:]
    elif len(before) == 1 and after:
        found["outlet"], found["title"] = before[0], after
    elif before:
        found["title"] = before[0]
    elif after:
        found["title"] = after
    found["extra"] = [*found.get("extra", []), *kept]
    return found, _lede_start(units, end)


# A section name between the outlet and the headline: "Science", "Conversations",
# "Science | Q&A", "Entrevista". A few words, no digits, no sentence.
_KICKER_PIECES = lazy(r"\s[|·•/]\s")


def _is_kicker(line: str) -> bool:
    if len(line) > 40 or any(c.isdigit() for c in line) or line[-1:] in '.?!:;,"”»':
        return False
    return all(1 <= len(piece.split()) <= 2 for piece in _KICKER_PIECES.split(line))


def _without_kickers(lines: list[str]) -> list[str]:
    """The header lines without the section names between the outlet and the headline.

    Only lines with a headline still below them go: the last line above the
    dateline stays, however short.
    """
    if len(lines) < 3:
        return lines
    middle = [line for line in lines[1:-1] if not _is_kicker(line)]
    return [lines[0], *middle, lines[-1]]


def _lede_start(units: list[tuple[int, str]], end: int) -> int:
    """The paragraph the lede starts at, once ``units[:end]`` are header."""
    if not units:
        return 0
    return units[end][0] if end < len(units) else units[-1][0] + 1


def _short_lines(
    units: list[tuple[int, str]],
    paragraphs: list[str],
    escaped: set[int],
    has_front_matter: bool,
    turns_follow: bool,
) -> tuple[dict[str, Any], int]:
    """No dateline or byline at the top: up to three short lines are outlet and headline."""
    found: dict[str, Any] = {}
    if has_front_matter:
        return found, 0
    header: list[tuple[int, str]] = []
    for number, text in units[:3]:
        if number in escaped or not _looks_like_header(text):
            break
        header.append((number, text))
    last = header[-1][0] if header else -1
    # A header needs something after it; a file of short lines is all lede.
    if last + 1 >= len(paragraphs) and not turns_follow:
        header = []
    lines = _without_kickers([text for _, text in header])
    if len(lines) == 1:
        found["title"] = lines[0]
    elif len(lines) >= 2:
        found["outlet"], found["title"] = lines[0], lines[1]
        found["extra"] = lines[2:]
    return found, _lede_start(units, len(header))


_LAST_PIECE = lazy(r"(?:,|\s[-–—|]|\s\()\s*(?P<date>[^,]{6,40}?)\)?$")


def date_ending(title: str) -> datetime | None:
    """A date that ends a headline after a comma or dash ("Interview of X to Y, 4 March 2024")."""
    found = _LAST_PIECE.search(title) if title[-1:].isdigit() or title.endswith(")") else None
    day = parse_date(found["date"]) if found else None
    return day if day is not None and not date_problem(day) else None


_SENTENCE_END = lazy(r"[.!?。！？](?:\s|$)")


def date_in_lede(lede: str) -> datetime | None:
    """A whole date in the lede's first sentence ("On 4 February 2019, ...", wire datelines).

    Bylines before the lede are passed over; a date later in the lede is
    more likely an event the interview talks about than the day it was given.
    """
    for paragraph in lede.split("\n\n")[:3]:
        if not paragraph.strip() or BYLINE.match(paragraph):
            continue
        head = paragraph[:300]
        stop = _SENTENCE_END.search(head, 12)  # "May. 13th" is not a sentence's end
        found = find_date_in(head[: stop.end()] if stop else head)
        if found is None and stop is not None:
            found = find_date_in(head[: _month_dot_end(head)])
        return found if found is not None and not date_problem(found) else None
    return None


def _month_dot_end(head: str) -> int:
    """Where the first sentence ends when abbreviations ("May.", "Oct.") hold dots."""
    for match in _SENTENCE_END.finditer(head, 12):
        before = head[max(0, match.start() - 4) : match.start()].split()
        if not before or before[-1].rstrip(".").casefold()[:3] not in _ABBREVIATED:
            return match.end()
    return len(head)


_ABBREVIATED = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}


# Wire copy opens with place, date and agency: "PHNOM PENH, Aug. 9 (Four Rivers Wire) -- ".
WIRE_DATELINE = lazy(
    r"^[A-Z][A-Z'’. -]+(?:, [A-Z][A-Za-z'’. -]+)?, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})? "
    r"\((?P<outlet>[^()]{2,60})\) ?(?:--|—|–) ?"
)
