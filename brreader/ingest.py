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
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from brreader.articles import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, discover, read_article
from brreader.canonical import fit_stem, relative_path, to_text
from brreader.extract import FORMATS, SUFFIXES, MissingExtra, convert, format_of, supported
from brreader.fetch import FetchError, fetch, is_url
from brreader.files import NotRegularFile, read_regular, require_regular
from brreader.model import Article, ArticleError, short_warning
from brreader.pagecost import PageTooLarge
from brreader.parse import is_binary, parse_article
from brreader.textsafe import clean_line
from brreader.urls import web_url

STDIN = "-"
STDIN_NAME = "standard input"
LOCK_NAME = ".import.lock"  # in the index folder: hidden, and never one of the index's own files
# Files linked in this long before this run's start are read too: time stamps
# are coarse on some file systems, and a network file system stamps them with
# its own clock. Not much longer: right after an archive is copied, every file
# in it is that recent, and each would be read again.
RECENT_SLACK = 10.0  # seconds


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
    url: str = ""  # where a fetched page came from (after redirects)
    format: str = ""  # the format a server named; "" to tell by name and content


def _checked(name: str, data: bytes) -> _Input:
    if len(data) > MAX_ARTICLE_BYTES:
        error = f"larger than {MAX_ARTICLE_BYTES >> 20} MB; not an interview"
        if name == STDIN_NAME:  # the report's name line may be far above in a long run
            error += f" (read from {STDIN_NAME}, which stops after {MAX_ARTICLE_BYTES >> 20} MB)"
        return _Input(name, error=error)
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


def _walk(folder: Path) -> Iterator[Path | _Input]:
    """Files import reads in a folder and below, in name order; hidden ones left out.

    A folder's files come before its subfolders, each subfolder whole before
    the next, as ``os.walk`` gives them; but from a stack, not recursion (a
    tree thousands of folders deep is no error), and a folder that cannot be
    listed is an input that failed, not left out in silence. Links to folders
    are not followed: an import takes what is in the folder named.
    """
    stack = [str(folder)]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as listing:
                entries = list(listing)
        except OSError as error:
            yield _Input(top, error=f"cannot list folder: {error.strerror or error}")
            continue
        folders = []
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                if supported(entry.name):
                    yield Path(entry.path)
            elif not entry.is_symlink():
                folders.append(entry.path)
        stack.extend(reversed(folders))


def _fetched(url: str) -> _Input:
    """A page fetched from a link (:mod:`brreader.fetch`)."""
    try:
        page = fetch(url, MAX_ARTICLE_BYTES)
    except FetchError as error:
        return _Input(url, error=str(error))
    found = _checked(url, page.data)
    found.url, found.format = page.url, page.format
    return found


def gather(paths: Iterable[str], stdin: Callable[[], bytes]) -> Iterator[_Input]:
    """The inputs named on the command line: files, folders (recursively) and '-'."""
    for raw in paths:
        if is_url(raw):
            yield _fetched(raw)
            continue
        if raw == STDIN:
            try:
                data = stdin()
            except OSError as error:
                yield _Input(STDIN_NAME, error=f"cannot read: {error.strerror or error}")
            except MemoryError:
                yield _Input(STDIN_NAME, error="cannot read: out of memory")
            else:
                yield _checked(STDIN_NAME, data)
            continue
        path = Path(raw)
        try:
            is_folder = stat.S_ISDIR(os.stat(path).st_mode)
        except FileNotFoundError:
            yield _Input(raw, error="no such file or folder")
            continue
        except OSError as error:  # a folder on the way that may not be entered, a link loop
            yield _Input(raw, error=f"cannot read: {error.strerror or error}")
            continue
        if is_folder:
            found = False
            for file in _walk(path):
                found = True
                yield file if isinstance(file, _Input) else _read(file)
            if not found:
                yield _Input(raw, error=f"no {' '.join(SUFFIXES)} files in this folder")
        else:
            yield _read(path)


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
        # The name is cut, never the number, when the two would not fit in one file name.
        candidate = f"{fit_stem(stem, f'-{number}.txt')}-{number}"
    return f"{candidate}.txt"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class CannotWrite(OSError):
    """Writing one article failed; ``filename`` is the article's name, not a temporary's."""


