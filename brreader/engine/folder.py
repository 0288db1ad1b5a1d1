"""The index folder on disk: claim it before writing, clear it, tidy what a failed commit left.

The index is brreader's cache and the articles are the user's files, so the
index folder must lie apart from the articles folder, and a rebuild removes
only the files Whoosh and brreader write there, nothing else a user may have
put in the folder.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage

from brreader.engine.freshness import FOLDERS
from brreader.engine.manifest import MANIFEST, RECORD_TEMPORARY
from brreader.model import IndexError_

INDEX_NAME = "MAIN"
OWN_FILES = {f"{INDEX_NAME}_WRITELOCK", f"{INDEX_NAME}.tmp"}  # may exist before the record
# Every file Whoosh writes for the index (tables of contents, segments and their
# temporary files) and brreader's temporary records: the only files a rebuild removes.
WHOOSH_FILE = re.compile(rf"_?{INDEX_NAME}_[\w.]+")  # _MAIN_3.toc, MAIN_<id>.seg, .col, ...
SEGMENT_FILE = re.compile(rf"({INDEX_NAME}_[0-9a-z]+)\.[\w.]+")  # group 1: the segment id


def _unusable_link(location: Path) -> str:
    """Why the index folder's path leads nowhere through a link ("" when it does not)."""
    try:
        os.stat(location)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"the index folder {location} is reached through a link that loops back"
        if error.errno == errno.ENOENT and location.is_symlink():
            target = os.readlink(location)
            return f"the index folder {location} is a link to {target}, which does not exist"
    return ""


def _overlap(articles_folder: Path, location_folder: Path) -> str:
    """How the index folder and the articles folder overlap ("" when they are apart)."""
    try:
        articles, location = articles_folder.resolve(), location_folder.resolve()
    except (OSError, RuntimeError) as error:  # Python 3.11 raises RuntimeError for a loop
        raise IndexError_(
            f"cannot follow the links to the index folder {location_folder}: {error}; "
            "choose another folder with --index DIR (or BRREADER_INDEX)"
        ) from None
    if location == articles:
        return f"the index folder {location_folder} is the articles folder"
    if articles in location.parents:
        return f"the index folder {location_folder} is inside the articles folder {articles_folder}"
    if location in articles.parents:
        return f"the index folder {location_folder} contains the articles folder {articles_folder}"
    return ""


def claim(articles: Path, location: Path) -> None:
    """Make sure the index folder is ours: new, empty, or marked by a manifest.

    It must lie apart from the articles folder: a rebuild clears the index
    folder, and the articles are the user's files. A link in its place that
    leads nowhere is refused, not followed: creating its target could write
    the index onto a disk that is not there (a drive not mounted).
    """
    broken = _unusable_link(location)
    if broken:
        raise IndexError_(
            f"{broken}; remove or mend the link, or choose another folder with --index DIR "
            "(or BRREADER_INDEX)"
        )
    overlap = _overlap(articles, location)
    if overlap:
        raise IndexError_(
            f"{overlap}; keep them apart: choose an index folder outside the articles "
            "with --index DIR (or BRREADER_INDEX)"
        )
    if location.exists() and not location.is_dir():
        raise IndexError_(f"{location} is a file, not a folder; choose another --index")
    if location.is_dir():
        entries = [
            e
            for e in os.listdir(location)
            if not e.startswith(".")
            and e not in OWN_FILES
            and not e.startswith((MANIFEST, FOLDERS))
        ]
        if entries and not (location / MANIFEST).exists():
            raise IndexError_(
                f"{location} holds files that brreader did not write; "
                "choose another --index folder or empty this one"
            )
    try:
        location.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexError_(
            f"cannot create index folder {location}: {error.strerror}; "
            "choose a folder you can write to with --index DIR (or BRREADER_INDEX)"
        ) from None


def clear(location: Path) -> None:
    """Remove the index's own files; anything else in the folder is left alone."""
    # Never the lock file: the caller holds it, and a new file would let a
    # second writer take a lock on the new inode while this one still writes.
    for entry in os.listdir(location):
        ours = WHOOSH_FILE.fullmatch(entry) or RECORD_TEMPORARY.fullmatch(entry)
        if not ours or entry in OWN_FILES:
            continue
        target = location / entry
        if target.is_file() and not target.is_symlink():
            target.unlink()


def remove_unfinished_segments(location: Path) -> None:
    """Remove segment files no commit refers to (a commit failed half-way, say).

    Whoosh leaves them behind, and each retry on a full disk would add more
    until freeing some space no longer helps. The caller holds the lock.
    """
    try:
        referenced = {
            seg.segment_id()
            for seg in index.TOC.read(FileStorage(str(location)), INDEX_NAME).segments
        }
    except Exception:  # noqa: BLE001 - no readable commit: nothing to compare with
        return
    for entry in os.listdir(location):
        segment = SEGMENT_FILE.fullmatch(entry)
        if segment and segment.group(1) not in referenced:
            try:
                (location / entry).unlink()
            except OSError:
                pass  # gone already, or the disk refuses: the next failure tries again


def write_failure(location: Path, error: OSError) -> str:
    """One line: what went wrong writing the index, and what to do about it."""
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "free some disk space, then run 'brreader index'"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "make it writable, or choose another folder with --index"
    else:
        advice = "check the disk, then run 'brreader index'"
    return f"cannot update the index in {location}: {reason}; {advice}"
