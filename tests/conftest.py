"""Shared fixtures: small archives written into ``tmp_path``, never into the repo's index/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import settings

import brreader.cli
from brreader.search import Archive

# Property tests: CI (.ci/run sets BRREADER_CI) runs the same examples every time, so a
# red CI is a reproducible failure of the change, never a lucky draw; a developer's
# `make test` keeps drawing new examples, which is where new bugs turn up.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("BRREADER_CI") == "1":
    settings.load_profile("ci")

# No test may start a background server by accident, nor find the user's own:
# every command runs in-process unless a test starts (and stops) a server of
# its own. Set at import so every subprocess a test starts inherits it.
os.environ["BRREADER_SERVER"] = "off"
os.environ.pop("BRREADER_RUNTIME_DIR", None)
# BRREADER_TEST_THROUGH_SERVER=1 runs the CLI tests' commands through one
# server (see run_cli), to prove its output is byte-identical.
THROUGH_SERVER = os.environ.get("BRREADER_TEST_THROUGH_SERVER") == "1"

REPO = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLES = REPO / "articles"
NBSP = "\u00a0"

# A seed-shaped article written for the tests (plain text, bare questions,
# NBSP-indented dateline, trailing Source line).
PLAIN = (
    "Harbour Line Weekly\n"
    "\n"
    "Sensors Along the River\n"
    "\n"
    f"{NBSP}{NBSP} {NBSP}{NBSP}  14:05, March 3, 2021\n"
    "\n"
    "Dara Kheng, a hydrologist in Phnom Penh, explains how farmers use river data.\n"
    "\n"
    "How did the network start?\n"
    "\n"
    "It began with twelve gauges on the Mekong and a shared spreadsheet.\n"
    "\n"
    "Now we publish readings every hour for anyone to use.\n"
    "\n"
    "What do farmers gain from it?\n"
    "\n"
    "They time their planting to the flood pulse and cooperate on pumps.\n"
    "\n"
    "Which satellites help you?\n"
    "\n"
    "Radar altimetry fills the gaps between gauges.\n"
    "\n"
    "Source: Riverside Wire\n"
)

LABELLED = textwrap.dedent(
    """\
    Transcontinental Observer

    Building the Rail Depot

    June 2, 2019

    Lina Okafor, a railway engineer, talks about the new depot.

    Q: Tell us about the depot in Mombasa.
    A: It services forty locomotives. The rail yard opened in May.
    Q: What comes next?
    A: Training. Who would have guessed we would need so many welders?

    We hired two hundred of them.
    """
)

FRONT_MATTER = textwrap.dedent(
    """\
    ---
    title: "Vaccines in the Cold Chain"
    outlet: Mekong Science Review
    published: 2022-11-15 08:05
    interviewee: Amara Tesfaye
    source: Field Notes Agency
    tags: [health, logistics]
    url: https://example.org/cold-chain
    ---
    Amara Tesfaye runs a vaccine logistics lab in Addis Ababa.

    Why do freezers fail?

    Power cuts, mostly. Solar units changed that.
    """
)


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Bookmarks, read marks and saved searches go to a fresh file, never the user's own."""
    path = tmp_path_factory.mktemp("state") / "state.json"
    monkeypatch.setenv("BRREADER_STATE", str(path))
    # Nor the user's config file or cache folder; no setting comes from the environment.
    monkeypatch.setenv("BRREADER_CONFIG", str(path.parent / "config.toml"))
    monkeypatch.setenv("BRREADER_CACHE", str(path.parent / "cache"))
    for name in ("BRREADER_ARTICLES", "BRREADER_INDEX"):
        monkeypatch.delenv(name, raising=False)
    return path


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` below ``root``; return ``root``."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def write_articles(root: Path, count: int, start: int = 0) -> None:
    """Articles a{start:03d}.txt .. a{count-1:03d}.txt, each PLAIN with its own title word."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(start, count):
        text = PLAIN.replace("Sensors Along the River", f"Report number{n}")
        (root / f"a{n:03d}.txt").write_text(text, encoding="utf-8")


def copy_built(source: Path, target: Path) -> Path:
    """Copy a folder holding ``articles/`` and the ``index/`` built for them to ``target``.

    Files keep their times, and the index record is pointed at the copied
    articles, so the copy opens as the same up-to-date index: a test may change
    its copy while a module builds the index once.
    """
    import json

    shutil.copytree(source, target)
    record = target / "index" / "brreader-index.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["articles"] == str((source / "articles").resolve())
    data["articles"] = str((target / "articles").resolve())
    record.write_text(json.dumps(data), encoding="utf-8")
    return target


@pytest.fixture
def make_archive(tmp_path: Path) -> Callable[..., Archive]:
    """Write ``{relative path: text or bytes}`` under tmp_path/articles and return an Archive."""

    def build(files: dict[str, str | bytes], *, refresh: bool = True) -> Archive:
        root = tmp_path / "articles"
        root.mkdir(exist_ok=True)
        write_files(root, files)
        archive = Archive(root, tmp_path / "index")
        if refresh:
            archive.update()
        return archive

    return build


@pytest.fixture
def three(make_archive: Callable[..., Archive]) -> Archive:
    """An archive with one article of each style."""
    return make_archive(
        {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "2022/cold-chain.md": FRONT_MATTER}
    )


class ServerProcess:
    """A ``brreader serve`` started by a test, in a runtime folder of its own."""

    def __init__(self, folder: Path, env: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.env = {**os.environ, "BRREADER_RUNTIME_DIR": str(folder), **(env or {})}
        self.env.pop("BRREADER_SERVER", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "brreader", "serve"],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        assert "serving on" in first, first + self.process.stdout.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def short_runtime_dir() -> Path:
    """A new 0700 folder with a short path (a socket address has at most 107 bytes)."""
    return Path(tempfile.mkdtemp(prefix="brs-"))


_session_server: ServerProcess | None = None
_in_process_only = False


@pytest.fixture(autouse=True)
def _route(request: pytest.FixtureRequest) -> Iterator[None]:
    global _in_process_only
    _in_process_only = request.node.get_closest_marker("in_process") is not None
    try:
        yield
    finally:
        _in_process_only = False


@pytest.fixture(scope="session", autouse=THROUGH_SERVER)
def through_server() -> Iterator[None]:
    """With BRREADER_TEST_THROUGH_SERVER=1: one server for the session, always stopped."""
    global _session_server
    folder = short_runtime_dir()
    _session_server = ServerProcess(folder)
    try:
        yield
    finally:
        _session_server.stop()
        _session_server = None
        shutil.rmtree(folder, ignore_errors=True)


_in_process_main = brreader.cli.main


def run_cli(argv: Sequence[str] | None = None, **kwargs: object) -> int:
    """``brreader ARGV`` in this process, or through the session's server (see THROUGH_SERVER).

    With BRREADER_TEST_THROUGH_SERVER=1 this replaces ``brreader.cli.main`` for
    the whole session, so every test that runs a command runs it through the
    server; a test marked ``in_process`` (it patches brreader's internals,
    which a server process cannot see) keeps the in-process path.
    """
    from brreader.client import relay
    from brreader.serving import served

    argv = sys.argv[1:] if argv is None else argv
    if _session_server is None or kwargs or _in_process_only or not served(list(argv)):
        return _in_process_main(argv, **kwargs)  # type: ignore[arg-type]

    saved = os.environ.get("BRREADER_RUNTIME_DIR")
    os.environ["BRREADER_RUNTIME_DIR"] = str(_session_server.folder)
    try:
        status = relay(list(argv), raise_exit=True)
    finally:
        if saved is None:
            os.environ.pop("BRREADER_RUNTIME_DIR", None)
        else:
            os.environ["BRREADER_RUNTIME_DIR"] = saved
    assert status is not None, "the server did not answer"
    return status


def wait_for(condition: Callable[[], object], timeout: float = 20.0) -> bool:
    """Poll ``condition`` until it is true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


if THROUGH_SERVER:
    # Before the test modules are imported, so 'from brreader.cli import main' gets it.
    brreader.cli.main = run_cli  # type: ignore[assignment]


@pytest.fixture(params=["python", "numpy"])
def arrays(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test twice: floats one at a time (one-shot commands), and numpy with the term
    hashes held in memory (the server)."""
    from brreader.engine import presence, vector
    from brreader.search import keep_warm

    if request.param == "numpy":
        assert keep_warm()
        assert presence.kept() is not None
    try:
        yield request.param
    finally:
        vector.disable()
        presence.disable()
