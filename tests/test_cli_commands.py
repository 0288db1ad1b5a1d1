"""The shape of the command-line package: one table of commands, light to start, no cycles.

The behaviour of each command is checked in test_cli.py and the tests of
each feature; these tests keep the package easy to extend and fast to load.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

import pytest

import brreader.cli
from brreader.cli import main
from brreader.cli.commands import COMMANDS, Command, Group, build_parser

PACKAGE = Path(brreader.cli.__file__).parent
DOCUMENTED = [
    "search",
    "facets",
    "related",
    "timeline",
    "show",
    "quote",
    "bookmarks",
    "saved",
    "list",
    "index",
    "import",
    "check",
    "config",
    "completion",
    "serve",
]


def _help(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*words, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_adding_a_command_is_one_record_in_the_table(capsys) -> None:
    assert [command.name for command in COMMANDS] == DOCUMENTED
    listed = _help(capsys)
    for command in COMMANDS:
        assert f"\n    {command.name} " in listed, command.name
        assert command.help in " ".join(listed.split()), command.name
        actions = command.actions if isinstance(command, Group) else (command,)
        for action in actions:
            assert isinstance(action, Command) and callable(action.run)
        if isinstance(command, Group):
            inner = _help(capsys, command.name)
            assert all(f"\n    {action.name} " in inner for action in command.actions)
        assert f"usage: brreader {command.name} " in _help(capsys, command.name)


def test_the_dashed_word_hint_comes_from_the_words_its_parser_was_given(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["-rail", "search"])  # before the command counts too
    assert "'-rail' looks like an option" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser().parse_args(["search"])  # a new parser remembers nothing
    err = capsys.readouterr().err
    assert "looks like an option" not in err and "required: query" in err


def _every_command_line() -> list[list[str]]:
    """The words that name each parser: none (the top), each command, each action."""
    lines: list[list[str]] = [[]]
    for command in COMMANDS:
        lines.append([command.name])
        if isinstance(command, Group):
            lines += [[command.name, action.name] for action in command.actions]
    return lines


def _outcome(lazy: bool, words: list[str], capsys: pytest.CaptureFixture[str]) -> object:
    """What a parser built one way makes of ``words``: values, or exit status and output."""
    try:
        parsed = vars(build_parser(lazy=lazy).parse_args(words))
    except SystemExit as exited:
        return exited.code, capsys.readouterr()
    return parsed, capsys.readouterr()


@pytest.mark.parametrize("words", _every_command_line(), ids=" ".join)
def test_building_only_the_chosen_command_leaves_every_help_page_as_it_was(
    words: list[str], capsys
) -> None:
    lazy = _outcome(True, [*words, "--help"], capsys)
    assert lazy == _outcome(False, [*words, "--help"], capsys)
    assert isinstance(lazy, tuple) and lazy[0] == 0 and "usage: brreader" in lazy[1].out


@pytest.mark.parametrize(
    "words",
    [
        ["search", "--json", "rail", "--limit", "3", "--who", "Dara Kheng"],
        ["--articles", "a", "saved", "run", "gauges", "--index", "i"],
        ["list", "--lang", "French", "--from", "2025-06", "--to", "2026"],
        ["quote", "2019/x", "--pair", "2", "--format", "markdown"],
        ["serch", "rail"],  # a typo: the list of commands
        ["search", "--bogus", "rail"],
        ["search", "-rail"],  # the hint to write NOT
        ["search", "--limit", "-1", "rail"],
        ["saved"],
        ["saved", "bogus"],
        ["--version"],
    ],
    ids=" ".join,
)
def test_building_only_the_chosen_command_reads_a_command_line_the_same(
    words: list[str], capsys
) -> None:
    assert _outcome(True, words, capsys) == _outcome(False, words, capsys)


@pytest.mark.in_process  # it looks at the parser this process built
def test_a_one_shot_command_builds_the_options_of_its_own_command_only(
    monkeypatch, tmp_path: Path, capsys
) -> None:
    built: list[argparse.ArgumentParser] = []

    def keep(**kwargs: bool) -> argparse.ArgumentParser:
        built.append(build_parser(**kwargs))
        return built[-1]

    monkeypatch.setattr(brreader.cli, "build_parser", keep)
    assert main(["--articles", str(tmp_path), "config", "--json"]) == 0
    capsys.readouterr()
    (parser,) = built
    (chooser,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    options = {
        name: sorted(o for a in sub._actions for o in a.option_strings)
        for name, sub in chooser.choices.items()
    }
    assert options["config"] == ["--articles", "--help", "--index", "--json", "-h"]
    assert options["search"] == ["--help", "-h"]  # not built: search was not asked for
    assert options["saved"] == ["--articles", "--help", "--index", "-h"]


def test_help_loads_neither_textual_nor_whoosh() -> None:
    code = (
        "import sys, contextlib, io\n"
        "import brreader.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    brreader.cli.main(['--help'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'whoosh'}))\n"
        "print('brreader.search' in sys.modules, 'brreader.index' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "False False"]


MODULES = {"brreader.cli"} | {f"brreader.cli.{p.stem}" for p in PACKAGE.glob("[!_]*.py")}


def _cli_imports(path: Path) -> set[str]:
    """The modules of brreader.cli that ``path`` imports, in functions too.

    Imports for type checking alone are left out: they never run.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            node.body = []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & MODULES


def test_the_cli_package_has_no_import_cycles_and_no_large_modules() -> None:
    graph = {f"brreader.cli.{p.stem}": _cli_imports(p) for p in PACKAGE.glob("*.py")}
    graph["brreader.cli"] = graph.pop("brreader.cli.__init__")
    assert graph["brreader.cli"] and graph["brreader.cli.commands"]  # the scan sees imports

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for after in graph.get(start, ()):
            if after == goal or (after not in seen and reaches(after, goal, seen | {after})):
                return True
        return False

    assert not [name for name in graph if reaches(name, name, set())]
    for path in PACKAGE.glob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{path.name} has {lines} lines"


def test_the_cli_imports_the_index_only_through_the_search_facade() -> None:
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            assert not {"brreader.index", "brreader.engine"} & set(modules), path.name
