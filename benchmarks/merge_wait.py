"""A served command that arrives while the server's watcher merges: how long it takes.

    python benchmarks/merge_wait.py ARCHIVE [--base OTHER_CHECKOUT:OTHER_ARCHIVE] [--rounds 8]

ARCHIVE is a folder with ``articles`` and ``index`` (indexed already). A
``brreader serve`` of this checkout (and of ``--base``'s, on its own copy of
the archive: each server edits the first article file of its own) runs with
``BRREADER_SERVER_TRACE=1``. Each round saves an edit of one article four
times and once more back (each save followed by a search that waits for it,
so each leaves a small segment), then waits for the watcher's quiet-time
merge of those segments: as soon as the server's log says "merge starts", a
search is sent over the socket by this process (no new interpreter, so it
reaches the server within a millisecond or two), and timed. The same search
is timed twice more once the merge is over: the first of those reopens the
merged index, the second is a command with no merge anywhere near it.

Reported per checkout and query: the median wall time of the command sent
during a merge, of the two after it, and how many of the commands during a
merge ended before the merge did (the others came too late to overlap it).
With the setups alternated round by round, machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from serve_bench import environment  # noqa: E402

from brreader import serving  # noqa: E402

QUERIES = ("zanzibarite", "quokkali*")


class Setup:
    """One server of one checkout on one archive, with its log."""

    def __init__(self, name: str, checkout: Path, archive: Path) -> None:
        self.name = name
        self.archive = archive
        self.runtime = Path(tempfile.mkdtemp(prefix="brmw-"))
        self.log = self.runtime / "server.log"
        env = environment(checkout, self.runtime, server=True)
        env["BRREADER_SERVER_TRACE"] = "1"
        with open(self.log, "a", encoding="utf-8") as errors:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "brreader", "serve"],
                env=env,
                cwd="/",
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
            )
        assert self.server.stdout is not None
        line = self.server.stdout.readline()
        if "serving on" not in line:
            raise SystemExit(f"the server did not start: {line}")
        self.identity = line.split()[1]
        self.env = {k: v for k, v in env.items() if k.startswith("BRREADER_")}
        self.read_to = 0
        self.during: dict[str, list[float]] = {q: [] for q in QUERIES}
        self.after: dict[str, list[float]] = {q: [] for q in QUERIES}
        self.quiet: dict[str, list[float]] = {q: [] for q in QUERIES}
        self.overlapped: dict[str, int] = dict.fromkeys(QUERIES, 0)
        self.missed = 0

    def search(self, query: str) -> tuple[float, int | None]:
        """Seconds from sending ``search --json QUERY`` to its exit status, and its total."""
        argv = [
            "--articles", str(self.archive / "articles"), "--index", str(self.archive / "index"),
            "search", "--json", query, "--limit", "10",
        ]  # fmt: skip
        request = {
            "command": "run",
            "version": self.identity,
            "argv": argv,
            "cwd": "/",
            "env": self.env,
            "tty": [False, False, False],
            "stdout": ["utf-8", "strict"],
            "stderr": ["utf-8", "backslashreplace"],
        }
        sock = serving.connect(str(self.runtime), timeout=60)
        assert sock is not None, "no server"
        out = b""
        began = time.perf_counter()
        with sock:
            serving.send_json(sock, b"q", request)
            while True:
                frame = serving.receive(sock)
                if frame is None:
                    raise SystemExit(f"{self.name}: the server closed the connection")
                if frame[0] == b"o":
                    out += frame[1]
                elif frame[0] == b"s":
                    break
                elif frame[0] == b"r":
                    raise SystemExit(f"{self.name}: the server would not run it: {frame[1]!r}")
        seconds = time.perf_counter() - began
        try:
            return seconds, int(json.loads(out)["total"])
        except (ValueError, KeyError):
            return seconds, None

    def new_lines(self) -> list[str]:
        with open(self.log, encoding="utf-8") as log:
            log.seek(self.read_to)
            text = log.read()
        complete = text[: text.rfind("\n") + 1]
        self.read_to += len(complete.encode())
        return complete.splitlines()

    def stop(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=60)
        if self.server.stdout is not None:
            self.server.stdout.close()


def until_found(setup: Setup, word: str, want: int) -> None:
    deadline = time.monotonic() + 60
    while setup.search(word)[1] != want:
        if time.monotonic() > deadline:
            raise SystemExit(f"{setup.name}: {word} not found {want} times within a minute")


def round_of(setup: Setup, query: str, number: int) -> None:
    """Four saves and a fifth back to the original, then one command sent into the merge."""
    target = sorted((setup.archive / "articles").rglob("*.txt"))[0]
    original = target.read_bytes()
    try:
        for save in range(4):
            word = f"zqxmerge{number}s{save}w"
            target.write_bytes(original + f"\n\nQ: {word}?\nA: {word}.\n".encode())
            until_found(setup, word, 1)
    finally:
        target.write_bytes(original)
    until_found(setup, f"zqxmerge{number}s3w", 0)
    setup.new_lines()
    deadline = time.monotonic() + 60
    while not any("merge starts" in line for line in setup.new_lines()):
        if time.monotonic() > deadline:
            setup.missed += 1
            return
        time.sleep(0.002)
    sent = time.monotonic()
    seconds, _total = setup.search(query)
    answered = sent + seconds
    done = None
    deadline = time.monotonic() + 60
    while done is None and time.monotonic() < deadline:
        for line in setup.new_lines():
            if "merge done" in line:
                done = float(line.split()[0])
        time.sleep(0.01)
    setup.during[query].append(seconds)
    if done is not None and answered <= done:
        setup.overlapped[query] += 1
    time.sleep(0.3)
    setup.after[query].append(setup.search(query)[0])  # reopens the merged index
    setup.quiet[query].append(setup.search(query)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--base", help="OTHER_CHECKOUT:OTHER_ARCHIVE, alternated with this one")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    setups = [Setup("this", HERE.parent, args.archive.resolve())]
    try:
        if args.base:
            checkout, archive = args.base.split(":", 1)
            setups.append(Setup("base", Path(checkout).resolve(), Path(archive).resolve()))
        for setup in setups:  # open the archive, start the watcher, wait out its first scan
            setup.search("warm")
            until_ready(setup)
        for number in range(args.rounds):
            for setup in setups if number % 2 == 0 else setups[::-1]:
                for query in QUERIES:
                    round_of(setup, query, number)
        for setup in setups:
            for query in QUERIES:
                during, quiet = setup.during[query], setup.quiet[query]
                print(
                    f"{setup.name} {query}: during a merge median {ms(during)} ms "
                    f"({', '.join(f'{s * 1000:.0f}' for s in during)}); the next command "
                    f"{ms(setup.after[query])} ms, the one after it {ms(quiet)} ms; "
                    f"{setup.overlapped[query]} of {len(during)} answered before the merge ended"
                )
            if setup.missed:
                print(f"{setup.name}: {setup.missed} rounds saw no merge start")
    finally:
        for setup in setups:
            setup.stop()


def until_ready(setup: Setup) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if any("update done" in line for line in setup.new_lines()):
            return
        time.sleep(0.2)
    raise SystemExit(f"{setup.name}: the watcher's first scan did not end")


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f}" if samples else "-"


if __name__ == "__main__":
    main()
