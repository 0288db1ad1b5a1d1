"""The small marks the parser reads structure from: labels, question marks, escapes.

Shared by every room of :mod:`brreader.reading` and re-exported by
:mod:`brreader.parse`, whose names other modules and users' scripts import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from brreader.dates import parse_date
from brreader.lazyre import lazy

# Far above any real interview or oral history (a long one has a few hundred);
# past it, the rest of the text is kept as the last answer, which bounds the
# cost of parsing and indexing a hostile or runaway file.
MAX_PAIRS = 5_000

# "Q1:" / "A1:": a ministry's written interview numbers its labels.
QUESTION_LABEL = lazy(
    r"^(?:\*\*|__)?(?:(?:q|question)(?:\s?\d{1,3})?|reporter|interviewer)(?:\*\*|__)?"
    r"\s*[:：](?:\*\*|__)?\s*",
    re.IGNORECASE,
)
ANSWER_LABEL = lazy(
    r"^(?:\*\*|__)?(?:a|answer)(?:\s?\d{1,3})?(?:\*\*|__)?\s*[:：](?:\*\*|__)?\s*", re.IGNORECASE
)
# A speaker label such as "Dara Kheng:" (one to four capitalised words).
NAME_LABEL = lazy(
    r"^(?:\*\*|__)?(?P<name>[^\W\d_][\w.'’-]*(?:[ \u00a0][^\W\d_][\w.'’-]*){0,3})(?:\*\*|__)?"
    r"\s*[:：](?:\*\*|__)?\s+(?=\S)"
)
NOT_SPEAKERS = {
    "source", "note", "editor", "editor's note", "editor’s note", "photo", "update", "updated",
    "related", "tags", "title", "url", "date", "published", "by", "contact", "read more",
    "sources", "references", "notes", "caption", "photos", "video", "see also", "tel", "email",
    "e-mail", "phone", "fax", "web", "website", "time", "place", "venue", "location", "http",
    "https", "来源", "编辑", "责任编辑", "источник", "фото", "source :", "fuente", "foto",
    "photo credit", "image credit", "credit", "credits", "image", "topics", "subject",
}  # fmt: skip
SOURCE_LINE = lazy(r"^source\s*[:：]\s*(?P<source>.+?)\s*$", re.IGNORECASE)
# "?", the full-width "？" and the Arabic "؟"; closing quotes and markup may follow.
_QUESTION_END = lazy(r"[?？؟][\"'”’»)\]*_]*$")


def is_question(paragraph: str) -> bool:
    """A bare paragraph is a question when it ends with a question mark (closing quotes allowed)."""
    return bool(_QUESTION_END.search(paragraph))


def has_question_label(line: str) -> bool:
    """Whether a line starts with a question label (``Q:``, ``Question:``, ``Reporter:`` …)."""
    return bool(QUESTION_LABEL.match(line))


def reads_as_structure(line: str) -> bool:
    """Whether a line, as written, would be taken for a label, a source line or a dateline."""
    return bool(
        QUESTION_LABEL.match(line)
        or ANSWER_LABEL.match(line)
        or NAME_LABEL.match(line)
        or SOURCE_LINE.match(line)
        or parse_date(line)
    )


def _plain_mark(rest: str, asks: bool) -> bool:
    """Whether a backslash before ``rest`` (a line after its backslashes) marks it as text:
    it would read as structure, or (``asks``) it ends in "?". Only when a letter or mark
    follows the backslash: "\\ Why?" is a backslash, a space and the rest, as written."""
    if not rest or rest[0].isspace():
        return False
    return reads_as_structure(rest) or (asks and is_question(rest))


def unescape(line: str) -> str:
    """Drop the backslash that marks a structure-looking line (or one that asks) as plain text."""
    if line.startswith("\\") and _plain_mark(line.lstrip("\\"), True):
        return line[1:]
    return line


def escape(line: str) -> str:
    """The inverse of :func:`unescape`: mark a line that would read as structure (or that
    :func:`unescape` would otherwise take a backslash from)."""
    rest = line.lstrip("\\")
    return "\\" + line if _plain_mark(rest, rest != line) else line


def escape_asking(line: str) -> str:
    """:func:`escape`, and a line ending in "?" marked too: in an article with no pairs
    such a paragraph is lede text, which a bare "?" would otherwise make a question."""
    return "\\" + line if _plain_mark(line.lstrip("\\"), True) else line


def paragraphs(lines: Iterable[str], *, by_line: bool = False) -> tuple[list[str], set[int]]:
    """Group lines into paragraphs separated by blank lines (NBSP-only lines are blank).

    With ``by_line`` every line is a paragraph (text copied without blank
    lines). Also returns the positions of paragraphs whose first line was
    escaped, which therefore cannot be a dateline.
    """
    found: list[str] = []
    escaped: set[int] = set()
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped:
            plain = unescape(stripped) if stripped[0] == "\\" else stripped
            if not current and plain != stripped:
                escaped.add(len(found))
            current.append(plain)
            if not by_line:
                continue
        if len(current) == 1:  # the usual paragraph, one line: no call
            found.append(current[0])
        elif current:
            _close(current, found)
        current = []
    _close(current, found)
    return found, escaped


def _close(block: list[str], found: list[str]) -> None:
    """Add a block's paragraphs: one, or one per line when it was written so."""
    if len(block) == 1:
        found.append(block[0])
    elif len(block) >= 2 and (_lines_of_block(block) or (not found and _header_lines(block))):
        found.extend(block)
    elif block:
        found.append(" ".join(block))


