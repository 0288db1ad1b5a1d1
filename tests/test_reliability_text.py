"""Hostile text (issue 5): nothing in an article file takes over the terminal.

Terminal control characters and escape sequences (CSI, OSC 52 clipboard
writes, OSC 8 links, BEL, backspace, stray CR, the 8-bit CSI ``\\x9b``) are
put into every field an article has - title, lede, interviewee, outlet,
source, tags and URL (front matter, where YAML escapes carry them), and the
outlet line, headline, lede, question, answer and ``Source:`` line of a
plain-text article. The tests check what reaches the terminal from
``search``, ``show`` and ``list`` (piped, and styled on a pseudo-terminal)
and from the reader, that text which looks like Rich/Textual markup is
shown as typed, and that ``--json`` stays valid and inert.

tests/test_cli.py already checks the renderers with a hostile title and
answer, and ``show --json`` with NEL and U+2028; these tests cover the other
fields, every command and the real terminal path.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from brreader.cli import main
from brreader.search import Archive
from brreader.tui.app import ReaderApp
from brreader.tui.widgets import ArticleView, Outline, ResultsList
from tests.test_tui import workers_done

CSI = "\x1b[2J"
OSC52 = "\x1b]52;c;SGVsbG8=\x07"
OSC8 = "\x1b]8;;http://x\x1b\\text\x1b]8;;\x1b\\"
# Every kind of hostile text in one run: CSI, OSC 52, OSC 8, BEL, backspace,
# the 8-bit CSI (C1), NEL (C1), a bidi override and isolate, a line separator.
BITS = f" {CSI}{OSC52}{OSC8}\x07\x08\x9b31m\x85\u202e\u2066\u2028 "

BOLD = "[bold red]x[/bold red]"
LINK = "[link=https://example.org]y[/link]"
CLICK = "[@click=app.quit]z[/]"


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar; JSON's escapes (\\u001b, \\r, \\u0000 ...) are YAML's too."""
    return json.dumps(value)


# Front matter: the control characters arrive through YAML escapes, which is
# the only way they can reach these fields (raw ones make the YAML invalid).
# It adds the stray CR and a NUL, which a file's bytes cannot carry.
YAML_BITS = BITS + "\r\x00"
FRONT_MATTER_ARTICLE = (
    "---\n"
    f"title: {_yaml(f'fmtitle {BOLD}{YAML_BITS}Sensors')}\n"
    f"outlet: {_yaml(f'fmoutlet{YAML_BITS}Weekly')}\n"
    f"interviewee: {_yaml(f'fmwho {LINK}{YAML_BITS}Quux')}\n"
    f"source: {_yaml(f'fmsource {CLICK}{YAML_BITS}Wire')}\n"
    f"tags: [{_yaml(f'fmtag{YAML_BITS}water')}, {_yaml(LINK)}]\n"
    f"url: {_yaml(f'https://example.org/fmurl{YAML_BITS}')}\n"
    "published: 2023-05-01\n"
    "---\n"
    f"fmlede {BOLD}{BITS}Zed Quux studies zebrafish in Leiden.\n"
    "\n"
    f"fmquestion {CLICK}{BITS}why zebrafish?\n"
    "\n"
    f"fmanswer {LINK}{BITS}\r zebrafish are transparent; "
    "these are not escapes: \\ud800 \\u0000 \\x1b.\n"
)

# Plain text, as copied from a web page that carried escape sequences.
PLAIN_ARTICLE = (
    f"txtoutlet{BITS}Weekly\n"
    "\n"
    f"txttitle {BOLD}{BITS}Rivers\n"
    "\n"
    "March 3, 2021\n"
    "\n"
    f"Dara Kheng, a hydrologist, txtlede {BOLD}{BITS}explains zebrafish sensors.\n"
    "\n"
    f"txtquestion {CLICK}{BITS}how did it start?\n"
    "\n"
    f"txtanswer {LINK}{BITS}\r with zebrafish and gauges.\n"
    "\n"
    f"Source: txtsource{BITS}Wire\n"
)

