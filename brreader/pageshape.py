"""What real interview pages say in shapes trafilatura's Markdown does not carry over.

:mod:`brreader.extract` hands a saved page to trafilatura and reads its
Markdown. Some things a careful reader sees on real pages get lost or
garbled on the way, and are put right here, each by its shape, never by a
site's name:

- the time of day of the publication, which trafilatura drops: taken from
  ``<time datetime>``, ``article:published_time``, JSON-LD ``datePublished``
  or a visible "2024-05-21 09:42" line on the same day, as the page wrote it;
- an interview record's table ("Narrator | ...", "Interviewer | ...", "Date |
  ..."), which reaches Markdown as one run-on line of pipes: read back as
  ``Key: value`` lines, the fields the parser knows;
- the dialogue dash that opens each turn in Russian and French interviews
  ("— Pourquoi ... ?"), which is punctuation, not part of the question;
- closing lines that are not the interviewee's words: a Chinese page's
  "（责任编辑：...）", a caption "图为...", "[END OF INTERVIEW]".
"""

from __future__ import annotations

import re
from datetime import datetime

# Where a page's head states when it was published, besides <time datetime>.
_STAMPS = (
    "//time/@datetime",
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @itemprop='datePublished' or @name='pubdate' or @name='publishdate']/@content",
)
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')


def with_time(day: str | None, data: bytes) -> str | None:
    """The page's date (``YYYY-MM-DD HH:MM``) with its time of day when the page gives one.

    trafilatura keeps only the day of ``<time>`` elements and of most meta
    dates. The time is taken as the page wrote it (its own local time, the
    zone dropped), from the first stamp on the same day, else from visible
    text that writes that day followed by a time ("时间：2024-05-21 09:42",
    "2023年11月08日 07:30").
    """
    if not day or not day.endswith(" 00:00"):
        return day
    import lxml.html  # installed with trafilatura

    try:
        tree = lxml.html.fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return day
    stamps = [str(s) for path in _STAMPS for s in tree.xpath(path)]
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        stamps += _LD_PUBLISHED.findall(str(script)[:1_000_000])
    for stamp in stamps:
        try:
            found = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        if found.date().isoformat() == day[:10] and (found.hour or found.minute):
            return f"{day[:10]} {found:%H:%M}"
    return _time_in_text(day, tree.text_content()[:500_000])


def _time_in_text(day: str, text: str) -> str:
    year, month, date = day[:4], day[5:7], day[8:10]
    spelled = (
        rf"{year}-{month}-{date}",
        rf"{year}/{month}/{date}",
        rf"{year}年0?{int(month)}月0?{int(date)}日",
    )
    found = re.search(rf"(?:{'|'.join(spelled)})[\s\u3000]*([01]?\d|2[0-3])[:：]([0-5]\d)", text)
    if found is None:
        return day
    return f"{day[:10]} {int(found[1]):02d}:{found[2]}"


# A Markdown table of two columns, as trafilatura writes an HTML <table> of <th>/<td> rows.
_ROW = re.compile(r"^\|\s*([^|]{1,60}?)\s*\|\s*([^|]*?)\s*\|$")
_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")


def table_fields(lines: list[str]) -> list[str] | None:
    """A two-column table's rows as ``Key: value`` lines, or None when it is not one.

    An oral-history record or a podcast's episode details is such a table;
    as a run-on line of pipes its narrator and date were lost to the parser.
    """
    rows = [line.strip() for line in lines if line.strip() and not _RULE.match(line.strip())]
    if len(rows) < 2:
        return None
    fields = []
    for row in rows:
        found = _ROW.match(row)
        if found is None or not found[1] or not any(c.isalpha() for c in found[1]):
            return None
        if found[2]:
            fields.append(f"{found[1].rstrip(':：')}: {found[2]}")
    return fields


_DIALOGUE_DASH = re.compile(r"^[—–―]\s*(?=\S)")


def undash(text: str) -> str:
    """A turn without the dialogue dash that opens it ("— Pourquoi ... ?" -> "Pourquoi ... ?")."""
    return _DIALOGUE_DASH.sub("", text, count=1)


def dashed(text: str) -> bool:
    return _DIALOGUE_DASH.match(text) is not None


# Closing lines of a page's body that nobody in the interview said.
CLOSING = re.compile(
    r"^(?:[（(](?:责任编辑|責任編輯|编辑|編輯|校对|审核)[：:][^（）()]{1,40}[）)]"
    r"|(?:图为|圖為|图片来源|圖片來源)[^。]{0,80}。?(?:[（(][^（）()]{1,20}[）)])?"
    r"|\[(?:end of (?:interview|transcript|recording))\]"
    r"|\((?:additional )?(?:reporting|writing|editing) by [^()]*\))$",
    re.IGNORECASE,
)
