"""Hardening: what the commands write for spreadsheets, terminals and option errors.

Three kinds of output each let something through:

- ``search --format csv`` wrote a cell starting with ``=``, ``+``, ``-`` or
  ``@`` as it was, so a spreadsheet opening the export ran it as a formula
  (CSV injection);
- a file name holding an escape sequence reached the terminal through the
  Markdown export's id, and an index folder whose path held one (from the
  working directory's name) through every message naming the index;
- ``search rice --limit -1`` answered with the hint meant for a query word
  (``write NOT 1``) instead of saying what ``--limit`` takes.

Each test runs the commands as a user would, in ``tmp_path``, and looks at
the bytes written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from brreader.cli import main
from brreader.model import UpdateReport
from brreader.search import Archive
from tests.test_tui import workers_done

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
CSI = "\x1b[31m"
HOSTILE = f"{CSI}{OSC52}\x07\x9b"
# Anything a terminal may act on: C0 controls but tab and newline, DEL, C1, bidi controls.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

BODY = "Zed Quux studies zebrafish in Leiden.\n\nWhy zebrafish?\n\nThey are transparent.\n"


def run(capsys, arts: Path, index: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--articles", str(arts), "--index", str(index), *args])
    out, err = capsys.readouterr()
    return status, out, err


def usage(capsys, *args: str) -> str:
    """The one stderr line of a command line argparse refuses (exit 2)."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("brreader: "), err
    return err


# ---------------------------------------------------------------------------
# 7. CSV cells a spreadsheet would run as formulas

FORMULA_STARTS = ["=", "+", "-", "@", "\uff1d", " =", "\t="]


def _yaml(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted string


def _formula_article(start: str) -> str:
    return (
        f"---\ntitle: {_yaml(start + 'HYPERLINK(1) zebrafish')}\n"
        f"interviewee: {_yaml(start + 'Zed Quux')}\n"
        f"outlet: {_yaml(start + 'Leiden Weekly')}\n"
        "published: 2024-05-01\n---\n"
        "Zed Quux studies zebrafish in Leiden.\n\n"
        f"{start}2+3 zebrafish why?\n\n"
        f"{start}cmd|' /C calc'!A0 zebrafish are transparent.\n"
    )


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_a_csv_cell_a_spreadsheet_would_run_starts_with_a_quote(
    tmp_path: Path, capsys, start: str
) -> None:
    arts = tmp_path / "articles"
    arts.mkdir()
    name = f"{start}evil"  # the id and the path start like a formula too
    (arts / f"{name}.txt").write_text(_formula_article(start), encoding="utf-8")
    index = tmp_path / "index"
    status, jsonl, _ = run(capsys, arts, index, "search", "zebrafish", "--format", "jsonl")
    assert status == 0
    data = [json.loads(line) for line in jsonl.splitlines()]
    status, out, _ = run(capsys, arts, index, "search", "zebrafish", "--format", "csv")
    assert status == 0
    header, *rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == len(data) >= 1
    triggers = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
    for row, exact in zip(rows, data, strict=True):
        for column, cell in zip(header, row, strict=True):
            value = exact[column]
            if column == "pair":
                assert cell == str(value)  # brreader's own number: never prefixed
                continue
            assert not cell.lstrip().startswith(triggers), (column, cell)
            if value and value.lstrip().startswith(triggers):
                assert cell == "'" + value, (column, cell)  # neutralised, otherwise as it is
            else:
                assert cell == (value or ""), (column, cell)
    # JSON lines are data: the id and path are the file's name exactly.
    assert data[0]["id"] == name and data[0]["path"] == f"{name}.txt"


def test_csv_cell_neutralises_formula_starts_and_nothing_else() -> None:
    from brreader.cli.output import csv_cell

    for start in "=+-@\t\uff1d\uff0b\uff0d\uff20":
        assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    # A carriage return never reaches the file (cleaned away); what is left is looked at.
    assert csv_cell("\r=1+1") == "'=1+1" and csv_cell("\r1+1") == "1+1"
    assert csv_cell("  @SUM(A1)") == "'  @SUM(A1)"
    assert csv_cell("\n-1") == "'\n-1"
    assert csv_cell("-5") == "'-5"  # a text cell that reads as a negative number is text
    assert csv_cell(f"{CSI}=1+1") == "'=1+1"  # looked at after cleaning, as a terminal shows it
    assert csv_cell("a=b, c-d") == "a=b, c-d"
    assert csv_cell("") == "" and csv_cell(None) == ""
    assert csv_cell(3) == "3"


def test_jsonl_and_markdown_exports_keep_formula_text_as_it_is(tmp_path: Path, capsys) -> None:
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "plain.txt").write_text(_formula_article("="), encoding="utf-8")
    status, out, _ = run(
        capsys, arts, tmp_path / "index", "search", "zebrafish", "--format", "jsonl"
    )
    assert status == 0
    row = json.loads(out.splitlines()[0])
    assert (row["question"], row["interviewee"]) == ("=2+3 zebrafish why?", "=Zed Quux")
    status, out, _ = run(
        capsys, arts, tmp_path / "index", "search", "zebrafish", "--format", "markdown"
    )
    assert "'=" not in out


