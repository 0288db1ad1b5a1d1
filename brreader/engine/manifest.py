"""The index record, ``brreader-index.json``: what the index holds, and for which folder.

For each article file the record keeps its id, modification time and size,
so an update can tell what changed without reading the files; plus the
schema version, the articles folder and the Whoosh generation it describes,
and whether a rebuild is still under way. Every commit writes it, so its
stat is also how readers notice that the index changed.

A process that writes again and again (the server's watcher, one saved file
at a time) appends each commit's changed entries to a journal beside it,
``brreader-index.journal``, instead of rewriting every entry (about half a
second at 100,000 articles). The record names its journal by a random token
that the journal's first line repeats, so a journal left by an older record
is never applied to a newer one; the record is written whole again once the
journal has grown to a quarter of it (or 256 KB). Reading applies the
journal's whole lines in order. A line cut short or garbled (a crash while
appending), or an empty journal, is damage: what the record says then
differs from the index's commit, the store rebuilds the record from the
index as after any interrupted commit, writes it whole, and says so once.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections.abc import Collection
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
JOURNAL = "brreader-index.journal"
JOURNAL_MIN_LIMIT = 256 * 1024  # bytes a journal may reach before the record is written whole
# Which write of the record (and its journal) is on disk: see IndexRecord.identity and stamp.
Stamp = tuple[int, ...]


class IndexRecord:
    """The record of one index folder."""

    def __init__(self, location: Path, articles: Path) -> None:
        self.path = location / MANIFEST
        self.journal = location / JOURNAL
        self.articles = articles
        # From the second write on: each file's entry as last written, and its JSON.
        self._encoded: dict[str, tuple[list[Any], str]] | None = None
        # The token of the record this process last read or wrote whole, with the
        # record file's identity then and its size: what appending needs.
        self._base: tuple[str, Stamp, int] | None = None
        self.damage = ""  # why the journal could not be applied at the last read ("" if it could)

    def read(self) -> dict[str, Any] | None:
        """The record with its journal applied, or None when there is none or it cannot be read.

        :attr:`damage` says afterwards whether the journal was damaged.
        """
        self._base, self.damage = None, ""
        before = _file_identity(self.path)
        try:
            # Never a plain open(): a pipe planted under this name would hang it.
            raw = read_regular(self.path)
            data = json.loads(raw)
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict):
            return None
        token = data.get("journal")
        if isinstance(token, str) and isinstance(data.get("files"), dict):
            self.damage = self._replay(data, token)
            if not self.damage and _file_identity(self.path) == before:
                self._base = (token, before, len(raw))
        return data

    def _replay(self, data: dict[str, Any], token: str) -> str:
        """Apply the journal's whole lines to ``data``; what was wrong with it ("" if nothing)."""
        try:
            raw = read_regular(self.journal)
        except FileNotFoundError:
            return ""
        except OSError as error:
            return f"its journal cannot be read: {error.strerror or error}"
        lines = raw.split(b"\n")
        tail = lines.pop()  # what follows the last line end: nothing, unless cut short
        if not lines:
            return "its journal was cut short" if tail else "its journal is empty"
        try:
            head = json.loads(lines[0])
        except ValueError:
            return "its journal is garbled"
        if head != {"brreader": "journal", "base": token}:
            return ""  # a journal of an older record (a crash before it was removed)
        files = data["files"]
        for line in lines[1:]:
            try:
                entry = json.loads(line)
                changes, generation = entry["files"], entry["generation"]
                if not isinstance(changes, dict) or not isinstance(generation, int):
                    raise ValueError(line)
            except (ValueError, KeyError, TypeError, RecursionError):
                return "its journal is garbled"
            for path, value in changes.items():
                if value is None:
                    files.pop(path, None)
                else:
                    files[path] = value
            data["generation"] = generation
        return "its journal was cut short" if tail else ""

    def write(
        self,
        files: dict[str, list[Any]],
        generation: int,
        *,
        building: bool = False,
        changed: Collection[str] | None = None,
    ) -> None:
        """Record ``files`` for commit ``generation``; a reader sees the old record or the new.

        ``changed`` (the paths whose entries this commit added, changed or
        removed) lets a process that read or wrote the record before append
        them to the journal instead of writing every entry again.
        """
        if changed is not None and not building and self._append(files, generation, changed):
            return
        token = secrets.token_hex(8)
        head = {
            "brreader": "index",
            # True from the moment a rebuild clears the index until its last batch:
            # a search in between answers from part of the archive and must say so.
            "building": building,
            "schema": SCHEMA_VERSION,
            "articles": str(self.articles.resolve()),
            "generation": generation,
            "journal": token,
            "files": None,  # last, so building() reads only the first bytes
        }
        text = _ENCODE(head).removesuffix("null}") + self._files_json(files) + "}"
        temporary = self.path.with_name(f"{MANIFEST}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        try:  # the old journal names the old token: never applied again, only untidy
            os.unlink(self.journal)
        except OSError:
            pass
        self.damage = ""
        self._base = (token, _file_identity(self.path), len(text))

    def _append(
        self, files: dict[str, list[Any]], generation: int, changed: Collection[str]
    ) -> bool:
        """Append one commit's changes to the journal; False: the record must be written whole."""
        base = self._base
        if base is None or _file_identity(self.path) != base[1]:
            return False  # not the record this process read or wrote last
        token, _identity, size = base
        line = _ENCODE({"generation": generation, "files": {p: files.get(p) for p in changed}})
        try:
            used = os.stat(self.journal).st_size
        except FileNotFoundError:
            used = 0
            line = _ENCODE({"brreader": "journal", "base": token}) + "\n" + line
        except OSError:
            return False
        if used + len(line) > max(JOURNAL_MIN_LIMIT, size // 4):
            return False  # time to write it whole (and start a new journal)
        data = (line + "\n").encode("utf-8")
        handle = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if os.write(handle, data) != len(data):
                raise OSError(f"short write to {self.journal}")
            os.fsync(handle)
        finally:
            os.close(handle)
        return True

    def stamp(self) -> Stamp | None:
        """The record's and its journal's modification times and sizes: new after every commit."""
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        journal = _file_identity(self.journal)
        return info.st_mtime_ns, info.st_size, journal[1], journal[2]

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

    def identity(self) -> Stamp | None:
        """Which write this is: the record file's and its journal's inode, time and size.

        Every whole write makes a new file (``os.replace``), so the inode tells
        two writes apart even within one tick of the clock; every append makes
        the journal longer.
        """
        record = _file_identity(self.path)
        if record == (0, 0, 0):
            return None
        return record + _file_identity(self.journal)

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


def indexed(entry: list[Any] | None) -> bool:
    """Whether a record entry is an indexed article (not a skipped file, not absent)."""
    return entry is not None and entry[0] is not None


def files_in_index(ix: Any) -> dict[str, list[Any]]:
    """The record's files rebuilt from the index itself, after an interrupted update."""
    files: dict[str, list[Any]] = {}
    with ix.searcher() as searcher:
        for stored in searcher.documents(kind="a"):
            files[stored["path"]] = [stored["aid"], stored.get("mtime"), stored.get("size")]
    return files


def _file_identity(path: Path) -> Stamp:
    """A file's inode, modification time and size; zeros when it is not there."""
    try:
        info = os.stat(path)
    except OSError:
        return 0, 0, 0
    return info.st_ino, info.st_mtime_ns, info.st_size


class Remembered:
    """The record's files as one write left them, kept by the process that wrote or read it."""

    def __init__(self, identity: Stamp, generation: int, files: dict[str, list[Any]]) -> None:
        self.identity = identity
        self.generation = generation
        self.files = files
        self.natural: bool | None = None  # see freshness.natural_ids; worked out when needed
        self.count: int | None = None  # how many of files are indexed, when kept up to date
