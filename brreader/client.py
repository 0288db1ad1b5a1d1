"""The ``brreader`` command's entry: ask the resident server first, else run in this process.

Every one-shot command starts here. It imports only the standard library and
:mod:`brreader.serving` (never Textual, Whoosh, Rich or the parser), sends
the command line, the working directory, the environment that output depends
on and whether each stream is a terminal to ``brreader serve`` over its Unix
socket, and writes back what the server sends, byte for byte, with its exit
status. When no server answers, one is started in the background for the next
command (said once on stderr) and this command runs in-process, exactly as
without a server. ``BRREADER_SERVER=off`` turns all of this off.
"""

from __future__ import annotations

import os
import sys

from brreader import serving

if serving.TYPE_CHECKING:
    from collections.abc import Sequence

IN_PROCESS = None  # relay()'s answer when this process must run the command itself


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line through the server when one can answer; return the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    if serving.served(words) and not serving.disabled():
        status = relay(words)
        if status is not IN_PROCESS:
            return status
    from brreader.cli import main as run_here

    return run_here(words)


def _request(words: list[str]) -> dict[str, object]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in serving.FORWARDED or key.startswith(serving.FORWARDED_PREFIXES)
    }
    ttys = [
        stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr)
    ]
    if ttys[1] and "COLUMNS" not in env:
        # Rich measures a real terminal itself; the server's streams are not one.
        try:
            size = os.get_terminal_size(sys.stdout.fileno())
            env["COLUMNS"], env["LINES"] = str(size.columns), str(size.lines)
        except OSError:
            pass
    return {
        "command": "run",
        "version": serving.identity(),
        "argv": words,
        "cwd": os.getcwd(),
        "env": env,
        "tty": ttys,
        "stdout": [sys.stdout.encoding, sys.stdout.errors],
        "stderr": [sys.stderr.encoding, sys.stderr.errors],
    }


def relay(words: list[str], *, raise_exit: bool = False) -> int | None:
    """Have the server run ``words``; the exit status, or None to run in this process.

    ``raise_exit`` raises :class:`SystemExit` where the command did in the
    server (argparse's ``--help`` and usage errors), as ``brreader.cli.main``
    does in-process; the command line's exit status is the same either way.
    """
    try:
        folder = serving.runtime_dir()
    except serving.Unusable as error:
        _say(f"not using a background server: {error}; set BRREADER_SERVER=off to stop trying")
        return IN_PROCESS
    sock = serving.dial(folder)
    if sock is None:
        start_server(folder, replacing=False)
        return IN_PROCESS
    wrote = False
    try:
        try:
            try:
                request = _request(words)
            except OSError:  # the working folder is gone: let the command say so itself
                return IN_PROCESS
            serving.send_json(sock, b"q", request)
            while True:
                frame = serving.receive(sock)
                if frame is None:
                    break
                kind, payload = frame
                if kind == b"o":
                    wrote = True
                    sys.stdout.flush()
                    sys.stdout.buffer.write(payload)
                    sys.stdout.buffer.flush()
                elif kind == b"e":
                    wrote = True
                    sys.stderr.flush()
                    sys.stderr.buffer.write(payload)
                    sys.stderr.buffer.flush()
                elif kind == b"s":
                    status, exited = serving.read_exit(payload)
                    if raise_exit and exited:
                        raise SystemExit(status)
                    return status
                elif kind == b"r":
                    import json  # rare: after an upgrade

                    if "not" not in json.loads(payload):
                        # A server of another version: it steps down; start ours.
                        start_server(folder, replacing=True)
                    return IN_PROCESS
        finally:
            sock.close()
    except BrokenPipeError:
        # The reader of our output went away (| head): stop quietly, as in-process.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except (OSError, ValueError, KeyError):
        pass
    if wrote:
        _say("the background server stopped while answering; run the command again")
        return 3
    return IN_PROCESS  # it went away before answering: answer here


def start_server(folder: str, *, replacing: bool) -> None:
    """Start ``brreader serve`` in the background, unless another client is starting one."""
    import fcntl
    import subprocess

    try:
        lock = os.open(os.path.join(folder, serving.SPAWN_LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # another client is starting it right now
        if not replacing and (_answers(folder) or serving.server_alive(folder)):
            return  # it came up meanwhile, or is starting
        try:
            log = os.open(
                os.path.join(folder, serving.LOG_NAME),
                os.O_WRONLY | os.O_CREAT | os.O_APPEND,
                0o600,
            )
        except OSError:
            return
        try:
            subprocess.Popen(
                [sys.executable, "-m", "brreader", "serve"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # not the terminal's Ctrl-C, nor its hang-up
                close_fds=True,
                cwd="/",
            )
        except OSError:
            return
        finally:
            os.close(log)
        what = (
            "replacing a background server of another version"
            if replacing
            else ("starting a background server")
        )
        _say(f"{what} for faster commands (brreader serve --stop; BRREADER_SERVER=off to disable)")
    finally:
        os.close(lock)


def _answers(folder: str) -> bool:
    """Whether a server listens in ``folder`` (waiting up to a second for it)."""
    sock = serving.dial(folder, timeout=1.0)
    if sock is None:
        return False
    sock.close()
    return True


def _say(message: str) -> None:
    try:
        sys.stderr.write(f"brreader: {message}\n")
        sys.stderr.flush()
    except OSError:
        pass
