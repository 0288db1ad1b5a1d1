"""The articles folder on disk: which files are articles, their ids, and reading them.

The files are the user's data and the only source of truth: this module opens
them read-only and never writes, renames or deletes anything.
"""

from __future__ import annotations

import os
from dataclasses import replace
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from brreader.files import NotRegularFile, not_regular, read_regular
from brreader.model import ArticleError, ParseResult, Skipped
from brreader.parse import decode, is_binary, parse_article
from brreader.textsafe import is_utf8

if TYPE_CHECKING:
    from collections.abc import Iterator

ARTICLE_SUFFIXES = (".txt", ".md")
# Far above any real interview (a 3,000-pair article is about 2 MB); protects
# the indexer from a stray log file or disk image that happens to end in .txt.
MAX_ARTICLE_BYTES = 32 * 1024 * 1024


class ArticleFile(NamedTuple):
    """One article file as found on disk (a tuple: a scan makes tens of thousands)."""

    id: str
    path: str  # relative to the articles folder, "/"-separated
    mtime_ns: int
    size: int


def article_ids(paths: list[str]) -> dict[str, str]:
    """Map relative paths to ids: the path without its extension.

    When several files share a stem (``a.txt`` and ``a.md``), the ``.txt`` file
    keeps the bare id and the others keep their extension (``a.md``), so both
    stay reachable and a ``.txt`` file's id never changes.
    """
    stems = [path.rpartition(".")[0] for path in paths]
    if len(set(stems)) == len(stems):  # the usual case: no two files share a stem
        return dict(zip(paths, stems, strict=True))
    by_stem: dict[str, list[str]] = {}
    for path, stem in zip(paths, stems, strict=True):
        by_stem.setdefault(stem, []).append(path)
    ids: dict[str, str] = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            ids[group[0]] = stem
            continue
        primary = next((p for p in group if p.endswith(".txt")), None)
        for path in group:
            ids[path] = stem if path == primary else path
    return _settled(ids)


def _settled(ids: dict[str, str]) -> dict[str, str]:
    """The same ids, made unique where a kept extension met another file's stem.

    ``a.md`` beside ``a.txt`` keeps its extension as ``a.md``, which is also
    the stem of ``a.md.txt``. The file whose id is its own stem keeps it; the
    other becomes ``a.md~2`` (``~3``...), so every file stays in the index
    and :func:`id_clashes` can say why.
    """
    owners: dict[str, list[str]] = {}
    for path, article_id in ids.items():
        owners.setdefault(article_id, []).append(path)
    taken = set(ids.values())
    for article_id, group in owners.items():
        if len(group) < 2:
            continue
        group.sort(key=lambda path: (path.rpartition(".")[0] != article_id, path))
        for path in group[1:]:
            number = 2
            while f"{article_id}~{number}" in taken:
                number += 1
            ids[path] = f"{article_id}~{number}"
            taken.add(ids[path])
    return ids


def clash_warning(file: ArticleFile, other: str) -> str:
    """What to tell the user about a file whose natural id another file has."""
    return (
        f"its id is {file.id!r} because {other} has the id {file.id.rpartition('~')[0]!r}; "
        "rename one of them to keep ids stable"
    )


def id_clashes(files: list[ArticleFile]) -> list[tuple[ArticleFile, str]]:
    """Files whose natural id another file has: each with the path of that other file."""
    renamed = [
        file
        for file in files
        if "~" in file.id  # cheap first: almost no archive has one
        and file.id.rpartition("~")[2].isdigit()
        and file.id not in (file.path, file.path.rpartition(".")[0])
    ]
    if not renamed:
        return []
    by_id = {file.id: file.path for file in files}
    found = []
    for file in renamed:
        other = by_id.get(file.id.rpartition("~")[0])
        if other is not None:
            found.append((file, other))
    return found


_by_name = attrgetter("name")


