"""Write an article in brreader's canonical form, which reads back as the same article.

``brreader import`` stores every article this way: YAML front matter naming
every field, then the lede and explicit ``Q:`` / ``A:`` labels. A user who
finds a wrong detection edits the file; nothing is hidden in the index.

The form is chosen so that :func:`brreader.parse.parse_article` gives back the
same title, outlet, date, interviewee, source, url, tags and pairs:

- every field is written, empty ones too, because an empty key tells the
  parser "none" instead of "guess";
- each paragraph is written on one line, and a line that would read as
  structure (a label, a ``Source:`` line, a bare date) gets a leading
  backslash, which the parser drops;
- ``interviewees:`` follows ``interviewee:`` only when there are several;
- every pair has an ``A:`` line, even with an empty answer, so paragraphs
  after a question stay with the question until its answer starts.

No I/O here: :mod:`brreader.ingest` decides where files go.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from brreader.model import Article
from brreader.parse import escape, escape_asking

# Front matter keys, in the order they are written.
FIELDS = ("title", "outlet", "published", "interviewee", "source", "url", "tags")
# The longest file name, in bytes of UTF-8, that Linux and macOS file systems take.
NAME_BYTES = 255
# Kept free in every name import chooses: the extension and a "-N" up to -99999, so
# the name a taken one gets is never too long either.
_SUFFIX_ROOM = len(".txt") + len("-99999")


def _yaml(value: Any) -> str:
    """One YAML value on one line, quoted only when YAML needs it."""
    import yaml

    if value == "" or value is None:
        return ""
    dumped = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=1_000_000, sort_keys=False
    )
    return dumped.removesuffix("\n").removesuffix("\n...")


def date_text(published: datetime | None) -> str:
    """A date as the front matter holds it: ``2025-06-24`` or ``2025-06-24 09:25``."""
    if published is None:
        return ""
    if published.microsecond or published.second:
        return published.isoformat(sep=" ")
    day = published.date().isoformat()  # four-digit years, unlike strftime
    if published.hour or published.minute:
        return f"{day} {published:%H:%M}"
    return day


def front_matter(article: Article, *, comment: str = "", extra: Mapping[str, str] = {}) -> str:
    """The YAML block, fences included; ``extra`` keys are kept for the reader, not parsed."""
    values: dict[str, Any] = {
        "title": article.title,
        "outlet": article.outlet,
        "interviewee": article.interviewee,
        "source": article.source,
        "url": article.url,
    }
    lines = ["---"]
    lines += [f"# {line}".rstrip() for line in comment.splitlines()]
    for key in FIELDS:
        if key == "published":
            # A plain "2025-06-24 09:25" stays a string for YAML; brreader reads it as a date.
            lines.append(f"published: {date_text(article.published)}".rstrip())
        elif key == "tags":
            lines.append(f"tags: {_yaml(list(article.tags))}")
        else:
            lines.append(f"{key}: {_yaml(values[key])}".rstrip())
        if key == "interviewee" and len(article.interviewees) > 1:
            # Only then: a file with one interviewee keeps the form it always had.
            lines.append(f"interviewees: {_yaml(list(article.interviewees))}")
    if article.language:  # only when known: otherwise the index detects it
        lines.append(f"language: {article.language}")
    for key, value in extra.items():
        if value and key not in FIELDS and key not in ("interviewees", "language"):
            lines.append(f"{key}: {_yaml(value)}")
    lines.append("---")
    return "\n".join(lines)


def _block(label: str, text: str) -> list[str]:
    paragraphs = text.split("\n\n") if text else []
    first = f"{label} {paragraphs[0]}" if paragraphs else label
    return [first] + [escape(paragraph) for paragraph in paragraphs[1:]]


def to_text(article: Article, *, comment: str = "", extra: Mapping[str, str] = {}) -> str:
    """The whole file: front matter, lede, then one ``Q:``/``A:`` block per pair."""
    parts = [front_matter(article, comment=comment, extra=extra)]
    # With no pairs, a lede paragraph ending in "?" would read back as a bare question.
    mark = escape if article.pairs else escape_asking
    body = [mark(paragraph) for paragraph in article.lede.split("\n\n") if paragraph]
    for pair in article.pairs:
        body += _block("Q:", pair.question)
        body += _block("A:", pair.answer)
    parts += body
    return "\n\n".join(parts) + "\n"


def cut_bytes(text: str, size: int) -> str:
    """The longest start of ``text`` whose UTF-8 takes at most ``size`` bytes.

    Cut between characters, never inside one (half a UTF-8 sequence is not
    a file name any tool can show).
    """
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded) <= size:
        return text
    return encoded[: max(size, 0)].decode("utf-8", "ignore")


def fit_stem(stem: str, tail: str) -> str:
    """``stem`` cut so that ``stem + tail`` is a file name of at most 255 bytes.

    Only the last part of a ``folder/name`` stem counts: the limit is per name.
    """
    folder, slash, name = stem.rpartition("/")
    room = NAME_BYTES - len(tail.encode("utf-8"))
    return folder + slash + cut_bytes(name, room).rstrip("-")


def slug(text: str, limit: int = 60, max_bytes: int = NAME_BYTES - _SUFFIX_ROOM) -> str:
    """A file-name-safe form of a title: lower case, words joined by hyphens.

    Accents are dropped from Latin letters; letters of other scripts stay, so a
    Chinese or Khmer title still gives a readable name. At most ``limit``
    characters and ``max_bytes`` bytes (sixty emoji are 240 bytes).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = unicodedata.normalize("NFC", plain).replace("'", "").replace("’", "")
    words = re.findall(r"[^\W_]+", plain)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit or len(candidate.encode("utf-8")) > max_bytes:
            break
        out = candidate
    if not out and words:
        out = cut_bytes(words[0][:limit], max_bytes)
    return out


def relative_path(article: Article) -> str:
    """Where an imported article goes: ``YYYY/YYYY-MM-DD-slug.txt`` or ``undated/slug.txt``.

    The name leaves room in its 255 bytes for the extension and a ``-N``
    suffix (see :data:`NAME_BYTES`).
    """
    day = "" if article.published is None else article.published.date().isoformat()
    room = NAME_BYTES - _SUFFIX_ROOM - len(f"{day}-") if day else NAME_BYTES - _SUFFIX_ROOM
    name = slug(article.title, max_bytes=room) or slug(article.interviewee, max_bytes=room)
    name = name or "interview"
    if not day:
        return f"undated/{name}.txt"
    return f"{day[:-6]}/{day}-{name}.txt"
