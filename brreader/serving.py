"""What the thin client and the resident server share: where the socket is, who may talk, how.

A one-shot command pays Python's start-up and brreader's imports; a resident
``brreader serve`` keeps the index open and answers over a Unix socket (see
``brreader.client`` and ``brreader.cli.server``). This module imports only
the standard library, because the client imports it on every command.

- **Where**: ``$BRREADER_RUNTIME_DIR``, else ``$XDG_RUNTIME_DIR/brreader``,
  else ``brreader-UID`` in the temporary folder. The folder must belong to
  this user and be closed to everyone else (0700), or it is not used: a
  shared ``/tmp`` is where another user would plant a socket.
- **Who**: the server checks the peer's uid (``SO_PEERCRED``).
- **Which version**: :func:`identity` is the package version plus a
  fingerprint of its source files, so a server still running old code after
  an upgrade (or an edit of an editable install) is never used.
- **How**: messages are a 4-byte length and a payload. The client sends one
  JSON request; the server answers with frames ``o`` (stdout bytes), ``e``
  (stderr bytes) and a final ``s`` (:func:`send_exit`: the exit status), or
  one ``r`` (JSON: why it refuses). ``serve --status`` and ``--stop`` are
  answered with one ``x`` (JSON).
- **At what cost**: the client imports this module on every command, so it
  keeps to what Python has loaded at start plus ``_socket``:
  no :mod:`socket` (its enums), :mod:`json` (and :mod:`re`), :mod:`pathlib`
  or :mod:`typing` (``tests/test_client.py`` checks it).
"""

from __future__ import annotations

import _socket  # the socket module's own enums and selectors cost more than the whole client
import os
import stat
import sys

import brreader

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms per command)
if TYPE_CHECKING:
    import socket
    from collections.abc import Mapping
    from typing import Any

SERVER_ENV = "BRREADER_SERVER"  # "off" (or "0", "no") disables the server
RUNTIME_ENV = "BRREADER_RUNTIME_DIR"
IDLE_ENV = "BRREADER_SERVER_IDLE"  # seconds without a request before the server exits
IDLE_DEFAULT = 15 * 60
SOCKET_NAME = "server.sock"
LOCK_NAME = "server.lock"  # held by the running server for its whole life
SPAWN_LOCK_NAME = "spawn.lock"  # held by a client while it starts a server
LOG_NAME = "server.log"
# The environment a command's output depends on; the client sends these.
FORWARDED = ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES", "HOME", "TZ")
FORWARDED_PREFIXES = ("BRREADER_", "XDG_")
MAX_MESSAGE = 64 * 1024 * 1024
# Commands the server answers. Not: the reader (a terminal of its own),
# 'import' (reads standard input) and 'serve' itself.
SERVED = frozenset(
    ("search", "facets", "related", "timeline", "show", "quote", "bookmarks", "saved", "list",
     "index", "check")
)  # fmt: skip
_TOP_OPTIONS_WITH_VALUE = ("--articles", "--index")
_HEADER_SIZE = 4  # a frame's length, big-endian (int.to_bytes: no struct module to import)


class Unusable(Exception):
    """The runtime folder cannot be trusted or made; the message says why."""


def disabled(environ: Mapping[str, str] = os.environ) -> bool:
    """True when the user turned the server off.

    ``$BRREADER_SERVER`` (off/on) wins; otherwise ``server = false`` in the
    config file (:mod:`brreader.config`, read only when the variable is unset).
    """
    word = environ.get(SERVER_ENV, "").strip().lower()
    if word in ("off", "0", "no", "false"):
        return True
    if word in ("on", "1", "yes", "true"):
        return False
    if not os.path.exists(config_file(environ)):
        return False  # the common case costs one stat, not brreader.config's imports
    from brreader.config import read_config

    return read_config().values.get("server") is False


