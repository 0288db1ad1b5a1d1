"""Searches answered by running servers: wall time and CPU time per command, interleaved.

    python benchmarks/serve_cpu.py RUNS NAME=CHECKOUT:ARCHIVE [NAME=CHECKOUT:ARCHIVE ...]

Each NAME gets a ``brreader serve`` of its own (the checkout on PYTHONPATH,
a runtime folder of its own), answering ``search --json QUERY --limit 10``
for ``synth.py``'s planted queries against ARCHIVE (a folder with
``articles`` and ``index``, indexed already). Every round runs each query
once per NAME in turn, so machine noise hits every setup alike; the first
round is not timed. Printed per query and NAME: the median wall time and
the median CPU time of the command, client process and the server's share
together (the server's from ``/proc/PID/stat`` before and after), which a
loaded machine inflates far less than wall time. Linux only.

Give each checkout its own copy of an index (the articles can be one
folder, linked): two versions on one index rewrite each other's record.
``--json FILE`` writes every sample.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from serve_bench import QUERIES, environment, serve  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int) -> float:
    """Seconds of CPU the process has used, all its threads."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def start(checkout: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """A server of ``checkout`` in a runtime folder of its own, and the environment its
    clients need (serve_bench's)."""
    runtime = Path(tempfile.mkdtemp(prefix="brcpu-"))
    return serve(Path(checkout), runtime), environment(Path(checkout), runtime, server=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=int)
    parser.add_argument("setups", nargs="+", help="NAME=CHECKOUT:ARCHIVE")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--settle",
        type=float,
        default=0.0,
        help="seconds to wait after the untimed round: each server's watcher scans its "
        "archive once after the first command (seconds of CPU at 100,000 articles), "
        "which would otherwise count in the first timed commands",
    )
    args = parser.parse_args()
    setups: dict[str, tuple[subprocess.Popen[str], dict[str, str], str]] = {}
    try:
        for spec in args.setups:
            name, _, rest = spec.partition("=")
            checkout, _, archive = rest.partition(":")
            server, env = start(checkout)
            setups[name] = (server, env, archive)
        wall: dict[str, list[float]] = {}
        cpu: dict[str, list[float]] = {}
        for run in range(args.runs + 1):
            for query in QUERIES.values():
                for name, (server, env, archive) in setups.items():
                    command = [
                        sys.executable, "-m", "brreader", "--articles", f"{archive}/articles",
                        "--index", f"{archive}/index", "search", "--json", query, "--limit", "10",
                    ]  # fmt: skip
                    before = server_cpu(server.pid)
                    started = time.perf_counter()
                    child = subprocess.Popen(
                        command,
                        env=env,
                        cwd="/",
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                    _pid, _status, usage = os.wait4(child.pid, 0)
                    elapsed = time.perf_counter() - started
                    time.sleep(0.05)  # what the server does right after answering
                    used = usage.ru_utime + usage.ru_stime + server_cpu(server.pid) - before
                    if run:
                        wall.setdefault(f"{name}|{query}", []).append(elapsed * 1000)
                        cpu.setdefault(f"{name}|{query}", []).append(used * 1000)
            if run == 0:
                time.sleep(args.settle)
        print("median wall ms / CPU ms (client + server)")
        print("query".ljust(14) + "".join(name.rjust(16) for name in setups))
        for query in QUERIES.values():
            cells = []
            for name in setups:
                key = f"{name}|{query}"
                cells.append(
                    f"{statistics.median(wall[key]):7.0f} /{statistics.median(cpu[key]):5.0f}"
                )
            print(query.ljust(14) + "".join(cell.rjust(16) for cell in cells))
        if args.json:
            args.json.write_text(json.dumps({"wall": wall, "cpu": cpu}, indent=1) + "\n")
    finally:
        for server, _env, _archive in setups.values():
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