# ---------------------------------------------------------------------------
# 9. escape sequences in file names and index paths


@pytest.fixture
def hostile_paths(tmp_path: Path) -> tuple[Path, Path, str]:
    """An article whose file name holds escapes, and an index folder whose path does."""
    arts = tmp_path / "articles"
    arts.mkdir()
    name = f"evil{HOSTILE}[bold]b"  # a file name cannot hold "/": no closing tag
    (arts / f"{name}.txt").write_text(BODY, encoding="utf-8")
    (arts / "other.txt").write_text(BODY.replace("Leiden", "Utrecht"), encoding="utf-8")
    index = tmp_path / f"work{HOSTILE}" / "index"
    return arts, index, name


COMMANDS = [
    ["index"],
    ["list"],
    ["search", "zebrafish"],
    ["search", "zebrafish", "--format", "markdown"],
    ["search", "zebrafish", "--format", "csv"],
    ["search", "nothingmatches", "--format", "markdown"],
    ["timeline", "zebrafish"],
    ["facets", "zebrafish"],
    ["check"],
    ["show", "NAME"],
    ["show", "NAME", "--format", "markdown"],
    ["quote", "NAME"],
    ["related", "NAME"],
    ["related", "NAME", "--pair", "9"],
    ["show", "NAME.missing"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_escapes_in_file_names_and_index_paths_never_reach_the_terminal(
    hostile_paths, capsys, args: list[str]
) -> None:
    arts, index, name = hostile_paths
    args = [a.replace("NAME", name) for a in args]
    status, out, err = run(capsys, arts, index, *args)  # the first run builds the index
    assert "Traceback" not in err
    assert UNSAFE.findall(out) == [] and UNSAFE.findall(err) == [], (out, err)
    if args[0] in ("index", "list"):
        assert "built a new index in" in err and "work" in err
    status, out, err = run(capsys, arts, index, *args)
    assert UNSAFE.findall(out) == [] and UNSAFE.findall(err) == [], (out, err)


def test_the_markdown_export_shows_the_id_in_a_clean_code_span(hostile_paths, capsys) -> None:
    arts, index, name = hostile_paths
    status, out, _ = run(capsys, arts, index, "search", "Leiden", "--format", "markdown")
    assert status == 0
    assert "— `evil[bold]b`\n" in out
    status, out, _ = run(capsys, arts, index, "search", "Leiden", "--format", "jsonl")
    assert json.loads(out.splitlines()[0])["id"] == name  # JSON keeps the real name, escaped


@pytest.mark.in_process  # patches Archive.update, which a server process cannot see
def test_index_messages_name_a_hostile_index_folder_cleanly(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    arts = tmp_path / "articles"
    arts.mkdir()
    for number in range(50):  # enough for "indexing N articles into ..."
        text = BODY.replace("Leiden", f"Leiden{number}")
        (arts / f"a{number:02}.txt").write_text(text, encoding="utf-8")
    index = tmp_path / f"work{HOSTILE}" / "index"
    status, out, err = run(capsys, arts, index, "index")
    assert status == 0, err
    assert "indexing 50 articles into" in err and "built a new index in" in err
    assert UNSAFE.findall(err) == [], err
    location = str(Archive(arts, index).location)

    # What the engine reports when it cannot write, or another writer holds the lock.
    failed = f"cannot update the index in {location}: Permission denied; make it writable"
    for report in (UpdateReport(failed=failed), UpdateReport(busy=True)):
        monkeypatch.setattr(Archive, "update", lambda self, *a, _r=report, **k: _r)
        for args in (["index"], ["search", "zebrafish"]):
            status, out, err = run(capsys, arts, index, *args)
            assert UNSAFE.findall(out) == [] and UNSAFE.findall(err) == [], (args, err)
            wanted = "cannot update the index in" if report.failed else "another brreader"
            assert wanted in err and "Traceback" not in err
            if report.busy and args == ["index"]:
                assert "is updating the index in" in err and "work[" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["list", f"x{OSC52}"],
        ["search", "zebrafish", "--sort", f"new{OSC52}"],
        ["search", f"-rail{OSC52}"],
        [f"frobnicate{OSC52}"],
        ["saved", "rm", f"x{OSC52}"],
    ],
    ids=["unrecognized", "invalid choice", "dashed hint", "unknown command", "saved name"],
)
def test_words_typed_are_cleaned_in_error_lines(tmp_path: Path, capsys, monkeypatch, args) -> None:
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "a.txt").write_text(BODY, encoding="utf-8")
    monkeypatch.setenv("BRREADER_STATE", str(tmp_path / "state.json"))
    try:
        status = main(["--articles", str(arts), "--index", str(tmp_path / "i"), *args])
    except SystemExit as exited:
        status = exited.code
    out, err = capsys.readouterr()
    assert status in (1, 2) and UNSAFE.findall(out + err) == [], err


