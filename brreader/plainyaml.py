"""Front matter of plain ``key: value`` lines, read without PyYAML.

A one-shot search reads the articles it shows, and every article ``brreader
import`` writes starts with front matter. Handing that block to PyYAML costs
its import and the patterns it compiles on the way (15-25 ms, more than the
rest of reading the article) for a few lines such as::

    title: The river after the dam
    published: 2024-02-05 09:30
    tags: [rivers, energy]

:func:`plain_mapping` reads that shape itself and answers None for anything
it is not sure of, which then goes to PyYAML as before. What it returns is
always what ``yaml.safe_load`` (brreader's tolerant loader) gives for the same
text; a property test compares the two on generated blocks. It takes:

- top-level lines ``key: value`` or ``key:``, where the key is ASCII letters,
  digits, ``_`` and ``-`` starting with a letter or ``_``; blank lines; and
  comment lines starting with ``#``;
- values that are plain text starting with a letter (not a word YAML reads as
  true/false or null), text in quotes with no quote or backslash inside, a
  date ``2024-02-05`` (a ``date``, or the text when no such day exists), a
  date and time without seconds (text to YAML), and a one-line list
  ``[a, b]`` of plain words.

Anything else (indentation, tabs, escapes, anchors, tags, numbers, block
scalars, characters YAML does not print) is left to PyYAML.
"""

from __future__ import annotations

from datetime import date
from typing import Any

# Spellings YAML 1.1 may read as true/false or null (any case, to be safe): left to YAML.
_WORDS = frozenset(("yes", "no", "true", "false", "on", "off", "null", "y", "n"))
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_FLOW_CHARS = frozenset(",[]{}")
_UNREAD = object()  # a value this module leaves to YAML


def plain_mapping(text: str) -> dict[str, Any] | None:
    """The block's keys and values when it is plain ``key: value`` lines; None otherwise."""
    if "\t" in text or "\r" in text:
        return None
    data: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line.isprintable():  # YAML refuses some of these, and reads others as breaks
            return None
        if not line or line.startswith("#"):
            continue
        key, colon, rest = line.partition(":")
        if not colon or not _plain_key(key) or (rest and rest[0] != " "):
            return None
        value = _value(rest.strip(" "))
        if value is _UNREAD:
            return None
        data[key] = value
    return data or None


def _plain_key(key: str) -> bool:
    return (
        bool(key)
        and (key[0].isalpha() or key[0] == "_")
        and all(char in _KEY_CHARS for char in key)
        and key.lower() not in _WORDS
    )


def _value(text: str) -> Any:
    if not text:
        return None
    first = text[0]
    if first in "\"'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != first or first in inner or "\\" in inner:
            return _UNREAD
        return inner
    if first == "[":
        return _flow_list(text)
    if first.isdigit():
        return _dated(text)
    return text if _plain_text(text) else _UNREAD


def _plain_text(text: str, flow: bool = False) -> bool:
    """Text YAML reads as this same string (in a one-line list when ``flow``)."""
    return (
        text[0].isalpha()
        and text.lower() not in _WORDS
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not (flow and any(char in _FLOW_CHARS for char in text))
    )


def _flow_list(text: str) -> Any:
    if not text.endswith("]"):
        return _UNREAD
    inner = text[1:-1].strip(" ")
    if not inner:
        return []
    items = [item.strip(" ") for item in inner.split(",")]
    if not all(item and _plain_text(item, flow=True) for item in items):
        return _UNREAD
    return items


def _dated(text: str) -> Any:
    """``2024-02-05`` (a date, as YAML's timestamp) or ``2024-02-05 09:30`` (text to YAML)."""
    if not text.isascii():
        return _UNREAD
    day = text[:10]
    if len(day) != 10 or day[4] != "-" or day[7] != "-":
        return _UNREAD
    if not (day[:4] + day[5:7] + day[8:]).isdigit():
        return _UNREAD
    if len(text) == 10:
        try:
            return date(int(day[:4]), int(day[5:7]), int(day[8:]))
        except ValueError:
            return text  # no such day: brreader's loader keeps the text
    clock = text[10:]
    if len(clock) == 6 and clock[0] == " " and clock[3] == ":":
        if (clock[1:3] + clock[4:]).isdigit():
            return text  # no seconds: not a YAML timestamp, so text
    return _UNREAD