FM_FIELDS = ["fmtitle", "fmoutlet", "fmwho", "fmsource", "fmtag", "fmurl", "fmlede"]
FM_FIELDS += ["fmquestion", "fmanswer"]
TXT_FIELDS = ["txtoutlet", "txttitle", "txtlede", "txtquestion", "txtanswer", "txtsource"]

# command -> (arguments, text that must be shown: one marker word per field the
# command displays, and the markup-like text exactly as typed)
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "search": (
        ["search", "zebrafish"],
        ["fmtitle", "fmoutlet", "fmwho", "fmquestion", "fmanswer"]
        + ["txttitle", "txtoutlet", "Dara Kheng", "txtquestion", "txtanswer"]
        + [BOLD, LINK, CLICK],
    ),
    "search (lede snippets)": (["search", "fmlede OR txtlede"], ["fmlede", "txtlede", BOLD]),
    "show (front matter)": (["show", "fm"], [*FM_FIELDS, BOLD, LINK, CLICK]),
    "show --query (plain text)": (
        ["show", "--query", "zebrafish", "plain"],
        [*TXT_FIELDS, "Dara Kheng", BOLD, LINK, CLICK],
    ),
    "list": (["list"], ["fmtitle", "fmoutlet", "fmwho", "txttitle", "txtoutlet", BOLD, LINK]),
}

# What may never reach a terminal: C0 controls but tab and newline, DEL, C1,
# bidi overrides and isolates (see brreader/textsafe.py).
TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In JSON, line and paragraph separators too (they end a line in JavaScript).
JSON_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
SGR = re.compile(r"\x1b\[[0-9;]*m")


