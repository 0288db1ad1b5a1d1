"""The table of commands, and the parser it builds.

Every command is one record here: its name, its help, the function that adds
its own options, whether the index is brought up to date before it runs, and
the function that runs it. The parser and ``main`` are both driven by this
table, so adding a command is one record and its run function.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from brreader import __version__, serving
from brreader.cli import completion, find, keep, maintain, read, setup
from brreader.cli.options import (
    Parser,
    check_options,
    folder_options,
    json_option,
    require_articles,
)

if TYPE_CHECKING:
    from brreader.search import Archive

Options = Callable[[argparse.ArgumentParser], None]
Run = Callable[["Archive", argparse.Namespace], int]
Folder = Callable[[Path, argparse.Namespace], "int | None"]


def _no_options(parser: argparse.ArgumentParser) -> None:
    """A command that takes only the folder options."""


def _serve_options(parser: argparse.ArgumentParser) -> None:
    """--status, --stop and --idle for ``serve``."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--status", action="store_true", help="say whether a server runs, and how")
    which.add_argument("--stop", action="store_true", help="stop the running server")
    parser.add_argument(
        "--idle",
        type=float,
        metavar="SECONDS",
        help=f"exit after this long without a command (default: ${serving.IDLE_ENV} "
        f"or {serving.IDLE_DEFAULT // 60} minutes)",
    )


def _run_serve(args: argparse.Namespace, main: Callable[..., int]) -> int:
    # The server's code (threads, sockets, the watcher) loads only for 'serve'.
    from brreader.cli import server

    return server.run_serve(args, main)


class Command(NamedTuple):
    """One command: how it is parsed and how it runs."""

    name: str
    help: str
    run: Run
    options: Options = _no_options
    description: str | None = None
    fresh: bool = False  # bring the index up to date first
    # Checks (or makes) the articles folder; an exit status stops the command.
    folder: Folder = require_articles
    # A word starting with "-" that no option took gets a hint to write NOT (the
    # command's words are a query).
    dashed_hint: bool = False
    # A command about brreader itself, not an archive: runs with the options and
    # ``brreader.cli.main`` (which the server runs for its clients).
    alone: Callable[[argparse.Namespace, Callable[..., int]], int] | None = None


class Group(NamedTuple):
    """A command made of actions, each a command of its own (``saved add``)."""

    name: str
    help: str
    actions: tuple[Command, ...]
    description: str | None = None


