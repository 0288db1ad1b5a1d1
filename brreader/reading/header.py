"""Outlet, headline and dateline: the short lines a news page puts above the lede.

Also the wire-copy opening ("PHNOM PENH, Aug. 9 (Four Rivers Wire) -- "),
which names the outlet inside the lede.
"""

from __future__ import annotations

import re
from typing import Any

from brreader.dates import parse_date
from brreader.lazyre import lazy


def _looks_like_header(paragraph: str) -> bool:
    return len(paragraph) <= 150 and not re.search(r"[.?!:;,\"”]$", paragraph)


# "By MARA QUILL | ...", "Par Jeanne ...", "Автор: ..."; not a headline such as "By 2030, ...".
BYLINE = lazy(r"^(?:By|BY|Par|Por|Von|Автор:?|Текст:?)\s+(?!The\b|A\b|An\b)[A-ZÀ-ÖØ-ÞА-ЯЁ]")
_CRUMB_SEPARATOR = lazy(r"\s(?:/|>|»|›)\s")
_HOME = lazy(r"^(?:home|главная|首页|accueil|inicio|الرئيسية)\b", re.IGNORECASE)


def is_chrome(paragraph: str) -> bool:
    """A site's breadcrumb or menu line saved with the page ("Home / World / Science")."""
    if len(paragraph) > 120 or re.search(r"[.?!:;,]$", paragraph):
        return False
    separators = len(_CRUMB_SEPARATOR.findall(paragraph))
    if separators >= 2:
        return True
    return separators == 1 and (paragraph.isupper() or _HOME.match(paragraph) is not None)


def split_header(
    paragraphs: list[str], escaped: set[int], has_front_matter: bool, turns_follow: bool = False
) -> tuple[dict[str, Any], int]:
    """Find outlet, title and dateline at the top; return them and where the lede starts.

    ``turns_follow``: learned speaker labels come after these paragraphs, so a
    header of short lines has something after it.
    """
    found: dict[str, Any] = {}
    # Breadcrumbs and menus above the headline are neither outlet nor title, nor
    # part of the interview: they are left out (the lede starts after the header).
    chrome = {n for n, p in enumerate(paragraphs[:4]) if n not in escaped and is_chrome(p)}
    if chrome:
        kept = [n for n in range(len(paragraphs)) if n not in chrome]
        found, start = split_header(
            [paragraphs[n] for n in kept],
            {i for i, n in enumerate(kept) if n in escaped},
            has_front_matter,
            turns_follow,
        )
        return found, kept[start] if start < len(kept) else len(paragraphs)
    for position, paragraph in enumerate(paragraphs[:5]):
        published = None if position in escaped else parse_date(paragraph)
        if published is not None:
            before = paragraphs[:position]
            found["published"] = published
            if len(before) == 1:
                found["title"] = before[0]
            elif len(before) >= 2:
                found["outlet"], found["title"] = before[0], before[1]
                found["extra"] = before[2:]
            return found, position + 1
    if has_front_matter:
        return found, 0
    header = []
    for paragraph in paragraphs[:3]:
        if not _looks_like_header(paragraph) or BYLINE.match(paragraph):
            break  # a byline ends the header: it is neither outlet nor title
        header.append(paragraph)
    # A header needs something after it; a file of short lines is all lede.
    if len(header) == len(paragraphs) and not turns_follow:
        header = header[:0]
    if len(header) == 1:
        found["title"] = header[0]
    elif len(header) >= 2:
        found["outlet"], found["title"] = header[0], header[1]
        found["extra"] = header[2:]
    return found, len(header)


# Wire copy opens with place, date and agency: "PHNOM PENH, Aug. 9 (Four Rivers Wire) -- ".
WIRE_DATELINE = lazy(
    r"^[A-Z][A-Z'’. -]+(?:, [A-Z][A-Za-z'’. -]+)?, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})? "
    r"\((?P<outlet>[^()]{2,60})\) ?(?:--|—|–) ?"
)