def unsafe(text: str, pattern: re.Pattern[str] = TERMINAL_UNSAFE) -> list[str]:
    return sorted({repr(ch) for ch in pattern.findall(text)})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An indexed articles folder with one hostile article of each kind."""
    root = tmp_path_factory.mktemp("hostile") / "articles"
    root.mkdir()
    (root / "fm.md").write_text(FRONT_MATTER_ARTICLE, encoding="utf-8")
    (root / "plain.txt").write_text(PLAIN_ARTICLE, encoding="utf-8")
    archive = Archive(root, root.parent / "index")
    report = archive.update()
    archive.close()
    assert sorted(report.indexed) == ["fm.md", "plain.txt"] and not report.skipped
    return root


def run(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--articles", str(root), *args])
    out, err = capsys.readouterr()
    return status, out, err


# ---------------------------------------------------------------------------
# piped output


@pytest.mark.parametrize("command", list(COMMANDS))
def test_piped_output_shows_every_field_without_control_characters(hostile, capsys, command):
    args, shown = COMMANDS[command]
    status, out, err = run(capsys, hostile, *args)
    assert status == 0, err
    assert unsafe(out) == [] and unsafe(err) == []
    missing = [text for text in shown if text not in out]
    assert missing == [], out


# ---------------------------------------------------------------------------
# styled output on a terminal


def run_on_terminal(
    root: Path, *args: str, columns: int = 250, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run brreader with stdout and stderr on a pseudo-terminal ``columns`` wide (``env``
    added to the environment); return all it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    attributes = termios.tcgetattr(slave)
    attributes[1] &= ~termios.OPOST  # no "\n" -> "\r\n": any CR seen was written by brreader
    termios.tcsetattr(slave, termios.TCSANOW, attributes)
    unset = ("NO_COLOR", "FORCE_COLOR", "COLUMNS")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [sys.executable, "-m", "brreader", "--articles", str(root), *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env={**environment, **(env or {})},
        cwd=root.parent,
    )
    os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:
                process.kill()
                raise AssertionError("brreader wrote nothing for two minutes")
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other side is closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    status = process.wait(timeout=120)
    return status, b"".join(chunks).decode("utf-8")


@pytest.mark.parametrize("command", ["search", "show (front matter)", "show --query (plain text)"])
def test_styled_output_on_a_terminal_has_only_sgr_sequences(hostile, command):
    args, shown = COMMANDS[command]
    status, text = run_on_terminal(hostile, *args)
    assert status == 0, text
    assert "\x1b[" in text  # it really is styled output ...
    plain = SGR.sub("", text)  # ... and colours and bold are the only escape sequences
    assert unsafe(plain) == [], plain
    missing = [shown_text for shown_text in shown if shown_text not in plain]
    assert missing == [], plain


def test_styled_list_on_a_terminal_has_only_sgr_sequences(hostile):
    args, shown = COMMANDS["list"]
    status, text = run_on_terminal(hostile, *args)
    assert status == 0, text
    plain = SGR.sub("", text)
    assert "\x1b[" in text and unsafe(plain) == [], plain
    assert [s for s in shown if s not in plain] == [], plain


# ---------------------------------------------------------------------------
# JSON

JSON_COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "search --json": (["search", "--json", "zebrafish"], ["fmtitle", "txtanswer", BOLD, LINK]),
    "search --json (lede)": (["search", "--json", "fmlede OR txtlede"], ["fmtitle", "txttitle"]),
    "show --json (front matter)": (["show", "--json", "fm"], [*FM_FIELDS, BOLD, LINK, CLICK]),
    "show --json (plain text)": (["show", "--json", "plain"], [*TXT_FIELDS, BOLD, LINK, CLICK]),
    "list --json": (["list", "--json"], ["fmtitle", "fmwho", "txtoutlet", BOLD, LINK]),
}


@pytest.mark.parametrize("command", list(JSON_COMMANDS))
def test_json_is_valid_and_inert_whatever_the_article_holds(hostile, capsys, command):
    args, shown = JSON_COMMANDS[command]
    status, out, err = run(capsys, hostile, *args)
    assert status == 0, err
    assert unsafe(out, JSON_UNSAFE) == []
    data = json.loads(out)
    decoded = json.dumps(data, ensure_ascii=False)
    assert [s for s in shown if s not in decoded] == [], decoded  # the data, markup as typed
    if command == "show --json (front matter)":
        assert data["interviewee"].startswith(f"fmwho {LINK}")
        assert data["source"].startswith(f"fmsource {CLICK}")
        assert data["tags"][1] == LINK
        # Escape-like text in an article is text: it must not turn into characters.
        assert "these are not escapes: \\ud800 \\u0000 \\x1b." in data["pairs"][0]["answer"]


SURROGATE_ARTICLE = (
    '---\ntitle: "surrogatemark \\ud800 half"\ninterviewee: "Zed \\udfff Quux"\n---\n'
    "Zed Quux studies zebrafish.\n\nWhy zebrafish?\n\nThey are transparent.\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["search", "zebrafish"],
        ["show", "odd"],
        ["list", "--json"],
        ["search", "--json", "zebrafish"],
        ["show", "--json", "odd"],
    ],
    ids=" ".join,
)
def test_lone_surrogate_from_front_matter_does_not_crash(tmp_path: Path, capsys, args):
    """YAML's "\\ud800" escape makes a string that no UTF-8 output can hold as it is."""
    root = tmp_path / "articles"
    root.mkdir()
    (root / "odd.md").write_text(SURROGATE_ARTICLE, encoding="utf-8")
    status, out, err = run(capsys, root, *args)
    assert status == 0, err
    assert "surrogatemark" in out
    if "--json" in args:
        assert "surrogatemark" in json.dumps(json.loads(out))


def test_lone_surrogate_on_a_terminal_does_not_crash(tmp_path: Path):
    root = tmp_path / "articles"
    root.mkdir()
    (root / "odd.md").write_text(SURROGATE_ARTICLE, encoding="utf-8")
    status, text = run_on_terminal(root, "show", "odd")
    assert status == 0 and "Traceback" not in text, text
    assert "surrogatemark" in SGR.sub("", text)


