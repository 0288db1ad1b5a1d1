"""Hostile queries through the command line: a lenient parse or a one-line error, never a crash.

Every query here goes through ``brreader.cli.main`` on a small archive (the
three conftest articles plus one written in five non-Latin scripts). The
contract each one is held to (``_check``):

- exit status 0 or 1 with normal output: valid JSON whose total agrees with the
  status, or the plain result list, or "no articles match" on stderr;
- or exit status 2 with exactly one line on stderr, starting ``brreader: ``
  and naming the query (an empty query is named as "empty query");
- never a traceback, and never a raw control character on stdout or stderr,
  even when the query holds NUL or ESC;
- a "did you mean" suggestion is itself a query brreader can search.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from brreader.cli import main
from brreader.search import Archive
from tests.conftest import FRONT_MATTER, LABELLED, PLAIN, write_files

SCRIPTS = """\
World Water Desk

Rivers in Many Scripts

May 5, 2023

Nguyen Thi Lan, a water engineer, talks about rivers across Asia and beyond.

What do people call the reservoir?

In Russian it is водохранилище, near Красноярске on the Yenisei.

What about China?

我们在湄公河上游建设了水库。

And in Arabic?

تحدثت الباحثة عن المياه الجوفية في الصحراء

And in Thailand?

ชาวนาในประเทศไทยปลูกข้าวหอมมะลิ

And in Vietnam?

Đồng bằng sông Cửu Long bị xâm nhập mặn.
"""

ALL_IDS = {"2021/sensors", "2019/depot", "2022/cold-chain", "2023/scripts"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HEADING = re.compile(r"^[\d,]+ articles? match(es)? ")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles folder, indexed once: searches below only read the index."""
    root = tmp_path_factory.mktemp("hostile") / "articles"
    files = {
        "2021/sensors.txt": PLAIN,
        "2019/depot.txt": LABELLED,
        "2022/cold-chain.md": FRONT_MATTER,
        "2023/scripts.txt": SCRIPTS,
    }
    write_files(root, files)
    archive = Archive(root, root.parent / "index")
    archive.update()
    archive.close()
    return root


def _run(capsys, folder: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        status = main(["--articles", str(folder), *args])
    except SystemExit as exited:  # argparse
        status = exited.code if isinstance(exited.code, int) else 2
    out, err = capsys.readouterr()
    return status, out, err


def _named(query: str) -> str:
    """What an error message must hold to name the query: its first word (or first characters)."""
    words = re.findall(r"\w+", query)
    if words:
        return words[0][:20]
    printable = re.match(r"[^\x00-\x1f\x7f-\x9f]*", query.strip())
    assert printable is not None
    return " ".join(printable.group()[:20].split())


def _check(capsys, folder: Path, query: str, *, plain: bool = True) -> tuple[int, dict | None]:
    """Search ``query`` with --json (and plain unless told not to); hold both to the contract.

    Returns the exit status and the JSON document (None for an error).
    """
    status, out, err = _run(capsys, folder, "search", "--json", query)
    for stream in (out, err):
        assert "Traceback" not in stream
        assert not CONTROL.search(stream.replace("\n", "")), repr(stream[:300])
    assert status in (0, 1, 2), (status, err[:300])
    data = None
    if status == 2:
        assert out == ""
        assert err.count("\n") == 1 and err.endswith("\n"), err[:300]
        assert err.startswith("brreader: "), err[:300]
        if query.strip():
            assert _named(query) in err, err[:300]
        else:
            assert "empty query" in err
    else:
        data = json.loads(out)
        assert err == ""
        assert data["query"] == query
        assert (data["total"] > 0) == (status == 0)
        assert len(data["results"]) == min(data["total"], 10)
        assert {r["id"] for r in data["results"]} <= ALL_IDS
    if not plain:
        return status, data

    json_err = err
    plain_status, out, err = _run(capsys, folder, "search", query)
    assert plain_status == status, (plain_status, status, err[:300])
    for stream in (out, err):
        assert "Traceback" not in stream
        assert not CONTROL.search(stream.replace("\n", "")), repr(stream[:300])
    suggestions = [line for line in err.splitlines() if line.startswith("Did you mean: ")]
    assert len(suggestions) <= 1, err[:300]
    if status == 0:
        assert HEADING.match(out), out[:300]
        assert err == "".join(f"{line}\n" for line in suggestions)  # only for a few matches
    elif status == 1:
        assert out == ""
        lines = err.splitlines()
        assert lines[0].startswith("brreader: no articles match "), err[:300]
        assert lines[1:] == suggestions, err[:300]
        if suggestions:
            suggestion = suggestions[0].removeprefix("Did you mean: ")
            again, _out, again_err = _run(capsys, folder, "search", "--json", suggestion)
            assert again in (0, 1), (
                f"'did you mean: {suggestion}' for {query!r} is not a query: {again_err}"
            )
    else:
        assert (out, err) == ("", json_err)
    return status, data


def _ids(data: dict | None) -> set[str]:
    return {r["id"] for r in data["results"]} if data else set()


# --- unbalanced quotes and parentheses -----------------------------------------------------


@pytest.mark.parametrize(
    ("query", "finds"),
    [
        ('"unclosed', set()),
        ('"flood pulse', {"2021/sensors"}),
        ('rail"', {"2019/depot"}),
        ('"' * 101, set()),
        ("(a OR b", set()),
        ("(rail OR gauges", {"2019/depot", "2021/sensors"}),
        ("a)", set()),
        ("rail)", {"2019/depot"}),
        ("((((((rail", {"2019/depot"}),
        ("rail" + ")" * 50, {"2019/depot"}),
        ("()", set()),
        ("title:(rail OR depot", {"2019/depot"}),
    ],
)
def test_unbalanced_quotes_and_parentheses(capsys, folder: Path, query: str, finds) -> None:
    status, data = _check(capsys, folder, query)
    if status != 2:
        # A lenient parse still searches the words that are there.
        assert finds <= _ids(data)


# --- lone operators ------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["AND", "NOT", "OR", "NOT NOT", "AND OR NOT", "OR AND"])
def test_lone_operators(capsys, folder: Path, query: str) -> None:
    _check(capsys, folder, query)


@pytest.mark.parametrize(
    ("query", "finds"),
    [("rail AND", {"2019/depot"}), ("OR rail", {"2019/depot"}), ("rail NOT", {"2019/depot"})],
)
def test_dangling_operators_beside_a_word(capsys, folder: Path, query: str, finds) -> None:
    status, data = _check(capsys, folder, query)
    if status != 2:
        assert finds <= _ids(data)


# --- a field with no term ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["title:", 'title:""', "q:", "a:", "who:", "published:", "title: rail", "title:title:rail"],
)
def test_field_with_no_term(capsys, folder: Path, query: str) -> None:
    _check(capsys, folder, query)


