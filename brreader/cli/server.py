"""``brreader serve``: a resident process that answers one-shot commands and watches the archive.

It keeps each archive it was asked about open (the index warm), runs each
command with :func:`brreader.cli.main` in the client's world (its working
folder, its environment, whether its streams are terminals, their
encodings), and sends the bytes back as they are written, so the output is
what an in-process run prints. Commands run one at a time: the working
folder, the environment and ``sys.stdout`` belong to the whole process.

For each archive it also watches the articles folder (``watchfiles``) and
updates the index in batches as files appear, change or go away, so a saved
edit is searchable without a command. It exits after a quiet period
(``BRREADER_SERVER_IDLE`` seconds, 15 minutes by default) or on
``brreader serve --stop``. The index stays a cache: a server killed at any
moment leaves what the next update repairs, as any killed brreader does.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import io
import json
import math
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from brreader import serving
from brreader.cli.output import FAILURE, OK, say

if TYPE_CHECKING:
    from brreader.cli.watch import Unreported, Watcher
    from brreader.search import Archive

# How long a command waits for the watcher's batch in progress (one saved file: tenths of
# a second) before answering from the last commit: only a batch of many files takes longer.
SETTLE_WAIT = 3.0
# brreader.cli.main, handed in by it (importing it here would be a cycle).
Main = Callable[..., int]


class FrameStream(io.RawIOBase):
    """A binary stream whose writes go to the client as frames of one kind."""

    def __init__(self, sock: socket.socket, kind: bytes, tty: bool) -> None:
        self.sock = sock
        self.kind = kind
        self.tty = tty
        self.wrote = False
        self.gone = False  # the client went away (| head, Ctrl-C)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.tty

    def write(self, data: Any) -> int:
        data = bytes(data)
        if data:
            self.wrote = True
            try:
                serving.send(self.sock, self.kind, data)
            except OSError:
                self.gone = True
                raise BrokenPipeError("the client went away") from None
        return len(data)


class Streams(NamedTuple):
    """The client's stdout and stderr for one command."""

    out: FrameStream
    err: FrameStream

    def sent(self) -> bool:
        return self.out.wrote or self.err.wrote

    def gone(self) -> bool:
        return self.out.gone or self.err.gone


