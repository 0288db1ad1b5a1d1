"""Hard-wrapped text read as the paragraphs it was wrapped from.

Wire copy, e-mail, Usenet-style archives, ``fmt``, some PDF-to-text tools and
copies from a terminal break every paragraph into lines of about one width
(72 columns, 60, ...), and Chinese wire copy into lines of a fixed count of
characters. Without blank lines between paragraphs the page loses its
structure; with them, a label or a question still reads, but the turn's
text holds line breaks, and Chinese lines would be joined with a space.

:func:`unwrap` joins such lines back, once, before the parser splits the text
into paragraphs, so every later step sees the lines as if never wrapped. A
wrapper moves a word to the next line only when it does not fit, so a break is
the wrapper's when the line is one of the page's full lines and the next
line's first word would have made it too long. A line that starts a turn (a
``Q:``/``A:``/``问：``/``س:`` label, or after a finished sentence a speaker
label, a dialogue dash or a number) is never joined to the one above.

:func:`letters_rejoined` mends another break a page makes: an Arabic question
or answer letter on a line of its own, its tatweel and words on the next.
"""

from __future__ import annotations

from brreader.lazyre import lazy
from brreader.reading.marks import (
    ANSWER_LABEL,
    NAME_LABEL,
    QUESTION_LABEL,
    SENTENCE_END,
    is_chrome,
    is_furniture,
    is_question,
    is_tool_line,
)

