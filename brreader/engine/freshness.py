"""The quick freshness check: has any folder of the archive changed since the last full scan?

A full check stats every article file and compares the whole index record:
at 100,000 articles that was about two seconds of every one-shot command.
Adding, removing or renaming a file changes the modification time of the
folder that holds it, and so does an editor's save that writes a new file
and renames it over the old one. So after each full scan the index folder
keeps a small second record, ``brreader-folders.json``: the modification
time of every folder of the archive, and which commit and which index record
that scan matched. A one-shot command stats those folders (O(folders), not
O(files)) and trusts the index when none changed.

What it cannot see is a file rewritten in place (same name, same folder):
that is picked up by the next full scan (``brreader index``, the reader's
start, ``brreader serve``, which also watches the files). A folder whose
time is within :data:`RACY_NS` of the scan is not trusted, because a file
added in the same tick of the clock would leave it unchanged (git's "racy
clean" problem): the next command scans again.

The record is written with ``os.replace`` and names the index record's
stamp and the commit it matched, so a stale one (another process committed
since) is simply not used.
"""

from __future__ import annotations

import itertools
import json
import os
import stat
import threading
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any, NamedTuple

from brreader.articles import ARTICLE_SUFFIXES, ArticleFile
from brreader.files import read_regular
from brreader.model import Skipped

FOLDERS = "brreader-folders.json"
# A folder changed this close to the scan may change again within the same
# clock tick without its time moving (file systems keep coarse times: 2 s on FAT).
RACY_NS = 2_000_000_000
# Every way to write an article suffix (".txt", ".TXT", ".Md", ...): the names a new
# file's natural id could also come from.
SUFFIX_SPELLINGS = tuple(
    "".join(letters)
    for suffix in ARTICLE_SUFFIXES
    for letters in itertools.product(*({c, c.upper()} for c in suffix))
)
# Bigger than any honest record of folders (tens of bytes a folder).
MAX_BYTES = 64 * 1024 * 1024


class FolderStamps:
    """The folder times of the last full scan, kept beside the index record."""

    def __init__(self, location: Path, articles: Path) -> None:
        self.path = location / FOLDERS
        self.articles = articles

    def write(
        self,
        folders: dict[str, int | None],
        *,
        scanned_at_ns: int,
        schema: int,
        generation: int,
        record: tuple[int, ...],
        articles: int,
    ) -> None:
        """Keep ``folders`` (from the scan that started at ``scanned_at_ns``); never raises.

        A folder that could not be listed, or changed too close to the scan,
        is kept as None: "not known, scan again".
        """
        stamps = {
            name: (
                None if mtime is None or scanned_at_ns - mtime < RACY_NS or mtime > scanned_at_ns
                else mtime
            )
            for name, mtime in folders.items()
        }  # fmt: skip
        data = {
            "brreader": "folders",
            "schema": schema,
            "articles": str(self.articles.resolve()),
            "generation": generation,
            "record": list(record),
            "count": articles,
            "folders": stamps,
        }
        self._save(data)

    def carry(self, before: tuple[int, ...], after: tuple[int, ...], generation: int) -> None:
        """The index was rewritten, no file changed (a merge): the saved scan holds for it too.

        Only when the saved scan matched the record ``before``; the folders'
        times are the scan's, never read again here (a folder that changed
        since must still tell the next command to look).
        """
        saved = self.read()
        if saved is not None and saved.get("record") == list(before):
            saved["record"] = list(after)
            saved["generation"] = generation
            self._save(saved)

    def _save(self, data: dict[str, Any]) -> None:
        temporary = self.path.with_name(f"{FOLDERS}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(data, separators=(",", ":")))
            os.replace(temporary, self.path)
        except OSError:
            # Only a shortcut: without it the next command makes the full check.
            try:
                os.unlink(temporary)
            except OSError:
                pass

    def now(self) -> tuple[dict[str, int | None], int] | None:
        """The saved scan's folders with their times as of now, and now: for a rescan."""
        saved = self.read()
        if saved is None:
            return None
        scanned_at = time.time_ns()
        root = str(self.articles)
        folders: dict[str, int | None] = {}
        for name in saved["folders"]:
            try:
                folders[name] = os.stat(os.path.join(root, name) if name else root).st_mtime_ns
            except OSError:
                return None
        return folders, scanned_at

    def read(self) -> dict[str, Any] | None:
        """The saved stamps, or None when there are none or they cannot be read."""
        try:
            data = json.loads(read_regular(self.path, MAX_BYTES))
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("folders"), dict):
            return None
        return data

    def unchanged(self, *, schema: int, record: tuple[int, ...] | None) -> tuple[int, int] | None:
        """(commit generation, article count) if no folder changed since the saved scan.

        None when anything differs: no saved scan, another schema or articles
        folder, an index record rewritten since (another commit), a folder
        gone, changed, new-born (its parent changed) or not trusted. The
        caller still checks that the index's latest commit is that generation.
        """
        saved = self.read()
        if (
            saved is None
            or record is None
            or saved.get("schema") != schema
            or saved.get("record") != list(record)
            or saved.get("articles") != str(self.articles.resolve())
            or not isinstance(saved.get("generation"), int)
            or not isinstance(saved.get("count"), int)
            or "" not in saved["folders"]
        ):
            return None
        root = str(self.articles)
        for name, mtime in saved["folders"].items():
            if mtime is None:
                return None
            try:
                now = os.stat(os.path.join(root, name) if name else root).st_mtime_ns
            except OSError:
                return None
            if now != mtime:
                return None
        return saved["generation"], saved["count"]


