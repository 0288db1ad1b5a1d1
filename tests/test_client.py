"""The thin client: what it loads before a server answers, and the request it writes.

Every command a user types starts in ``brreader.client``; with a server
running, that process is all the command costs besides the server's own
work. These tests pin down that it stays small (no ``socket`` module, no
``json``, ``re``, ``pathlib``, ``typing`` or ``tempfile``) and that what it
sends reads back exactly as the JSON it replaces.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brreader import serving
from tests.conftest import LABELLED, PLAIN, ServerProcess, short_runtime_dir, write_files

# What importing the client may add to a bare interpreter's modules: its own
# two, the package and the C socket.
CLIENT_MODULES = {"__future__", "_socket", "brreader", "brreader.client", "brreader.serving"}

PROBE = """
import sys
before = set(sys.modules)
import brreader.client
status = brreader.client.main(sys.argv[1:])
added = sorted(set(sys.modules) - before)
sys.stdout.flush()
print(repr(added), file=sys.stderr)
sys.exit(status)
"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A running server (stopped after the test) and the folder options of a small archive."""
    write_files(tmp_path / "articles", {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED})
    folders = ["--articles", str(tmp_path / "articles"), "--index", str(tmp_path / "index")]
    folder = short_runtime_dir()
    _run(folder, [*folders, "index"], server="off")  # each test compares searches only
    server = ServerProcess(folder)
    try:
        yield folder, folders
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _run(runtime: Path, argv: list[str], server: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "BRREADER_RUNTIME_DIR": str(runtime), "BRREADER_SERVER": server}
    return subprocess.run(
        [sys.executable, "-c", PROBE, *argv], env=env, capture_output=True, timeout=120
    )


def _added(done: subprocess.CompletedProcess[bytes]) -> set[str]:
    return set(ast.literal_eval(done.stderr.decode().strip().splitlines()[-1]))


def test_importing_the_client_loads_only_what_it_needs() -> None:
    code = (
        "import sys\nbefore = set(sys.modules)\nimport brreader.client\n"
        "print(repr(sorted(set(sys.modules) - before)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert set(ast.literal_eval(done.stdout)) <= CLIENT_MODULES


def test_a_served_command_loads_nothing_more_and_prints_what_in_process_does(
    served: tuple[Path, list[str]],
) -> None:
    runtime, folders = served
    for words in (["search", "rail"], ["search", "--json", "depot"], ["show", "2021/sensors"]):
        here = _run(runtime, [*folders, *words], server="off")
        there = _run(runtime, [*folders, *words], server="on")
        assert (there.returncode, there.stdout) == (here.returncode, here.stdout), words
        assert here.returncode == 0 and here.stdout, words
        # Answered by the server (the command's own modules never loaded here),
        # and the client itself loaded nothing beyond its few modules.
        assert _added(there) <= CLIENT_MODULES, words
        assert "brreader.cli" in _added(here)


@pytest.mark.parametrize(
    "query",
    ['"rail depot"', "café", "back\\slash", "tab\there", "nul\x01ctl", "🚆 rail"],
)
def test_words_json_would_escape_reach_the_server_as_typed(
    served: tuple[Path, list[str]], query: str
) -> None:
    runtime, folders = served
    words = [*folders, "search", "--json", query]
    here = _run(runtime, words, server="off")
    there = _run(runtime, words, server="on")
    assert (there.returncode, there.stdout) == (here.returncode, here.stdout)
    assert json.loads(there.stdout)["query"] == query
    assert not _added(there) & {"brreader.cli", "brreader.search"}  # answered by the server


def test_an_undecodable_word_reaches_the_server_as_typed(served: tuple[Path, list[str]]) -> None:
    # A command-line word that is not UTF-8 arrives as lone surrogates (surrogateescape).
    runtime, folders = served
    word = os.fsdecode(b"rail\xff")
    words = [*folders, "search", "--json", word]
    here = _run(runtime, words, server="off")
    there = _run(runtime, words, server="on")
    assert (there.returncode, there.stdout, there.stderr.splitlines()[:-1]) == (
        here.returncode,
        here.stdout,
        here.stderr.splitlines()[:-1],
    )
    assert not _added(there) & {"brreader.cli", "brreader.search"}


ALL_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=20)
REQUEST_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ALL_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ALL_TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(REQUEST_VALUES)
def test_the_request_reads_back_as_the_json_it_replaces(value: object) -> None:
    assert json.loads(serving.dumps(value)) == json.loads(json.dumps(value))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["argv", "cwd", "env"]), st.lists(ALL_TEXT, max_size=3)))
def test_plain_text_is_written_byte_for_byte_as_json_writes_it(value: dict[str, list[str]]) -> None:
    plain = {
        key: [s for s in words if s.isascii() and s.isprintable() and s.isalnum()]
        for key, words in value.items()
    }
    assert serving.dumps(plain) == json.dumps(plain).encode()


def test_the_socket_folder_is_made_in_tmpdir_without_tempfile(tmp_path: Path) -> None:
    env = {"TMPDIR": str(tmp_path)}
    folder = serving.runtime_dir(env)
    assert folder == os.path.join(str(tmp_path), f"brreader-{os.getuid()}")
    assert os.stat(folder).st_mode & 0o777 == 0o700


def test_a_tmpdir_that_cannot_be_used_is_left_to_tempfile(tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    assert serving._temporary_folder({"TMPDIR": str(missing)}) == tempfile.gettempdir()
    assert not missing.exists()
