"""Turn the text of an interview file into an :class:`~brreader.model.Article`.

One progressive format, so users can keep what they copied from a news site
and add structure only where the heuristics guess wrong:

1. Plain text in the shape news sites publish: outlet, headline, dateline,
   lede, then bare questions (paragraphs ending in "?") each followed by
   answer paragraphs, and an optional trailing ``Source: X`` line.
2. Labelled transcripts: ``Q:`` / ``Question:`` / ``Reporter:`` /
   ``Interviewer:`` start questions; ``A:`` / ``Answer:`` / the interviewee's
   name start answers. As soon as a file has a question label, labels decide
   and the "?" heuristic is off.
3. Optional YAML front matter whose keys override what the heuristics found
   (read by :mod:`brreader.frontmatter`). A key that is present but empty
   (``interviewee:``) means "none": brreader stops guessing that field.

A line that would read as structure (a label, a ``Source:`` line, a bare
dateline) but is meant as text starts with a backslash, which is dropped:
``\\Q: is a letter`` is the text "Q: is a letter". :mod:`brreader.canonical`
writes such lines that way, so every article survives a write and a re-read.

No I/O happens here except :func:`decode`, which only turns bytes into text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from brreader.dates import date_problem, parse_date
from brreader.frontmatter import day_label, front_matter_fields, split_front_matter
from brreader.model import Article, ParseResult, QAPair
from brreader.textsafe import clean, clean_line

# ---------------------------------------------------------------------------
# bytes -> text


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes: UTF-8 (with or without BOM), else cp1252 with a warning."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        warning = (
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "read as Windows-1252, save the file as UTF-8 to silence this"
        )
        return data.decode("cp1252", errors="replace"), [warning]


def normalize(text: str) -> str:
    """Unify line endings, drop a BOM and control characters, expand tabs to spaces.

    Text is also put in Unicode NFC form, as queries are, so a word typed
    with combining accents finds the same word written precomposed.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return clean(text).replace("\t", " ")


# ---------------------------------------------------------------------------
# body structure

# Far above any real interview or oral history (a long one has a few hundred);
# past it, the rest of the text is kept as the last answer, which bounds the
# cost of parsing and indexing a hostile or runaway file.
MAX_PAIRS = 5_000

_QUESTION_LABEL = re.compile(
    r"^(?:\*\*|__)?(?:q|question|reporter|interviewer)(?:\*\*|__)?\s*[:：](?:\*\*|__)?\s*",
    re.IGNORECASE,
)
_ANSWER_LABEL = re.compile(
    r"^(?:\*\*|__)?(?:a|answer)(?:\*\*|__)?\s*[:：](?:\*\*|__)?\s*", re.IGNORECASE
)
# A speaker label such as "Dara Kheng:" (one to four capitalised words).
_NAME_LABEL = re.compile(
    r"^(?:\*\*|__)?(?P<name>[^\W\d_][\w.'’-]*(?:[ \u00a0][^\W\d_][\w.'’-]*){0,3})(?:\*\*|__)?"
    r"\s*[:：](?:\*\*|__)?\s+(?=\S)"
)
_NOT_SPEAKERS = {
    "source", "note", "editor", "editor's note", "editor’s note", "photo", "update", "updated",
    "related", "tags", "title", "url", "date", "published", "by", "contact", "read more",
}  # fmt: skip
_SOURCE_LINE = re.compile(r"^source\s*[:：]\s*(?P<source>.+?)\s*$", re.IGNORECASE)
_QUESTION_END = re.compile(r"[?？][\"'”’)\]*_]*$")


def is_question(paragraph: str) -> bool:
    """A bare paragraph is a question when it ends with a question mark (closing quotes allowed)."""
    return bool(_QUESTION_END.search(paragraph))


def has_question_label(line: str) -> bool:
    """Whether a line starts with a question label (``Q:``, ``Question:``, ``Reporter:`` …)."""
    return bool(_QUESTION_LABEL.match(line))


def reads_as_structure(line: str) -> bool:
    """Whether a line, as written, would be taken for a label, a source line or a dateline."""
    return bool(
        _QUESTION_LABEL.match(line)
        or _ANSWER_LABEL.match(line)
        or _NAME_LABEL.match(line)
        or _SOURCE_LINE.match(line)
        or parse_date(line)
    )


def unescape(line: str) -> str:
    """Drop the backslash that marks a structure-looking line as plain text."""
    if line.startswith("\\") and reads_as_structure(line.lstrip("\\")):
        return line[1:]
    return line


def escape(line: str) -> str:
    """The inverse of :func:`unescape`: mark a line that would read as structure."""
    return "\\" + line if reads_as_structure(line.lstrip("\\")) else line


def _paragraphs(lines: Iterable[str]) -> tuple[list[str], set[int]]:
    """Group lines into paragraphs separated by blank lines (NBSP-only lines are blank).

    Also returns the positions of paragraphs whose first line was escaped,
    which therefore cannot be a dateline.
    """
    paragraphs: list[str] = []
    escaped: set[int] = set()
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped:
            plain = unescape(stripped)
            if not current and plain != stripped:
                escaped.add(len(paragraphs))
            current.append(plain)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs, escaped