# ---------------------------------------------------------------------------
# 16. option values that begin with "-"


WHOLE = "whole number of 1 or more"
DATE = "write it like 2025-06-24"
YEAR = "a year such as 2025"
OPTION_VALUES = [
    (["search", "rice", "--limit", "-1"], "--limit", WHOLE),
    (["search", "--limit", "-1", "rice"], "--limit", WHOLE),
    (["search", "rice", "--lim", "-1"], "--limit", WHOLE),
    (["search", "rice", "--year", "-2020"], "--year", YEAR),
    (["search", "rice", "--from", "-5"], "--from", DATE),
    (["search", "rice", "--to", "-5"], "--to", DATE),
    (["search", "rice", "--from", "-2025-06"], "--from", DATE),
    (["search", "rice", "--sort", "-newest"], "--sort", "choose from"),
    (["search", "rice", "--format", "-csv"], "--format", "choose from"),
    (["search", "-rice", "--limit", "0"], "--limit", WHOLE),
    (["related", "x", "--pair", "-2"], "--pair", WHOLE),
    (["quote", "x", "--pair", "-2"], "--pair", WHOLE),
    (["timeline", "rice", "--limit", "-3"], "--limit", WHOLE),
    (["facets", "--year", "-2020"], "--year", YEAR),
    (["saved", "run", "x", "--limit", "-1"], "--limit", WHOLE),
    (["--articles", "A", "search", "rice", "--limit", "-1"], "--limit", "whole number"),
]


@pytest.mark.parametrize(
    ("args", "option", "takes"),
    OPTION_VALUES,
    ids=[" ".join(args) for args, _, _ in OPTION_VALUES],
)
def test_an_option_value_starting_with_a_dash_gets_the_options_own_error(
    capsys, args, option, takes
) -> None:
    err = usage(capsys, *args)
    assert f"argument {option}: " in err and takes in err, err
    assert "looks like an option" not in err and "NOT" not in err, err


