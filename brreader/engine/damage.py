"""Telling an index damaged inside its files from a bug in brreader.

Opening an index finds a missing, empty or unreadable file (``store``) and
repairs it. Bytes damaged inside a segment (a disk error, a copy cut short, a
file edited by hand) pass that check and fail later, when a search reads them:
zlib finds a bad check sum, a stored record does not unpickle, a number runs
past the end. Such an error is raised where Whoosh or brreader decode bytes
from the index's files; :func:`read_damage` says whether an error is one, so a
command can rebuild the index once and answer, as it does for a missing one.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from pathlib import Path

import whoosh

_WHOOSH = Path(whoosh.__file__).resolve().parent
# Where index bytes are decoded: Whoosh's file, codec and column readers, and ours.
_DECODERS = (_WHOOSH / "filedb", _WHOOSH / "codec", _WHOOSH / "util")
_DECODER_FILES = frozenset(
    [str(_WHOOSH / "columns.py"), str(_WHOOSH / "system.py")]
    + [str(Path(__file__).resolve().with_name(name)) for name in ("codec.py", "postfile.py")]
)
# What decoding damaged bytes raises (never a file system error: that has its own message).
_DECODING = (zlib.error, struct.error, EOFError, pickle.UnpicklingError, UnicodeDecodeError)
_MISREAD = (ValueError, IndexError, KeyError, TypeError, OverflowError, MemoryError)


def read_damage(error: BaseException) -> bool:
    """Whether ``error`` was raised decoding bytes read from an index's files."""
    if isinstance(error, _DECODING):
        return True
    if not isinstance(error, _MISREAD):
        return False
    where = error.__traceback__
    if where is None:
        return False
    while where.tb_next is not None:
        where = where.tb_next
    name = where.tb_frame.f_code.co_filename
    return name in _DECODER_FILES or any(name.startswith(f"{folder}/") for folder in _DECODERS)


def described(error: BaseException) -> str:
    """One line naming the damage, for the message that says the index is rebuilt."""
    text = " ".join(str(error).split())[:120]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
