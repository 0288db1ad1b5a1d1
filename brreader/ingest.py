"""``brreader import``: bring interviews into the articles folder.

The only module that writes into the articles folder, and it only ever
creates new files: an existing file is never overwritten (the name gets a
number instead), and a copy of an article already in the archive is skipped.

Each input is read (:mod:`brreader.extract` for HTML and Markdown), parsed
with the archive's own parser, and written in the canonical form of
:mod:`brreader.canonical`, which reads back as the same article.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from brreader.articles import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES
from brreader.canonical import relative_path, to_text
from brreader.extract import FORMATS, SUFFIXES, MissingExtra, convert, format_of, supported
from brreader.files import NotRegularFile, read_regular
from brreader.model import Article, short_warning
from brreader.parse import parse_article
from brreader.textsafe import clean_line

STDIN = "-"


@dataclass
class Outcome:
    """What happened to one input: ``imported``, ``duplicate`` or ``failed``."""

    input: str
    status: str
    article: Article | None = None
    path: str = ""  # relative to the articles folder: written, or that would be written
    duplicate_of: str = ""
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Input:
    name: str  # as the user should see it
    data: bytes | None = None
    error: str = ""


def _checked(name: str, data: bytes) -> _Input:
    if len(data) > MAX_ARTICLE_BYTES:
        return _Input(name, error=f"larger than {MAX_ARTICLE_BYTES >> 20} MB; not an interview")
    return _Input(name, data)


def _read(path: Path) -> _Input:
    """One named or found file; a pipe or device is refused unread (it could block forever)."""
    name = str(path)
    try:
        data = read_regular(path, MAX_ARTICLE_BYTES)
    except NotRegularFile as error:
        return _Input(name, error=f"{error.strerror}; import reads only files (or - for stdin)")
    except OSError as error:
        return _Input(name, error=f"cannot read: {error.strerror or error}")
    return _checked(name, data)


def _walk(folder: Path) -> Iterator[Path]:
    """Files import reads in a folder and below, in name order; hidden ones left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and supported(name):
                yield Path(root, name)


def gather(paths: Iterable[str], stdin: Callable[[], bytes]) -> Iterator[_Input]:
    """The inputs named on the command line: files, folders (recursively) and '-'."""
    for raw in paths:
        if raw == STDIN:
            yield _checked("standard input", stdin())
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield _read(file)
            if not found:
                yield _Input(raw, error=f"no {' '.join(SUFFIXES)} files in this folder")
        elif path.exists():
            yield _read(path)
        else:
            yield _Input(raw, error="no such file or folder")


def _detection_warnings(article: Article) -> list[str]:
    warnings = []
    if not article.title:
        warnings.append("no title found; fill in 'title:' in the written file")
    if article.published is None:
        warnings.append("no date found; fill in 'published:' (e.g. 2025-06-24)")
    if not article.interviewee:
        warnings.append("no interviewee found; fill in 'interviewee:'")
    if not article.pairs:
        warnings.append(
            "no questions found; put 'Q: ' before each question and 'A: ' before each answer"
        )
    return warnings


def _free_name(articles: Path, wanted: str, claimed: set[str]) -> str:
    """``wanted``, or ``wanted`` with -2, -3 ... when an article file with that stem exists.

    Any article suffix in any case counts (writing ``x.txt`` beside ``x.MD``
    would change that file's id), and so do names ``claimed`` earlier in this
    run, which a dry run has not written.
    """
    folder, _, name = wanted.rpartition("/")
    try:
        names = os.listdir(articles / folder)
    except OSError:
        names = []
    taken = {
        f"{folder}/{n.rpartition('.')[0]}".casefold()
        for n in names
        if n.lower().endswith(ARTICLE_SUFFIXES)
    }
    taken |= {c.removesuffix(".txt").casefold() for c in claimed}
    stem = wanted.removesuffix(".txt")
    number = 1
    candidate = stem
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem}-{number}"
    return f"{candidate}.txt"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(articles: Path, relative: str, text: str, claimed: set[str]) -> str:
    """Create the file, whole or not at all, never replacing one; return the name used.

    The text goes to a hidden temporary file (the archive ignores hidden
    files), which is then hard-linked to its name: the link fails rather than
    replace a file that appeared meanwhile, and an interrupted import leaves
    no half-written article.
    """
    folder = (articles / relative).parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=folder)
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # mkstemp makes it private; a new file is not
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        for _attempt in range(100):
            relative = _free_name(articles, relative, claimed)
            try:
                os.link(temporary, articles / relative)
            except FileExistsError:
                continue  # another process took the name between the check and the link
            return relative
        raise FileExistsError(f"no free file name near {relative}")
    finally:
        os.unlink(temporary)


def import_inputs(
    inputs: Iterable[_Input],
    articles: Path,
    *,
    known: Callable[[str], list[str]],
    dry_run: bool = False,
    today: date | None = None,
) -> Iterator[Outcome]:
    """Convert, check for duplicates and write each input; yield what happened to it.

    ``known(key)`` returns the archive paths that have a duplicate key
    (see :meth:`Article.duplicate_keys`); the inputs of this run count too.
    """
    seen: dict[str, str] = {}
    claimed: set[str] = set()
    stamp = (today or date.today()).isoformat()
    for item in inputs:
        shown = clean_line(item.name)
        if item.error or item.data is None:
            yield Outcome(shown, "failed", reason=item.error)
            continue
        if b"\x00" in item.data[:65536]:
            yield Outcome(shown, "failed", reason="binary data, not text")
            continue
        fmt = format_of(item.name, item.data)
        try:
            converted = convert(item.data, fmt)
        except MissingExtra as error:
            yield Outcome(shown, "failed", reason=str(error))
            continue
        result = parse_article(converted.text, id="", path="")
        article = result.article
        # The parser's are capped already; the converter's can quote a dateline.
        warnings = [short_warning(w) for w in (*converted.warnings, *result.warnings)]
        if not (article.title or article.lede or article.pairs):
            reason = warnings[0] if warnings else f"no text found (read as {fmt})"
            yield Outcome(shown, "failed", reason=reason)
            continue
        keys = article.duplicate_keys()
        earlier = next(
            ((key, where) for key in keys for where in [*known(key), seen.get(key, "")] if where),
            None,
        )
        if earlier is not None:
            why = "same text" if earlier[0].startswith("text-") else "same title and date"
            yield Outcome(shown, "duplicate", article, duplicate_of=earlier[1], reason=why)
            continue
        wanted = relative_path(article)
        comment = (
            f"Imported by brreader from {shown} ({fmt}) on {stamp}.\n"
            "Fix anything it got wrong here; a key left empty means 'none'."
        )
        text = to_text(article, comment=comment, extra=converted.extra)
        if dry_run:
            relative = _free_name(articles, wanted, claimed)
        else:
            try:
                relative = _write(articles, wanted, text, claimed)
            except OSError as error:
                where = clean_line(str(articles / wanted))
                yield Outcome(
                    shown,
                    "failed",
                    article,
                    reason=f"cannot write {where}: {error.strerror or error}",
                )
                continue
        claimed.add(relative)
        for key in keys:
            seen[key] = relative
        article = replace(article, path=relative, id=relative.removesuffix(".txt"))
        warnings += _detection_warnings(article)
        yield Outcome(shown, "imported", article, path=relative, warnings=warnings)


def read_stdin() -> bytes:
    """Standard input, as bytes: all of it, or one byte more than an article may have.

    The cap keeps ``brreader import - < /dev/zero`` from reading forever.
    """
    return sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)


__all__ = ["FORMATS", "Outcome", "gather", "import_inputs", "read_stdin"]
