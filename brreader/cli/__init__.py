"""The ``brreader`` command: one-shot search, show, list and index, and the entry to the reader.

A thin layer over :mod:`brreader.search`. It keeps to a small contract that
scripts rely on: JSON shapes, exit statuses (0 ok, 1 no match or unknown id,
2 usage or query error, 3 any other error) and one-line error messages on
stderr, never a traceback for a user mistake. The commands are listed in
:mod:`brreader.cli.commands`. It must not import Textual except to start the
reader, and loads the search engine only once a command needs it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brreader.cli.commands import build_parser, chosen
from brreader.cli.completion import complete_if_asked
from brreader.cli.options import Parser, UsageError, folders, require_articles
from brreader.cli.output import FAILURE, OK, USAGE, fail, say
from brreader.cli.refresh import update_index
from brreader.textsafe import encodable_stdout

if TYPE_CHECKING:
    from brreader.search import Archive as ArchiveType

__all__ = ["main"]

_kept_parser: Parser | None = None


def main(
    argv: Sequence[str] | None = None,
    *,
    archives: Callable[[Path, Path], ArchiveType] | None = None,
) -> int:
    """Run the command line; return the exit status.

    ``archives`` is how the resident server lends its open archives (kept
    open after the command); without it each command opens and closes its own.
    """
    global _kept_parser
    if archives is None:
        encodable_stdout()  # PYTHONIOENCODING=ascii: \u escapes, not UnicodeEncodeError
        # Only the chosen command's options are built, except for a Tab press
        # (argcomplete walks every parser).
        parser = build_parser(lazy="_ARGCOMPLETE" not in os.environ)
        complete_if_asked(parser)  # a Tab press in the shell: answered here, then exit
    else:  # the server: one parser for every command (building one takes 25 ms)
        parser = _kept_parser = _kept_parser or build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    command = chosen(args)
    if command is not None and command.alone is not None:
        try:
            return command.alone(args, main)
        except UsageError as error:
            return fail(str(error), USAGE)
    from brreader.articles import ArticleError
    from brreader.search import Archive, IndexError_, QueryError, described_damage, read_damage

    articles, index_dir = folders(args)
    status = (command.folder if command else require_articles)(articles, args)
    if status is not None:
        return status
    if command is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            return fail(
                "the reader needs a terminal; for scripts use: brreader search QUERY", USAGE
            )
        from brreader.tui import run

        return run(Archive(articles, index_dir))
    archive = (
        archives(articles, index_dir) if archives else Archive(articles, index_dir, mmap=False)
    )
    try:
        try:
            report = update_index(archive) if command.fresh else None
            status = command.run(archive, args)
        except Exception as error:
            if not read_damage(error):
                raise
            # Bytes damaged inside an index file pass the check made when it is opened.
            # The index is a cache: build it again, once, and answer from the new one.
            say(f"the index is damaged ({described_damage(error)}); rebuilding it")
            report = update_index(archive, rebuild=True, indexer=True)
            status = command.run(archive, args)
        if report is not None and not (report.busy or report.failed) and archive.building():
            # Another brreader began a rebuild after the update looked: this answer
            # came from the part of the archive it had saved (issue 21, row 6).
            say("another brreader is rebuilding the index; results cover what it has saved so far")
        return status
    except (QueryError, UsageError) as error:
        return fail(str(error), USAGE)
    except IndexError_ as error:
        return fail(str(error), FAILURE)
    except ArticleError as error:
        return fail(f"{args.id}: {error}", FAILURE)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (| head): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except OSError as error:
        where = f" {error.filename!r}" if error.filename else ""
        return fail(f"{error.strerror or error}{where}", FAILURE)
    finally:
        if archives is None:
            archive.close()
