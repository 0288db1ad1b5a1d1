"""The command line contract: output, JSON shapes, exit statuses and error messages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from brreader.config import cache_index
from tests.conftest import FRONT_MATTER, LABELLED, PLAIN, REPO, run_cli


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    for name, text in {
        "2021/sensors.txt": PLAIN,
        "2019/depot.txt": LABELLED,
        "2022/cold-chain.md": FRONT_MATTER,
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def indexed(folder: Path) -> Path:
    """The same folder with its index already built, so commands print no build notice."""
    from brreader.search import Archive

    Archive(folder, folder.parent / "index").update()
    return folder


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = run_cli(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_search_plain_output(folder: Path, capsys) -> None:
    status, out, err = run(capsys, "--articles", str(folder), "search", "farmers")
    assert status == 0
    assert err == f"brreader: built a new index in {cache_index(folder)} (no index yet)\n"
    status, out, err = run(capsys, "--articles", str(folder), "search", "farmers")
    assert (status, err) == (0, "")
    assert out == (
        "1 article matches 'farmers'\n"
        "\n"
        "1. Sensors Along the River\n"
        "   2021-03-03 14:05 · Dara Kheng · Harbour Line Weekly  2021/sensors\n"
        "   Q2 What do farmers gain from it?\n"
        "      They time their planting to the flood pulse and cooperate on pumps.\n"
    )


def test_search_json_shape(folder: Path, capsys) -> None:
    status, out, _ = run(capsys, "--articles", str(folder), "search", "--json", "rail OR Mekong")
    assert status == 0
    data = json.loads(out)
    assert set(data) == {"query", "total", "suggestion", "relaxed", "results"}
    assert data["suggestion"] is None  # many matches: no correction offered
    assert data["query"] == "rail OR Mekong"
    assert data["total"] == 3
    for result in data["results"]:
        assert set(result) == {
            "id", "path", "title", "outlet", "published", "interviewee", "interviewees", "score",
            "matches", "language",
        }  # fmt: skip
        for match in result["matches"]:
            assert set(match) == {"pair", "question", "snippet"}
    sensors = next(r for r in data["results"] if r["id"] == "2021/sensors")
    assert sensors["path"] == "2021/sensors.txt"
    assert sensors["published"] == "2021-03-03T14:05:00"
    assert sensors["matches"] == [
        {
            "pair": 1,
            "question": "How did the network start?",
            "snippet": "It began with twelve gauges on the Mekong and a shared spreadsheet. "
            "Now we publish readings every hour for anyone to use.",
        }
    ]


def test_search_query_words_are_joined_and_limit_applies(folder: Path, capsys) -> None:
    status, out, _ = run(
        capsys,
        "--articles",
        str(folder),
        "search",
        "--json",
        "--limit",
        "1",
        "rail",
        "OR",
        "Mekong",
    )
    data = json.loads(out)
    assert status == 0 and data["query"] == "rail OR Mekong"
    assert data["total"] == 3 and len(data["results"]) == 1


def test_search_sort_newest(folder: Path, capsys) -> None:
    _, out, _ = run(
        capsys, "--articles", str(folder), "search", "--json", "--sort", "newest", "rail OR Mekong"
    )
    assert [r["id"] for r in json.loads(out)["results"]] == [
        "2022/cold-chain", "2021/sensors", "2019/depot"
    ]  # fmt: skip


def test_no_match_exits_1(indexed: Path, capsys) -> None:
    folder = indexed
    status, out, err = run(capsys, "--articles", str(folder), "search", "zanzibar")
    assert (status, out) == (1, "")
    assert err == "brreader: no articles match 'zanzibar'\n"
    status, out, _ = run(capsys, "--articles", str(folder), "search", "--json", "zanzibar")
    assert status == 1
    assert json.loads(out) == {
        "query": "zanzibar",
        "total": 0,
        "suggestion": None,
        "relaxed": None,
        "results": [],
    }


@pytest.mark.parametrize(
    "args",
    [
        ["search", "colour:red"],
        ["search", ""],
        ["search", "--limit", "0", "rail"],
        ["search", "--sort", "random", "rail"],
        ["frobnicate"],
        [],
        ["search", "-rail"],
    ],
)
def test_usage_and_query_errors_exit_2_with_one_line(indexed: Path, capsys, args) -> None:
    folder = indexed
    with pytest.raises(SystemExit) as exited:
        status = run_cli(["--articles", str(folder), *args])
        raise SystemExit(status)
    _, err = capsys.readouterr()
    assert exited.value.code == 2
    assert err.count("\n") == 1 and err.startswith("brreader: ")
    assert "Traceback" not in err
    if "-rail" in args:  # a word that looks like an option gets a hint, not argparse's riddle
        assert "'-rail' looks like an option; to leave a word out write NOT rail" in err


def test_missing_articles_folder_exits_3(tmp_path: Path, capsys) -> None:
    status, _, err = run(capsys, "--articles", str(tmp_path / "nope"), "search", "rail")
    assert status == 3
    assert (
        err == f"brreader: articles folder {str(tmp_path / 'nope')!r} not found; check the path\n"
    )


def test_an_articles_folder_that_is_a_file_is_named_as_such(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("Why?\n\nBecause.\n", encoding="utf-8")
    status, _, err = run(capsys, "--articles", str(tmp_path / "notes.txt"), "list")
    assert status == 3
    path = str(tmp_path / "notes.txt")
    assert err == f"brreader: articles folder {path!r} is a file, not a folder; check the path\n"


def test_show_json_shape(folder: Path, capsys) -> None:
    status, out, _ = run(capsys, "--articles", str(folder), "show", "--json", "2022/cold-chain.md")
    assert status == 0
    assert json.loads(out) == {
        "id": "2022/cold-chain",
        "path": "2022/cold-chain.md",
        "title": "Vaccines in the Cold Chain",
        "outlet": "Mekong Science Review",
        "published": "2022-11-15T08:05:00",
        "interviewee": "Amara Tesfaye",
        "interviewees": ["Amara Tesfaye"],
        "language": "en",  # detected when indexed: the file does not say
        "source": "Field Notes Agency",
        "tags": ["health", "logistics"],
        "url": "https://example.org/cold-chain",
        "lede": "Amara Tesfaye runs a vaccine logistics lab in Addis Ababa.",
        "pairs": [
            {
                "question": "Why do freezers fail?",
                "answer": "Power cuts, mostly. Solar units changed that.",
            }
        ],
    }


def test_show_plain_output(folder: Path, capsys) -> None:
    status, out, _ = run(capsys, "--articles", str(folder), "show", "2019/depot")
    assert status == 0
    assert out == (
        "Building the Rail Depot\n"
        "2019-06-02 · Lina Okafor · Transcontinental Observer\n"
        "2019/depot  (2019/depot.txt)\n"
        "\n"
        "Lina Okafor, a railway engineer, talks about the new depot.\n"
        "\n"
        "Q1. Tell us about the depot in Mombasa.\n"
        "    It services forty locomotives. The rail yard opened in May.\n"
        "\n"
        "Q2. What comes next?\n"
        "    Training. Who would have guessed we would need so many welders?\n"
        "\n"
        "    We hired two hundred of them.\n"
    )


def test_show_unknown_id_exits_1(folder: Path, capsys) -> None:
    status, out, err = run(capsys, "--articles", str(folder), "show", "2019/nothing")
    assert (status, out) == (1, "")
    assert "no article with id or path '2019/nothing'" in err


def test_list_json_newest_first(folder: Path, capsys) -> None:
    status, out, _ = run(capsys, "list", "--json", "--articles", str(folder))
    assert status == 0
    data = json.loads(out)
    assert [a["id"] for a in data] == ["2022/cold-chain", "2021/sensors", "2019/depot"]
    assert set(data[0]) == {
        "id", "path", "title", "outlet", "published", "interviewee", "interviewees", "language"
    }  # fmt: skip
    assert {a["language"] for a in data} == {"en"}


def test_index_summary_and_exit_status(folder: Path, capsys) -> None:
    status, out, err = run(capsys, "--articles", str(folder), "index")
    assert (status, out) == (0, "indexed 3, unchanged 0, removed 0, skipped 0\n")
    assert err == f"brreader: built a new index in {cache_index(folder)} (no index yet)\n"
    (folder / "empty.txt").write_text("", encoding="utf-8")
    status, out, err = run(capsys, "--articles", str(folder), "index")
    assert status == 1
    assert out == "indexed 0, unchanged 3, removed 0, skipped 1\n"
    assert err == "brreader: empty.txt: skipped: empty file\n"
    status, out, err = run(capsys, "--articles", str(folder), "index", "--rebuild")
    assert status == 1
    assert out == "indexed 3, unchanged 0, removed 0, skipped 1\n"


def test_environment_variables_choose_folders(
    folder: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("BRREADER_ARTICLES", str(folder))
    monkeypatch.setenv("BRREADER_INDEX", str(tmp_path / "elsewhere"))
    status, _, _ = run(capsys, "search", "Mombasa")
    assert status == 0
    assert (tmp_path / "elsewhere" / "brreader-index.json").exists()
    assert not (tmp_path / "index").exists()


def test_default_index_is_in_the_cache_never_beside_the_articles(folder: Path, capsys) -> None:
    run(capsys, "--articles", str(folder), "list")
    assert (cache_index(folder) / "brreader-index.json").exists()
    assert not (folder.parent / "index").exists()


HOSTILE = PLAIN.replace(
    "twelve gauges", "twelve [bold red]gauges[/bold red] \x1b]52;c;aGk=\x1b\\ \x1b[2J\x07\x9b31m"
).replace("Sensors Along", "Sensors [link=https://example.org]Along\x1b]8;;https://x\x07")


@pytest.mark.parametrize("styled", [False, True])
def test_hostile_text_never_reaches_the_terminal(tmp_path: Path, monkeypatch, styled) -> None:
    from brreader.render import Output, article_lines, search_lines
    from brreader.search import Archive

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(HOSTILE, encoding="utf-8")
    archive = Archive(tmp_path / "a", tmp_path / "i")
    archive.update()
    import io

    stream = io.StringIO()
    output = Output(stream, styled=styled)
    output.write(search_lines(archive.search("gauges")))
    output.write(article_lines(archive.article("x"), archive.query_terms("gauges")))
    text = stream.getvalue()
    if styled:
        assert "\x1b[" in text  # Rich's own styling is there ...
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # ... and is the only escape sequence
    assert "[bold red]gauges[/bold red]" in text  # markup shown as typed
    assert "[link=https://example.org]Along" in text
    for bad in ("\x1b", "\x07", "\x9b", "\x08"):
        assert bad not in text


def test_json_stays_valid_and_inert_with_hostile_text(tmp_path: Path, capsys) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(HOSTILE + "\n\u0085\u2028", encoding="utf-8")
    status, out, _ = run(capsys, "--articles", str(tmp_path / "a"), "show", "--json", "x")
    assert status == 0
    assert not any(ch in out for ch in "\x1b\x07\x9b\u0085\u2028")
    assert "[bold red]gauges[/bold red]" in json.loads(out)["pairs"][0]["answer"]


def _run_subprocess(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "brreader", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_one_shot_search_does_not_import_textual(folder: Path) -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['brreader', '--articles', sys.argv[1], 'search', 'rail']\n"
        "try:\n"
        "    runpy.run_module('brreader', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print('TEXTUAL', bad)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=120
    )
    assert "TEXTUAL []" in done.stdout, done.stdout + done.stderr
    assert "rail" in done.stdout.lower()


def test_piped_output_is_plain_and_broken_pipe_is_quiet(folder: Path) -> None:
    done = _run_subprocess("--articles", str(folder), "search", "rail", cwd=REPO)
    assert done.returncode == 0
    assert "\x1b" not in done.stdout
    assert done.stderr.startswith("brreader: built a new index")
    piped = subprocess.run(
        f"{sys.executable} -m brreader --articles {folder} show 2019/depot | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.stdout == "Building the Rail Depot\n"
    assert "Traceback" not in piped.stderr


def test_styled_search_output_highlights_matched_words(folder: Path) -> None:
    import io

    from brreader.render import Output, search_lines
    from brreader.search import Archive

    archive = Archive(folder, folder.parent / "index")
    archive.update()
    stream = io.StringIO()
    Output(stream, styled=True).write(search_lines(archive.search("cooperate")))
    text = stream.getvalue()
    # The matched word "cooperate" is drawn black on yellow (SGR 30;43).
    assert re.search(r"\x1b\[[0-9;]*30;43m(\x1b\[[0-9;]*m)*cooperate\x1b\[0m", text), text


def test_no_color_keeps_highlights_visible_without_colour(folder: Path, monkeypatch) -> None:
    import io

    from brreader.render import Output, search_lines
    from brreader.search import Archive

    monkeypatch.setenv("NO_COLOR", "1")
    archive = Archive(folder, folder.parent / "index")
    archive.update()
    stream = io.StringIO()
    Output(stream, styled=True).write(search_lines(archive.search("cooperate")))
    text = stream.getvalue()
    assert "43m" not in text and "36m" not in text  # no background or foreground colours
    assert "\x1b[1mcooperate" in text  # still bold


def test_show_query_highlights_stemmed_words_in_every_part(folder: Path) -> None:
    from brreader.render import article_lines
    from brreader.search import Archive

    archive = Archive(folder, folder.parent / "index")
    archive.update()
    lines = list(article_lines(archive.article("2021/sensors"), archive.query_terms("farmer")))
    lit = [text for _indent, line in lines for text, style in line if style == "match"]
    assert lit == ["farmers", "farmers"]  # in the lede and in question 2