@pytest.mark.parametrize(
    "query",
    [
        "published:[2020 to",
        "published:[2020 to 2019]",
        "published:2019-13",
        "published:*",
        'published:""',
        'published:"x"',
        'published:"2020 2021"',
        'published:" q:"',
        "published:[to]",
    ],
)
def test_broken_date_queries(capsys, folder: Path, query: str) -> None:
    _check(capsys, folder, query)


@pytest.mark.parametrize(
    "query", ["[a TO b]", "title:[a TO z]", "{a TO b}", "[to 2020]", "[2024 to]", "[0TO]"]
)
def test_ranges_outside_published(capsys, folder: Path, query: str) -> None:
    _check(capsys, folder, query)


# --- very long queries ---------------------------------------------------------------------
# These run with --json only: the plain command also asks for a "did you mean", which on
# such queries is slow (measured outside the tests; see docs/reliability.md).


def _ten_thousand_characters_of_words() -> str:
    words = ["river", "gauge", "zorblat", "Mekong", "quintex", "depot", "flummox", "kiwi"]
    text = " ".join(words[n % len(words)] + str(n) for n in range(2000))
    return text[:10_000]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(_ten_thousand_characters_of_words(), id="10000 characters of words"),
        pytest.param("x" * 10_000, id="10000 identical characters"),
        pytest.param("river " * 1666 + "    ", id="10000 characters of one known word"),
        pytest.param("(rail OR " * 1111 + "r", id="10000 characters of open groups"),
    ],
)
def test_ten_thousand_character_queries(capsys, folder: Path, query: str) -> None:
    # Refused at once with a one-line error: parsed, such a query would take
    # seconds and, on a 20,000-article archive, gigabytes (measured 4.75 s, 2 GB).
    assert len(query) == 10_000
    for plain in (False, True):
        status, _data = _check(capsys, folder, query, plain=plain)
        assert status == 2
    _, _, err = _run(capsys, folder, "search", query)
    assert "10,000 characters long; keep it under 1,000" in err


def test_very_long_single_word(capsys, folder: Path) -> None:
    status, _ = _check(capsys, folder, "Mekong" * 2000, plain=False)
    assert status in (1, 2)


# --- wildcards and fuzzy terms -------------------------------------------------------------