def _looks_like_header(paragraph: str) -> bool:
    return len(paragraph) <= 150 and not re.search(r"[.?!:;,\"”]$", paragraph)


def _split_header(
    paragraphs: list[str], escaped: set[int], has_front_matter: bool
) -> tuple[dict[str, Any], int]:
    """Find outlet, title and dateline at the top; return them and where the lede starts."""
    found: dict[str, Any] = {}
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
        if not _looks_like_header(paragraph):
            break
        header.append(paragraph)
    # A header needs something after it; a file of short lines is all lede.
    if len(header) == len(paragraphs):
        header = header[:0]
    if len(header) == 1:
        found["title"] = header[0]
    elif len(header) >= 2:
        found["outlet"], found["title"] = header[0], header[1]
        found["extra"] = header[2:]
    return found, len(header)


# Wire copy opens with place, date and agency: "PHNOM PENH, Aug. 9 (Four Rivers Wire) -- ".
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z'’. -]+(?:, [A-Z][A-Za-z'’. -]+)?, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})? "
    r"\((?P<outlet>[^()]{2,60})\) ?(?:--|—|–) ?"
)

_HONORIFICS = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "dame", "sir", "madam"}
_PARTICLES = {
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den",
    "bin", "binti", "al", "el", "la", "le", "ibn", "ben", "y", "e", "ter", "ten",
}  # fmt: skip
_NOT_NAME_START = {
    "in", "the", "a", "an", "at", "on", "as", "during", "when", "after", "before", "speaking",
    "according", "this", "that", "these", "those", "it", "he", "she", "they", "we", "our",
    "for", "with", "from", "since", "while", "ahead", "following", "last", "next", "today",
    "recently", "how", "what", "why", "over", "under", "across", "amid", "by", "if",
}  # fmt: skip


def leading_name(lede: str) -> str:
    """The proper name a lede opens with ("Dara Kheng, a hydrologist, ..." -> "Dara Kheng")."""
    tokens: list[str] = []
    words = lede.split()
    while words and words[0].rstrip(".").lower() in _HONORIFICS:
        words = words[1:]
    for word in words[:8]:
        core = word.rstrip(",;:")
        ends_here = core != word
        for possessive in ("'s", "’s"):
            if core.endswith(possessive):
                core, ends_here = core[: -len(possessive)], True
        if not core or not core[0].isalpha():
            break
        if core[0].isupper():
            tokens.append(core)
        elif tokens and core in _PARTICLES:
            tokens.append(core)
        else:
            break
        if ends_here:
            break
    while tokens and tokens[-1] in _PARTICLES:
        tokens.pop()
    if len(tokens) < 2 or len(tokens) > 5 or tokens[0].lower() in _NOT_NAME_START:
        return ""
    if any(token.isupper() and len(token) > 1 for token in tokens):
        return ""  # "UNESCO Director ..." is an organisation, not a person
    return " ".join(tokens)


def _pairs_by_question_marks(paragraphs: list[str]) -> tuple[list[str], list[QAPair], bool]:
    """Split ``lede + Q/A`` paragraphs with the "?" heuristic; True if MAX_PAIRS cut it short."""
    lede: list[str] = []
    capped = False
    pairs: list[tuple[list[str], list[str]]] = []
    for number, paragraph in enumerate(paragraphs):
        if is_question(paragraph):
            if pairs and not pairs[-1][1]:
                pairs[-1][0].append(paragraph)  # a question that runs over two paragraphs
            elif len(pairs) >= MAX_PAIRS:
                pairs[-1][1].extend(paragraphs[number:])  # the rest stays searchable text
                capped = True
                break
            else:
                pairs.append(([paragraph], []))
        elif pairs:
            pairs[-1][1].append(paragraph)
        else:
            lede.append(paragraph)
    return lede, [QAPair("\n\n".join(q), "\n\n".join(a)) for q, a in pairs], capped


def _answer_labels(lines: list[str], interviewee: str) -> set[str]:
    """Speaker labels that mark answers: the interviewee's name, or a name used repeatedly."""
    name_tokens = {token.lower() for token in interviewee.split()}
    counts: Counter[str] = Counter()
    for line in lines:
        match = _NAME_LABEL.match(line)
        if match and not _QUESTION_LABEL.match(line) and not _ANSWER_LABEL.match(line):
            counts[match.group("name")] += 1
    labels = set()
    for name, count in counts.items():
        lowered = name.lower()
        if lowered in _NOT_SPEAKERS:
            continue
        tokens = set(lowered.split())
        if (name_tokens and tokens <= name_tokens) or count >= 2:
            labels.add(name)
    return labels


def _within_pair_cap(lines: list[str]) -> tuple[list[str], list[str]]:
    """A labelled transcript cut before its question label number MAX_PAIRS + 1, and the rest."""
    count = 0
    for number, line in enumerate(lines):
        if _QUESTION_LABEL.match(line.strip()):
            count += 1
            if count > MAX_PAIRS:
                return lines[:number], lines[number:]
    return lines, []