QUERY_WORDS = [
    (["search", "-rice"], "-rice"),
    (["search", "rice", "-paddy"], "-paddy"),
    (["search", "rice", "--limit", "5", "-paddy"], "-paddy"),
    (["-rice", "search"], "-rice"),
    (["timeline", "-rice"], "-rice"),
    (["facets", "-rice"], "-rice"),
    (["saved", "add", "name", "-rice"], "-rice"),
]


@pytest.mark.parametrize(
    ("args", "word"), QUERY_WORDS, ids=[" ".join(args) for args, _ in QUERY_WORDS]
)
def test_the_not_hint_is_given_for_query_words_only(capsys, args, word) -> None:
    err = usage(capsys, *args)
    bare = word.lstrip("-")
    assert f"{word!r} looks like an option; to leave a word out write NOT {bare}" in err, err


def test_a_dashed_value_of_a_text_option_is_taken_as_its_value(tmp_path: Path, capsys) -> None:
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "a.txt").write_text(BODY, encoding="utf-8")
    status, out, err = run(capsys, arts, tmp_path / "i", "search", "zebrafish", "--who", "-x")
    assert status == 1  # no interviewee called "-x": a filter that matches nothing
    assert "--who '-x' matches no interviewee" in err
    status, out, err = run(capsys, arts, tmp_path / "i", "search", "--", "-paddy", "zebrafish")
    assert status in (0, 1) and "looks like an option" not in err


# ---------------------------------------------------------------------------
# the reader: ids, paths and queries on the screen


async def test_the_reader_shows_hostile_paths_and_queries_as_typed(tmp_path: Path) -> None:
    from brreader.tui.app import ReaderApp
    from brreader.tui.screens._timeline import TimelineScreen

    arts = tmp_path / "articles"
    arts.mkdir()
    # No title: the list shows the file name.
    name = f"[@click=app.quit]q{HOSTILE}"
    (arts / f"{name}.txt").write_text("Why zebrafish?\n\nThey are transparent.\n", encoding="utf-8")
    app = ReaderApp(Archive(arts, tmp_path / "index"))
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(3):
            await pilot.pause(0.3)
            await workers_done(app)
        text = _screen_text(app)
        assert "[@click=app.quit]q" in text

        app.notify(f"[bold]{name}[/bold]: gone")  # notices: cleaned, never markup
        await pilot.pause()
        notice = list(app._notifications)[-1]
        assert notice.message == "[bold][@click=app.quit]q[/bold]: gone"
        assert notice.markup is False

        timeline = app.reader.archive.timeline("zebrafish")
        app.push_screen(TimelineScreen(replace(timeline, query=f"[b]zebra{OSC52}[/b]")))
        await pilot.pause(0.3)
        assert "Timeline of '[b]zebra[/b]'" in _screen_text(app)
        app.pop_screen()
        await pilot.pause()

        app.reader._br_status(f"No matches for [b]{name}[/b]")
        await pilot.pause()
        assert "No matches for [b][@click=app.quit]q[/b]" in _screen_text(app)
        assert app.is_running


async def test_the_palette_shows_a_saved_search_name_and_query_as_typed(
    tmp_path: Path, private_state: Path
) -> None:
    from brreader.state import State
    from brreader.tui.app import ReaderApp

    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "a.txt").write_text(BODY, encoding="utf-8")
    archive = Archive(arts, tmp_path / "index")
    State(private_state, archive.articles).save_search(
        f"[@click=app.quit]q{OSC52}", "[bold]zebrafish[/bold]"
    )
    app = ReaderApp(archive)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause(0.3)
        await workers_done(app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Saved")
        for _ in range(3):
            await pilot.pause(0.3)
        text = _screen_text(app)
        assert "Saved search: [@click=app.quit]q" in text and "[bold]zebrafish[/bold]" in text
        assert app.is_running


def _screen_text(app) -> str:
    """What the screen shows (checked for control codes by ``screen_lines``)."""
    from tests.test_reliability_text import screen_lines

    lines = screen_lines(app)
    assert [line for line in lines if UNSAFE.search(line)] == []
    return "\n".join(lines)
