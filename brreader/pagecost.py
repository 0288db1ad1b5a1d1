"""Refuse, before any parser sees it, a saved page or Markdown file too big to be one interview.

trafilatura and libxml2 under it take time that grows with the square of
some counts: the pieces of text inside ``<p>`` elements (trafilatura asks
libxml2 for ``//p//text()``, whose node sets merge in quadratic time) and the
attributes of one tag (libxml2 checks each new one against all the others).
A 7.5 MB page of 300,000 short paragraphs took 229 s and 1.3 GB to import, a
20,000-paragraph page with a bold and an italic word in each 32 s, and one
tag of 40,000 attributes 12 s merely to parse. Even the linear parts cost
about 0.1 ms an element and 0.5 s a megabyte of text (a 31 MB page of long
paragraphs took 16 s and 560 MB; the same text as a ``.txt`` file 0.8 s).

:func:`check_page` counts, in one pass over the bytes that never backtracks,
the elements, the pieces of text and their bytes, and the attributes of a
long tag, and raises :class:`PageTooLarge` at the first limit passed, so the
refusal itself is quick however big the page. The limits are far above what a news
page holding one interview has (a few thousand of each); a page past them is
an archive, a feed or a trap, and its text can still be imported as a
``.txt`` file, which the parser reads in time proportional to its size.

Markdown is linear but heavy: markdown-it-py makes a few Python objects for
every line and every mark of emphasis, link or code, about 0.03 ms and 1 KB
each (a 4.7 MB file of bold questions took 29 s and 1.9 GB, 3 MB of ``*a``
8 s and 0.9 GB). :func:`check_markdown` counts those marks first.
"""

from __future__ import annotations

import re

MAX_ELEMENTS = 100_000
MAX_TEXT_PIECES = 30_000
MAX_ATTRIBUTES = 1_000  # on one tag
MAX_TEXT_BYTES = 8 << 20  # between the tags; a 3,000-pair interview is about 2 MB
MAX_MARKDOWN_MARKS = 100_000  # lines and * _ [ < ` (a 3,000-pair interview: about 30,000)

_ADVICE = "save the interview alone, or copy its text into a .txt file and import that"

# Where the next piece of markup begins: a comment or a start or end tag.
_MARKUP = re.compile(rb"<(?:!--|/?[A-Za-z])")
_NAME = re.compile(rb"[A-Za-z][^\s/>]*+")
# The rest of a tag: a quote opens a value only after "=", as in HTML; possessive
# everywhere, so a quote that is never closed costs one scan, not one per tag.
_TAG_REST = re.compile(rb"""(?:[^"'>=]++|=\s*+(?:"[^"]*+"|'[^']*+')?)*+>?""")
_ATTRIBUTE = re.compile(rb"""[^\s"'>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?""")
_NOT_SPACE = re.compile(rb"\S")
_RAW_END = {  # elements whose content is not markup
    b"script": re.compile(rb"</script", re.IGNORECASE),
    b"style": re.compile(rb"</style", re.IGNORECASE),
}


class PageTooLarge(ValueError):
    """A saved page past one of the limits above; the message says which and what to do."""


def check_page(data: bytes) -> None:
    """Raise :class:`PageTooLarge` if ``data`` (a page's bytes) is past a limit."""
    size = len(data)
    elements = pieces = text_bytes = 0
    position = 0
    while position < size:
        found = _MARKUP.search(data, position)
        start = size if found is None else found.start()
        if _NOT_SPACE.search(data, position, start):
            pieces += 1
            text_bytes += start - position
            if text_bytes > MAX_TEXT_BYTES:
                raise PageTooLarge(
                    f"the page holds over {MAX_TEXT_BYTES >> 20} MB of text, more than any "
                    f"interview page; {_ADVICE}"
                )
            if pieces > MAX_TEXT_PIECES:
                raise PageTooLarge(
                    f"the page holds over {MAX_TEXT_PIECES:,} pieces of text (paragraphs, links, "
                    f"list items...), more than any interview page; {_ADVICE}"
                )
        if found is None:
            break
        if data.startswith(b"<!--", start):
            close = data.find(b"-->", start + 4)
            position = size if close < 0 else close + 3
            continue
        closing = data[start + 1] == ord("/")
        name = _NAME.match(data, start + 1 + closing)
        assert name is not None  # _MARKUP saw a letter there
        end = _TAG_REST.match(data, name.end()).end()  # type: ignore[union-attr]
        position = max(end, name.end())
        if closing:
            continue
        elements += 1
        if elements > MAX_ELEMENTS:
            raise PageTooLarge(
                f"the page has over {MAX_ELEMENTS:,} HTML elements, more than any interview "
                f"page; {_ADVICE}"
            )
        if end - name.end() > 2 * MAX_ATTRIBUTES:  # no tag shorter holds that many
            count = sum(1 for _ in _ATTRIBUTE.finditer(data, name.end(), end))
            if count > MAX_ATTRIBUTES:
                raise PageTooLarge(
                    f"a tag in the page has {count:,} attributes (no HTML parser reads that "
                    f"in reasonable time); {_ADVICE}"
                )
        raw_end = _RAW_END.get(name.group().lower())
        if raw_end is not None:
            close_tag = raw_end.search(data, position)
            position = size if close_tag is None else close_tag.start()


def check_markdown(data: bytes) -> None:
    """Raise :class:`PageTooLarge` if Markdown ``data`` has more lines and marks than allowed."""
    marks = sum(data.count(mark) for mark in (b"\n", b"*", b"_", b"[", b"<", b"`"))
    if marks > MAX_MARKDOWN_MARKS:
        raise PageTooLarge(
            f"the Markdown has {marks:,} lines and marks of emphasis, links or code (* _ [ < `), "
            f"more than any interview (up to {MAX_MARKDOWN_MARKS:,} are read); "
            "save it as a .txt file and import that, to read it as plain text"
        )