def discover(
    root: Path, folders: dict[str, int | None] | None = None
) -> tuple[list[ArticleFile], list[Skipped]]:
    """Find every ``*.txt`` and ``*.md`` file below ``root``, following links safely.

    Hidden files and folders (names starting with ".") are ignored. A folder
    reached twice through symbolic links is read once, so a link loop cannot
    hang the scan. A pipe, socket or device with an article's name (or a link
    to one) is skipped with its kind as the reason, and never opened.

    ``folders``, when given, receives every folder the scan listed (relative
    path, "" for ``root``) with its modification time as seen before listing
    it, or None for a folder that could not be listed: what the index's quick
    freshness check compares later (see ``engine.freshness``). The scan stats
    each folder anyway, so this costs nothing.
    """
    found: list[tuple[str, int, int]] = []
    skipped: list[Skipped] = []
    seen_dirs: set[tuple[int, int]] = set()

    def listing(directory: str, relative: str) -> list[os.DirEntry[str]] | None:
        """A folder's entries by name; None for one already listed or that cannot be."""
        try:
            info = os.stat(directory)
        except OSError as error:
            skipped.append(Skipped(relative or ".", f"cannot open folder: {error.strerror}"))
            if folders is not None:
                folders[relative] = None
            return None
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            return None
        seen_dirs.add(key)
        if folders is not None:
            folders[relative] = info.st_mtime_ns
        try:
            with os.scandir(directory) as entries:
                return sorted(entries, key=_by_name)
        except OSError as error:
            skipped.append(Skipped(relative or ".", f"cannot list folder: {error.strerror}"))
            if folders is not None:
                folders[relative] = None
            return None

    # Depth first, each folder's entries in name order, with a stack of the
    # folders under way rather than recursion: a tree thousands of folders deep
    # must not reach Python's recursion limit.
    add = found.append
    entries = iter(listing(str(root), "") or ())
    prefix = ""
    stack: list[tuple[Iterator[os.DirEntry[str]], str]] = []
    while True:
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                inner = listing(entry.path, prefix + name)
                if inner is not None:
                    stack.append((entries, prefix))
                    entries, prefix = iter(inner), f"{prefix}{name}/"
                    break  # on with the inner folder; this one resumes after it
                continue
            if not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            if not is_utf8(prefix + name):
                shown = os.fsencode(prefix + name).decode("utf-8", "backslashreplace")
                skipped.append(Skipped(shown, "file name is not valid UTF-8; rename it"))
                continue
            try:
                stat = entry.stat()
            except OSError as error:
                reason = "broken link" if entry.is_symlink() else (error.strerror or str(error))
                skipped.append(Skipped(prefix + name, reason))
                continue
            kind = not_regular(stat.st_mode)
            if kind:  # a pipe or device would hang or never end the read: never opened
                skipped.append(Skipped(prefix + name, f"{kind}; brreader reads only regular files"))
                continue
            add((prefix + name, stat.st_mtime_ns, stat.st_size))
        else:  # this folder is done
            if not stack:
                break
            entries, prefix = stack.pop()
    ids = article_ids([path for path, _mtime, _size in found])
    files = [ArticleFile(ids[path], path, mtime, size) for path, mtime, size in found]
    return files, skipped


def read_article(root: Path, path: str, id: str) -> ParseResult:
    """Read and parse one article; raise :class:`ArticleError` when it is not readable text."""
    full = root / path
    try:
        data = read_regular(full, MAX_ARTICLE_BYTES)
    except FileNotFoundError:
        raise ArticleError("file disappeared while reading") from None
    except IsADirectoryError:
        raise ArticleError("is a folder, not a file") from None
    except NotRegularFile as error:  # replaced by a pipe or device since the folder was listed
        raise ArticleError(f"{error.strerror}; brreader reads only regular files") from None
    except OSError as error:
        raise ArticleError(f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB; not an article")
    if is_binary(data):
        raise ArticleError("binary data, not text")
    text, warnings = decode(data)
    if not text.strip(" \t\r\n\ufeff\u00a0"):
        raise ArticleError("empty file")
    result = parse_article(text, id=id, path=path)
    if warnings:
        return replace(result, warnings=tuple(warnings) + result.warnings)
    return result
