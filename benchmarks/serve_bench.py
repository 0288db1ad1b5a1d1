"""One-shot commands with and without the resident server, against ripgrep and SQLite FTS5.

For each archive made by ``synth.py`` (with its index already built), in one
run so machine noise hits every row alike, this times a new process per
query for: this checkout with ``BRREADER_SERVER=off``, this checkout answered
by a running ``brreader serve`` (started as ``python -m brreader`` and as the
``brreader`` console script that pip writes, which is what users run),
optionally another checkout (``--base``, without a server and answered by a
server of its own), ``rg -l -w`` and a Python child that opens the FTS5
database and asks for the top 10 with snippets and a count
(``fts5_baseline.py``; the database is built once if missing). Then, with
the server running: how long from saving an edit in place to the answer of
a search started right after the save (it must find the edit: the server
waits for the watcher's batch), and the server's resident memory with the
index open.

    python benchmarks/synth.py /tmp/s20k --articles 20000
    brreader --articles /tmp/s20k/articles --index /tmp/s20k/index index
    python benchmarks/serve_bench.py /tmp/s20k [--base OLD_CHECKOUT] [--runs 7]

Bytecode is cached as for a user (``PYTHONDONTWRITEBYTECODE`` is removed and
every command runs once untimed). Medians are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

QUERIES = {
    "rare word (1 article)": "zanzibarite",
    "word in 1,000 articles": "railwaymarker",
    "word in every article": "do",
    "two words": "mekongia fi",
    "prefix": "quokkali*",
}


def environment(checkout: Path, runtime: Path, server: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(checkout)
    env["BRREADER_RUNTIME_DIR"] = str(runtime)
    env["BRREADER_SERVER"] = "on" if server else "off"
    env["BRREADER_STATE"] = str(runtime / "state.json")
    return env


# What pip writes as the ``brreader`` console script (``[project.scripts]``): the
# command users run. Unlike ``python -m brreader`` it does not load ``runpy``.
CONSOLE_SCRIPT = """import sys
from brreader.client import main
if __name__ == "__main__":
    sys.argv[0] = sys.argv[0].removesuffix(".exe")
    sys.exit(main())