def config_file(environ: Mapping[str, str] = os.environ) -> str:
    """Where :func:`brreader.config.config_path` looks, without importing it (or pathlib).

    On platforms other than Linux and the BSDs the answer is ``""`` here, and
    :func:`disabled` asks :mod:`brreader.config` itself.
    """
    override = environ.get("BRREADER_CONFIG", "").strip()
    if override:
        return os.path.expanduser(override)
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return "."  # exists: let brreader.config decide
    base = environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
    return os.path.join(base, "brreader", "config.toml")


def served(words: list[str]) -> bool:
    """Whether the command named in ``words`` is one the server answers."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in _TOP_OPTIONS_WITH_VALUE:
            skip = True
        elif word.startswith("-"):
            if word in ("-h", "--help", "--version"):
                return False
        else:
            return word in SERVED
    return False


def runtime_dir(environ: Mapping[str, str] = os.environ) -> str:
    """The per-user folder of the socket, created 0700 and checked; raises :class:`Unusable`."""
    chosen = environ.get(RUNTIME_ENV)
    if chosen:
        folder = chosen
    elif environ.get("XDG_RUNTIME_DIR"):
        folder = os.path.join(environ["XDG_RUNTIME_DIR"], "brreader")
    else:
        folder = os.path.join(_temporary_folder(environ), f"brreader-{os.getuid()}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError as error:
        raise Unusable(f"cannot make {folder}: {error.strerror}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise Unusable(f"{folder} is not a folder")
    if info.st_uid != os.getuid():
        raise Unusable(f"{folder} belongs to another user")
    if info.st_mode & 0o077:
        raise Unusable(f"{folder} is open to other users (mode {info.st_mode & 0o777:o})")
    return folder


def _temporary_folder(environ: Mapping[str, str]) -> str:
    """``tempfile.gettempdir()``'s answer, without its import (about 10 ms) when it is plain.

    Its first candidate ($TMPDIR, $TEMP, $TMP, then /tmp) is the answer
    whenever that folder can be written to, which is nearly always;
    otherwise :mod:`tempfile` tries the others.
    """
    first = next((environ[name] for name in ("TMPDIR", "TEMP", "TMP") if environ.get(name)), "/tmp")
    if os.path.isdir(first) and os.access(first, os.W_OK | os.X_OK):
        return os.path.abspath(first)
    import tempfile

    return tempfile.gettempdir()


def identity() -> str:
    """This code's version: the package version and a fingerprint of its source files."""
    root = os.path.dirname(brreader.__file__)
    marks = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            if name.endswith((".py", ".tcss")):
                try:
                    info = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                marks = (marks * 31 + info.st_mtime_ns + info.st_size) % (1 << 61)
    return f"{brreader.__version__}+{marks:x}"


def log(message: str) -> None:
    """A line in the server's own log, never a client's stderr (which a command may hold)."""
    stream = sys.__stderr__
    if stream is not None:
        print(message, file=stream, flush=True)


def send(sock: socket.socket | _socket.socket, kind: bytes, payload: bytes) -> None:
    """One frame: the length of kind + payload, then both."""
    sock.sendall((len(payload) + 1).to_bytes(_HEADER_SIZE, "big") + kind + payload)


def send_json(sock: socket.socket | _socket.socket, kind: bytes, data: Any) -> None:
    send(sock, kind, dumps(data))


def dumps(data: Any) -> bytes:
    """``data`` (strings, numbers, booleans, None, lists and dicts of them) as JSON in UTF-8.

    What ``json.dumps(data).encode()`` reads back as, without importing
    :mod:`json` (and :mod:`re`, which it needs: a few ms of every command) for
    the client's request. A string that is not plain printable text (a
    quote, a backslash, a control character, a lone surrogate from an
    undecodable file name) is written by :mod:`json` itself.
    """
    parts: list[str] = []
    _dump(data, parts)
    return "".join(parts).encode("utf-8")