@pytest.mark.parametrize("query", ["*", "?", "**", "*?*", "q:* a:*", "a~5", "rail~~", "~", "^2"])
def test_wildcards_alone_and_odd_fuzzy_terms(capsys, folder: Path, query: str) -> None:
    _check(capsys, folder, query)


@pytest.mark.parametrize(
    ("query", "finds"),
    [
        ("*a*", ALL_IDS),
        ("*ulse", {"2021/sensors"}),  # pulse
        ("*ocomot*", {"2019/depot"}),  # locomotives
        ("?ail", {"2019/depot"}),  # rail
    ],
)
def test_leading_wildcard_completes_with_results(capsys, folder: Path, query: str, finds) -> None:
    status, data = _check(capsys, folder, query)
    assert status == 0
    assert finds <= _ids(data)


# --- unknown fields ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("colour:red", "colour"),
        ("Colour:red", "Colour"),
        ("rail colour:red", "colour"),
        ("a:b:c", "b"),
        ("rail:", "rail"),
        ("title:x lede:y nope:z", "nope"),
    ],
)
def test_unknown_field_names_are_one_line_errors(capsys, folder: Path, query, field) -> None:
    status, _ = _check(capsys, folder, query)
    assert status == 2
    _, _, err = _run(capsys, folder, "search", query)
    assert f"'{field}:'" in err and "title" in err  # names the field and lists the known ones


# --- non-Latin scripts ---------------------------------------------------------------------


def test_an_unsegmented_run_of_chinese_is_found_whole(capsys, folder: Path) -> None:
    # Chinese and Thai are written without spaces: brreader indexes a run of
    # letters as one word, so the run is found, a word inside it is not
    # (documented in the README; splitting such runs needs a segmenter).
    status, data = _check(capsys, folder, "我们在湄公河上游建设了水库")
    assert status == 0 and _ids(data) == {"2023/scripts"}


@pytest.mark.parametrize(
    "word",
    [
        pytest.param("водохранилище", id="Cyrillic"),
        pytest.param("ВОДОХРАНИЛИЩЕ", id="Cyrillic upper case"),
        pytest.param("Красноярске", id="Cyrillic capitalised"),
        pytest.param("المياه", id="Arabic"),
        pytest.param("الصحراء", id="Arabic last word"),
        pytest.param("ข้าวหอมมะลิ", id="Thai compound at the end of a sentence"),
        pytest.param("Cửu", id="Vietnamese"),
        pytest.param("cuu", id="Vietnamese without diacritics"),
        pytest.param("Đồng", id="Vietnamese D with stroke"),
        pytest.param(unicodedata.normalize("NFD", "Cửu"), id="Vietnamese typed decomposed"),
    ],
)
def test_non_latin_word_in_an_article_is_found(capsys, folder: Path, word: str) -> None:
    status, data = _check(capsys, folder, word)
    assert status == 0, f"{word!r} is in 2023/scripts but the search found nothing"
    assert _ids(data) == {"2023/scripts"}


@pytest.mark.parametrize("query", ["title:水库", "q:Đồng", '"sông Cửu Long"', "Красноярск*"])
def test_non_latin_words_with_query_syntax(capsys, folder: Path, query: str) -> None:
    _check(capsys, folder, query)


# --- empty, punctuation and control characters ---------------------------------------------


@pytest.mark.parametrize("query", ["", " ", "   ", "\t", "\n", "\u00a0"])
def test_empty_query_is_a_one_line_error(capsys, folder: Path, query: str) -> None:
    status, _ = _check(capsys, folder, query)
    assert status == 2


@pytest.mark.parametrize(
    "query",
    ["!@#$%^&*()_+=[]{}|;:,.<>/?`~", "...", ",,, ;;;", "[", "]", "{", "}", "\\", "'", "+", "&&"],
)
def test_punctuation_only(capsys, folder: Path, query: str) -> None:
    _check(capsys, folder, query)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("rail\x00", id="NUL after a word"),
        pytest.param("\x00", id="NUL alone"),
        pytest.param("rail\x1b[2J", id="CSI after a word that matches"),
        pytest.param("zanzibar\x1b[2J", id="CSI after a word that does not match"),
        pytest.param("\x1b]52;c;aGVsbG8=\x07", id="OSC 52 alone"),
        pytest.param("colour:red\x1b[31m", id="CSI in an unknown-field error"),
        pytest.param("\x1b[31mcolour:red", id="CSI before an unknown field"),
        pytest.param("published:\x00", id="NUL as a date"),
        pytest.param("rail\x9b2J", id="8-bit CSI"),
        pytest.param("rail\u202e", id="bidi override"),
    ],
)
def test_control_characters_are_not_echoed(capsys, folder: Path, query: str) -> None:
    _check(capsys, folder, query)
