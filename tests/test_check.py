"""``brreader check``: one line per problem, a summary, exit 1 when anything is reported.

Archives are written into ``tmp_path``; the shipped sample archive is only read.
All people and outlets are invented.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from brreader.cli import main
from tests.conftest import FRONT_MATTER, LABELLED, PLAIN, REPO, SAMPLE_ARTICLES, write_files

FIXTURES = REPO / "tests" / "fixtures" / "import"

NO_PAIRS = (
    "no questions and answers found; put 'Q: ' before each question and 'A: ' before each answer"
)
NO_DATE = (
    "no date; add 'published: YYYY-MM-DD' to the front matter "
    "(or 'published:' left empty if it has none)"
)
NO_INTERVIEWEE = "no interviewee; add 'interviewee: Name' to the front matter"
EMPTY_ANSWER = (
    "empty answer; if the next question belongs to this one, join them, "
    "or add the answer after 'A: '"
)


def doc(body: str, meta: str | None = None, *, title: str = "Lanterns over the delta") -> str:
    """An article with complete front matter, so only ``body`` can cause a problem."""
    if meta is None:
        meta = "outlet: Quiet Harbour Review\npublished: 2024-03-01\ninterviewee: Ivo Tamsin\n"
    return f"---\ntitle: {title}\n{meta}---\nIvo Tamsin builds paper lanterns.\n\n{body}"


def run_check(capsys, arts: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--articles", str(arts), "--index", str(arts.parent / "index"), "check", *args])
    out, err = capsys.readouterr()
    return status, out, err


def check_json(capsys, arts: Path) -> tuple[int, dict[str, Any]]:
    status, out, _ = run_check(capsys, arts, "--json")
    return status, json.loads(out)


@pytest.fixture
def arts(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# ---------------------------------------------------------------------------
# Clean archives


def test_sample_archive_is_clean_and_left_untouched(tmp_path: Path, capsys) -> None:
    before = snapshot(SAMPLE_ARTICLES)
    articles = [
        p
        for p in SAMPLE_ARTICLES.rglob("*")
        if p.suffix in (".txt", ".md") and not p.name.startswith(".")
    ]
    index = tmp_path / "index"
    status = main(["--articles", str(SAMPLE_ARTICLES), "--index", str(index), "check"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert out == f"{len(articles)} articles read, no problems found\n"
    assert snapshot(SAMPLE_ARTICLES) == before
    assert not index.exists()  # check reads the files; it needs no index


def test_clean_archive_in_every_style(arts: Path, capsys) -> None:
    write_files(arts, {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "c.md": FRONT_MATTER})
    status, out, _ = run_check(capsys, arts)
    assert (status, out) == (0, "3 articles read, no problems found\n")
    status, data = check_json(capsys, arts)
    assert (status, data) == (0, {"checked": 3, "problems": []})


def test_counts_read_in_the_singular_and_plural(arts: Path, capsys) -> None:
    no_date = "outlet: Quiet Harbour Review\ninterviewee: Ivo Tamsin\n"
    write_files(arts, {"sensors.txt": PLAIN, "nodate.txt": doc("Q: Why?\nA: Light.\n", no_date)})
    status, out, _ = run_check(capsys, arts)
    assert status == 1
    assert out == f"nodate.txt: {NO_DATE} [no-date]\n1 problem in 1 file (2 articles read)\n"
    (arts / "sensors.txt").unlink()
    _, out, _ = run_check(capsys, arts)
    assert out.splitlines()[-1] == "1 problem in 1 file (1 article read)"
    (arts / "nodate.txt").write_text(doc("Q: Why?\nA: Light.\n"), encoding="utf-8")
    assert run_check(capsys, arts)[1] == "1 article read, no problems found\n"


# ---------------------------------------------------------------------------
# One case per code: the exact line the user reads


LONG = "Why " + "x" * 396 + "?"  # 401 characters


@pytest.mark.parametrize(
    ("files", "lines"),
    [
        pytest.param(
            {"notes.txt": doc("No questions here, only a paragraph of notes.\n")},
            [f"notes.txt: {NO_PAIRS} [no-pairs]"],
            id="no-pairs",
        ),
        pytest.param(
            {
                "reeds.txt": "Quiet Harbour Review\n\nA Bridge of Reeds\n\n"
                "Marta Okonkwo, an engineer, explains reed bridges.\n\n"
                "How long does one last?\n\nAbout three seasons.\n"
            },
            [f"reeds.txt: {NO_DATE} [no-date]"],
            id="no-date",
        ),
        pytest.param(
            {
                "tides.txt": "---\ntitle: Tide tables\npublished: 2024-05-01\n---\n"
                "A short talk about tide tables.\n\nQ: Who prints them?\nA: The port.\n"
            },
            [f"tides.txt: {NO_INTERVIEWEE} [no-interviewee]"],
            id="no-interviewee",
        ),
        pytest.param(
            {"long.txt": doc(f"Q: {LONG}\nA: Because.\n")},
            [
                "long.txt: pair 1: question is 401 characters long; if part of it is the "
                "answer, start that part with 'A: ' [long-question]"
            ],
            id="long-question",
        ),
        pytest.param(
            {"gap.txt": doc("Q: Who pays?\nA: The town.\n\nQ: And the paper?\nA:\n")},
            [f"gap.txt: pair 2: {EMPTY_ANSWER} [empty-answer]"],
            id="empty-answer",
        ),
        pytest.param(
            {
                "qa.txt": doc(
                    "Q: How did it start?\nA: With a single lantern.\n\n"
                    "Did we expect a festival?\n\n"
                    "Nobody did, and then three villages joined.\n"
                )
            },
            [
                "qa.txt: pair 1: the answer contains a question ('Did we expect a festival?'); "
                "if it is one, start it with 'Q: ' and its answer with 'A: ' [question-in-answer]"
            ],
            id="question-in-answer",
        ),
        pytest.param(
            {
                "qa.txt": doc(
                    "Q: How did it start?\nA: With a single lantern.\n\n"
                    "Would you believe that the lantern makers of three villages came "
                    "uninvited?\n\nNobody did.\n"
                )
            },
            [
                "qa.txt: pair 1: the answer contains a question ('Would you believe that the "
                "lantern makers of three...'); if it is one, start it with 'Q: ' "
                "and its answer with 'A: ' [question-in-answer]"
            ],
            id="question-in-answer-shortened",
        ),
        pytest.param(
            {
                "a.txt": PLAIN,
                "b.md": PLAIN.replace("Sensors Along the River", "River data, again")
                .replace("Mekong and", "MEKONG, and")
                .replace("March 3, 2021", "July 9, 2023"),
            },
            ["b.md: duplicate of a.txt (same text); delete one of them [duplicate]"],
            id="duplicate-same-text",
        ),
        pytest.param(
            {
                "a.txt": PLAIN,
                "b.txt": "Riverside Wire\n\nSensors along the river\n\nMarch 3, 2021\n\n"
                "Sokha Prum, a data manager, describes the river sensors.\n\n"
                "Who maintains the gauges?\n\nVillage volunteers check them every week.\n",
            },
            ["b.txt: duplicate of a.txt (same title and date); delete one of them [duplicate]"],
            id="duplicate-same-title-and-day",
        ),
        pytest.param(
            {"empty.txt": b"", "blank.md": b"  \n\n"},
            [
                "blank.md: not indexed: empty file [skipped]",
                "empty.txt: not indexed: empty file [skipped]",
            ],
            id="skipped-empty",
        ),
        pytest.param(
            {"scan.txt": b"Quiet Harbour\x00\x01\x02 Review"},
            ["scan.txt: not indexed: binary data, not text [skipped]"],
            id="skipped-binary",
        ),
    ],
)
def test_each_problem_is_one_line_with_its_code(
    files: dict[str, str | bytes], lines: list[str], arts: Path, capsys
) -> None:
    write_files(arts, files)
    status, out, err = run_check(capsys, arts)
    assert status == 1
    assert out.splitlines()[:-1] == lines
    read = sum(1 for content in files.values() if isinstance(content, str))
    problem_files = len({line.split(": ", 1)[0] for line in lines})
    noun = "problem" if len(lines) == 1 else "problems"
    file_noun = "file" if problem_files == 1 else "files"
    assert out.splitlines()[-1] == (
        f"{len(lines)} {noun} in {problem_files} {file_noun} "
        f"({read} article{'' if read == 1 else 's'} read)"
    )
    assert "Traceback" not in err


def test_file_name_that_is_not_utf8_is_reported(arts: Path, capsys) -> None:
    with open(os.path.join(os.fsencode(arts), b"bad\xffname.txt"), "wb") as handle:
        handle.write(PLAIN.encode())
    status, out, _ = run_check(capsys, arts)
    assert status == 1
    assert out == (
        "bad\\xffname.txt: not indexed: file name is not valid UTF-8; rename it [skipped]\n"
        "1 problem in 1 file (0 articles read)\n"
    )


def test_file_too_large_to_be_an_article_is_reported(arts: Path, capsys) -> None:
    with open(arts / "dump.txt", "wb") as handle:
        handle.truncate(33 * 1024 * 1024)  # sparse: no 33 MB written to disk
    write_files(arts, {"sensors.txt": PLAIN})
    status, out, _ = run_check(capsys, arts)
    assert status == 1
    assert out == (
        "dump.txt: not indexed: larger than 32 MB; not an article [skipped]\n"
        "1 problem in 1 file (1 article read)\n"
    )


def test_invalid_front_matter_is_a_warning(arts: Path, capsys) -> None:
    write_files(
        arts,
        {"bad.md": "---\ntitle: [unclosed\npublished: 2024-01-01\n---\nLede.\n\nQ: Why?\nA: So.\n"},
    )
    status, data = check_json(capsys, arts)
    assert status == 1
    warning = data["problems"][0]
    assert (warning["path"], warning["code"], warning["pair"]) == ("bad.md", "warning", None)
    assert warning["message"].startswith("front matter: invalid YAML")
    # YAML cannot load it; its lines that read as 'key: value' are kept (issue 14).
    assert warning["message"].endswith("; read line by line: kept published; skipped title")


# ---------------------------------------------------------------------------
# What is not a problem


def test_a_question_that_ends_an_answer_is_not_reported(arts: Path, capsys) -> None:
    body = (
        "Q: Will the festival grow?\nA: It already has.\n\nThree villages joined last year.\n\n"
        "Who could have guessed?\n\n"
        "Q: What next?\nA: More lanterns. Will it ever stop?\n"
    )
    write_files(arts, {"qa.txt": doc(body)})
    assert run_check(capsys, arts)[:2] == (0, "1 article read, no problems found\n")


def test_a_question_of_exactly_400_characters_is_not_long(arts: Path, capsys) -> None:
    write_files(arts, {"q.txt": doc(f"Q: {LONG[1:]}\nA: Because.\n")})
    assert len(LONG[1:]) == 400
    assert run_check(capsys, arts)[:2] == (0, "1 article read, no problems found\n")


def test_empty_date_and_interviewee_keys_mean_none_on_purpose(arts: Path, capsys) -> None:
    body = "Q: Who prints them?\nA: The port office.\n"
    lede = "---\ntitle: Tide tables\n{keys}---\nA short talk about tide tables.\n\n" + body
    write_files(arts, {"declared.txt": lede.format(keys="published:\ninterviewee:\n")})
    assert run_check(capsys, arts)[:2] == (0, "1 article read, no problems found\n")
    write_files(arts, {"declared.txt": lede.format(keys="")})
    status, out, _ = run_check(capsys, arts)
    assert status == 1
    assert out.splitlines() == [
        f"declared.txt: {NO_DATE} [no-date]",
        f"declared.txt: {NO_INTERVIEWEE} [no-interviewee]",
        "2 problems in 1 file (1 article read)",
    ]


# ---------------------------------------------------------------------------
# Order, JSON, errors


def test_problems_are_sorted_by_path_then_pair(arts: Path, capsys) -> None:
    write_files(
        arts,
        {
            "z-empty.txt": b"",  # found first as skipped, printed last
            "m.txt": doc(
                f"Q: {LONG}\nA: Because.\n\nQ: And then?\nA:\n",
                meta="outlet: Quiet Harbour Review\ninterviewee: Ivo Tamsin\n",
            ),
            "a/deep.txt": doc("Only notes.\n", title="Paper and glue"),
        },
    )
    status, out, _ = run_check(capsys, arts)
    assert status == 1
    assert [line.rsplit(" [", 1)[-1] for line in out.splitlines()[:-1]] == [
        "no-pairs]",
        "no-date]",
        "long-question]",
        "empty-answer]",
        "skipped]",
    ]
    assert [line.split(":", 1)[0] for line in out.splitlines()[:-1]] == [
        "a/deep.txt",
        "m.txt",
        "m.txt",
        "m.txt",
        "z-empty.txt",
    ]
    assert out.splitlines()[-1] == "5 problems in 3 files (2 articles read)"


def test_json_shape(arts: Path, capsys) -> None:
    write_files(arts, {"a.txt": PLAIN, "gap.txt": doc("Q: Who pays?\nA:\n"), "e.txt": b""})
    status, data = check_json(capsys, arts)
    assert status == 1
    skipped = {"path": "e.txt", "code": "skipped", "pair": None}
    empty = {"path": "gap.txt", "code": "empty-answer", "pair": 1}
    assert data == {
        "checked": 2,
        "problems": [
            {**skipped, "message": "not indexed: empty file"},
            {**empty, "message": f"pair 1: {EMPTY_ANSWER}"},
        ],
    }


def test_missing_articles_folder_exits_3(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere"
    status, out, err = run_check(capsys, missing)
    assert (status, out) == (3, "")
    assert err == (f"brreader: articles folder {str(missing)!r} not found; check the path\n")


def test_escape_sequences_in_names_and_text_never_reach_the_terminal(arts: Path, capsys):
    body = (
        "Q: How did it start?\nA: With one lantern.\n\n"
        "Did we \x1b]52;c;aGk=\x07expect a \x1b[31mfestival\x1b[0m?\n\nNobody did.\n"
    )
    write_files(arts, {"evil\x1b[2J.txt": doc(body, meta="")})
    status, out, err = run_check(capsys, arts)
    assert status == 1
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "('Did we expect a festival?')" in out
    status, out, _ = run_check(capsys, arts, "--json")
    assert "\x1b" not in out


# ---------------------------------------------------------------------------
# Together with import


def test_imported_fixtures_are_clean_except_the_page_without_questions(arts: Path, capsys):
    status = main(
        ["--articles", str(arts), "--index", str(arts.parent / "index"), "import", "--json",
         str(FIXTURES)]
    )  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    pages = len([p for p in FIXTURES.iterdir() if p.suffix in (".html", ".md", ".txt")])
    assert (status, report["imported"]) == (0, pages)
    news = next(r["path"] for r in report["results"] if r["input"].endswith("no-questions.html"))
    status, data = check_json(capsys, arts)
    assert status == 1
    assert data == {
        "checked": pages,
        "problems": [{"path": news, "code": "no-pairs", "pair": None, "message": NO_PAIRS}],
    }