def _header_lines(block: list[str]) -> bool:
    """The page's first lines, each a name or a heading ("Ministry of X" / "Press Office").

    Hard-wrapped prose runs on from line to line; these lines are short, start
    with a capital and end without punctuation.
    """
    return len(block) <= 4 and all(
        len(line) <= 60 and not line[:1].islower() and line[-1:] not in ".,;:!?-–—"
        for line in block
    )


def _lines_of_block(block: list[str]) -> bool:
    """A block of lines that are each a paragraph: a question on a line of its own among them.

    Hard-wrapped prose ends most lines mid-sentence, and has no line ending in "?"
    followed by more text; a page copied with single newlines has both. So
    does a block of a saved page's menus or share buttons ("Share", "Home / World").
    """
    if len(block) <= 12 and all(len(line) <= 120 for line in block):
        if any(is_chrome(line) or is_tool_line(line) for line in block):
            return True
        # "Narrator: ...", "Interviewer: ...", "Date of interview: ...": a record's fields.
        if all(_KEY_VALUE.match(line) for line in block):
            return True
    if not any(is_question(line) for line in block[:-1]):
        return False
    ended = sum(1 for line in block if SENTENCE_END.search(line))
    return ended * 3 >= len(block) * 2


# A line that ends a sentence (or a label, a quotation, a bracket).
SENTENCE_END = lazy(r"[.?!。？！؟:：;\"”»)…]$")
_KEY_VALUE = lazy(r"^[^\W\d_][^:：]{0,31}[:：]\s*\S")


def lines_are_paragraphs(lines: list[str]) -> bool:
    """Whether text without a single blank line was written one paragraph per line.

    Hard-wrapped prose breaks lines mid-sentence; a page copied without blank
    lines ends most lines with a sentence. Only then is each line a paragraph.
    """
    filled = [line.strip() for line in lines]
    while filled and not filled[-1]:
        filled.pop()
    start = next((n for n, line in enumerate(filled) if line), len(filled))
    filled = filled[start:]
    if len(filled) < 4 or not all(filled):
        return False
    long = [line for line in filled if len(line) > 40]
    if len(long) < 2:
        return False
    ended = sum(1 for line in long if SENTENCE_END.search(line))
    return ended * 3 >= len(long) * 2


_CRUMB_SEPARATOR = lazy(r"\s(?:/|>|»|›)\s")
_CRUMB_MARKS = ("/", ">", "»", "›")
_HOME = lazy(r"^(?:home|главная|首页|accueil|inicio|الرئيسية)\b", re.IGNORECASE)


