"""Fetch one web page for ``brreader import URL``.

With urllib3 (installed with trafilatura, which reads the page): http and
https only, a connect and read timeout, at most :data:`MAX_REDIRECTS`
redirects, at most ``limit`` bytes read, and only pages a person reads (HTML,
plain text, Markdown). The bytes come back as UTF-8 when the server names
their charset; otherwise the page's own ``<meta charset>`` decides later, as
for a saved file (:func:`brreader.extract.page_bytes`).

Errors are :class:`FetchError` with a one-line reason; nothing here raises
anything else for a bad link, a dead server or a strange reply.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urljoin

MAX_REDIRECTS = 5
TIMEOUT = 20.0  # seconds, for connecting and for each read
TIMEOUT_ENV = "BRREADER_FETCH_TIMEOUT"
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# What a page a person reads is served as, and the format import reads it in.
_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}


class FetchError(Exception):
    """A page that could not be fetched; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page: where it ended up (after redirects), its bytes and their format."""

    url: str
    data: bytes
    format: str


def is_url(text: str) -> bool:
    """Whether an import argument is a link (any scheme) rather than a path."""
    return _URL.match(text) is not None


def timeout() -> float:
    """:data:`TIMEOUT`, or ``$BRREADER_FETCH_TIMEOUT`` seconds (for slow links)."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return TIMEOUT
    return value if value > 0 else TIMEOUT


def fetch(url: str, limit: int, seconds: float | None = None) -> Page:
    """The page at ``url``; raises :class:`FetchError`."""
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http:// and https:// links are imported, not {scheme}://")
    import urllib3

    wait = seconds if seconds is not None else timeout()
    pool = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=wait, read=wait),
        retries=urllib3.Retry(total=None, connect=0, read=0, redirect=MAX_REDIRECTS, status=0),
        headers={"User-Agent": "brreader (interview archive; import)"},
    )
    try:
        response = pool.request("GET", url, preload_content=False, redirect=True)
    except urllib3.exceptions.MaxRetryError as error:
        raise FetchError(_why(error.reason or error)) from None
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(_why(error)) from None
    except (ValueError, UnicodeError) as error:  # a link urllib3 cannot even parse
        raise FetchError(f"not a link brreader can fetch ({error})") from None
    try:
        if response.status >= 400:
            raise FetchError(
                f"the server answered {response.status} {response.reason or ''}".strip()
            )
        kind, charset = _content_type(response.headers.get("Content-Type", ""))
        fmt = _TYPES.get(kind) if kind else "html"
        if fmt is None:
            raise FetchError(f"not a web page ({kind}); import reads HTML, text and Markdown")
        data = _read(response, limit)
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(_why(error)) from None
    finally:
        response.release_conn()
        pool.clear()
    if charset:
        data = _as_utf8(data, charset)
    # After redirects urllib3 may give only the last request's path: make it whole.
    return Page(urljoin(url, response.geturl() or url), data, fmt)


def _read(response: object, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.stream(65536):  # type: ignore[attr-defined]
        size += len(chunk)
        if size > limit:
            raise FetchError(f"larger than {limit >> 20} MB; not an interview")
        chunks.append(chunk)
    return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str]:
    """``("text/html", "iso-8859-1")`` from ``text/html; charset=ISO-8859-1``."""
    kind, _, rest = header.partition(";")
    found = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]+)", rest, re.IGNORECASE)
    return kind.strip().lower(), found.group(1).lower() if found else ""


def _as_utf8(data: bytes, charset: str) -> bytes:
    """Bytes in the charset the server named, as UTF-8 (unchanged if it names none we know)."""
    from brreader.extract import browser_codec

    codec = browser_codec(charset)
    if codec in ("", "utf-8", "utf-8-sig"):
        return data
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError:
        return data  # the server was wrong; the page's own declaration may be right


def _why(error: object) -> str:
    """A one-line reason for a failed request."""
    import urllib3

    if isinstance(error, urllib3.exceptions.ResponseError) or "redirect" in str(error).lower():
        return (
            f"more than {MAX_REDIRECTS} redirects; open the link in a browser to see where it goes"
        )
    # urllib3 makes a refused connection a kind of connect timeout: look at it first.
    if isinstance(error, urllib3.exceptions.NameResolutionError):
        return "the server's name is not known (is the address right, and are you online?)"
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "cannot connect to the server (is the address right, and are you online?)"
    if isinstance(error, urllib3.exceptions.TimeoutError):
        return f"no answer within {timeout():g} s; try again, or set {TIMEOUT_ENV} to wait longer"
    if isinstance(error, urllib3.exceptions.SSLError):
        return "the secure connection failed (the site's certificate could not be checked)"
    text = " ".join(str(error).split())
    return f"cannot fetch the page ({text[:120]})"
