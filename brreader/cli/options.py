"""Options that several commands share, each declared once, and the parser they go on.

The folder options, the filter group, --json, --pair and --limit live here
with the value types they parse, so every command spells, documents and
checks them the same way. The parser class keeps argparse's errors to one line.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from brreader.cli.output import FAILURE, USAGE, fail, say

if TYPE_CHECKING:
    from datetime import datetime

    from brreader.model import Filters


class UsageError(Exception):
    """A combination of options that cannot work; the message says which."""


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error message, and option values that may begin with ``-``.

    An option that takes a value takes the next word whatever it begins with
    (``--limit -1``, ``--from -5``), as getopt does: argparse would otherwise
    read ``-5`` as an option of its own, and its error would not name the
    option the value was for. The option's own type then says what it takes.

    A parser made with ``dashed_hint`` explains a query word starting with
    ``-`` (most likely a NOT meant for the query). Only words that no option
    took as its value count: the parser of each command records its own in
    ``root.dashed``, since the top parser never sees how a command reads them.

    A command's parser may be made with ``options``, a function that adds its
    options the first time the parser is used (reads words or prints help): a
    one-shot command then builds only its own options, not every command's.
    """

    def __init__(
        self,
        *args: Any,
        root: Parser | None = None,
        dashed_hint: bool = False,
        options: Callable[[Parser], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.root = root or self
        self.dashed_hint = dashed_hint
        self.dashed: list[str] = []  # query-like words given that begin with one "-"
        self.leaf: Parser = self  # the parser of the command being read (set while parsing)
        self.pending = options  # adds this parser's options on first use

    def fill(self) -> None:
        """Add the options that were left for the first use, if not done yet."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending(self)

    def format_usage(self) -> str:
        self.fill()
        return super().format_usage()

    def format_help(self) -> str:
        self.fill()
        return super().format_help()

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        self.fill()
        words = list(sys.argv[1:] if args is None else args)
        if self.root is self:
            self.dashed = []
        self.root.leaf = self
        words, dashed = self._attach_values(words)
        self.root.dashed += dashed
        return super().parse_known_args(words, namespace)

    def _value_option(self, word: str) -> argparse.Action | None:
        """The option ``word`` names (or abbreviates) when that option takes one value."""
        actions = self._option_string_actions
        if word in actions:
            action = actions[word]
        elif word.startswith("--") and "=" not in word and self.allow_abbrev:
            found = {a for option, a in actions.items() if option.startswith(word)}
            if len(found) != 1:
                return None
            action = found.pop()
        else:
            return None
        return action if action.nargs is None else None

    def _is_option(self, word: str) -> bool:
        """``word`` is one of this parser's options (or, for a long one, its abbreviation)."""
        options = self._option_string_actions
        return word in options or (word[:2] == "--" and any(o.startswith(word) for o in options))

    def _attach_values(self, words: list[str]) -> tuple[list[str], list[str]]:
        """``--opt -v`` as ``--opt=-v``; and the words beginning with one "-" left over.

        A parser with commands reads only the words before its command (the
        command's parser reads the rest); everything after ``--`` is left as it is.
        """
        given: list[str] = []
        dashed: list[str] = []
        commands = self._subparsers is not None
        position = 0
        while position < len(words):
            word = words[position]
            following = words[position + 1] if position + 1 < len(words) else None
            if word == "--":
                break
            if following not in (None, "--") and self._value_option(word) is not None:
                if following[:1] == "-" and following != "-" and not self._is_option(following):
                    given.append(f"{word}={following}")
                else:
                    given += [word, following]
                position += 2
                continue
            if word[:1] != "-" or word == "-" or _NEGATIVE.fullmatch(word):
                if commands:
                    break  # the command: its own parser reads it and what follows
            elif word[:2] != "--" and word not in self._option_string_actions:
                dashed.append(word)
            given.append(word)
            position += 1
        return given + words[position:], dashed

    def error(self, message: str) -> NoReturn:
        # The hint is for words of a query; an error about an option names the option.
        leaf, dashed = self.root.leaf, self.root.dashed
        where = self
        if leaf.dashed_hint and dashed and not message.startswith("argument "):
            where = leaf
            message = (
                f"{dashed[0]!r} looks like an option; to leave a word out write NOT "
                f'{dashed[0].lstrip("-")}, or put the whole query in quotes ("... {dashed[0]}")'
            )
        command = where.prog.removeprefix("brreader").strip()
        prefix = f"brreader {command} " if command else "brreader "
        say(f"{message} (see '{prefix}--help')")  # say() cleans: words typed may hold escapes
        self.exit(USAGE)


# argparse's own test for a word that is a negative number, not an option.
_NEGATIVE = re.compile(r"-\d+|-\d*\.\d+")


# argparse names a type function in its error when the function raises
# ValueError ("invalid _year value"), so these keep their names.


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"takes a whole number of 1 or more, not {value!r}")
    return number


def _year(value: str) -> int:
    if not (value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(f"takes a year such as 2025, not {value!r}")
    return int(value)


def _span(value: str) -> tuple[datetime, datetime]:
    """The first and last moment a date means: a day, a month (2025-06) or a year (2025)."""
    from calendar import monthrange
    from datetime import datetime, time

    from brreader.dates import parse_date

    whole = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", value.strip())
    if whole:
        year, month = int(whole[1]), int(whole[2] or 0)
        if (month and not 1 <= month <= 12) or year < 1:  # year 0 is no date Python has
            whole = None
        elif month:
            last = monthrange(year, month)[1]
            start, end = datetime(year, month, 1), datetime(year, month, last)
        else:
            start, end = datetime(year, 1, 1), datetime(year, 12, 31)
    found = parse_date(value) if not whole else None
    if found is not None:
        start, end = found, found
    elif not whole:
        raise argparse.ArgumentTypeError(
            f"not a date: {value!r}; write it like 2025-06-24, 2025-06 or 2025"
        )
    if end.time() == time(0, 0):
        end = datetime.combine(end.date(), time(23, 59, 59))  # a day includes all of it
    return start, end


def folder_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--articles and --index: accepted before or after the command."""
    # Only the top level sets the defaults, so a command's copy never hides
    # a value given before the command.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--articles",
        metavar="DIR",
        default=default,
        help="articles folder (default: $BRREADER_ARTICLES, the config file, or ./articles)",
    )
    parser.add_argument(
        "--index",
        metavar="DIR",
        default=default,
        dest="index_dir",
        help="index folder (default: $BRREADER_INDEX, the config file, or a folder in the "
        "user's cache; 'brreader config' shows it)",
    )


def json_option(parser: argparse.ArgumentParser) -> None:
    """--json."""
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def check_options(parser: argparse.ArgumentParser) -> None:
    """--json and --explain for ``check``."""
    json_option(parser)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also say how each article was read (turns, labels, who asks, the interviewee)",
    )


def pair_option(parser: argparse.ArgumentParser) -> None:
    """--pair N, the question and answer pair of an article (1 by default)."""
    parser.add_argument(
        "--pair", type=_positive, default=1, metavar="N", help="pair number (default 1)"
    )


def limit_option(
    parser: argparse.ArgumentParser, default: int | None, help: str | None = None
) -> None:
    """--limit N, a whole number of 1 or more."""
    parser.add_argument("--limit", type=_positive, default=default, metavar="N", help=help)


def _language(text: str) -> str:
    from brreader.language import normalize

    code = normalize(text)
    if code is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a language; give a code such as zh, ru, fr, es, ar or en"
        )
    return code


def filter_options(parser: argparse.ArgumentParser) -> None:
    """--who, --outlet, --tag, --year, --lang, --from, --to; read them with :func:`filters`."""
    group = parser.add_argument_group("filters (repeat one to allow any of its values)")
    group.add_argument(
        "--who", action="append", default=[], metavar="NAME", help="interviewee, e.g. 'Dara Kheng'"
    )
    group.add_argument("--outlet", action="append", default=[], metavar="NAME", help="outlet")
    group.add_argument("--tag", action="append", default=[], metavar="TAG", help="tag")
    group.add_argument("--year", action="append", default=[], type=_year, metavar="YYYY")
    group.add_argument(
        "--lang",
        action="append",
        default=[],
        type=_language,
        metavar="CODE",
        help="language: a code (zh, ru, fr, es, ar, en) or a name (French)",
    )
    group.add_argument(
        "--from", dest="start", type=_span, metavar="DATE", help="on or after (2025-06-24, 2025)"
    )
    group.add_argument(
        "--to", dest="end", type=_span, metavar="DATE", help="on or before (2025-06-24, 2025)"
    )


def require_text(value: str, what: str, advice: str = "type it again in UTF-8") -> str:
    """``value``, unless it holds bytes that are not UTF-8 (argv's surrogate escapes):
    such a word cannot be stored in a UTF-8 file, nor match any text."""
    from brreader.textsafe import is_utf8

    if not is_utf8(value):
        typed = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise UsageError(f"{what} '{typed}' is not UTF-8 text; {advice}")
    return value


def filters(args: argparse.Namespace) -> Filters:
    """The filters of a command that took :func:`filter_options`."""
    from brreader.model import Filters

    start = args.start[0] if args.start else None
    end = args.end[1] if args.end else None
    if start is not None and end is not None and end < start:
        raise UsageError("--to is before --from; swap them")
    return Filters(
        who=tuple(args.who),
        outlet=tuple(args.outlet),
        tag=tuple(args.tag),
        year=tuple(args.year),
        lang=tuple(args.lang),
        start=start,
        end=end,
    )


def one_output(args: argparse.Namespace) -> None:
    """Refuse --json together with --format: each asks for its own output."""
    if args.json and args.format:
        raise UsageError("--json and --format do not go together; choose one")


def folders(args: argparse.Namespace) -> tuple[Path, Path]:
    """The articles and index folders (:func:`brreader.config.settings`).

    A problem with the config file is said once on stderr; the file is then ignored.
    """
    from brreader.config import settings

    found = settings(args.articles, args.index_dir)
    if found.file.problem:
        say(found.file.problem)
    args.articles_source = found.articles.source
    return found.articles.value, found.index.value


def require_articles(articles: Path, args: argparse.Namespace) -> int | None:
    """Most commands need the articles folder to exist: an exit status when it does not."""
    if articles.is_dir():
        return None
    source = getattr(args, "articles_source", "")
    if source == "default":  # nobody said where the archive is
        return fail(
            "no archive here (no 'articles' folder); say where yours is once with "
            "'brreader config set articles DIR', or pass --articles DIR",
            FAILURE,
        )
    fix = {
        "--articles": "check the path",
        "config file": "fix it with 'brreader config set articles DIR'",
    }.get(source, f"check the path, or change {source}")
    where = f" (from {source})" if source in ("config file", "BRREADER_ARTICLES") else ""
    what = "is a file, not a folder" if articles.exists() else "not found"
    return fail(f"articles folder {str(articles)!r}{where} {what}; {fix}", FAILURE)
