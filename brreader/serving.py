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
  (stderr bytes) and a final ``x`` (JSON: the exit status), or one ``r``
  (JSON: why it refuses).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import stat
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

import brreader

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
_HEADER = struct.Struct(">I")


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


def runtime_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The per-user folder of the socket, created 0700 and checked; raises :class:`Unusable`."""
    chosen = environ.get(RUNTIME_ENV)
    if chosen:
        folder = Path(chosen)
    elif environ.get("XDG_RUNTIME_DIR"):
        folder = Path(environ["XDG_RUNTIME_DIR"]) / "brreader"
    else:
        import tempfile  # rarely needed, and it imports a lot

        folder = Path(tempfile.gettempdir()) / f"brreader-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
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


def identity() -> str:
    """This code's version: the package version and a fingerprint of its source files."""
    root = Path(brreader.__file__).parent
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
    import sys

    stream = sys.__stderr__
    if stream is not None:
        print(message, file=stream, flush=True)


def send(sock: socket.socket, kind: bytes, payload: bytes) -> None:
    """One frame: the length of kind + payload, then both."""
    sock.sendall(_HEADER.pack(len(payload) + 1) + kind + payload)


def send_json(sock: socket.socket, kind: bytes, data: Any) -> None:
    send(sock, kind, json.dumps(data).encode())


def receive(sock: socket.socket) -> tuple[bytes, bytes] | None:
    """The next frame as (kind, payload); None when the other side closed."""
    head = _exactly(sock, _HEADER.size)
    if head is None:
        return None
    (size,) = _HEADER.unpack(head)
    if not 1 <= size <= MAX_MESSAGE:
        raise ConnectionError(f"a message of {size} bytes")
    body = _exactly(sock, size)
    if body is None:
        raise ConnectionError("the connection closed in the middle of a message")
    return body[:1], body[1:]


def _exactly(sock: socket.socket, size: int) -> bytes | None:
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
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    data = sock.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", data)
    return int(uid)


def connect(folder: Path, timeout: float | None = None) -> socket.socket | None:
    """A connection to the server in ``folder``, or None when none is listening."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(socket_path(folder))
    except OSError:
        sock.close()
        return None
    return sock


def socket_path(folder: Path) -> str:
    """The socket's path, short enough for the 108-byte limit of a Unix socket address."""
    path = str(folder / SOCKET_NAME)
    if len(os.fsencode(path)) < 100:
        return path
    # A long runtime folder (a test's temporary one): reach it through a short
    # name for the same folder. Linux resolves /proc/self/fd/N as the folder.
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    _kept_open.append(handle)
    return f"/proc/self/fd/{handle}/{SOCKET_NAME}"


_kept_open: list[int] = []


def server_alive(folder: Path) -> bool:
    """True while a server holds its life lock (it may not listen yet)."""
    try:
        handle = os.open(folder / LOCK_NAME, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)
    return False
