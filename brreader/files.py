"""Read the files a user names or keeps in a folder: regular files only, and never a hang.

A named pipe (FIFO) blocks whoever opens it until something writes to it, a
character device such as ``/dev/zero`` never ends, and a socket cannot be
opened at all. One of these with an article's name, in the articles folder or
on the command line, used to hang every command (while it held the index's
write lock). So every path brreader reads from a folder or the command line
goes through :func:`read_regular`, which is the one rule:

1. ``stat`` the path (following links, as ``open`` would) and refuse anything
   but a regular file, so a pipe or device is never even opened;
2. open it with ``O_NONBLOCK`` (and ``O_NOCTTY``), so a file swapped for a
   pipe between the check and the open cannot block the open either;
3. ``fstat`` what was opened and refuse it again unless it is a regular file,
   before reading a byte.

Folders raise :class:`IsADirectoryError`, everything else that is not a
regular file :class:`NotRegularFile`; both are :class:`OSError`, whose
``strerror`` says what the path is, for one-line messages.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """A path that is a pipe, socket or device; ``strerror`` says which."""


_KINDS = (
    (stat.S_ISDIR, "a folder, not a file"),
    (stat.S_ISFIFO, "a named pipe (FIFO), not a regular file"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
    (stat.S_ISCHR, "a character device, not a regular file"),
    (stat.S_ISBLK, "a block device, not a regular file"),
)


def not_regular(mode: int) -> str:
    """What a file of this ``st_mode`` is when it is not a regular file; ``""`` when it is."""
    if stat.S_ISREG(mode):
        return ""
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def require_regular(mode: int, path: str | Path = "") -> None:
    """Raise unless ``mode`` is a regular file's (a folder raises :class:`IsADirectoryError`)."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    raise NotRegularFile(errno.EINVAL, not_regular(mode), str(path))


def read_regular(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file: all of them, or at most ``limit + 1`` (to tell "too big").

    Raises :class:`OSError` as ``open`` would (``FileNotFoundError``,
    ``PermissionError`` ...), :class:`IsADirectoryError` for a folder and
    :class:`NotRegularFile` for a pipe, socket or device, which are never read.
    """
    require_regular(os.stat(path).st_mode, path)
    descriptor = os.open(path, _FLAGS)
    try:
        info = os.fstat(descriptor)
        require_regular(info.st_mode, path)
        # A regular file after all, where O_NONBLOCK changes nothing. Reads are
        # sized by the file (a 32 MB buffer per article would cost more than the
        # read); one byte more shows whether it grew meanwhile, and then the
        # reading goes on, up to the limit.
        want = sys.maxsize if limit is None else limit + 1
        chunks = []
        got = 0
        ask = min(want, info.st_size + 1)
        while got < want:
            chunk = os.read(descriptor, ask)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            ask = min(want - got, 1 << 20)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
