"""Turn the text of an interview file into an :class:`~brreader.model.Article`.

One progressive format, so users can keep what they copied from a news site
and add structure only where the heuristics guess wrong:

1. Plain text in the shape news sites publish: outlet, headline, dateline,
   lede, then bare questions (paragraphs ending in "?") each followed by
   answer paragraphs, and an optional trailing ``Source: X`` line. Dash
   dialogue, numbered questions and questions sharing a paragraph with their
   answer are read too (:mod:`brreader.reading.layouts`).
2. Labelled transcripts: ``Q:`` / ``Question:`` / ``Reporter:`` /
   ``Interviewer:`` start questions; ``A:`` / ``Answer:`` / the interviewee's
   name start answers. As soon as a file has a question label, labels decide
   and the "?" heuristic is off. Other speaker labels are learned from the
   text when they alternate (:mod:`brreader.reading.turns`).
3. Optional YAML front matter whose keys override what the heuristics found
   (read by :mod:`brreader.frontmatter`). A key that is present but empty
   (``interviewee:``) means "none": brreader stops guessing that field.

A line that would read as structure (a label, a ``Source:`` line, a bare
dateline) but is meant as text starts with a backslash, which is dropped:
``\\Q: is a letter`` is the text "Q: is a letter". :mod:`brreader.canonical`
writes such lines that way, so every article survives a write and a re-read.

This module puts the rooms of :mod:`brreader.reading` together and keeps
the names other modules import. No I/O happens here except :func:`decode`,
which only turns bytes into text.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from brreader.dates import date_problem
from brreader.frontmatter import day_label, front_matter_fields, load_yaml, split_front_matter
from brreader.lazyre import lazy
from brreader.model import Article, ParseResult, QAPair
from brreader.reading import fields, judge, layouts, people, turns, wrapped
from brreader.reading.header import WIRE_DATELINE, date_ending, date_in_lede, split_header
from brreader.reading.labelled import pairs_by_labels, within_pair_cap
from brreader.reading.marks import (
    MAX_PAIRS,
    SOURCE_LINE,
    escape,
    escape_asking,
    has_question_label,
    is_question,
    lines_are_paragraphs,
    paragraphs,
    reads_as_structure,
    unescape,
)
from brreader.reading.people import leading_name
from brreader.textsafe import clean_article, clean_line

__all__ = [
    "MAX_PAIRS",
    "decode",
    "escape",
    "escape_asking",
    "has_question_label",
    "is_binary",
    "is_question",
    "leading_name",
    "normalize",
    "parse_article",
    "reads_as_structure",
    "unescape",
]

# ---------------------------------------------------------------------------
# bytes -> text


# Byte-order marks of the wide Unicode encodings (longest first: UTF-32 LE's begins
# as UTF-16 LE's does). Windows editors save "Unicode" text as UTF-16 with one.
_WIDE_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _wide(data: bytes) -> tuple[int, str] | None:
    """(mark length, codec) of UTF-16 or UTF-32 text: named by its byte-order mark or,
    without one, text whose every other byte is zero (Latin script saved as UTF-16)."""
    for mark, codec in _WIDE_MARKS:
        if data.startswith(mark):
            return len(mark), codec
    sample = data[:4096]
    if len(sample) < 16 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, letters, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and letters.count(0) == 0:
            return 0, codec
    return None


def is_binary(data: bytes) -> bool:
    """Whether file bytes are not text: a zero byte early on, outside UTF-16 or UTF-32 text."""
    return b"\x00" in data[:65536] and _wide(data) is None


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 or UTF-32 (see :func:`_wide`),
    else cp1252 with a warning."""
    wide = _wide(data) if data[:1] in (b"\xff", b"\xfe", b"\x00") or b"\x00" in data[:64] else None
    if wide is not None:
        skip, codec = wide
        try:
            return data[skip:].decode(codec), []
        except UnicodeDecodeError as error:
            name = codec[:6].upper()
            warning = (
                f"not valid {name} (at byte {error.start + skip}); damaged characters "
                "were replaced, save the file as UTF-8 to silence this"
            )
            return data[skip:].decode(codec, errors="replace"), [warning]
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


