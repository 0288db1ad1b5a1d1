"""``brreader config``: where the archive, its index and the settings come from.

    brreader config                      # the file, and every setting with its source
    brreader config --json
    brreader config set articles ~/interviews
    brreader config set server false

Runs without an archive: it is how a new user says where theirs is.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from brreader.cli.options import UsageError, json_option, require_text
from brreader.cli.output import OK, dump, put, say
from brreader.config import KEYS, Settings, set_value, settings
from brreader.textsafe import clean_line


def config_options(parser: argparse.ArgumentParser) -> None:
    json_option(parser)
    parser.add_argument(
        "words",
        nargs="*",
        metavar="set KEY VALUE",
        help=f"write one setting to the config file ({', '.join(KEYS)})",
    )


def run_config(args: argparse.Namespace) -> int:
    """Show the settings in force, or write one (``set KEY VALUE``)."""
    if args.words:
        return _set(args)
    found = settings(args.articles, args.index_dir)
    if args.json:
        dump(_as_json(found))
        return OK
    file = found.file
    state = "" if file.exists else " (not created yet)"
    put(f"config file: {clean_line(str(file.path))}{state}")
    if file.problem:
        put(f"  problem: {clean_line(file.problem)}")
    articles = found.articles.value
    missing = "" if articles.is_dir() else "  [not found]"
    rows = [
        ("articles", str(articles.absolute()), found.articles.source, missing),
        ("index", str(found.index.value.absolute()), found.index.source, ""),
        ("server", "on" if found.server.value else "off", found.server.source, ""),
    ]
    for name, value, source, extra in rows:
        put(f"{name + ':':12} {clean_line(value)}  (from {clean_line(source)}){extra}")
    return OK


def _as_json(found: Settings) -> dict[str, object]:
    return {
        "config_file": str(found.file.path),
        "config_file_exists": found.file.exists,
        "problem": found.file.problem or None,
        "articles": {"value": str(found.articles.value.absolute()), "from": found.articles.source},
        "index": {"value": str(found.index.value.absolute()), "from": found.index.source},
        "server": {"value": found.server.value, "from": found.server.source},
    }


def _set(args: argparse.Namespace) -> int:
    words = args.words
    if len(words) != 3 or words[0] != "set":
        raise UsageError(
            "write 'brreader config' to show the settings, or 'brreader config set KEY VALUE'"
        )
    _, key, value = words
    if key not in KEYS:
        raise UsageError(f"unknown setting {key!r}; known: {', '.join(KEYS)}")
    found = settings(None, None)
    path = found.file.path
    written: str | bool
    if key == "server":
        word = value.strip().lower()
        if word not in {"on", "off", "true", "false", "yes", "no", "1", "0"}:
            raise UsageError(f"'server' is on or off, not {value!r}")
        written = word in {"on", "true", "yes", "1"}
    else:
        folder = Path(value).expanduser()
        written = str(folder.resolve())
        if key == "articles" and not folder.is_dir():
            raise UsageError(f"articles folder {value!r} not found; give an existing folder")
        advice = f"the config file holds only UTF-8: give it with --{key} or BRREADER_{key.upper()}"
        require_text(written, "the folder", advice)
    try:
        set_value(path, key, written)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    shown = ("on" if written else "off") if isinstance(written, bool) else written
    say(clean_line(f"{key} = {shown} written to {path}"))
    variable = {"articles": "BRREADER_ARTICLES", "index": "BRREADER_INDEX"}.get(key)
    if variable and os.environ.get(variable):
        say(f"note: {variable} is set and wins over the config file")
    return OK