COMMANDS: tuple[Command | Group, ...] = (
    Command(
        "search",
        "print the articles that match a query",
        find.run_search,
        find.search_options,
        description="Print ranked articles with their best matching questions. "
        'Query language: words (AND by default), "phrases", OR, NOT, (groups), '
        "wild*cards, fields such as title:, question: (q:), answer: (a:), "
        "interviewee: (who:), outlet:, source:, tags:, published:2025 or "
        "published:[2024 to 2025].",
        fresh=True,
        dashed_hint=True,
    ),
    Command(
        "facets",
        "count a query's matches by interviewee, outlet, tag and year",
        find.run_facets,
        find.facets_options,
        description="Count the articles a query matches (every article without a query) "
        "by interviewee, outlet, tag and year.",
        fresh=True,
        dashed_hint=True,
    ),
    Command(
        "related",
        "questions and answers like one pair, asked in other interviews",
        find.run_related,
        find.related_options,
        description="List pairs in other articles most similar to one pair (by its "
        "question and answer), one per article, best first.",
        fresh=True,
    ),
    Command(
        "timeline",
        "a query's matching pairs in date order",
        find.run_timeline,
        find.timeline_options,
        description="Every pair a query matches, one line each, oldest first "
        "(undated articles last): follow how a topic or a person's answers changed.",
        fresh=True,
        dashed_hint=True,
    ),
    Command(
        "show",
        "print one article",
        read.run_show,
        read.show_options,
        description="Print one article.",
        fresh=True,
    ),
    Command(
        "quote",
        "print an answer with its citation",
        read.run_quote,
        read.quote_options,
        description="Print one answer (or the whole pair) with a citation naming the "
        "interviewee, the title, the outlet and the date (and the url and original source).",
        fresh=True,
    ),
    Command(
        "bookmarks",
        "list bookmarked articles and pairs with their notes and citations",
        keep.run_bookmarks,
        keep.bookmarks_options,
        description="List what was bookmarked in the reader (b, and B for a note), "
        "oldest first, each with its citation. The state file is in the user data folder "
        "(see README) or $BRREADER_STATE.",
        fresh=True,
    ),
    Group(
        "saved",
        "saved searches: add, list, run, rm",
        description="Keep queries under a name; the reader offers them too (s, Ctrl+P).",
        actions=(
            Command(
                "add",
                "save QUERY as NAME (replaces one)",
                keep.run_saved_add,
                keep.saved_add_options,
                dashed_hint=True,
            ),
            Command("list", "list saved searches", keep.run_saved_list, json_option),
            Command(
                "run",
                "search with a saved query",
                keep.run_saved_run,
                keep.saved_run_options,
                fresh=True,
            ),
            Command("rm", "forget a saved search", keep.run_saved_rm, keep.saved_name_option),
        ),
    ),
    Command(
        "list",
        "list all articles, newest first",
        read.run_list,
        read.list_options,
        description="List every article, newest first, or with filters only those that pass "
        "them (brreader list --lang fr --from 2025).",
        fresh=True,
    ),
    Command(
        "index",
        "bring the index up to date",
        maintain.run_index,
        maintain.index_options,
        description="Index new and changed articles and drop deleted ones. "
        "Exit status 1 when some files could not be indexed (they are listed on stderr).",
    ),
    Command(
        "import",
        "add interviews from text, Markdown or saved HTML pages",
        maintain.run_import,
        maintain.import_options,
        description="Read each input, show what was detected, and write it into the articles "
        "folder as YYYY/YYYY-MM-DD-title.txt with the detected fields in front matter, "
        "where a wrong detection can be fixed by hand. Existing files are never "
        "overwritten; copies of articles already in the archive are skipped. "
        "Exit status 1 when some inputs could not be imported.",
        folder=maintain.import_folder,
    ),
    Command(
        "check",
        "report articles the parser may have read wrong",
        maintain.run_check,
        check_options,
        description="Report articles with no pairs, no date or no interviewee, suspicious "
        "pairs (a question over 400 characters, an empty answer, an answer that contains "
        "a question), texts that do not read as interviews, duplicates, and files the index "
        "skips. --explain adds how each article was read. "
        "Exit status 0 when nothing is reported, 1 otherwise.",
    ),
    Command(
        "config",
        "show where the archive, its index and each setting come from; set one",
        lambda archive, args: setup.run_config(args),
        setup.config_options,
        description="Each setting comes from the first of: the command-line option, the "
        "environment variable (BRREADER_ARTICLES, BRREADER_INDEX, BRREADER_SERVER), the "
        "config file, the default. 'config set articles DIR' says once where the archive is.",
        alone=lambda args, main: setup.run_config(args),
    ),
    Command(
        "completion",
        "print the shell script that makes Tab complete brreader's commands and ids",
        lambda archive, args: completion.run_completion(args),
        completion.completion_options,
        description='Load it once: bash: eval "$(brreader completion bash)" in ~/.bashrc; '
        'zsh: eval "$(brreader completion zsh)" in ~/.zshrc; fish: brreader completion '
        "fish > ~/.config/fish/completions/brreader.fish. Tab then completes commands, "
        "options, article ids and saved-search names.",
        alone=lambda args, main: completion.run_completion(args),
    ),
    Command(
        "serve",
        "keep a background server that answers commands faster",
        _run_serve,  # type: ignore[arg-type] # never called: ``alone`` runs it
        _serve_options,
        description="Run a server that keeps the index open, answers the one-shot "
        "commands of this user and watches the articles folders it is asked about, "
        "updating their index as files change. Commands start one in the background "
        "when none runs (BRREADER_SERVER=off disables that); it exits after 15 idle "
        "minutes ($BRREADER_SERVER_IDLE seconds).",
        alone=_run_serve,
    ),
)


def build_parser(*, lazy: bool = False) -> Parser:
    """The ``brreader`` parser with a command parser for each record of the table.

    ``lazy`` leaves each command's options to be added when its parser is
    first used: a one-shot command builds only its own (every command's
    options took about a fifth of a one-shot search's start). The help, the
    list of commands and the errors are the same either way; shell completion
    and the server, which walk or reuse every parser, build them all.
    """
    parser = Parser(
        prog="brreader",
        description="Read and search an archive of interview articles.",
        epilog="Run 'brreader COMMAND --help' for a command's options. "
        "Exit status: 0 ok, 1 no match or unknown id, 2 usage or query error, 3 other error.",
    )
    parser.add_argument("--version", action="version", version=f"brreader {__version__}")
    folder_options(parser, top=True)
    _add_commands(parser, parser, COMMANDS, dest="command", metavar="COMMAND", lazy=lazy)
    return parser


def _add_commands(
    root: Parser,
    parser: argparse.ArgumentParser,
    commands: tuple[Command | Group, ...],
    *,
    dest: str,
    metavar: str,
    required: bool = False,
    lazy: bool = False,
) -> None:
    chooser = parser.add_subparsers(
        dest=dest, metavar=metavar, required=required, parser_class=Parser
    )
    for command in commands:
        hint = isinstance(command, Command) and command.dashed_hint
        if isinstance(command, Group):
            sub = chooser.add_parser(
                command.name, help=command.help, description=command.description, root=root
            )
            actions = command.actions
            _add_commands(
                root, sub, actions, dest="action", metavar="ACTION", required=True, lazy=lazy
            )
            folder_options(sub, top=False)
            continue
        sub = chooser.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            root=root,
            dashed_hint=hint,
            options=_options_of(command),
        )
        if not lazy:
            sub.fill()


def _options_of(command: Command) -> Callable[[Parser], None]:
    """What adds ``command``'s options to its parser: its own, then the folder options."""

    def add(parser: Parser) -> None:
        command.options(parser)
        folder_options(parser, top=False)

    return add


def chosen(args: argparse.Namespace) -> Command | None:
    """The command (or action) the parsed command line names; None for the reader."""
    for command in COMMANDS:
        if command.name == args.command:
            if isinstance(command, Command):
                return command
            return next(a for a in command.actions if a.name == args.action)
    return None