def _dump(data: Any, parts: list[str]) -> None:
    if isinstance(data, str):
        if data.isprintable() and '"' not in data and "\\" not in data:
            parts.append(f'"{data}"')
        else:
            import json

            parts.append(json.dumps(data))
    elif data is None:
        parts.append("null")
    elif isinstance(data, bool):
        parts.append("true" if data else "false")
    elif isinstance(data, int):
        parts.append(str(data))
    elif isinstance(data, (list, tuple)):
        parts.append("[")
        for number, item in enumerate(data):
            if number:
                parts.append(", ")
            _dump(item, parts)
        parts.append("]")
    elif isinstance(data, dict):
        parts.append("{")
        for number, (key, value) in enumerate(data.items()):
            if not isinstance(key, str):
                raise TypeError(f"a JSON key must be a string, not {key!r}")
            if number:
                parts.append(", ")
            _dump(key, parts)
            parts.append(": ")
            _dump(value, parts)
        parts.append("}")
    else:
        import json

        parts.append(json.dumps(data))  # a float, or json's own TypeError


def send_exit(sock: socket.socket | _socket.socket, status: int, exited: bool) -> None:
    """The last frame of a run: its exit status, and whether it ended by SystemExit."""
    send(sock, b"s", status.to_bytes(4, "big", signed=True) + (b"\x01" if exited else b"\x00"))


def read_exit(payload: bytes) -> tuple[int, bool]:
    """What :func:`send_exit` sent: (exit status, ended by SystemExit)."""
    if len(payload) != 5:
        raise ValueError(f"an exit frame of {len(payload)} bytes")
    return int.from_bytes(payload[:4], "big", signed=True), payload[4] != 0


def receive(sock: socket.socket | _socket.socket) -> tuple[bytes, bytes] | None:
    """The next frame as (kind, payload); None when the other side closed."""
    head = _exactly(sock, _HEADER_SIZE)
    if head is None:
        return None
    size = int.from_bytes(head, "big")
    if not 1 <= size <= MAX_MESSAGE:
        raise ConnectionError(f"a message of {size} bytes")
    body = _exactly(sock, size)
    if body is None:
        raise ConnectionError("the connection closed in the middle of a message")
    return body[:1], body[1:]


def _exactly(sock: socket.socket | _socket.socket, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = sock.recv(min(size, 1 << 20))
        if not chunk:
            if chunks:
                raise ConnectionError("the connection closed in the middle of a message")
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def peer_uid(sock: socket.socket) -> int | None:
    """The uid of the process at the other end of a Unix socket (Linux); None if unknown."""
    option = getattr(_socket, "SO_PEERCRED", None)
    if option is None:
        return None
    import struct  # the server's side only

    data = sock.getsockopt(_socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", data)
    return int(uid)


def dial(folder: str | os.PathLike[str], timeout: float | None = None) -> _socket.socket | None:
    """A bare connection to the server in ``folder`` (the client's), or None when none listens.

    The C socket under :class:`socket.socket`, made without importing the
    :mod:`socket` module; it has no ``with``: close it.
    """
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(socket_path(folder))
    except OSError:
        sock.close()
        return None
    return sock


def connect(folder: str | os.PathLike[str], timeout: float | None = None) -> socket.socket | None:
    """A connection to the server in ``folder``, or None when none is listening."""
    raw = dial(folder, timeout)
    if raw is None:
        return None
    import socket

    sock = socket.socket(fileno=raw.detach())
    sock.settimeout(timeout)
    return sock


def socket_path(folder: str | os.PathLike[str]) -> str:
    """The socket's path, short enough for the 108-byte limit of a Unix socket address."""
    path = os.path.join(folder, SOCKET_NAME)
    if len(os.fsencode(path)) < 100:
        return path
    # A long runtime folder (a test's temporary one): reach it through a short
    # name for the same folder. Linux resolves /proc/self/fd/N as the folder.
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    _kept_open.append(handle)
    return f"/proc/self/fd/{handle}/{SOCKET_NAME}"


_kept_open: list[int] = []


def server_alive(folder: str | os.PathLike[str]) -> bool:
    """True while a server holds its life lock (it may not listen yet)."""
    import fcntl

    try:
        handle = os.open(os.path.join(folder, LOCK_NAME), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)
    return False