class Server:
    """The listening socket, the archives it keeps open, and its life."""

    def __init__(self, folder: Path, idle: float, main: Main) -> None:
        self.folder = folder
        self.main = main
        self.idle = idle
        self.identity = serving.identity()
        self.started = time.time()
        self.last = time.monotonic()
        self.requests = 0
        self.stopping = threading.Event()
        self._run_lock = threading.Lock()
        self._archives: dict[tuple[str, str, str], Archive] = {}
        self._to_watch: set[tuple[Path, Path]] = set()
        self._arrived = 0.0  # when the running command's request came (time.monotonic())
        self._unreported: dict[tuple[Path, Path], Unreported] = {}
        self._watchers: dict[tuple[Path, Path], Watcher] = {}

    # -- life ------------------------------------------------------------------

    def serve(self) -> int:
        lock = os.open(self.folder / serving.LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + 5.0
        while True:  # a server being replaced may take a moment to let go
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    say("a server is already running (brreader serve --status)")
                    return FAILURE
                time.sleep(0.05)
        path = serving.socket_path(self.folder)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.folder / serving.SOCKET_NAME)  # stale: we hold the life lock
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_mask = os.umask(0o177)  # the socket is 0600 from the start
        try:
            listener.bind(path)
        finally:
            os.umask(old_mask)
        listener.listen(16)
        listener.settimeout(0.5)
        # numpy for long posting lists (Archive.keep_warm), loaded while no command waits.
        threading.Thread(target=_warm_up, name="warm up", daemon=True).start()
        print(f"brreader {self.identity} serving on {self.folder} (pid {os.getpid()})", flush=True)
        serving.log(f"started at {time.strftime('%Y-%m-%d %H:%M:%S')}")
        try:
            while not self.stopping.is_set():
                if not self._busy() and time.monotonic() - self.last > self.idle:
                    break
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=self._handle, args=(conn,), daemon=True).start()
        finally:
            self.stopping.set()
            with contextlib.suppress(OSError):
                os.unlink(self.folder / serving.SOCKET_NAME)
            listener.close()
            for watcher in list(self._watchers.values()):
                watcher.join(timeout=5)
            with self._run_lock:
                for archive in self._archives.values():
                    archive.close()
            os.close(lock)
        return OK

    def _busy(self) -> bool:
        return self._run_lock.locked()

    def _activity(self) -> float:
        """When the last command came or ended (time.monotonic()); inf while one runs."""
        return math.inf if self._busy() else self.last

    # -- one connection --------------------------------------------------------

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                if serving.peer_uid(conn) not in (None, os.getuid()):
                    return  # another user's process: not a word
                frame = serving.receive(conn)
                if frame is None or frame[0] != b"q":
                    return
                request = json.loads(frame[1])
                self.last = arrived = time.monotonic()
                what = request.get("command")
                if what == "status":
                    serving.send_json(conn, b"x", self.status())
                elif what == "stop":
                    serving.send_json(conn, b"x", {"status": 0})
                    self.stopping.set()
                elif request.get("version") != self.identity:
                    # Another version's client: it runs the command itself and starts
                    # a server of its own version; this one steps down.
                    serving.send_json(conn, b"r", {"version": self.identity})
                    self.stopping.set()
                elif what == "run" and serving.served(request["argv"]):
                    self._run(conn, request, arrived)
                else:  # not a command the server runs: the client runs it itself
                    serving.send_json(conn, b"r", {"version": self.identity, "not": "served"})
            except (OSError, ValueError, KeyError, ConnectionError):
                pass  # the client went away (| head, Ctrl-C): nothing to answer
            finally:
                self.last = time.monotonic()

    def status(self) -> dict[str, Any]:
        return {
            "status": 0,
            "pid": os.getpid(),
            "version": self.identity,
            "uptime": round(time.time() - self.started),
            "requests": self.requests,
            "rss_mb": _rss_mb(),
            "watching": sorted(
                str(articles) + ("" if watcher.ready else " (first scan under way)")
                for (articles, _index), watcher in self._watchers.items()
            ),
            "idle_exit": self.idle,
        }

    def _run(self, conn: socket.socket, request: dict[str, Any], arrived: float) -> None:
        exited = False  # the command ended through SystemExit (argparse's --help or error)
        for attempt in (1, 2):
            with self._run_lock, self._client_world(conn, request) as streams:
                self._arrived = arrived
                try:
                    status = self.main(request["argv"], archives=self._archive)
                except SystemExit as leaving:  # argparse's --help, a usage error
                    code = leaving.code
                    status = code if isinstance(code, int) else (0 if code is None else 2)
                    exited = True
                except Exception as error:  # noqa: BLE001 - see below
                    if streams.gone():
                        return  # the client left: nothing to answer, nothing broken
                    # An index damaged under an open searcher (files emptied by a crash)
                    # fails in ways the command does not expect. Let go of every open
                    # archive; a fresh one finds the damage and repairs it, as a new
                    # process would. Once: a second failure is reported, not looped.
                    self._forget_archives()
                    if attempt == 1 and not streams.sent():
                        continue
                    say(f"the background server failed ({type(error).__name__}: {error})")
                    status = FAILURE
                sys.stdout.flush()
                sys.stderr.flush()
            break
        self.requests += 1
        serving.send_exit(conn, status, exited)
        with self._run_lock:
            for articles, index_dir in self._to_watch:
                self._watch(articles, index_dir)
            self._to_watch.clear()

    def _forget_archives(self) -> None:
        for archive in self._archives.values():
            with contextlib.suppress(Exception):
                archive.close()
        self._archives.clear()

    @contextlib.contextmanager
    def _client_world(self, conn: socket.socket, request: dict[str, Any]) -> Iterator[Streams]:
        """The client's working folder, environment and streams, for one command."""
        saved_env = dict(os.environ)
        saved_cwd = os.getcwd()
        saved_streams = sys.stdin, sys.stdout, sys.stderr
        tty_in, tty_out, tty_err = request["tty"]
        try:
            for key in list(os.environ):
                if key in serving.FORWARDED or key.startswith(serving.FORWARDED_PREFIXES):
                    del os.environ[key]
            os.environ.update(request["env"])
            os.chdir(request["cwd"])
            sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - closed below
            streams = Streams(FrameStream(conn, b"o", tty_out), FrameStream(conn, b"e", tty_err))
            sys.stdout = _text(streams.out, *request["stdout"])
            sys.stderr = _text(streams.err, *request["stderr"])
            yield streams
        finally:
            opened = sys.stdin, sys.stdout, sys.stderr
            sys.stdin, sys.stdout, sys.stderr = saved_streams
            for stream in opened:
                with contextlib.suppress(Exception):
                    stream.close()
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)

    def _archive(self, articles: Path, index_dir: Path) -> Archive:
        """The open archive for these folders as spelled (messages name them so)."""
        from brreader.cli.watch import Unreported, WatchedArchive

        cwd = os.getcwd()
        key = (str(articles), str(index_dir), cwd)
        folders = (articles.resolve(), index_dir.resolve())
        unreported = self._unreported.setdefault(folders, Unreported())
        archive = self._archives.get(key)
        if archive is None:
            archive = self._archives[key] = WatchedArchive(articles, index_dir, unreported)
        watcher = self._watchers.get(folders)
        if watcher is not None:
            # Save, then search: the batch with every change made before this
            # command arrived is indexed first (or, past SETTLE_WAIT, is still
            # being indexed and the command answers from the last commit).
            from brreader.cli.watch import trace

            began = time.monotonic()
            settled = watcher.settle(self._arrived, SETTLE_WAIT)
            trace(f"command waited {time.monotonic() - began:.3f} s for the watcher ({settled})")
        # Watched once this command is done: its own update comes first, and
        # says what it did, as it would in-process.
        self._to_watch.add(folders)
        return archive

    def _watch(self, articles: Path, index_dir: Path) -> None:
        for key, running in list(self._watchers.items()):
            if running.done.is_set():
                del self._watchers[key]
        if (articles, index_dir) in self._watchers or not articles.is_dir():
            return
        from brreader.cli.watch import Unreported, Watcher

        unreported = self._unreported.setdefault((articles, index_dir), Unreported())
        watcher = Watcher(articles, index_dir, self.stopping, unreported, self._activity)
        self._watchers[(articles, index_dir)] = watcher
        watcher.start()


