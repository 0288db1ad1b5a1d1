"""Keep article text from acting on the terminal.

Article files are data from the web: they may carry ESC sequences (CSI, OSC 52
clipboard writes, OSC 8 links), BEL, backspaces or stray carriage returns.
Rich's ``Text`` drops only a few of these, so every string that came from an
article passes through :func:`clean` before it is shown anywhere. Also here,
because it is as light and as widely needed: :func:`flatten` for one-line
display.
"""

from __future__ import annotations

import re
import sys

from brreader.lazyre import lazy

# C0 controls except tab and newline, DEL, and the C1 range (0x9b is an 8-bit CSI).
# Bidirectional overrides and isolates are removed too: they cannot run code,
# but they can make a line read differently from what it contains. Lone
# surrogates (a YAML "\ud800" escape, a file name that is not UTF-8) cannot be
# written to a UTF-8 terminal at all.
_UNSAFE = lazy(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPE_SEQUENCE = lazy(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                 # CSI ... final byte
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?     # OSC ... BEL or ST (may be unterminated)
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?          # DCS, SOS, PM, APC ... ST
    | \x1b.?                                 # any other two-byte escape
    """,
    re.VERBOSE,
)


# The unsafe characters and the marks a saved page carries that nobody sees: zero-width
# spaces, soft hyphens, word joiners, a byte-order mark inside the text, left-to-right,
# right-to-left and Arabic letter marks. Inside a word they split it for search; before
# a label they hide it. Article text loses them in the same pass (see clean_article).
_UNSAFE_OR_INVISIBLE = lazy(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
    r"\u200b\u00ad\u2060\ufeff\u200e\u200f\u061c]"
)


def is_utf8(text: str) -> bool:
    """False for a string holding bytes that were not UTF-8: the surrogate escapes Python
    gives a file name or an argv word it could not decode. No file or index holds them."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean(text: str) -> str:
    """Return ``text`` without escape sequences or control characters (tab and newline stay).

    Whole escape sequences are removed rather than only their ESC byte, so a
    hostile OSC 52 payload does not end up as visible base64 noise.
    """
    return _cleaned(text, _UNSAFE)


def clean_article(text: str) -> str:
    """:func:`clean`, and the invisible marks inside words go too (one pass over the text)."""
    return _cleaned(text, _UNSAFE_OR_INVISIBLE)


def _cleaned(text: str, unsafe: re.Pattern[str]) -> str:
    if not text:
        return text
    if "\x1b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return unsafe.sub("", text)


def clean_line(text: str) -> str:
    """Like :func:`clean`, and fold newlines and tabs into spaces (for one-line fields)."""
    return " ".join(clean(text).split())


_JSON_UNSAFE = lazy(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_escape_unsafe(dumped: str) -> str:
    """Escape what ``json.dumps(ensure_ascii=False)`` leaves raw but a terminal may act on.

    The result is still valid JSON and decodes to the same strings.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def flatten(text: str) -> str:
    """One line of text: paragraph breaks and runs of white space become one space."""
    return " ".join(text.split())


def _as_json_escape(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: what the encoding lacks, as JSON's ``\\uXXXX`` escapes."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escaped = []
    for character in error.object[error.start : error.end]:
        code = ord(character)
        if code > 0xFFFF:  # a surrogate pair, as JSON writes it
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


def encodable_stdout() -> None:
    """Let standard output take any text when its encoding is not UTF-8.

    With ``PYTHONIOENCODING=ascii`` (or latin-1, or an old locale) the first
    letter the encoding lacks raised ``UnicodeEncodeError`` out of every
    command. Such a letter is written as ``\\u0417`` instead: readable, and
    still valid inside a JSON string, so ``--json`` stays valid JSON.
    """
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8", "utf-8-sig") or not hasattr(stream, "reconfigure"):
        return
    import codecs

    codecs.register_error("brreader-json-escape", _as_json_escape)
    stream.reconfigure(errors="brreader-json-escape")
