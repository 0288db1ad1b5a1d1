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
3. Optional YAML front matter whose keys override what the heuristics found.
   A key that is present but empty (``interviewee:``) means "none": brreader
   stops guessing that field.

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
from datetime import date, datetime
from typing import Any

from brreader.dates import date_problem, parse_date
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
# front matter

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return ``(yaml_text, body)``; ``yaml_text`` is None when there is no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for number, line in enumerate(lines[1:], start=1):
        if _FENCE.match(line):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :])
    return None, text


def _shown(value: str, limit: int = 40) -> str:
    """A value as a message quotes it: on one line, and cut short when long."""
    value = clean_line(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _scalar_text(key: str, value: Any, warnings: list[str]) -> str | None:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if value is not None:
        warnings.append(f"front matter: '{key}' should be text, not {kind_of(value)}; ignored")
    return None


def kind_of(value: Any) -> str:
    """What a YAML value is, and how big, for a message; never the value itself.

    A nested value can be huge (or, through aliases, share itself many times
    over), so messages name its type and size instead of quoting it.
    """
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return f"a mapping of {len(value)} key{'' if len(value) == 1 else 's'}"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (date, datetime)):
        return "a date"
    if isinstance(value, str):
        return f"text of {len(value):,} characters"
    return type(value).__name__


_DATE_ADVICE = "(use e.g. 2025-06-24 or '2025-06-24 09:25')"


def front_matter_date(value: Any) -> tuple[datetime | None, str]:
    """A front matter date (YAML gives a datetime, a date, a number or text) and its problem.

    Returns ``(date, "")``, or ``(None, why)`` when ``value`` is no date, or a
    date :func:`brreader.dates.date_problem` refuses. A time zone is dropped:
    the wall-clock time written is kept.
    """
    found: datetime | None = None
    if isinstance(value, datetime):
        found = value.replace(tzinfo=None)
    elif isinstance(value, date):
        found = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        found = parse_date(value)
        if found is None:
            return None, f"'published: {_shown(value)}' is not a date {_DATE_ADVICE}"
    else:
        return None, f"'published' should be a date, not {kind_of(value)} {_DATE_ADVICE}"
    problem = date_problem(found)
    if problem:
        shown = value if isinstance(value, str) else _day(found)
        return None, f"'published: {_shown(shown)}' {problem}: correct it or leave it empty"
    return found, ""


def _day(moment: datetime) -> str:
    """``0001-01-01``, or ``0001-01-01 10:00`` when there is a time (four-digit years)."""
    return moment.isoformat(sep=" ", timespec="minutes").removesuffix(" 00:00")


def _tags(value: Any, warnings: list[str]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        if value is not None:
            warnings.append(
                f"front matter: 'tags' should be a list of words, not {kind_of(value)}; ignored"
            )
        return None
    tags = []
    for item in items:
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            tag = " ".join(str(item).split())
            if tag and tag not in tags:
                tags.append(tag)
        else:
            warnings.append(f"front matter: a tag is {kind_of(item)}, not a word; ignored")
    return tuple(tags)


class YamlRefused(Exception):
    """Front matter that brreader will not load; the message says why and what to do."""


ALIAS_REFUSED = (
    "uses a YAML alias (*name); brreader does not expand aliases, write each value out in full"
)


def _refuse_aliases(root: Any) -> None:
    """Raise :class:`YamlRefused` if any node of the composed document is reached twice.

    The composer links an alias to its anchor's node without copying it, so
    this walk costs one step per node written. A node reached a second time
    is an alias: a few hundred bytes of nested aliases expand to gigabytes
    when constructed or printed ("billion laughs"), and a few are recursive.
    Front matter has no need for them, so any alias refuses the block, before
    anything is constructed.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlRefused(ALIAS_REFUSED)
        seen.add(id(node))
        value = node.value
        if isinstance(value, list):  # a sequence's nodes, or a mapping's (key, value) pairs
            for item in value:
                if isinstance(item, tuple):
                    stack.extend(item)
                else:
                    stack.append(item)


def _tolerant(construct: Any) -> Any:
    """A scalar constructor that gives the text back when Python cannot build the value.

    ``2025-02-30`` looks like a YAML date and ``1`` followed by 5,000 digits
    like an int, but ``datetime.date`` and ``int`` raise ``ValueError`` on
    them, and an empty ``!!bool`` or ``!!timestamp`` makes PyYAML itself
    raise; that would lose the whole block (or crash). As text they get the
    usual warning of their own field ("is not a date").
    """

    def build(loader: Any, node: Any) -> Any:
        try:
            return construct(loader, node)
        except Exception:  # e.g. "!!bool" or "!!int" with no value: KeyError, IndexError
            return loader.construct_scalar(node)

    return build


_TOLERANT: dict[Any, Any] = {}


def _loaders() -> list[Any]:
    """PyYAML's safe loaders (libyaml's first, when built), with :func:`_tolerant` scalars.

    Looked up on each call (tests take libyaml away); each class is made once.
    """
    import yaml

    loaders = []
    for base in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader):
        if base is None:
            continue
        loader: Any = _TOLERANT.get(base)
        if loader is None:
            loader = type(f"Tolerant{base.__name__}", (base,), {})
            for kind in ("bool", "int", "float", "timestamp"):
                tag = f"tag:yaml.org,2002:{kind}"
                loader.add_constructor(tag, _tolerant(base.yaml_constructors[tag]))
            _TOLERANT[base] = loader
        loaders.append(loader)
    return loaders


def _load(loader_class: Any, text: str, guard: bool) -> Any:
    """``yaml.load``, with :func:`_refuse_aliases` between composing and constructing."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if guard:
            _refuse_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_yaml(text: str) -> Any:
    """``yaml.safe_load``, with libyaml's loader when PyYAML has it (ten times faster).

    Every imported article has front matter, so this is on the index build's path.
    What libyaml refuses goes to the pure-Python loader, which gives the same
    results and error messages brreader always gave (it accepts a ``\\ud800``
    escape, for one, which is then cleaned like any other text).

    Raises ``yaml.YAMLError`` for text that is not YAML and :class:`YamlRefused`
    for YAML brreader will not load: aliases, nesting too deep for the
    pure-Python loader, values Python cannot build. Nothing else.
    """
    import yaml

    *fast, slow = _loaders()
    # An alias is written "*name": text without a "*" has none, and skips the walk.
    guard = "*" in text
    try:
        for loader in fast:
            try:
                return _load(loader, text, guard)
            except yaml.YAMLError:
                pass
        return _load(slow, text, guard)
    except RecursionError:
        raise YamlRefused("nested too deeply; write it as plain 'key: value' lines") from None
    except (yaml.YAMLError, YamlRefused):
        raise
    except Exception as error:  # PyYAML failing on odd input must not end the command
        raise YamlRefused(f"cannot be read ({type(error).__name__})") from None