def is_chrome(paragraph: str) -> bool:
    """A site's breadcrumb or menu line saved with the page ("Home / World / Science")."""
    if len(paragraph) > 120 or not any(mark in paragraph for mark in _CRUMB_MARKS):
        return False
    if paragraph[-1:] in ".?!:;,":
        return False
    separators = len(_CRUMB_SEPARATOR.findall(paragraph))
    if separators >= 2:
        return True
    return separators == 1 and (paragraph.isupper() or _HOME.match(paragraph) is not None)


# Share buttons and tools saved with the page: "Share", "Share - WeChat", "Print", "A+ A-".
_TOOL_WORDS = frozenset(
    """share tweet print email e mail facebook twitter x wechat weibo linkedin whatsapp
    telegram copy link save listen comment comments font size a reddit pinterest
    分享 打印 收藏 评论 字号 поделиться печать версия для partager imprimer compartir
    imprimir""".split()
)
_TOOL_SEPARATOR = r"[\s\-–—|:/+·•]+"
_TOOL_PIECES = lazy(_TOOL_SEPARATOR)
_TOOL_WORD = "|".join(sorted(map(re.escape, _TOOL_WORDS), key=len, reverse=True))
# The whole line made of tool words: one match, which fails at once on ordinary text.
_TOOL_LINE = lazy(
    rf"(?i:{_TOOL_SEPARATOR})?(?i:{_TOOL_WORD})(?:(?i:{_TOOL_SEPARATOR})(?i:{_TOOL_WORD}))*"
    rf"(?i:{_TOOL_SEPARATOR})?"
)


_SEPARATOR_MARKS = frozenset("-–—|:/+·•")  # _TOOL_SEPARATOR's characters besides spaces


def _first_piece(line: str) -> str:
    """The line's first run of characters between tool separators (``_TOOL_SEPARATOR``)."""
    start, end = 0, len(line)
    while start < end and (line[start].isspace() or line[start] in _SEPARATOR_MARKS):
        start += 1
    stop = start
    while stop < end and not (line[stop].isspace() or line[stop] in _SEPARATOR_MARKS):
        stop += 1
    return line[start:stop]


def is_tool_line(line: str) -> bool:
    """A line of share buttons or page tools ("Share - WeChat", "Print | Email").

    At least one real tool word ("Share", "Print", "分享"): a headline "E" or
    "X" is not a button, though "e" and "x" are parts of "e-mail" and "X (Twitter)".
    """
    if len(line) > 60:
        return False
    # The whole line is tool words between separators, so its first piece is one: an
    # ASCII piece that is not rules the line out without compiling the pattern (about
    # 5 ms, for nearly every article's short lines).
    first = _first_piece(line)
    if first.isascii() and first.lower() not in _TOOL_WORDS:
        return False
    if _TOOL_LINE.fullmatch(line) is None:
        return False
    return any(len(word) >= 4 or not word.isascii() for word in _TOOL_PIECES.split(line))


# A saved page's furniture between the paragraphs: an audio player ("Listen to this
# article · 7 min"), a reading time, an advertisement's label. Never a turn.
_FURNITURE = lazy(
    r"^(?i:listen to (?:this|the) (?:article|story|interview)\b.*|\d{1,3}\s?min(?:ute)?s?\s"
    r"(?:read|listen)|reading time\b.*|advertisement|advertising|sponsored|ad|"
    r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|"
    r"écouter (?:cet |l['’])article\b.*|publicité|escuchar (?:esta |la )?(?:noticia|nota|"
    r"entrevista)\b.*|publicidad|прослушать\b.*|слушать (?:статью|новость)\b.*|реклама|"
    r"广告|听新闻|收听本文|إعلان|استمع إلى (?:المقال|الخبر)\b.*)\s*$"
)


# How such lines start (lower case): most paragraphs are ruled out without the pattern.
_FURNITURE_STARTS = frozenset("li ad sp st ar re éc pu es пр сл ре 广告 听新 收听 إع اس".split())


def is_furniture(line: str) -> bool:
    """A line of page furniture saved with the text (an audio player, "Advertisement")."""
    if len(line) > 60 or not (line[:1].isdigit() or line[:2].lower() in _FURNITURE_STARTS):
        return False
    return _FURNITURE.match(line) is not None