def _write(articles: Path, relative: str, text: str, claimed: set[str]) -> str:
    """Create the file, whole or not at all, never replacing one; return the name used.

    The text goes to a hidden temporary file (the archive ignores hidden
    files), which is then hard-linked to its name: the link fails rather than
    replace a file that appeared meanwhile, and an interrupted import leaves
    no half-written article. Any failure is a :class:`CannotWrite` naming the
    file that could not be made (the ``-2`` one, when that is the one).
    """
    folder = (articles / relative).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=folder)
    except OSError as error:
        raise CannotWrite(error.errno, error.strerror, str(articles / relative)) from error
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
    except OSError as error:
        why = error.strerror or str(error)  # "no free file name near ..." has no errno
        raise CannotWrite(error.errno, why, str(articles / relative)) from error
    finally:
        os.unlink(temporary)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) until the block ends.

    Two imports into one archive take turns: each checks for duplicates and
    writes under it, so neither misses what the other wrote.
    """
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    # Not open(..., "a"): a pipe in the lock file's place would block that open.
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK | os.O_CLOEXEC
    lock = os.open(path, flags, 0o666)
    try:
        require_regular(os.fstat(lock).st_mode, path)
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)  # closing lets the lock go


def _recent_keys(articles: Path, since: float) -> dict[str, str]:
    """The duplicate keys of the articles linked in since ``since`` (minus some slack).

    Another import may have written them after the index this run asks was
    brought up to date; without them, two imports of one page both write it.
    A file's status-change time (``ctime``) moves when it is linked in, even
    when its modification time is older.
    """
    found: dict[str, str] = {}
    files, _ = discover(articles)
    for file in files:
        try:
            if os.stat(articles / file.path).st_ctime < since - RECENT_SLACK:
                continue
            result = read_article(articles, file.path, file.id)
        except (OSError, ArticleError):
            continue  # gone or unreadable: not an article to compare with
        for key in result.article.duplicate_keys():
            found.setdefault(key, file.path)
    return found


def import_inputs(
    inputs: Iterable[_Input],
    articles: Path,
    *,
    known: Callable[[str], list[str]],
    dry_run: bool = False,
    today: date | None = None,
    lock: Path | None = None,
    since: float | None = None,
) -> Iterator[Outcome]:
    """Convert, check for duplicates and write each input; yield what happened to it.

    ``known(key)`` returns the archive paths that have a duplicate key
    (see :meth:`Article.duplicate_keys`); the inputs of this run count too.

    A real run checks and writes under an exclusive lock on ``lock`` (by
    default a hidden file in the articles folder), taken before the first
    check and held to the end, so parallel imports take turns. On taking it,
    the articles linked in since ``since`` (when ``known`` was last brought
    up to date; by default now) count as known too: another import may have
    written them.
    """
    since = time.time() if since is None else since
    with ExitStack() as held:
        seen: dict[str, str] = {}
        locked = dry_run  # a dry run writes nothing and takes no lock

        def lock_once() -> None:
            # Not before the first input is read: standard input may wait for typing.
            nonlocal locked
            if not locked:
                locked = True
                held.enter_context(_locked(lock or articles / LOCK_NAME))
                seen.update(_recent_keys(articles, since))

        yield from _each(inputs, articles, known, dry_run, today, seen, lock_once)


def _each(
    inputs: Iterable[_Input],
    articles: Path,
    known: Callable[[str], list[str]],
    dry_run: bool,
    today: date | None,
    seen: dict[str, str],
    lock_once: Callable[[], None],
) -> Iterator[Outcome]:
    """The loop of :func:`import_inputs`; ``lock_once()`` comes before each duplicate check."""
    claimed: set[str] = set()
    stamp = (today or date.today()).isoformat()
    for item in inputs:
        shown = clean_line(item.name)
        if item.error or item.data is None:
            yield Outcome(shown, "failed", reason=item.error)
            continue
        if is_binary(item.data):
            yield Outcome(shown, "failed", reason="binary data, not text")
            continue
        fmt = item.format or format_of(item.name, item.data)
        try:
            converted = convert(item.data, fmt)
        except (MissingExtra, PageTooLarge) as error:
            yield Outcome(shown, "failed", reason=str(error))
            continue
        result = parse_article(converted.text, id="", path="")
        article = result.article
        # The parser's are capped already; the converter's can quote a dateline.
        warnings = [short_warning(w) for w in (*converted.warnings, *result.warnings)]
        # Whatever brought it (the link, page metadata, front matter), only a plain
        # web address is kept; a page's own canonical address wins over the link.
        url, problem = web_url(article.url or item.url)
        if url != article.url:
            article = replace(article, url=url)
        if problem:
            warnings.append(problem)
        if not (article.title or article.lede or article.pairs):
            reason = warnings[0] if warnings else f"no text found (read as {fmt})"
            yield Outcome(shown, "failed", reason=reason)
            continue
        keys = article.duplicate_keys()
        lock_once()
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
                where = clean_line(error.filename or str(articles / wanted))
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

    The cap keeps ``brreader import - < /dev/zero`` from reading forever, and
    the reading in pieces keeps it from asking for the whole 32 MB at once.
    Raises :class:`OSError` when there is no standard input to read (it was
    closed, or is a folder).
    """
    if sys.stdin is None:
        raise OSError(f"{STDIN_NAME} is closed")
    stream = sys.stdin.buffer
    want = MAX_ARTICLE_BYTES + 1
    chunks = []
    got = 0
    while got < want:
        chunk = stream.read(min(want - got, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


__all__ = ["FORMATS", "Outcome", "gather", "import_inputs", "read_stdin"]