class Delta(NamedTuple):
    """What changed among a few files the watcher named, against the record."""

    new: list[ArticleFile]
    changed: list[ArticleFile]
    removed: list[str]
    total: int  # article files after the change


def natural_ids(recorded: dict[str, list[Any]]) -> bool:
    """Whether every recorded file is indexed under its natural id (its path less the suffix).

    :func:`rescan` needs it; one pass over the record, so a long-lived
    process keeps the answer with the record it holds in memory.
    """
    return all(
        entry[0] is not None and entry[0] == path.rpartition(".")[0]
        for path, entry in recorded.items()
    )


def rescan(
    articles: Path,
    recorded: dict[str, list[Any]],
    paths: Collection[str],
    *,
    natural: bool | None = None,
) -> Delta | None:
    """What changed among ``paths``, looking at nothing else: new, changed and removed files.

    What the server's watcher uses when it was told exactly which files
    changed: a stat per changed file instead of one per file of the archive,
    and no pass over the record either when ``natural`` (the answer of
    :func:`natural_ids` for ``recorded``) is given. None (scan everything)
    whenever the shortcut could be wrong: a record with a skipped file (those
    have rules of their own: reported once, links, ...) or an id that is not
    the plain file name (it depends on the other files' names), a path that
    is not a plain article file name, one whose id another file could share
    (``a.md`` beside ``a.txt``), or anything that is not a regular file now.
    """
    if natural is None:
        natural = natural_ids(recorded)
    if not natural:
        return None
    delta = Delta([], [], [], len(recorded))
    taken: set[str] = set()  # ids the new files of this batch have
    for path in dict.fromkeys(paths):
        name = path.rpartition("/")[2]
        stem, dot, _suffix = path.rpartition(".")
        if (
            not path
            or not dot
            or name.startswith(".")
            or "/." in path
            or not name.lower().endswith(ARTICLE_SUFFIXES)
            or "~" in name
        ):
            return None
        known = recorded.get(path)
        try:
            info = os.stat(os.path.join(articles, path))
        except FileNotFoundError:
            if known is None:
                return None  # not a file we knew: a folder named like one, say
            delta.removed.append(path)
            continue
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        file = ArticleFile(stem, path, info.st_mtime_ns, info.st_size)
        if known is None:
            # The new file's natural id must be free: no other suffix of it recorded or new.
            if stem in taken or any(stem + other in recorded for other in SUFFIX_SPELLINGS):
                return None  # let the full scan decide who has the id
            taken.add(stem)
            delta.new.append(file)
        elif known[1] != file.mtime_ns or known[2] != file.size:
            delta.changed.append(file)
    total = len(recorded) + len(delta.new) - len(delta.removed)
    return Delta(delta.new, delta.changed, delta.removed, total)


def diff(
    known: dict[str, list[Any]],
    current: dict[str, ArticleFile],
    unusable: dict[str, Skipped] | None = None,
) -> tuple[list[ArticleFile], list[ArticleFile], list[str]]:
    """New, changed and removed files: a full scan (``current``) against the record."""
    new, changed = [], []
    for path, file in current.items():
        entry = known.get(path)
        if entry is None:
            new.append(file)
        elif (
            entry[1] != file.mtime_ns
            or entry[2] != file.size
            or (entry[0] is not None and entry[0] != file.id)
        ):
            changed.append(file)
    unusable = unusable or {}
    # A file still there but unusable stays recorded (unless it was indexed before).
    removed = [
        path
        for path, entry in known.items()
        if path not in current and not (path in unusable and entry[0] is None)
    ]
    return new, changed, removed
