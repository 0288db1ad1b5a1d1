"""The shape of the command-line package: one table of commands, light to start, no cycles.

The behaviour of each command is checked in test_cli.py and the tests of
each feature; these tests keep the package easy to extend and fast to load.
"""

from __future__ import annotations

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