def _pairs_by_labels(lines: list[str], interviewee: str) -> list[QAPair]:
    """Split a labelled transcript (starting at its first question label) into pairs."""
    speakers = _answer_labels(lines, interviewee)
    has_answer_labels = any(_answer_label(line, speakers) is not None for line in lines)
    pairs: list[tuple[list[str], list[str]]] = []
    in_answer = False
    current: list[str] = []  # lines of the paragraph being read

    def flush() -> None:
        if current and pairs:
            text = " ".join(part for part in current if part)
            (pairs[-1][1] if in_answer else pairs[-1][0]).append(text)
        current.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            if pairs and pairs[-1][0] and not has_answer_labels:
                in_answer = True  # no answer labels at all: what follows a question answers it
            continue
        question = _QUESTION_LABEL.match(line)
        answer = None if question else _answer_label(line, speakers)
        if question:
            flush()
            pairs.append(([], []))
            in_answer = False
            current.append(line[question.end() :])
        elif answer is not None:
            flush()
            in_answer = True
            current.append(answer)
        else:
            current.append(unescape(line))
    flush()
    return [
        QAPair("\n\n".join(p for p in q if p), "\n\n".join(p for p in a if p)) for q, a in pairs
    ]


def _answer_label(line: str, speakers: set[str]) -> str | None:
    """The text after an answer label, or None when the line does not start with one."""
    match = _ANSWER_LABEL.match(line)
    if match:
        return line[match.end() :]
    match = _NAME_LABEL.match(line)
    if match and match.group("name") in speakers:
        return line[match.end() :]
    return None


# ---------------------------------------------------------------------------
# the whole article


def parse_article(text: str, *, id: str, path: str) -> ParseResult:
    """Parse one article file's text. Never raises on odd input; problems become warnings."""
    warnings: list[str] = []
    text = normalize(text)
    yaml_text, body = split_front_matter(text)
    meta, bad_date = front_matter_fields(yaml_text, warnings) if yaml_text is not None else ({}, "")

    lines = body.split("\n")
    # A trailing "Source: X" line is metadata, not part of the last answer.
    source = ""
    while lines and not lines[-1].strip():
        lines.pop()
    if lines:
        match = _SOURCE_LINE.match(lines[-1].strip())
        if match:
            source = match.group("source")
            lines.pop()

    first_label = next(
        (number for number, line in enumerate(lines) if has_question_label(line.strip())),
        None,
    )
    before_labels = lines if first_label is None else lines[:first_label]
    paragraphs, escaped = _paragraphs(before_labels)
    header, lede_start = _split_header(paragraphs, escaped, yaml_text is not None)
    dateline: datetime | None = header.get("published")
    problem = date_problem(dateline) if dateline is not None else ""
    if dateline is not None and problem:  # still a dateline (the title is above it); undated
        del header["published"]
        if "published" not in meta:  # else the front matter decides, and the dateline is moot
            warning = (
                f"the dateline {day_label(dateline)} {problem}; read as undated "
                "(correct it, or add 'published: YYYY-MM-DD' to front matter)"
            )
            bad_date = bad_date or warning
            warnings.append(warning)
    rest = list(header.pop("extra", [])) + paragraphs[lede_start:]

    capped = False
    if first_label is None:
        lede_paragraphs, pairs, capped = _pairs_by_question_marks(rest)
        if not pairs:
            lede_paragraphs = rest  # no questions at all: keep every word searchable
    else:
        lede_paragraphs = rest
        pairs = []
    lede = "\n\n".join(lede_paragraphs)
    wire = _WIRE_DATELINE.match(lede)
    if "interviewee" in meta:
        interviewee = meta["interviewee"]
    else:
        interviewee = leading_name(lede[wire.end() :] if wire else lede)
    if first_label is not None:
        labelled, overflow = _within_pair_cap(lines[first_label:])
        pairs = _pairs_by_labels(labelled, interviewee)
        capped = bool(overflow and pairs)
        if capped:
            # Past the cap, lines are not looked at one by one: a file of a million
            # "Q:" lines would take minutes to parse and index. The words stay.
            extra = "\n\n".join(p for p in "\n".join(overflow).split("\n\n") if p.strip())
            last = pairs[-1]
            pairs[-1] = QAPair(last.question, "\n\n".join(p for p in (last.answer, extra) if p))
    if capped:
        warnings.append(
            f"more than {MAX_PAIRS:,} questions: the text after question {MAX_PAIRS:,} "
            "is kept as the last answer (split the file to read them as questions)"
        )

    # Front matter decides whenever it names a field, even as empty.
    found = {**({"outlet": wire["outlet"]} if wire else {}), **header, **meta}
    article = Article(
        id=id,
        path=path,
        title=clean_line(found.get("title", "")),
        outlet=clean_line(found.get("outlet", "")),
        published=found.get("published"),
        interviewee=interviewee,
        lede=lede,
        pairs=tuple(pairs),
        source=meta.get("source") or clean_line(source),
        tags=meta.get("tags", ()),
        url=meta.get("url", ""),
    )
    return ParseResult(article, tuple(warnings), frozenset(meta), bad_date)
