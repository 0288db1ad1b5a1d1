"""``brreader serve``: its life, its safety, and output byte-identical to in-process runs.

Every test here starts its server in a runtime folder of its own and stops it
(the ``server`` fixture, or the test's own ``finally``); the rest of the
suite runs with ``BRREADER_SERVER=off``. Commands run as users run them: a
new ``python -m brreader`` process.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from brreader import serving
from tests.conftest import (
    LABELLED,
    PLAIN,
    ServerProcess,
    short_runtime_dir,
    wait_for,
    write_files,
)


@pytest.fixture
def runtime() -> Iterator[Path]:
    folder = short_runtime_dir()
    try:
        yield folder
    finally:
        # Whatever a test started in this folder is stopped here.
        brreader(folder, "serve", "--stop", server="on")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    write_files(tmp_path / "articles", {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED})
    return tmp_path


@pytest.fixture
def server(runtime: Path) -> Iterator[ServerProcess]:
    started = ServerProcess(runtime)
    try:
        yield started
    finally:
        started.stop()


def brreader(
    runtime: Path, *args: str, server: str = "on", cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "BRREADER_RUNTIME_DIR": str(runtime), **env}
    environment["BRREADER_SERVER"] = server
    return subprocess.run(
        [sys.executable, "-m", "brreader", *args],
        env=environment,
        cwd=cwd,
        capture_output=True,
        timeout=120,
    )


def alive(runtime: Path) -> bool:
    return serving.server_alive(runtime)


COMMANDS = [
    ["search", "mekong"],
    ["search", "--json", "rail"],
    ["search", "nothingmatchesthis"],
    ["search", "title:("],
    ["search", "--format", "csv", "depot"],
    ["list"],
    ["list", "--json"],
    ["show", "2021/sensors"],
    ["show", "no/such/article"],
    ["facets", "--json"],
    ["timeline", "rail"],
    ["quote", "2019/depot", "--pair", "1"],
    ["check"],
    ["search", "--limit", "nonsense", "x"],
]


def test_output_and_exit_status_are_the_same_through_the_server(
    archive: Path, server: ServerProcess
) -> None:
    runtime = server.folder
    folders = ["--articles", str(archive / "articles"), "--index", str(archive / "index")]
    brreader(runtime, *folders, "index", server="off")
    for words in COMMANDS:
        here = brreader(runtime, *folders, *words, server="off")
        there = brreader(runtime, *folders, *words, server="on")
        assert (there.returncode, there.stdout, there.stderr) == (
            here.returncode,
            here.stdout,
            here.stderr,
        ), words
    status = brreader(runtime, "serve", "--status", server="off")
    assert f"{len(COMMANDS)} commands answered" in status.stdout.decode()


def test_relative_folders_and_environment_are_the_clients(
    archive: Path, server: ServerProcess
) -> None:
    runtime = server.folder
    brreader(runtime, "index", cwd=archive, server="off")
    for env in ({}, {"NO_COLOR": "1"}, {"BRREADER_ARTICLES": "articles"}):
        here = brreader(runtime, "search", "rail", cwd=archive, server="off", **env)
        there = brreader(runtime, "search", "rail", cwd=archive, server="on", **env)
        assert (there.returncode, there.stdout, there.stderr) == (
            here.returncode,
            here.stdout,
            here.stderr,
        )
        assert here.returncode == 0


def test_a_command_starts_a_server_once_and_stop_ends_it(archive: Path, runtime: Path) -> None:
    folders = ["--articles", str(archive / "articles")]
    first = brreader(runtime, *folders, "search", "mekong")
    assert first.returncode == 0 and b"1 article matches" in first.stdout
    assert first.stderr.count(b"starting a background server") == 1
    assert wait_for(lambda: (runtime / serving.SOCKET_NAME).exists())
    second = brreader(runtime, *folders, "search", "mekong")
    assert (second.returncode, second.stdout) == (0, first.stdout)
    assert b"background server" not in second.stderr
    status = brreader(runtime, "serve", "--status")
    assert b"1 commands answered" in status.stdout
    assert str(archive / "articles").encode() in status.stdout
    stopped = brreader(runtime, "serve", "--stop")
    assert stopped.returncode == 0
    assert not alive(runtime) and not (runtime / serving.SOCKET_NAME).exists()
    assert brreader(runtime, "serve", "--status").returncode == 1


def test_brreader_server_off_never_starts_one(archive: Path, runtime: Path) -> None:
    done = brreader(
        runtime, "--articles", str(archive / "articles"), "search", "rail", server="off"
    )
    assert done.returncode == 0 and b"background server" not in done.stderr
    time.sleep(0.5)
    assert not alive(runtime) and not (runtime / serving.SOCKET_NAME).exists()


def test_the_server_exits_when_idle(runtime: Path) -> None:
    started = ServerProcess(runtime, {serving.IDLE_ENV: "1"})
    try:
        assert started.process.wait(timeout=30) == 0
        assert not (runtime / serving.SOCKET_NAME).exists()
    finally:
        started.stop()


def test_a_killed_server_is_replaced_and_the_command_answered(archive: Path, runtime: Path) -> None:
    started = ServerProcess(runtime)
    try:
        started.process.send_signal(signal.SIGKILL)
        started.process.wait(timeout=10)
        assert (runtime / serving.SOCKET_NAME).exists()  # a stale socket file is left
        done = brreader(runtime, "--articles", str(archive / "articles"), "search", "mekong")
        assert done.returncode == 0 and b"1 article matches" in done.stdout
        assert b"starting a background server" in done.stderr
        assert wait_for(lambda: serving.connect(runtime) is not None)
    finally:
        started.stop()


def test_a_server_of_another_version_is_replaced(archive: Path, runtime: Path) -> None:
    code = (
        "import sys; from brreader import serving; serving.identity = lambda: '0.0.1+old'; "
        "from brreader.client import main; sys.exit(main(['serve']))"
    )
    env = {**os.environ, "BRREADER_RUNTIME_DIR": str(runtime)}
    old = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE)
    try:
        assert old.stdout is not None and b"0.0.1+old" in old.stdout.readline()
        done = brreader(runtime, "--articles", str(archive / "articles"), "search", "mekong")
        assert done.returncode == 0 and b"1 article matches" in done.stdout
        assert b"replacing a background server of another version" in done.stderr
        assert old.wait(timeout=20) == 0  # the old one stepped down
        assert wait_for(lambda: b"0.0.1+old" not in brreader(runtime, "serve", "--status").stdout)
        assert serving.identity().encode() in brreader(runtime, "serve", "--status").stdout
    finally:
        if old.poll() is None:
            old.kill()
            old.wait()
        if old.stdout is not None:
            old.stdout.close()


def test_two_clients_at_once_get_their_own_answers(archive: Path, server: ServerProcess) -> None:
    folders = ["--articles", str(archive / "articles")]
    env = {**os.environ, "BRREADER_RUNTIME_DIR": str(server.folder)}
    env.pop("BRREADER_SERVER", None)
    queries = ["mekong", "depot", "satellites", "welders"] * 2
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "brreader", *folders, "search", "--json", query],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for query in queries
    ]
    for query, process in zip(queries, running, strict=True):
        out, _err = process.communicate(timeout=120)
        assert process.returncode == 0
        assert json.loads(out)["query"] == query


def test_a_client_while_the_server_indexes(tmp_path: Path, server: ServerProcess) -> None:
    # Many articles: the first command's update is still running when the second arrives.
    write_files(
        tmp_path / "articles",
        {f"a{n:04d}.txt": PLAIN.replace("Mekong", f"Mekong word{n}") for n in range(400)},
    )
    folders = ["--articles", str(tmp_path / "articles")]
    env = {**os.environ, "BRREADER_RUNTIME_DIR": str(server.folder)}
    env.pop("BRREADER_SERVER", None)
    first = subprocess.Popen(
        [sys.executable, "-m", "brreader", *folders, "index"], env=env, stdout=subprocess.PIPE
    )
    second = brreader(server.folder, *folders, "search", "--json", "word7")
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert second.returncode in (0, 1) and b"Traceback" not in second.stderr
    again = brreader(server.folder, *folders, "search", "--json", "word7")
    assert json.loads(again.stdout)["total"] == 1


def test_an_edit_is_searchable_without_a_command(archive: Path, server: ServerProcess) -> None:
    folders = ["--articles", str(archive / "articles")]
    assert brreader(server.folder, *folders, "search", "mekong").returncode == 0
    target = archive / "articles" / "2021" / "sensors.txt"
    target.write_text(PLAIN.replace("Mekong", "Irrawaddy"))  # in place: no folder change

    def found() -> bool:
        done = brreader(server.folder, *folders, "search", "--json", "irrawaddy")
        return done.returncode == 0 and json.loads(done.stdout)["total"] == 1

    assert wait_for(found, timeout=30)


def test_a_search_right_after_a_save_finds_the_saved_text(
    archive: Path, server: ServerProcess
) -> None:
    # No waiting in between: the server lets the watcher's batch finish first.
    folders = ["--articles", str(archive / "articles")]
    assert brreader(server.folder, *folders, "search", "mekong").returncode == 0

    def watching() -> bool:  # set up, first scan done
        status = brreader(server.folder, "serve", "--status").stdout.decode()
        return "watching" in status and "first scan" not in status

    assert wait_for(watching, timeout=30)
    target = archive / "articles" / "2021" / "sensors.txt"
    for river in ("irrawaddy", "salween", "chindwin", "brahmaputra"):
        target.write_text(PLAIN.replace("Mekong", river.capitalize()))  # in place
        done = brreader(server.folder, *folders, "search", "--json", river)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["total"] == 1, river
        gone = brreader(server.folder, *folders, "search", "--json", "mekong")
        assert json.loads(gone.stdout)["total"] == 0


def test_a_server_killed_after_saves_loses_nothing_and_its_cut_journal_is_repaired(
    archive: Path, runtime: Path
) -> None:
    # Saves are committed alone and recorded in the journal; the merge waits for a
    # quiet moment. Killed meanwhile (mid-append, even), nothing saved is lost.
    folders = ["--articles", str(archive / "articles"), "--index", str(archive / "index")]
    target = archive / "articles" / "2021" / "sensors.txt"
    rivers = ("irrawaddy", "salween", "chindwin", "brahmaputra", "yarlung")
    started = ServerProcess(runtime)
    try:
        assert brreader(runtime, *folders, "search", "mekong").returncode == 0

        def watching() -> bool:
            status = brreader(runtime, "serve", "--status").stdout.decode()
            return "watching" in status and "first scan" not in status

        assert wait_for(watching, timeout=30)
        for river in rivers:
            target.write_text(PLAIN.replace("Mekong", river.capitalize()))  # in place
            done = brreader(runtime, *folders, "search", "--json", river)
            assert json.loads(done.stdout)["total"] == 1, river
        journal = archive / "index" / "brreader-index.journal"
        assert len(journal.read_bytes().splitlines()) > len(rivers)  # a head and a line a save
        started.process.send_signal(signal.SIGKILL)
        started.process.wait(timeout=10)
    finally:
        started.stop()
    journal.write_bytes(journal.read_bytes()[:-9])  # as if killed in the middle of a line
    done = brreader(runtime, *folders, "search", "--json", rivers[-1])
    assert done.returncode == 0 and json.loads(done.stdout)["total"] == 1
    said = done.stderr.decode().splitlines()
    assert [line for line in said if "index record" in line] == [
        f"brreader: repaired the index record in {archive / 'index'} (its journal was cut short)"
    ]
    assert (
        json.loads(brreader(runtime, *folders, "search", "--json", rivers[0]).stdout)["total"] == 0
    )
    done = brreader(runtime, *folders, "index", server="off")
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.startswith(b"indexed 0, unchanged 2"), done.stdout


def test_the_socket_and_its_folder_are_the_users_alone(server: ServerProcess) -> None:
    folder_mode = stat.S_IMODE(os.stat(server.folder).st_mode)
    socket_mode = stat.S_IMODE(os.stat(server.folder / serving.SOCKET_NAME).st_mode)
    assert folder_mode == 0o700 and socket_mode == 0o600


def test_a_runtime_folder_open_to_others_is_not_used(archive: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    done = brreader(shared, "--articles", str(archive / "articles"), "search", "mekong")
    assert done.returncode == 0 and b"1 article matches" in done.stdout
    assert b"is open to other users (mode 777)" in done.stderr
    assert not (shared / serving.SOCKET_NAME).exists()


def test_another_users_connection_is_refused(server: ServerProcess, monkeypatch) -> None:
    # The server compares SO_PEERCRED's uid with its own; here we are "another user"
    # by making the server's check see a different uid.
    sock = serving.connect(server.folder)
    assert sock is not None
    with sock:
        assert serving.peer_uid(sock) == os.getuid()  # what the server reads
    code = (
        "import os, sys; from brreader import serving; "
        "serving.peer_uid = lambda sock: os.getuid() + 1; "
        "from brreader.client import main; sys.exit(main(['serve']))"
    )
    other = short_runtime_dir()
    env = {**os.environ, "BRREADER_RUNTIME_DIR": str(other)}
    strict = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE)
    try:
        assert strict.stdout is not None and b"serving on" in strict.stdout.readline()
        sock = serving.connect(other)
        assert sock is not None
        with sock:
            sock.settimeout(10)
            try:
                serving.send_json(sock, b"q", {"command": "status"})
                answer = serving.receive(sock)
            except (BrokenPipeError, ConnectionResetError):  # closed before or after we sent
                answer = None
            assert answer is None  # closed without a word
    finally:
        strict.terminate()
        strict.wait(timeout=10)
        if strict.stdout is not None:
            strict.stdout.close()
        shutil.rmtree(other, ignore_errors=True)


def test_a_client_that_goes_away_does_not_harm_the_server(
    archive: Path, server: ServerProcess
) -> None:
    folders = ["--articles", str(archive / "articles")]
    env = {**os.environ, "BRREADER_RUNTIME_DIR": str(server.folder)}
    env.pop("BRREADER_SERVER", None)
    # '| head -1': the reader of the output closes it after one line.
    piped = subprocess.run(
        f"{sys.executable} -m brreader --articles {archive / 'articles'} list | head -1",
        shell=True,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert piped.returncode == 0 and b"Traceback" not in piped.stderr
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(serving.socket_path(server.folder))
    sock.close()  # connects and leaves without a word
    assert brreader(server.folder, *folders, "search", "mekong").returncode == 0


@pytest.mark.parametrize("emptied", ["every file", "segments"])
def test_the_server_survives_zero_byte_index_files_under_it(
    archive: Path, server: ServerProcess, emptied: str
) -> None:
    past = time.time() - 3600  # folders left alone a while: the quick check trusts them
    for folder in [archive / "articles", *(archive / "articles").iterdir()]:
        os.utime(folder, (past, past))
    folders = ["--articles", str(archive / "articles"), "--index", str(archive / "index")]
    assert brreader(server.folder, *folders, "search", "mekong").returncode == 0
    assert brreader(server.folder, *folders, "search", "mekong").returncode == 0
    for path in (archive / "index").iterdir():
        if not path.is_file() or path.name == "MAIN_WRITELOCK":
            continue
        if emptied == "every file" or path.suffix == ".seg":
            path.write_bytes(b"")  # what a power loss can leave
    done = brreader(server.folder, *folders, "search", "mekong")
    assert done.returncode == 0 and b"1 article matches" in done.stdout, done.stderr
    assert b"Traceback" not in done.stderr
    assert server.process.poll() is None  # still serving
    again = brreader(server.folder, *folders, "search", "mekong")
    assert (again.returncode, again.stdout) == (0, done.stdout)


def test_the_server_runs_only_the_commands_it_serves(server: ServerProcess) -> None:
    # 'import' reads standard input, 'serve' is the server itself: never run in it.
    for argv in (["import", "-"], ["serve"], []):
        sock = serving.connect(server.folder)
        assert sock is not None
        with sock:
            request = {"command": "run", "version": serving.identity(), "argv": argv}
            serving.send_json(sock, b"q", request)
            frame = serving.receive(sock)
        assert frame is not None and frame[0] == b"r"
        assert json.loads(frame[1])["not"] == "served"
    assert server.process.poll() is None  # it did not step down
    assert b"0 commands answered" in brreader(server.folder, "serve", "--status").stdout