# Wider lines are not a wrapper's (72 and 80 columns are the usual widths; some
# PDF-to-text tools write up to 100). A page with many of them was not wrapped.
MAX_WIDTH = 100
# A wrapped page has at least this many full lines running on to the next line.
_MIN_BREAKS = 2
# Han characters, kana, CJK punctuation and full-width forms: two columns each, and
# Chinese and Japanese text runs on without spaces.
_WIDE = lazy(r"[\u2e80-\u30ff\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
# A new turn whatever the line above ends with: a question or answer label (Latin,
# "问：" / "答：", Arabic "س:" / "ج ـ" / "س1." / "سؤال:"), a bracketed label ("【问】"),
# a timestamp ("[00:01:14]", "(00:04)").
_TURN = lazy(
    r"^(?:[问答][\d０-９]{0,3}\s*[：:]|【|[سج]\s?(?:[:：ـ.]|\d{1,3}\s?[.:：-])|"
    r"(?:سؤال|جواب)\s?[:：]|[\[(]\d{1,2}:\d\d)"
)
# A new turn after a finished sentence: a number ("2.", "3)"), bold markup, a one-letter
# label ("P.", "R -", "Q -"); and a dialogue dash (see :func:`_starts_turn`).
_TURN_AFTER_SENTENCE = lazy(r"^(?:\d{1,3}[.)]\s|\*\*|__|[PRQ](?:\.|\s?[-–—:])\s)")
_DASHES = "—–-"


def _columns(line: str) -> int:
    """How many columns a line takes on a terminal (Han and kana take two)."""
    return len(line) + len(_WIDE.findall(line)) if not line.isascii() else len(line)


def _chinese(line: str) -> bool:
    """A line mostly of Han characters, kana and full-width punctuation."""
    return not line.isascii() and len(_WIDE.findall(line)) * 2 > len(line)


def _starts_turn(line: str, above: str) -> bool:
    """Whether ``line`` starts a turn of its own (or is a page's button or menu line),
    below ``above``."""
    if QUESTION_LABEL.match(line) or ANSWER_LABEL.match(line) or _TURN.match(line):
        return True
    if is_tool_line(line) or is_chrome(line) or is_furniture(line):
        return True
    if not SENTENCE_END.search(above):
        return False
    if line[0] in _DASHES:  # "— Yes.", "–¿Why?": not "– which we did"
        first = line[1:].lstrip()[:1]
        return first.isupper() or (first != "" and first in '¿¡«"“')
    if _TURN_AFTER_SENTENCE.match(line):
        return True
    label = NAME_LABEL.match(line)
    return label is not None and not label["name"][:1].islower()


def _joint(above: str, below: str) -> str:
    """What goes between two wrapped lines: a space, or nothing after a hyphen that ends
    a word ("well-" + "known") and between Chinese characters."""
    last, first = above[-1], below[0]
    if last in "-‐‑–—/" and len(above) > 1 and not above[-2].isspace() and first.isalnum():
        return ""
    if _WIDE.match(last) or _WIDE.match(first):
        return ""
    return " "


def unwrap(lines: list[str]) -> list[str]:
    """``lines`` with each hard-wrapped paragraph's lines joined into one line.

    Lines the wrapper did not break are returned as they were: the common page,
    whose paragraphs are longer than any wrapper's width, is returned at once.
    A page is taken for wrapped when most of its full lines end mid-sentence.
    In a block of lines that are all full but the last, every line runs on (one
    paragraph); in a block with short lines too (paragraphs separated by single
    newlines), only a full line that ends mid-sentence runs on: one that ends a
    sentence may end its paragraph.
    """
    if len(lines) < 3:
        return lines
    allowed = len(lines) // 10  # wider lines (a url, a table) in a wrapped page
    for line in lines:  # most pages stop here after a few paragraphs
        if len(line) > MAX_WIDTH:
            allowed -= 1
            if allowed < 0:
                return lines
    ends = [line.rstrip() for line in lines]
    columns = [_columns(line) for line in ends]  # indentation counts
    width = max((n for n in columns if n <= MAX_WIDTH), default=0)
    if width < 30:
        return lines
    stripped = [line.lstrip() for line in ends]
    han_width = max((len(line) for line in stripped if _chinese(line)), default=0)
    kinds = [
        _kind(ends[n], columns[n], stripped[n + 1], width, han_width) if stripped[n + 1] else 0
        for n in range(len(lines) - 1)
    ]
    ended = [kind > 0 and SENTENCE_END.search(ends[n]) is not None for n, kind in enumerate(kinds)]
    # Chinese lines of one count of characters end wherever the count does.
    mid = sum(1 for n, kind in enumerate(kinds) if kind == _COUNTED or (kind and not ended[n]))
    if mid < _MIN_BREAKS or mid * 2 < sum(1 for kind in kinds if kind):
        return lines
    breaks: list[int] = []
    start = 0
    for end in range(len(lines) + 1):
        if end < len(lines) and stripped[end]:
            continue
        if end - start >= 2:  # a block: lines start .. end - 1
            breaks += _breaks(range(start, end - 1), kinds, ended, stripped, ends)
        start = end + 1
    return _joined(lines, set(breaks))


def _joined(lines: list[str], breaks: set[int]) -> list[str]:
    """``lines`` with each line number in ``breaks`` run on into the next (in one pass:
    a file of a million wrapped lines is joined in linear time)."""
    joined: list[str] = []
    pieces: list[str] = []
    for number, line in enumerate(lines):
        if number - 1 in breaks:
            below = line.strip()
            pieces += (_joint(pieces[-1], below), below)
        else:
            pieces = [line.rstrip()] if number in breaks else [line]
        if number not in breaks:
            joined.append(pieces[0] if len(pieces) == 1 else "".join(pieces))
    return joined


def _breaks(
    inside: range, kinds: list[int], ended: list[bool], stripped: list[str], ends: list[str]
) -> list[int]:
    """Where the lines of one block (its breaks ``inside``) run on.

    A block whose every line but the last is full (or, with two breaks or more, long)
    is one paragraph. In a block of paragraphs separated by single newlines, a full
    line runs on when it ends mid-sentence, and when the block's paragraphs start with
    a dash or a label (dialogue, a transcript) and the next line starts with neither;
    any line runs on into a line that starts in lower case, unless it ends a sentence
    and is short (an even wrapper such as ``fmt`` leaves short lines too).
    """
    if all(kinds[n] for n in inside) and (len(inside) >= 2 or kinds[inside[0]] >= _FULL):
        return [n for n in inside if not _starts_turn(stripped[n + 1], ends[n])]
    starts = [stripped[inside[0]], *(stripped[n + 1] for n in inside if not kinds[n])]
    marked = sum(1 for line in starts if _marked(line))
    dialogue = len(starts) >= 3 and marked * 3 >= len(starts) * 2
    return [
        n
        for n in inside
        if (
            (kinds[n] >= _FULL and (not ended[n] or (dialogue and not _marked(stripped[n + 1]))))
            or (stripped[n + 1][0].islower() and (kinds[n] or not SENTENCE_END.search(ends[n])))
        )
        and not _starts_turn(stripped[n + 1], ends[n])
    ]


def _marked(line: str) -> bool:
    """A line that starts with a dialogue dash or a speaker's or question's label."""
    if line[0] in _DASHES or QUESTION_LABEL.match(line) or ANSWER_LABEL.match(line):
        return True
    return _TURN.match(line) is not None or NAME_LABEL.match(line) is not None


# How a line ends (see :func:`_kind`).
_COUNTED, _FULL, _LONG = 3, 2, 1


def _kind(line: str, columns: int, below: str, width: int, han_width: int) -> int:
    """Whether the wrapper broke ``line``: it is full, the next word would not have fit
    (``_FULL``, and ``_COUNTED`` for a Chinese line of the page's most characters); or it
    is long, as a wrapper that evens out its lines (``fmt``) leaves it,
    and does not end a question (``_LONG``); else 0."""
    if columns > width or columns * 2 < width:
        return 0
    if _chinese(line):
        if han_width in (len(line), len(line.lstrip())):  # "\u3000\u3000" may indent the first
            return _COUNTED
        return _FULL if columns >= width - 1 else 0
    space = below.find(" ")
    word = below if space < 0 else below[:space]
    if columns + 1 + _columns(word) > width:
        return _FULL
    return _LONG if columns * 5 >= width * 4 and not is_question(line) else 0


# "س" or "ج" (perhaps numbered) alone on a line: the label a page broke off its tatweel.
_LETTER_ALONE = lazy(r"^[سج]\d{0,3}$")


def letters_rejoined(lines: list[str]) -> list[str]:
    """An Arabic label alone on its line ("س", "ج1") put back before the tatweel that
    starts the next line ("ـ كيف ..."), a blank line between them or not: "س ـ كيف ..."."""
    joined: list[str] = []
    skip = 0
    for number, line in enumerate(lines):
        if number < skip:
            continue
        letter = line.strip()
        if len(letter) <= 4 and _LETTER_ALONE.match(letter):
            below = (
                number + 1 if number + 1 < len(lines) and lines[number + 1].strip() else number + 2
            )
            if below < len(lines) and lines[below].lstrip().startswith("ـ"):
                joined.append(letter + " " + lines[below].strip())
                skip = below + 1
                continue
        joined.append(line)
    return joined