def _text(raw: FrameStream, encoding: str | None, errors: str | None) -> IO[str]:
    return io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=encoding or "utf-8",
        errors=errors or "strict",
        write_through=True,
        line_buffering=False,
    )


def _rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# -- the command -------------------------------------------------------------


def _warm_up() -> None:
    from brreader.search import keep_warm

    keep_warm()


def run_serve(args: argparse.Namespace, main: Main) -> int:
    """``brreader serve``: serve here (commands run by ``main``), or ask the running one."""
    try:
        folder = Path(serving.runtime_dir())
    except serving.Unusable as error:
        from brreader.cli.output import fail

        return fail(f"cannot serve: {error}", FAILURE)
    if args.status or args.stop:
        return _ask(folder, "stop" if args.stop else "status")
    idle = args.idle
    if idle is None:
        try:
            idle = float(os.environ.get(serving.IDLE_ENV) or serving.IDLE_DEFAULT)
        except ValueError:
            idle = serving.IDLE_DEFAULT
    return Server(folder, idle, main).serve()


def _ask(folder: Path, what: str) -> int:
    from brreader.cli.output import put

    sock = serving.connect(folder, timeout=10.0)
    if sock is None:
        put("no brreader server is running")
        return 1
    with sock:
        serving.send_json(sock, b"q", {"command": what})
        frame = serving.receive(sock)
    if frame is None:
        put("the server did not answer")
        return FAILURE
    if what == "stop":
        deadline = time.monotonic() + 10.0
        while serving.server_alive(folder) and time.monotonic() < deadline:
            time.sleep(0.05)
        put("stopped the brreader server")
        return OK
    info = json.loads(frame[1])
    put(f"brreader server {info['version']}, pid {info['pid']}, up {info['uptime']} s")
    put(f"{info['requests']} commands answered, {info['rss_mb']} MB resident")
    put(f"exits after {info['idle_exit']:g} s without a command")
    for articles in info["watching"]:
        put(f"watching {articles}")
    return OK
