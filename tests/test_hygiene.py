"""Architecture rules that keep brreader fast to start and easy to change."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import brreader

PACKAGE = Path(brreader.__file__).parent
WHOOSH_FORKS = {"whoosh", "whoosh-reloaded", "whoosh3", "whoosh-ng", "whoosh-novo"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_exactly_one_whoosh_fork_is_installed() -> None:
    # Every fork installs into the same whoosh/ folder; a second one silently wins.
    found = sorted(
        (dist.metadata["Name"], dist.version)
        for dist in metadata.distributions()
        if (dist.metadata["Name"] or "").lower() in WHOOSH_FORKS
    )
    assert found == [("Whoosh-Reloaded", "2.7.5")]


def test_only_the_engine_imports_whoosh() -> None:
    users = sorted(
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "whoosh" in _imports(p)
    )
    assert users and all(name.startswith("engine/") for name in users), users


def test_whoosh_private_names_are_used_in_one_module() -> None:
    # A fork or version change of Whoosh should mean reading engine/internals.py alone.
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "internals.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            private = isinstance(node, ast.Attribute) and node.attr.startswith("_")
            if private and not node.attr.startswith("__"):
                owner = node.value
                if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                    found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    assert found == []


def test_only_the_reader_imports_textual() -> None:
    # Domain code, the engine and the one-shot CLI stay usable without Textual.
    users = sorted(
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "textual" in _imports(p)
    )
    assert users and all(name.startswith("tui/") for name in users), users


def test_parsing_loads_neither_whoosh_nor_rich() -> None:
    code = (
        "import sys, brreader.parse, brreader.articles\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'whoosh', 'rich', 'textual'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_no_module_holds_two_jobs() -> None:
    # The house keeps modules under ~400 lines and splits them before 600.
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: size for name, size in sizes.items() if size > 600} == {}


def test_every_module_says_why_it_exists() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.name} has no module docstring"


def test_the_one_shot_path_skips_modules_whoosh_never_uses() -> None:
    # urllib.request and asyncio cost about 30 ms of every command's start-up,
    # whoosh.lang.morph_en (the Variations query's word forms) about 10 ms.
    code = (
        "import sys, brreader.cli, brreader.search\n"
        "from brreader.search import Archive\n"
        "print('urllib.request' in sys.modules, 'asyncio' in sys.modules)\n"
        "print('whoosh.lang.morph_en' in sys.modules)\n"
        "import asyncio, urllib.request, cached_property\n"
        "print(callable(urllib.request.urlopen), asyncio.iscoroutinefunction(asyncio.sleep))\n"
        "print(cached_property.asyncio.iscoroutinefunction(asyncio.sleep))\n"
        "from whoosh.query import terms\n"
        "print('render' in terms.variations('rendering'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "False", "True", "True", "True", "True"]


def test_the_reliability_table_names_only_tests_that_exist() -> None:
    import re

    doc = (PACKAGE.parent / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(?:tests/[\w.]+::)?(test_\w+)", doc))
    sources = "".join(
        p.read_text(encoding="utf-8") for p in (PACKAGE.parent / "tests").glob("*.py")
    )
    defined = set(re.findall(r"def (test_\w+)\(", sources))
    assert len(named) > 50
    assert named <= defined, sorted(named - defined)


def test_the_thin_client_loads_no_engine_parser_or_interface() -> None:
    # What every command imports before it knows whether a server will answer it.
    code = (
        "import sys, brreader.client\n"
        "heavy = {'whoosh', 'rich', 'textual', 'yaml', 'watchfiles', 'brreader.parse', "
        "'brreader.cli', 'brreader.search', 'brreader.engine', 'brreader.articles'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
