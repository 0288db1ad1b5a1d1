"""The index record, ``brreader-index.json``: what the index holds, and for which folder.

For each article file the record keeps its id, modification time and size,
so an update can tell what changed without reading the files; plus the
schema version, the articles folder and the Whoosh generation it describes,
and whether a rebuild is still under way. Every commit rewrites it, so its
stat is also how readers notice that the index changed.
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path
from typing import Any

from brreader.engine.schema import SCHEMA_VERSION
from brreader.files import read_regular

MANIFEST = "brreader-index.json"
# A record being written (see IndexRecord.write): brreader's own file, so a rebuild may clear it.
BUILDING = re.compile(rb'\{\s*"brreader"\s*:\s*"index"\s*,\s*"building"\s*:\s*true\b')
# json.dumps uses the C encoder; json.dump to a file does not (5x slower).
# ASCII: a file name the system could not decode is kept as an escape.
_ENCODE = json.JSONEncoder(separators=(",", ":")).encode
RECORD_TEMPORARY = re.compile(re.escape(MANIFEST) + r"\.\d+\.\d+\.tmp")


class IndexRecord:
    """The record of one index folder."""

    def __init__(self, location: Path, articles: Path) -> None:
        self.path = location / MANIFEST
        self.articles = articles
        # From the second write on: each file's entry as last written, and its JSON.
        self._encoded: dict[str, tuple[list[Any], str]] | None = None

    def read(self) -> dict[str, Any] | None:
        """The record, or None when there is none or it cannot be read."""
        try:
            # Never a plain open(): a pipe planted under this name would hang it.
            data = json.loads(read_regular(self.path))
        except (OSError, ValueError, RecursionError):
            return None
        return data if isinstance(data, dict) else None

    def write(
        self, files: dict[str, list[Any]], generation: int, *, building: bool = False
    ) -> None:
        """Replace the record in one step (a reader sees the old one or the new one)."""
        head = {
            "brreader": "index",
            # True from the moment a rebuild clears the index until its last batch:
            # a search in between answers from part of the archive and must say so.
            "building": building,
            "schema": SCHEMA_VERSION,
            "articles": str(self.articles.resolve()),
            "generation": generation,
            "files": None,  # last, so building() reads only the first bytes
        }
        text = _ENCODE(head).removesuffix("null}") + self._files_json(files) + "}"
        temporary = self.path.with_name(f"{MANIFEST}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)

    def stamp(self) -> tuple[int, int] | None:
        """The record's modification time and size: different after every commit."""
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def _files_json(self, files: dict[str, list[Any]]) -> str:
        """``files`` as JSON; a process that writes again encodes only the entries that changed.

        The server's watcher writes the record after every saved edit: at
        100,000 articles encoding it whole took a few hundred milliseconds.
        """
        if self._encoded is None:  # one write (a one-shot command): the fastest way
            self._encoded = {}
            return _ENCODE(files)
        encoded, fresh, parts = self._encoded, {}, []
        for path, entry in files.items():
            known = encoded.get(path)
            if known is None or known[0] != entry:
                known = (list(entry), f"{_ENCODE(path)}:{_ENCODE(entry)}")
            fresh[path] = known
            parts.append(known[1])
        self._encoded = fresh
        return "{" + ",".join(parts) + "}"

    def identity(self) -> tuple[int, int, int] | None:
        """The record file's inode, modification time and size: which write this is.

        Every write makes a new file (``os.replace``), so the inode tells two
        writes apart even within one tick of the clock.
        """
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_ino, info.st_mtime_ns, info.st_size

    def building(self) -> bool:
        """True while a rebuild (by any process) has saved only part of the archive.

        Asked after every search, so only the record's first bytes are read:
        :meth:`write` puts the flag before the list of files, which at 100,000
        articles is megabytes of JSON.
        """
        try:
            head = read_regular(self.path, limit=64)
        except OSError:
            return False
        return BUILDING.match(head) is not None


class Remembered:
    """The record's files as one write left them, kept by the process that wrote or read it."""

    def __init__(
        self, identity: tuple[int, int, int], generation: int, files: dict[str, list[Any]]
    ) -> None:
        self.identity = identity
        self.generation = generation
        self.files = files
        self.natural: bool | None = None  # see freshness.natural_ids; worked out when needed