"""


def brreader_command(archive: Path, query: str, script: Path | None = None) -> list[str]:
    start = [sys.executable, "-m", "brreader"] if script is None else [sys.executable, str(script)]
    return [
        *start, "--articles", str(archive / "articles"),
        "--index", str(archive / "index"), "search", "--json", query, "--limit", "10",
    ]  # fmt: skip


def once(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd="/", capture_output=True, text=True)
    return time.perf_counter() - started, done.stdout


def total(output: str) -> int | None:
    try:
        return int(json.loads(output)["total"])
    except (ValueError, KeyError, TypeError):
        return None


def fts5_db(archive: Path) -> Path:
    db = archive / "fts5.db"
    if not db.exists():
        print(f"building {db} ...", file=sys.stderr, flush=True)
        build = [sys.executable, str(HERE / "fts5_baseline.py"), "build", str(db)]
        subprocess.run([*build, str(archive / "articles")], check=True, capture_output=True)
    return db


def fts5_query(query: str) -> str:
    words = query.split()
    return " AND ".join(words) if len(words) > 1 else query


def serve(checkout: Path, runtime: Path, log: Path | None = None) -> subprocess.Popen[str]:
    """A server of ``checkout``; its log (stderr) goes to ``log``, else is dropped.

    (Never to an unread pipe: a server that logs much would block once it is full.)
    """
    env = environment(checkout, runtime, server=True)
    with open(log or os.devnull, "a", encoding="utf-8") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "brreader", "serve"],
            env=env,
            cwd="/",
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    assert server.stdout is not None
    line = server.stdout.readline()
    if "serving on" not in line:
        raise SystemExit(f"the server did not start: {line}")
    return server


def status(checkout: Path, runtime: Path) -> str:
    env = environment(checkout, runtime, server=True)
    return subprocess.run(
        [sys.executable, "-m", "brreader", "serve", "--status"],
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
    ).stdout


def edit_latency(
    archive: Path, env: dict[str, str], runs: int, pause: float = 1.0
) -> tuple[list[float], int, list[float]]:
    """Save an edit in place, then at once run one search for a word only the edit has.

    ``pause`` seconds pass before each save (the server merges small segments
    once nothing happened for two seconds: a longer pause lets it).

    Returns the seconds from the save to that search's answer, for each run;
    how many of those first searches missed the edit (each is then retried
    until it is found, and the time counts to the finding one); and the
    seconds of the same search run again with no edit before it (the part
    of the latency that is not the edit's).
    """
    target = sorted((archive / "articles").rglob("*.txt"))[0]
    original = target.read_bytes()
    found_after = []
    plain = []
    missed = 0
    try:
        for run in range(runs):
            word = f"zqxedit{run}w"
            time.sleep(pause)  # the watcher is idle again
            saved = time.perf_counter()
            target.write_bytes(original + f"\n\nQ: {word}?\nA: {word}.\n".encode())
            if os.environ.get("BRREADER_SERVER_TRACE"):  # to read beside the server's log
                print(f"{time.monotonic():.3f} saved edit {run}", file=sys.stderr)
            while True:
                _seconds, out = once(brreader_command(archive, word), env)
                if total(out) == 1:
                    found_after.append(time.perf_counter() - saved)
                    plain.append(once(brreader_command(archive, word), env)[0])
                    break
                missed += 1
                if time.perf_counter() - saved > 60:
                    raise SystemExit("an edit was not found within a minute")
    finally:
        target.write_bytes(original)
    return found_after, missed, plain


def measure(
    archive: Path,
    base: Path | None,
    runs: int,
    edit_only: bool = False,
    pause: float = 1.0,
    log: Path | None = None,
) -> dict[str, object]:
    runtime = Path(tempfile.mkdtemp(prefix="brsb-"))
    base_runtime = Path(tempfile.mkdtemp(prefix="brsb-"))
    script = runtime / "brreader"
    script.write_text(CONSOLE_SCRIPT, encoding="utf-8")
    rg = shutil.which("rg")
    db = archive / "fts5.db" if edit_only else fts5_db(archive)
    servers = [serve(REPO, runtime, log)]
    try:
        # name: (console script or None for python -m brreader, environment)
        setups: dict[str, tuple[Path | None, dict[str, str] | None]] = {
            "brreader, no server": (None, environment(REPO, runtime, server=False)),
            "brreader, server": (None, environment(REPO, runtime, server=True)),
            "brreader, server, script": (script, environment(REPO, runtime, server=True)),
        }
        if base is not None and not edit_only:
            servers.append(serve(base, base_runtime))
            setups["base checkout, no server"] = (None, environment(base, runtime, server=False))
            setups["base checkout, server"] = (None, environment(base, base_runtime, server=True))
            setups["base checkout, server, script"] = (
                script,
                environment(base, base_runtime, server=True),
            )
        rows: dict[str, dict[str, float]] = {}
        counts: dict[str, dict[str, int | None]] = {}
        if edit_only:  # one search first: it opens the archive and starts its watcher
            once(brreader_command(archive, "warm"), setups["brreader, server"][1])
            time.sleep(2.0)
        for label, query in {} if edit_only else QUERIES.items():
            commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
                name: (brreader_command(archive, query, how), env)
                for name, (how, env) in setups.items()
            }
            fts5 = [sys.executable, str(HERE / "fts5_baseline.py"), "search", str(db)]
            commands["FTS5 one-shot"] = ([*fts5, fts5_query(query)], None)
            if rg and " " not in query and "*" not in query:
                commands["rg -l -w"] = (
                    [rg, "-l", "-w", query, str(archive / "articles")],
                    None,
                )
            samples: dict[str, list[float]] = {name: [] for name in commands}
            counts[label] = {}
            for run in range(runs + 1):
                for name, (command, env) in commands.items():
                    seconds, out = once(command, env)
                    if run == 0:
                        counts[label][name] = (
                            len(out.splitlines()) if name.startswith("rg") else total(out)
                        )
                    else:
                        samples[name].append(seconds)
            rows[label] = {name: statistics.median(s) * 1000 for name, s in samples.items()}
            print(f"{label}: " + ", ".join(f"{n} {v:.0f} ms" for n, v in rows[label].items()))
        latency, missed, plain = edit_latency(
            archive, environment(REPO, runtime, server=True), max(5, runs), pause
        )
        return {
            "archive": str(archive),
            "articles": sum(1 for _ in (archive / "articles").rglob("*.txt")),
            "one_shot_ms": rows,
            "counts": counts,
            "edit_to_found_s": [round(s, 3) for s in latency],
            "edit_to_found_median_s": round(statistics.median(latency), 3),
            "first_search_missed_edit": missed,
            "same_search_no_edit_median_s": round(statistics.median(plain), 3),
            "status": status(REPO, runtime),
        }
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
            if server.stdout is not None:
                server.stdout.close()
        shutil.rmtree(runtime, ignore_errors=True)
        shutil.rmtree(base_runtime, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archives", type=Path, nargs="+", help="folders made by synth.py, indexed")
    parser.add_argument("--base", type=Path, help="another checkout, timed without a server")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument(
        "--edit-only", action="store_true", help="only the save-then-search latency"
    )
    parser.add_argument(
        "--pause", type=float, default=1.0, help="seconds before each saved edit (default 1)"
    )
    parser.add_argument(
        "--server-log",
        type=Path,
        help="append this checkout's server's log here (with BRREADER_SERVER_TRACE=1 in the "
        "environment: a timed line per step from a save to the answer)",
    )
    args = parser.parse_args()
    results = []
    for archive in args.archives:
        base = args.base.resolve() if args.base else None
        result = measure(
            archive.resolve(), base, args.runs, args.edit_only, args.pause, args.server_log
        )
        results.append(result)
        print(
            f"edit saved -> found by the next search: median {result['edit_to_found_median_s']} s"
            f" ({result['edit_to_found_s']}); first searches that missed it: "
            f"{result['first_search_missed_edit']}; the same search with no edit before it: "
            f"median {result['same_search_no_edit_median_s']} s"
        )
        print(result["status"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
