"""Web addresses: which ones ``import`` keeps, and how a citation writes any of them.

An article's url is text someone else wrote: a page's metadata (``og:url``,
the canonical link, JSON-LD), Markdown front matter, or a ``url:`` key typed
into an article by hand. The citations paste it into Markdown, BibTeX and the
HTML that Markdown becomes, where a ``>`` or a ``}`` in it could end the link
or the field and start markup of its own. Two rules, both here:

- :func:`web_url` is what ``brreader import`` keeps: an ``http`` or ``https``
  address with a host and without white space, quotes, angle brackets or
  control characters; anything else unusual in it is percent-encoded. Any
  other url is dropped with the reason, for the import to report.
- :func:`link_target` is what a citation writes as a link, for *any* url text
  (a hand-written one never went through import): every character that could
  end a Markdown link, an HTML attribute or a BibTeX field is
  percent-encoded, and a url that is not a web address is no link at all.

Plain text in, text out; no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
_MAX_SHOWN = 80  # characters of a refused url quoted in its warning

# Kept as they are: the characters RFC 3986 allows in a url, less the ones that
# end a link or a field somewhere a citation goes (quotes, <, >, {, }, \ and `
# are not among them), and "%" only where it starts an escape already.
_ENCODE = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]")
# Never part of an address that was written down right: these are refused on import.
_REFUSED_CHARACTERS = frozenset("\"'<>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _escaped(found: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in found.group().encode("utf-8", "surrogatepass"))


def _encode(url: str) -> str:
    """``url`` with every character outside the kept set as %XX (its UTF-8 bytes).

    Square brackets are kept only in the host (``[::1]``); elsewhere they
    could open Markdown link text for a reader that ignores the ``<...>``.
    """
    start = url.find("//") + 2 if "//" in url else 0
    end = next((i for i in range(start, len(url)) if url[i] in "/?#"), len(url))
    head, authority, rest = url[:start], url[start:end], url[end:]
    rest = _ENCODE.sub(_escaped, rest).replace("[", "%5B").replace("]", "%5D")
    return _ENCODE.sub(_escaped, head) + _ENCODE.sub(_escaped, authority) + rest


def _is_invisible(character: str) -> bool:
    """White space, control and format characters (bidi controls, zero-width spaces)."""
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def _shown(url: str) -> str:
    """The url as a warning may quote it: one line, printable, not too long."""
    printable = "".join("?" if _is_invisible(ch) and ch != " " else ch for ch in url)
    return printable if len(printable) <= _MAX_SHOWN else printable[: _MAX_SHOWN - 3] + "..."


def _host_of(url: str) -> str | None:
    """The host part of an absolute url; ``None`` when the url cannot be split."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        return None
    return parts.hostname or ""


def web_url(raw: str) -> tuple[str, str]:
    """The url ``import`` keeps, and ``""``; or ``""`` and why ``raw`` is refused.

    An empty ``raw`` gives ``("", "")``: no url, nothing to report.
    """
    url = raw.strip()
    if not url:
        return "", ""
    why = ""
    scheme = _SCHEME.match(url)
    if any(_is_invisible(ch) for ch in url):
        why = "has white space or control characters in it"
    elif any(ch in _REFUSED_CHARACTERS for ch in url):
        why = "has quotes or angle brackets in it"
    elif scheme is None or scheme.group(1).lower() not in WEB_SCHEMES:
        why = "is not a web address (http or https)"
    else:
        host = _host_of(url)
        if not host:
            why = "has no host name"
        elif not host.isascii():
            try:
                ascii_host = host.encode("idna").decode("ascii")
            except UnicodeError:
                why = "has a host name that is not a valid domain"
            else:
                url = url.replace(host, ascii_host, 1)
    if why:
        return "", f"url '{_shown(url)}' {why}; dropped"
    return _encode(url), ""


def link_target(url: str) -> str:
    """``url`` as a link target no Markdown, HTML or BibTeX reader can be led out of.

    ``""`` when ``url`` is not an http or https address with a host: such text
    is written as text, never as a link (``javascript:`` and ``data:`` urls
    included).
    """
    url = url.strip()
    scheme = _SCHEME.match(url)
    if scheme is None or scheme.group(1).lower() not in WEB_SCHEMES or not _host_of(url):
        return ""
    return _encode(url)