def test_nul_byte_makes_a_file_binary_and_it_is_skipped(tmp_path: Path, capsys):
    root = tmp_path / "articles"
    root.mkdir()
    (root / "ok.txt").write_text(PLAIN_ARTICLE, encoding="utf-8")
    (root / "nul.txt").write_bytes(PLAIN_ARTICLE.replace("zebrafish", "zebra\x00fish").encode())
    status, out, err = run(capsys, root, "index")
    assert (status, out) == (1, "indexed 1, unchanged 0, removed 0, skipped 1\n")
    assert "brreader: nul.txt: skipped: binary data, not text\n" in err
    assert unsafe(err) == []
    status, out, _ = run(capsys, root, "list", "--json")
    assert status == 0 and [a["id"] for a in json.loads(out)] == ["ok"]


def test_hostile_file_names_are_shown_inert(tmp_path: Path, capsys):
    root = tmp_path / "articles"
    root.mkdir()
    name = f"evil{CSI}{OSC52}\x07\x9b"
    (root / f"{name}.txt").write_text(
        "Zed Quux studies zebrafish.\n\nWhy zebrafish?\n\nThey are transparent.\n",
        encoding="utf-8",
    )
    (root / f"{name}bin.txt").write_bytes(b"\x00\x01\x02")
    status, out, err = run(capsys, root, "index")
    assert status == 1 and unsafe(out) == [] and unsafe(err) == []
    assert "skipped: binary data" in err and "evil" in err
    for args in (["list"], ["search", "zebrafish"], ["show", name]):
        status, out, err = run(capsys, root, *args)
        assert status == 0, (args, err)
        assert "evil" in out and unsafe(out) == [] and unsafe(err) == [], args
    status, out, _ = run(capsys, root, "list", "--json")
    assert unsafe(out, JSON_UNSAFE) == []
    assert [a["path"] for a in json.loads(out)] == [f"{name}.txt"]  # the real name, in JSON


# ---------------------------------------------------------------------------
# the reader


def screen_lines(app: ReaderApp) -> list[str]:
    """Every line every widget on the screen renders, checked for control codes on the way."""
    lines = []
    for widget in app.screen.query("*"):
        if not widget.display:
            continue
        for y in range(widget.size.height):
            strip = widget.render_line(y)
            controls = [segment.control for segment in strip if segment.control]
            assert controls == [], (type(widget).__name__, y, controls)
            lines.append("".join(segment.text for segment in strip))
    return lines


def assert_screen_clean(app: ReaderApp, shown: list[str]) -> None:
    lines = screen_lines(app)
    text = "\n".join(lines)
    assert [(i, unsafe(line)) for i, line in enumerate(lines) if unsafe(line)] == []
    visible = "\n".join(line.strip() for line in lines if line.strip())
    assert [s for s in shown if s not in text] == [], visible
    messages = [notification.message for notification in app._notifications]
    assert unsafe("".join(messages)) == [], messages


async def settle(pilot) -> None:
    await pilot.pause(0.3)
    await workers_done(pilot.app)
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def test_reader_shows_hostile_articles_inert_and_markup_as_typed(hostile):
    app = ReaderApp(Archive(hostile, hostile.parent / "index"))
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultsList)
        view = app.query_one(ArticleView)
        assert results.option_count == 2 and view.article is not None
        assert view.article.id == "fm"  # the newest, open beside the list
        assert_screen_clean(app, ["fmtitle", "txttitle", *FM_FIELDS, BOLD, LINK, CLICK])

        await pilot.press("escape", "o")  # the outline lists the questions
        await pilot.pause()
        assert app.query_one(Outline).display
        assert_screen_clean(app, ["fmquestion", CLICK])
        await pilot.press("o")

        await pilot.press("escape", "j")  # the plain-text article
        await settle(pilot)
        assert view.article is not None and view.article.id == "plain"
        assert_screen_clean(app, [*TXT_FIELDS, BOLD, LINK, CLICK])

        await pilot.press("slash", *"zebrafish")  # hits list their best question
        await settle(pilot)
        assert results.option_count == 2
        assert_screen_clean(app, ["fmtitle", "fmquestion", "txtquestion", BOLD, CLICK])
        assert app.is_running  # "[@click=app.quit]" did nothing
