"""Shell completion for bash, zsh and fish, from the command parser (argcomplete).

``brreader completion SHELL`` prints the script to load once (see its help).
Then each Tab runs ``brreader`` with argcomplete's environment variables set;
:func:`complete_if_asked` answers from the same parser the commands use, so
completion never lags behind the options: commands, options, article ids
(for ``show``, ``quote``, ``related``) and saved-search names (``saved run``,
``saved rm``). ``argcomplete`` is imported only then: a normal command pays
nothing for it.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from brreader.cli.output import OK, put

SHELLS = ("bash", "zsh", "fish")


def complete_if_asked(parser: argparse.ArgumentParser) -> None:
    """Answer a Tab press and exit, when the shell asked (``_ARGCOMPLETE`` is set)."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete
    from argcomplete.completers import BaseCompleter

    class Completer(BaseCompleter):
        """One completer for every argument that has none: it looks at which one it is."""

        def __call__(
            self,
            *,
            prefix: str,
            action: argparse.Action,
            parser: argparse.ArgumentParser,
            parsed_args: argparse.Namespace,
        ) -> Any:
            return _complete(prefix, action, parsed_args)

    argcomplete.autocomplete(parser, default_completer=Completer())  # prints them and exits


def completion_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to print the script for")


def run_completion(args: argparse.Namespace) -> int:
    """``brreader completion SHELL``: the script that makes Tab complete brreader."""
    import argcomplete

    put(argcomplete.shellcode(["brreader"], shell=args.shell).rstrip("\n"))
    return OK


def _complete(
    prefix: str, action: argparse.Action, parsed_args: argparse.Namespace, **_: Any
) -> Any:
    """What Tab offers for an argument: ids, saved-search names, folders; nothing for queries."""
    if action.dest == "id":
        return _article_ids(prefix, parsed_args)
    if action.dest == "name" and getattr(parsed_args, "command", "") == "saved":
        return _saved_names(prefix, parsed_args)
    if action.dest in ("articles", "index_dir"):
        from argcomplete.completers import DirectoriesCompleter

        return DirectoriesCompleter()(prefix)
    return []


def _articles(parsed: argparse.Namespace) -> Any:
    from brreader.config import settings

    return settings(getattr(parsed, "articles", None), None).articles.value


def _article_ids(prefix: str, parsed_args: argparse.Namespace) -> list[str]:
    from brreader.articles import discover

    try:
        files, _skipped = discover(_articles(parsed_args))
    except OSError:
        return []
    return sorted(f.id for f in files if f.id.startswith(prefix))


def _saved_names(prefix: str, parsed_args: argparse.Namespace) -> list[str]:
    from brreader.state import State, default_path

    try:
        names = State(default_path(), _articles(parsed_args)).saved()
    except OSError:
        return []
    return sorted(name for name in names if name.startswith(prefix))