def yaml_warning(error: Exception) -> str:
    """The one-line warning for front matter that :func:`load_yaml` could not load."""
    if isinstance(error, YamlRefused):
        return f"front matter: {error}; metadata ignored"
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 2}" if mark is not None else ""
    problem = getattr(error, "problem", None) or "syntax error"
    return f"front matter: invalid YAML{where} ({_shown(str(problem), 80)}); metadata ignored"


def read_front_matter(yaml_text: str, warnings: list[str]) -> dict[str, Any]:
    """Parse front matter safely; a broken block yields ``{}`` and a warning, never an exception."""
    return _front_matter(yaml_text, warnings)[0]


def _front_matter(yaml_text: str, warnings: list[str]) -> tuple[dict[str, Any], str]:
    """:func:`read_front_matter`, and the warning about its ``published`` value ("" if none)."""
    import yaml  # only files with front matter pay for the import

    try:
        data = load_yaml(yaml_text)
    except (yaml.YAMLError, YamlRefused) as error:
        warnings.append(yaml_warning(error))
        return {}, ""
    if data is None:
        return {}, ""
    if not isinstance(data, dict):
        warnings.append("front matter: expected 'key: value' lines; metadata ignored")
        return {}, ""
    meta: dict[str, Any] = {}
    problem = ""
    for key in ("title", "outlet", "interviewee", "source", "url"):
        if key in data:
            value = "" if data[key] is None else data[key]
            text = _scalar_text(key, value, warnings)
            if text is not None:
                # YAML escapes can spell any character: clean like the body text.
                meta[key] = clean_line(text)
    if "published" in data:
        value = data["published"]
        if value is None or (isinstance(value, str) and not value.strip()):
            meta["published"] = None  # present and empty: "no date", not "guess one"
        else:
            published, why = front_matter_date(value)
            if published is not None:
                meta["published"] = published
            else:
                problem = f"front matter: {why}; ignored"
                warnings.append(problem)
    if "tags" in data:
        tags = _tags(data["tags"], warnings)
        if tags is not None:
            meta["tags"] = tuple(t for t in (clean_line(tag) for tag in tags) if t)
    return meta, problem


# ---------------------------------------------------------------------------
# body structure

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


def _pairs_by_question_marks(paragraphs: list[str]) -> tuple[list[str], list[QAPair]]:
    """Split ``lede + Q/A`` paragraphs with the "?" heuristic."""
    lede: list[str] = []
    pairs: list[tuple[list[str], list[str]]] = []
    for paragraph in paragraphs:
        if is_question(paragraph):
            if pairs and not pairs[-1][1]:
                pairs[-1][0].append(paragraph)  # a question that runs over two paragraphs
            else:
                pairs.append(([paragraph], []))
        elif pairs:
            pairs[-1][1].append(paragraph)
        else:
            lede.append(paragraph)
    return lede, [QAPair("\n\n".join(q), "\n\n".join(a)) for q, a in pairs]


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
    meta, bad_date = _front_matter(yaml_text, warnings) if yaml_text is not None else ({}, "")

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
                f"the dateline {_day(dateline)} {problem}; read as undated "
                "(correct it, or add 'published: YYYY-MM-DD' to front matter)"
            )
            bad_date = bad_date or warning
            warnings.append(warning)
    rest = list(header.pop("extra", [])) + paragraphs[lede_start:]

    if first_label is None:
        lede_paragraphs, pairs = _pairs_by_question_marks(rest)
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
        pairs = _pairs_by_labels(lines[first_label:], interviewee)

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