# A full-width colon after anything but Chinese, Japanese or Korean text ("Q：", "Updated："):
# typed with a CJK input method, it reads as ":" (and, with no space after it, ": ").
_WIDE_COLON = lazy(
    r"(?<=[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef])：(?=(.{0,3}))"
)
# Chinese after the colon ("CEO：我们", "CEO：“我们"): the colon is the Chinese text's own.
_CHINESE_AFTER = lazy(
    r"[ \u3000]?[“\"「『《（(]?[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
# A line's indentation (spaces, tabs made spaces, no-break and ideographic spaces): never
# structure, and a label or a dash must start its line to be read as one.
_INDENTS = " \u00a0\u3000"


def _colon(match: re.Match[str]) -> str:
    after = match.group(1)
    if not after.isascii() and _CHINESE_AFTER.match(after):
        return "："
    after = after[:1]
    return ":" if not after or after.isspace() or after in "*_" else ": "


def normalize(text: str) -> str:
    """Unify line endings, drop a BOM and control characters, expand tabs to spaces.

    Text is also put in Unicode NFC form, as queries are, so a word typed
    with combining accents finds the same word written precomposed. Invisible
    marks inside words go, a full-width colon after Latin text becomes ":" (unless Chinese
    text follows it: "CEO：我们"), and
    blank lines before and after the text are dropped (front matter may follow them).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if "：" in text:
            text = _WIDE_COLON.sub(_colon, text)
    return clean_article(text).replace("\t", " ").strip()


# ---------------------------------------------------------------------------
# the whole article


def _declared_interviewees(yaml_text: str | None, warnings: list[str]) -> tuple[str, ...] | None:
    """Front matter ``interviewees:`` (None when the key is absent)."""
    if yaml_text is None or "interviewees" not in yaml_text:
        return None  # the common case never loads the YAML twice
    try:
        data = load_yaml(yaml_text)
    except Exception:  # front_matter_fields already warned about a broken block
        return None
    if not isinstance(data, dict) or "interviewees" not in data:
        return None
    names = people.split_names(data["interviewees"])
    if data["interviewees"] is not None and not names and data["interviewees"] != "":
        warnings.append("front matter: 'interviewees' should be a list of names; ignored")
        return None
    return tuple(clean_line(name) for name in names)


def parse_article(text: str, *, id: str, path: str) -> ParseResult:
    """Parse one article file's text. Never raises on odd input; problems become warnings."""
    warnings: list[str] = []
    notes: list[str] = []
    doubts: list[tuple[str, str]] = []
    text = normalize(text)
    yaml_text, body = split_front_matter(text)
    meta, bad_date = front_matter_fields(yaml_text, warnings) if yaml_text is not None else ({}, "")
    declared = _declared_interviewees(yaml_text, warnings)

    lines = body.split("\n")
    if "ـ" in body:  # "س" on a line, "ـ كيف ...?" on the next
        lines = wrapped.letters_rejoined(lines)
    lines = [line.lstrip(_INDENTS) for line in wrapped.unwrap(lines)]
    # A trailing "Source: X" line is metadata, not part of the last answer.
    source = ""
    while lines and not lines[-1].strip():
        lines.pop()
    if lines:
        match = SOURCE_LINE.match(lines[-1].strip())
        if match:
            source = match.group("source")
            lines.pop()

    # An oral history's "Narrator: / Interviewer: / Date:" block is its header, not turns.
    block = fields.field_block(lines)
    skip = block.lines if block is not None else range(0)
    first_label = next(
        (
            number
            for number, line in enumerate(lines)
            if has_question_label(line.strip()) and number not in skip
        ),
        None,
    )
    scanned = [("" if n in skip else line) for n, line in enumerate(lines)] if skip else lines
    learned = turns.scan(scanned) if first_label is None and len(lines) < 20_000 else []
    # Labels that only answer questions asked without one: the first such question opens.
    bare = turns.bare_questions(scanned, learned) if learned else []
    start = (
        first_label
        if first_label is not None
        else (turns.opening(learned, bare) if learned else None)
    )
    before_labels = lines if start is None else lines[:start]
    by_line = "\n\n" not in body and lines_are_paragraphs(lines)
    if by_line:
        notes.append("no blank lines: each line read as a paragraph")
    found_paragraphs, escaped = paragraphs(before_labels, by_line=by_line)
    header, lede_start = split_header(
        found_paragraphs, escaped, yaml_text is not None, turns_follow=start is not None
    )
    if block is not None and block.published is not None and "published" not in header:
        header["published"] = block.published
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
    extra_lines = list(header.pop("extra", []))
    rest = extra_lines + found_paragraphs[lede_start:]
    # Escaped paragraphs (a backslash) of the lede and after: never questions.
    escaped_rest = frozenset(n - lede_start + len(extra_lines) for n in escaped if n >= lede_start)

    capped = False
    pairs: list[QAPair] = []
    speakers: list[str] = []
    if start is None:
        prepared = yaml_text is not None  # front matter: written by import or by hand
        lede_paragraphs, pairs, capped, how, found_doubts = layouts.read_unlabelled(
            rest, plain_only=prepared, plain=escaped_rest
        )
        doubts += found_doubts
        notes.append(f"turns: {how}")
        plain = how == "question marks"  # the seed shape: questions keep their markup
        # Only labels (which need a colon) and bold need tidying; most texts have neither.
        # In a Markdown file, "**Why?**" is a bold question, not the text "**Why?**".
        # In any file, questions that are all bold ("**Pourquoi ?**") or all italic
        # ("*Why?*", "_¿Por qué?_") wear it as markup.
        bold = not plain or (
            ("*" in body or "_" in body) and (path.endswith(".md") or layouts.all_bold(pairs))
        )
        if not capped and not prepared and (":" in body or "：" in body or bold):
            lede_paragraphs, pairs, speakers = layouts.tidy(lede_paragraphs, pairs, bold=bold)
        if not prepared:
            pairs = layouts.unquoted(pairs)
        title_text = clean_line(meta.get("title") or header.get("title", ""))
        judged = how.startswith("question marks")
        doubt = judge.not_an_interview(pairs, lede_paragraphs, title_text) if judged else ""
        if doubt:
            doubts.append(("not-an-interview", doubt))
            pairs = []
        if not pairs:
            lede_paragraphs = rest  # no questions at all: keep every word searchable
    else:
        lede_paragraphs = rest
    lede = "\n\n".join(lede_paragraphs)
    wire = WIRE_DATELINE.match(lede)
    found = {**({"outlet": wire["outlet"]} if wire else {}), **header, **meta}
    if "published" not in found and dateline is None:
        in_title = date_ending(clean_line(found.get("title", "")))
        in_lede = in_title or date_in_lede(lede)
        if in_lede is not None:
            found["published"] = in_lede
            notes.append("date: at the headline's end" if in_title else "date: in the lede")
    title, outlet = clean_line(found.get("title", "")), clean_line(found.get("outlet", ""))
    opening = lede[wire.end() :] if wire else lede
    guess = people.untitled(leading_name(opening))
    if guess and not people.plausible(guess, opening):
        guess = ""  # "Sunward Business Weekly sat down with ...", "Recorded April 4, ..."
    if guess and people.hosts(opening, guess):
        guess = ""  # "Tom Brandt talks with Ilka Varga": Tom asks
    where = "the lede's first words" if guess else ""
    if not guess and block is not None and block.narrator:
        guess, where = people.untitled(block.narrator), "the header's Narrator: line"
    if first_label is not None:
        labelled, overflow = within_pair_cap(lines[first_label:])
        pairs, names = pairs_by_labels(labelled, guess)
        speakers = sorted(names)
        notes.append("turns: question labels (Q:, Question:, Reporter:, Interviewer:)")
        capped = bool(overflow and pairs)
        if capped:
            # Past the cap, lines are not looked at one by one: a file of a million
            # "Q:" lines would take minutes to parse and index. The words stay.
            extra = "\n\n".join(p for p in "\n".join(overflow).split("\n\n") if p.strip())
            last = pairs[-1]
            pairs[-1] = QAPair(last.question, "\n\n".join(p for p in (last.answer, extra) if p))
    elif learned:
        read = turns.decide(lines, learned, guess, outlet, bare)
        before, pairs = turns.pairs_by_turns(lines, read)
        if before:
            lede = "\n\n".join([lede, *before]).strip("\n")
        speakers = turns.answerers(read)
        asking = ", ".join(turns.askers(read))
        notes.append(
            f"turns: speaker labels {', '.join(read.labels)}; asking: {asking} ({read.why})"
        )
    if capped:
        warnings.append(
            f"more than {MAX_PAIRS:,} questions: the text after question {MAX_PAIRS:,} "
            "is kept as the last answer (split the file to read them as questions)"
        )

    pairs, note = layouts.without_closing_note(pairs)
    if note:  # kept searchable, after the lede
        lede = "\n\n".join(part for part in (lede, note) if part)
    title, rest_of_title = _one_line(title, "the title", warnings)
    if rest_of_title:  # its words stay searchable
        lede = "\n\n".join(part for part in (rest_of_title, lede) if part)
    outlet = _one_line(outlet, "the outlet", warnings)[0]
    group = people.captions(lede.split("\n\n")) if "\n\n" in lede else []
    told = lede if pairs else ""  # a news story names people too: only an interview's lede
    interviewees = _interviewees(
        meta, declared, guess, where, speakers, (title, outlet), told, notes, pairs, group
    )
    interviewees = tuple(_one_line(name, "a name", warnings)[0] for name in interviewees)
    article = Article(
        id=id,
        path=path,
        title=title,
        outlet=outlet,
        published=found.get("published"),
        interviewee=interviewees[0] if interviewees else "",
        lede=lede,
        pairs=tuple(pairs),
        source=_one_line(meta.get("source") or clean_line(source), "the source", warnings)[0],
        tags=tuple(_one_line(tag, "a tag", warnings)[0] for tag in meta.get("tags", ())),
        url=meta.get("url", ""),
        interviewees=interviewees,
        language=meta.get("language", ""),
    )
    if lede.rstrip().endswith(("?", "？")) and not any(
        c == "question-like-lede" for c, _ in doubts
    ):
        doubts.append(("question-like-lede", "the lede ends in '?': is it the first question?"))
    return ParseResult(
        article, tuple(warnings), frozenset(meta), bad_date, tuple(notes), tuple(doubts)
    )


# Characters of a one-line field (a title, an outlet, a name, a tag, the source):
# real ones take a line or two. A longer one (a paragraph or a whole file read as
# the title, or written into front matter) is cut, so that one file cannot fill
# every list and screen with it.
MAX_LINE = 300


def _one_line(value: str, what: str, warnings: list[str]) -> tuple[str, str]:
    """``value`` cut to :data:`MAX_LINE` characters (at a space when there is one in its
    second half) with "…", and what was cut off; a warning says so."""
    if len(value) <= MAX_LINE:
        return value, ""
    cut = value.rfind(" ", MAX_LINE // 2, MAX_LINE)
    cut = cut if cut > 0 else MAX_LINE - 1
    warnings.append(
        f"{what} is {len(value):,} characters long: cut to {MAX_LINE}"
        + (" (the rest is kept in the lede)" if what == "the title" else "")
    )
    return value[:cut].rstrip() + "…", value[cut:].strip()


def _interviewees(
    meta: dict[str, Any],
    declared: tuple[str, ...] | None,
    guess: str,
    where: str,
    speakers: list[str],
    heading: tuple[str, str],
    lede: str,
    notes: list[str],
    pairs: list[QAPair],
    group: list[str],
) -> tuple[str, ...]:
    """Everyone interviewed, first the one named first; front matter decides when it names any.

    ``heading`` is the title and the outlet.
    """
    title, outlet = heading
    if declared is not None:
        first = meta.get("interviewee") or ""
        notes.append("interviewees: from front matter")
        return tuple(dict.fromkeys(n for n in (first, *declared) if n))
    if "interviewee" in meta:
        notes.append("interviewee: from front matter")
        return (meta["interviewee"],) if meta["interviewee"] else ()
    if group:
        notes.append("interviewees: caption lines over their words")
        return tuple(group)
    # A transcript may name its guest only in the first question ("With us is Vera ...").
    texts = (lede[:2000], pairs[0].question[:1000] if pairs else "", title)
    known = set(guess.casefold().split())
    # A label that is part of the name already found ("Kheng:") is the same person.
    others = [s for s in speakers if not (known and set(s.casefold().split()) <= known)]
    labelled = [name for name in (people.expand(s, texts) for s in others) if name]
    if not guess and lede:  # past a byline or a date line: a later paragraph's first words
        guess = people.first_words_name(lede.split("\n\n")[1:])
        where = "a lede paragraph's first words" if guess else ""
    two = people.pair_of_names(lede) if " and " in lede[:80] or " & " in lede[:80] else []
    if two:
        notes.append("interviewees: two names joined at the lede's start")
        return tuple(two)
    if guess:
        found = [guess, *(n for n in labelled if n not in guess and guess not in n)]
        notes.append(f"interviewee: {where}")
        return tuple(dict.fromkeys(found))
    if labelled:
        notes.append("interviewee: the answer labels")
        return tuple(dict.fromkeys(labelled))
    headline = people.from_headline(title)
    if headline:
        notes.append("interviewee: the headline")
        return tuple(people.untitled(name) for name in headline)
    # A news story names people too: only an interview's lede is searched past its start.
    welcomed = people.greeted(pairs[0].question) if pairs else ""
    if welcomed:
        notes.append("interviewee: greeted in the first question")
        return (welcomed,)
    later = people.from_lede(lede, outlet) if lede else ""
    if later:
        notes.append("interviewee: named in the lede")
        return (people.untitled(later),)
    return ()
