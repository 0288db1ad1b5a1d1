"""Keeping and citing: quote, show --format markdown, search exports, saved searches,
bookmarks, note: terms and the state file they live in."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from brreader.cli import main
from brreader.search import Archive
from brreader.state import State
from tests.conftest import write_files

# Invented interviews. Each one has a job in the tests below:
# kelp: several paragraphs, a url, a source other than the outlet, tags;
# glacier: Markdown specials in its title, no url, no source;
# seeds: no question and answer pairs, "water" only in the lede;
# abacus: undated, source equal to the outlet, BibTeX specials in the title,
# four pairs that all say "abacus", a question with a comma and double quotes.
KELP = """\
---
title: "Kelp farms & the north shore"
outlet: Tidewater Gazette
published: 2025-06-24 09:25
interviewee: Ines Varga-Holm
source: Coastal Wire
tags: [oceans, farming]
url: https://example.net/kelp-north-shore
---
Ines Varga-Holm grows kelp on long lines off a windy northern coast.

Why kelp and not mussels?

Kelp needs no feed at all. It takes nitrogen out of the water while it grows.

We harvest it twice a year.

How do you measure the water?

Floating sensors report salinity and temperature every ten minutes.

What would you tell a new grower?

Start small, with one line, and talk to the fishermen first.
"""

GLACIER = """\
---
title: "Counting *meltwater* with [x](y) gauges"
outlet: Alpine Ledger
published: 2023-01-05
interviewee: Ruo Lindqvist
tags: [ice]
---
Ruo Lindqvist maps meltwater streams below a shrinking glacier.

What surprised you this season?

How early the water arrived. The streams ran in March.
"""

SEEDS = """\
---
title: "A quiet archive of seeds"
outlet: Alpine Ledger
interviewee: Pell Aramaki
---
Pell Aramaki keeps a seed vault in an old railway tunnel where water never freezes.
"""

ABACUS = """\
---
title: "R&D at 5% a year: $2 bets, #tags, {drafts} and snake_case"
outlet: Quarry Review
source: Quarry Review
interviewee: Tomas Ferreira-Lund
---
Tomas Ferreira-Lund keeps the accounts of a small hilltop observatory.

Q: Why keep an abacus on the desk?

A: The abacus never needs a charger.

Q: Did the "quiet hours", as you call them, help the abacus club?

A: They did, and the abacus club doubled.

Q: Who taught you the abacus?

A: My aunt, who ran a market stall with an abacus.

Q: What is next?

A: A second abacus, for the interns.
"""

KELP_CITATION = (
    '— Ines Varga-Holm, "Kelp farms & the north shore", Tidewater Gazette, 24 June 2025, '
    "originally in Coastal Wire, https://example.net/kelp-north-shore"
)
GLACIER_CITATION = (
    '— Ruo Lindqvist, "Counting *meltwater* with [x](y) gauges", Alpine Ledger, 5 January 2023'
)


@pytest.fixture
def arts(tmp_path: Path) -> Path:
    """The four articles, indexed in tmp_path/idx so commands print no build notice."""
    root = write_files(
        tmp_path / "arts",
        {
            "2025/kelp.md": KELP,
            "2023/glacier.md": GLACIER,
            "undated/seeds.md": SEEDS,
            "undated/abacus.md": ABACUS,
        },
    )
    archive = Archive(root, tmp_path / "idx")
    archive.update()
    archive.close()
    return root


def run(capsys, arts: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--articles", str(arts), "--index", str(arts.parent / "idx"), *args])
    out, err = capsys.readouterr()
    return status, out, err


def run_exit(capsys, arts: Path, *args: str) -> tuple[int, str]:
    """For usage errors that argparse or the handler may report: status and stderr."""
    try:
        status = main(["--articles", str(arts), "--index", str(arts.parent / "idx"), *args])
    except SystemExit as exited:
        status = int(exited.code or 0)
    return status, capsys.readouterr().err


# -- quote ----------------------------------------------------------------------------


def test_quote_text_prints_first_answer_and_full_citation(arts: Path, capsys) -> None:
    status, out, err = run(capsys, arts, "quote", "2025/kelp")
    assert (status, err) == (0, "")
    assert out == (
        "“Kelp needs no feed at all. It takes nitrogen out of the water while it grows.\n"
        "\n"
        "We harvest it twice a year.”\n"
        "\n"
        f"{KELP_CITATION}\n"
    )


def test_quote_text_with_question_for_a_chosen_pair_by_path(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "quote", "2025/kelp.md", "--pair", "2", "--with-question")
    assert status == 0
    assert out == (
        "Q: How do you measure the water?\n"
        "\n"
        "“Floating sensors report salinity and temperature every ten minutes.”\n"
        "\n"
        f"{KELP_CITATION}\n"
    )


def test_quote_citation_of_undated_article_whose_source_is_its_outlet(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "quote", "undated/abacus", "--pair", "4")
    assert status == 0
    assert out == (
        "“A second abacus, for the interns.”\n"
        "\n"
        '— Tomas Ferreira-Lund, "R&D at 5% a year: $2 bets, #tags, {drafts} and snake_case", '
        "Quarry Review, undated\n"
    )


def test_quote_markdown_with_question_quotes_each_paragraph(arts: Path, capsys) -> None:
    args = ["quote", "2025/kelp", "--format", "markdown", "--with-question"]
    status, out, _ = run(capsys, arts, *args)
    assert status == 0
    assert out == (
        "**Q: Why kelp and not mussels?**\n"
        "\n"
        "> Kelp needs no feed at all. It takes nitrogen out of the water while it grows.\n"
        ">\n"
        "> We harvest it twice a year.\n"
        "\n"
        "— Ines Varga-Holm, *Kelp farms & the north shore*, Tidewater Gazette, 24 June 2025, "
        "originally in Coastal Wire, <https://example.net/kelp-north-shore>\n"
    )


def test_quote_markdown_escapes_emphasis_and_links_in_the_title(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "quote", "2023/glacier", "--format", "markdown")
    assert status == 0
    assert out == (
        "> How early the water arrived. The streams ran in March.\n"
        "\n"
        r"— Ruo Lindqvist, *Counting \*meltwater\* with \[x\](y) gauges*, Alpine Ledger, "
        "5 January 2023\n"
    )


def test_quote_json_shape_and_values(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "quote", "2025/kelp", "--pair", "3", "--format", "json")
    assert status == 0
    assert json.loads(out) == {
        "id": "2025/kelp",
        "pair": 3,
        "question": "What would you tell a new grower?",
        "answer": "Start small, with one line, and talk to the fishermen first.",
        "citation": KELP_CITATION,
        "interviewee": "Ines Varga-Holm",
        "title": "Kelp farms & the north shore",
        "outlet": "Tidewater Gazette",
        "published": "2025-06-24T09:25:00",
        "url": "https://example.net/kelp-north-shore",
        "source": "Coastal Wire",
    }
    _, out, _ = run(capsys, arts, "quote", "undated/abacus", "--format", "json")
    assert json.loads(out)["published"] is None


def test_quote_bibtex_entry(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "quote", "2025/kelp", "--pair", "2", "--format", "bibtex")
    assert status == 0
    assert out == (
        "@misc{vargaholm2025kelpq2,\n"
        "  author = {Ines Varga-Holm},\n"
        "  title = {Kelp farms \\& the north shore},\n"
        "  howpublished = {Tidewater Gazette},\n"
        "  year = {2025},\n"
        "  month = jun,\n"
        "  day = {24},\n"
        "  url = {https://example.net/kelp-north-shore},\n"
        "  note = {Interview, question 2}\n"
        "}\n"
    )


def test_quote_bibtex_escapes_specials_and_leaves_out_missing_date(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "quote", "undated/abacus", "--format", "bibtex")
    assert status == 0
    assert out == (
        "@misc{ferreiralundrq1,\n"
        "  author = {Tomas Ferreira-Lund},\n"
        r"  title = {R\&D at 5\% a year: \$2 bets, \#tags, \{drafts\} and snake\_case},"
        "\n"
        "  howpublished = {Quarry Review},\n"
        "  note = {Interview, question 1}\n"
        "}\n"
    )


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["2024/none"], 1, "no article with id or path '2024/none'; see 'brreader list'"),
        (["2025/kelp", "--pair", "4"], 2, "2025/kelp has 3 pairs; --pair takes 1 to 3"),
        (["2023/glacier", "--pair", "2"], 2, "2023/glacier has 1 pair; --pair takes only 1"),
        (["undated/seeds"], 1, "undated/seeds has no question and answer pairs"),
    ],
)
def test_quote_errors(arts: Path, capsys, args: list[str], status: int, message: str) -> None:
    got, out, err = run(capsys, arts, "quote", *args)
    assert (got, out, err) == (status, "", f"brreader: {message}\n")


# -- show --format markdown ------------------------------------------------------------


def test_show_markdown(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "show", "2025/kelp", "--format", "markdown")
    assert status == 0
    assert out == (
        "# Kelp farms & the north shore\n"
        "\n"
        "*Ines Varga-Holm · Tidewater Gazette · 24 June 2025*\n"
        "\n"
        "Ines Varga-Holm grows kelp on long lines off a windy northern coast.\n"
        "\n"
        "**Q1. Why kelp and not mussels?**\n"
        "\n"
        "Kelp needs no feed at all. It takes nitrogen out of the water while it grows.\n"
        "\n"
        "We harvest it twice a year.\n"
        "\n"
        "**Q2. How do you measure the water?**\n"
        "\n"
        "Floating sensors report salinity and temperature every ten minutes.\n"
        "\n"
        "**Q3. What would you tell a new grower?**\n"
        "\n"
        "Start small, with one line, and talk to the fishermen first.\n"
        "\n"
        "---\n"
        "\n"
        "Source: Coastal Wire  \n"
        "<https://example.net/kelp-north-shore>  \n"
        "Tags: oceans, farming\n"
    )


def test_show_markdown_escapes_title_and_refuses_json_too(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "show", "2023/glacier", "--format", "markdown")
    assert status == 0
    assert out.splitlines()[:3] == [
        r"# Counting \*meltwater\* with \[x\](y) gauges",
        "",
        "*Ruo Lindqvist · Alpine Ledger · 5 January 2023*",
    ]
    status, err = run_exit(capsys, arts, "show", "2023/glacier", "--format", "markdown", "--json")
    assert (status, err) == (2, "brreader: --json and --format do not go together; choose one\n")


# -- search exports ------------------------------------------------------------------------

ROW_KEYS = [
    "id", "pair", "question", "snippet", "interviewee", "outlet", "published", "path", "title",
    "answer",
]  # fmt: skip


def test_search_jsonl_lists_every_matching_pair(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "search", "abacus", "--format", "jsonl")
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert all(list(row) == ROW_KEYS for row in rows)
    assert sorted(row["pair"] for row in rows) == [1, 2, 3, 4]  # not just the best three
    first = next(row for row in rows if row["pair"] == 1)
    assert first == {
        "id": "undated/abacus",
        "pair": 1,
        "question": "Why keep an abacus on the desk?",
        "snippet": "The abacus never needs a charger.",
        "interviewee": "Tomas Ferreira-Lund",
        "outlet": "Quarry Review",
        "published": None,
        "path": "undated/abacus.md",
        "title": "R&D at 5% a year: $2 bets, #tags, {drafts} and snake_case",
        "answer": "The abacus never needs a charger.",
    }


def test_search_jsonl_lede_only_match_has_null_pair(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "search", "water", "--format", "jsonl")
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert sorted((r["id"], r["pair"]) for r in rows if r["id"] != "undated/seeds") == [
        ("2023/glacier", 1), ("2025/kelp", 1), ("2025/kelp", 2)
    ]  # fmt: skip
    assert [r for r in rows if r["id"] == "undated/seeds"] == [
        {
            "id": "undated/seeds",
            "pair": None,
            "question": "",
            "snippet": "Pell Aramaki keeps a seed vault in an old railway tunnel where water "
            "never freezes.",
            "interviewee": "Pell Aramaki",
            "outlet": "Alpine Ledger",
            "published": None,
            "path": "undated/seeds.md",
            "title": "A quiet archive of seeds",
            "answer": "",
        }
    ]


def test_search_csv_has_header_and_quotes_commas(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "search", "abacus OR freezes", "--format", "csv")
    assert status == 0
    assert out.splitlines()[0] == (
        "id,pair,question,snippet,interviewee,outlet,published,path,title,answer"
    )
    assert '"Did the ""quiet hours"", as you call them, help the abacus club?"' in out
    rows = list(csv.DictReader(io.StringIO(out)))
    by_pair = {(r["id"], r["pair"]): r for r in rows}
    assert set(by_pair) == {
        ("undated/abacus", "1"), ("undated/abacus", "2"), ("undated/abacus", "3"),
        ("undated/abacus", "4"), ("undated/seeds", ""),
    }  # fmt: skip
    assert by_pair["undated/abacus", "2"]["question"] == (
        'Did the "quiet hours", as you call them, help the abacus club?'
    )
    assert by_pair["undated/seeds", ""]["published"] == ""


def test_search_markdown_export(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "search", "streams", "--format", "markdown")
    assert status == 0
    heading, blank, count, rest = out.split("\n", 3)
    assert (heading, blank) == ("# Search: streams", "")
    assert count in ("1 article, 1 matching pair.", "1 article, 1 matching pairs.")
    assert rest == (
        "\n"
        r"## Counting \*meltwater\* with \[x\](y) gauges"
        "\n"
        "\n"
        "*Ruo Lindqvist · Alpine Ledger · 2023-01-05* — `2023/glacier`\n"
        "\n"
        "**Q1. What surprised you this season?**\n"
        "\n"
        "> How early the water arrived. The streams ran in March.\n"
    )


def test_search_markdown_export_does_not_count_lede_rows_as_pairs(arts: Path, capsys) -> None:
    # BUG: "water" matches three pairs (kelp Q1, Q2, glacier Q1) and the seeds lede;
    # the summary counts the lede row as a matching pair and says 4.
    status, out, _ = run(capsys, arts, "search", "water", "--format", "markdown")
    assert status == 0
    assert out.splitlines()[2] == "3 articles, 3 matching pairs."


def test_search_export_includes_every_matching_article(tmp_path: Path, capsys) -> None:
    # BUG: the export is documented as "every matching pair", but the default
    # --limit 10 silently keeps only the first ten of twelve matching articles.
    files = {
        f"lanterns/l{n:02d}.md": (
            f'---\ntitle: "Lantern workshop {n}"\noutlet: Night Desk\n'
            f"published: 2024-02-{n:02d}\ninterviewee: Oto Brennan\n---\n"
            "Oto Brennan repairs lanterns.\n\nWhy lanterns?\n\nBecause lanterns glow.\n"
        )
        for n in range(1, 13)
    }
    root = write_files(tmp_path / "arts", files)
    Archive(root, tmp_path / "idx").update()
    status, out, _ = run(capsys, root, "search", "lanterns", "--format", "csv")
    assert status == 0
    ids = {row["id"] for row in csv.DictReader(io.StringIO(out))}
    assert len(ids) == 12


def test_search_json_and_format_together_is_a_usage_error(arts: Path, capsys) -> None:
    status, out, err = run(capsys, arts, "search", "water", "--json", "--format", "csv")
    assert (status, out) == (2, "")
    assert err == "brreader: --json and --format do not go together; choose one\n"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("jsonl", ""),
        ("csv", "id,pair,question,snippet,interviewee,outlet,published,path,title,answer\n"),
        ("markdown", "# Search: zeppelin\n\n0 articles, 0 matching pairs.\n"),
    ],
)
def test_search_export_without_match_exits_1(arts: Path, capsys, fmt: str, expected: str) -> None:
    status, out, _ = run(capsys, arts, "search", "zeppelin", "--format", fmt)
    assert (status, out) == (1, expected)


# -- saved searches ----------------------------------------------------------------------


def test_saved_add_list_run_rm(arts: Path, capsys, private_state: Path) -> None:
    assert run(capsys, arts, "saved", "add", "ice", "glacier", "OR", "streams") == (
        0, "saved 'ice': glacier OR streams\n", ""
    )  # fmt: skip
    assert run(capsys, arts, "saved", "add", "kelp-and-more", "kelp") == (
        0, "saved 'kelp-and-more': kelp\n", ""
    )  # fmt: skip
    status, out, _ = run(capsys, arts, "saved", "list")
    assert (status, out) == (0, "ice            glacier OR streams\nkelp-and-more  kelp\n")
    status, out, _ = run(capsys, arts, "saved", "list", "--json")
    assert json.loads(out) == [
        {"name": "ice", "query": "glacier OR streams", "filters": {}},
        {"name": "kelp-and-more", "query": "kelp", "filters": {}},
    ]
    # run is the same as searching for the saved query
    ran = run(capsys, arts, "saved", "run", "ice", "--json")
    searched = run(capsys, arts, "search", "glacier OR streams", "--json")
    assert ran == searched and ran[0] == 0
    assert [r["id"] for r in json.loads(ran[1])["results"]] == ["2023/glacier"]
    assert run(capsys, arts, "saved", "run", "ice") == run(
        capsys, arts, "search", "glacier", "OR", "streams"
    )
    assert run(capsys, arts, "saved", "rm", "ice") == (0, "removed 'ice'\n", "")
    assert json.loads(private_state.read_text(encoding="utf-8"))["saved"] == {
        "kelp-and-more": "kelp"
    }


def test_saved_add_replaces_a_search_of_the_same_name(arts: Path, capsys) -> None:
    run(capsys, arts, "saved", "add", "topic", "kelp")
    run(capsys, arts, "saved", "add", "topic", "abacus")
    _, out, _ = run(capsys, arts, "saved", "list", "--json")
    assert json.loads(out) == [{"name": "topic", "query": "abacus", "filters": {}}]
    status, out, _ = run(capsys, arts, "saved", "run", "topic", "--json")
    assert status == 0
    assert [r["id"] for r in json.loads(out)["results"]] == ["undated/abacus"]


def test_saved_list_without_any(arts: Path, capsys) -> None:
    assert run(capsys, arts, "saved", "list") == (
        0, "", "brreader: no saved searches; add one with: brreader saved add NAME QUERY\n"
    )  # fmt: skip
    status, out, _ = run(capsys, arts, "saved", "list", "--json")
    assert (status, json.loads(out)) == (0, [])


@pytest.mark.parametrize("query", ["published:[to]", '""', "*", "colour:blue"])
def test_saved_add_refuses_a_query_that_cannot_run(
    arts: Path, capsys, private_state: Path, query: str
) -> None:
    status, err = run_exit(capsys, arts, "saved", "add", "broken", query)
    assert status == 2
    assert err.startswith("brreader: ") and err.count("\n") == 1
    assert "Traceback" not in err
    _, out, _ = run(capsys, arts, "saved", "list", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize("action", ["run", "rm"])
def test_saved_unknown_name_exits_1(arts: Path, capsys, action: str) -> None:
    status, out, err = run(capsys, arts, "saved", action, "nothing-here")
    assert (status, out) == (1, "")
    assert err == "brreader: no saved search called 'nothing-here'; see 'brreader saved list'\n"


def test_saved_searches_survive_deleting_the_index(arts: Path, capsys) -> None:
    run(capsys, arts, "saved", "add", "grower", "fishermen")
    shutil.rmtree(arts.parent / "idx")
    status, out, _ = run(capsys, arts, "saved", "list")
    assert (status, out) == (0, "grower  fishermen\n")
    status, out, err = run(capsys, arts, "saved", "run", "grower", "--json")
    assert status == 0
    assert "built a new index" in err
    assert [r["id"] for r in json.loads(out)["results"]] == ["2025/kelp"]


def test_saved_searches_keep_their_filters(arts: Path, capsys, private_state: Path) -> None:
    # Issue 19: a search saved with a filter ran again without it, finding more.
    status, out, err = run(capsys, arts, "saved", "add", "wet", "water", "--year", "2023")
    assert (status, out, err) == (0, "saved 'wet': water  [year: 2023]\n", "")
    _, everywhere, _ = run(capsys, arts, "search", "water", "--json")
    assert len(json.loads(everywhere)["results"]) > 1
    status, out, _ = run(capsys, arts, "saved", "run", "wet", "--json")
    assert [r["id"] for r in json.loads(out)["results"]] == ["2023/glacier"]
    assert run(capsys, arts, "saved", "run", "wet") == run(
        capsys, arts, "search", "water", "--year", "2023"
    )
    run(
        capsys,
        arts,
        "saved",
        "add",
        "mine",
        "water",
        "--who",
        "Ines Varga-Holm",
        "--show",
        "unread",
    )
    status, out, _ = run(capsys, arts, "saved", "list")
    assert out == (
        "mine  water  [interviewee: Ines Varga-Holm; show: unread]\nwet   water  [year: 2023]\n"
    )
    _, out, _ = run(capsys, arts, "saved", "list", "--json")
    assert json.loads(out) == [
        {
            "name": "mine",
            "query": "water",
            "filters": {"who": ["Ines Varga-Holm"], "show": "unread"},
        },
        {"name": "wet", "query": "water", "filters": {"year": [2023]}},
    ]
    _, out, _ = run(capsys, arts, "saved", "run", "mine", "--json")
    assert [r["id"] for r in json.loads(out)["results"]] == ["2025/kelp"]
    State(private_state, arts).mark_read("2025/kelp")  # read now: the unread view drops it
    status, out, _ = run(capsys, arts, "saved", "run", "mine", "--json")
    assert (status, json.loads(out)["results"]) == (1, [])
    # Every brreader reads "saved" as name -> query; the filters are kept beside it.
    kept = json.loads(private_state.read_text(encoding="utf-8"))
    assert kept["saved"] == {"mine": "water", "wet": "water"}
    assert kept["saved_filters"]["wet"] == {"query": "water", "year": [2023]}
    run(capsys, arts, "saved", "rm", "wet")
    kept = json.loads(private_state.read_text(encoding="utf-8"))
    assert "wet" not in kept["saved"] and "wet" not in kept["saved_filters"]


def test_saved_searches_from_before_filters_still_load(
    arts: Path, capsys, private_state: Path
) -> None:
    private_state.parent.mkdir(parents=True, exist_ok=True)
    old = {"brreader": "state", "version": 1, "archives": {}, "saved": {"wet": "water"}}
    private_state.write_text(json.dumps(old), encoding="utf-8")
    status, out, err = run(capsys, arts, "saved", "list")
    assert (status, out, err) == (0, "wet  water\n", "")
    assert run(capsys, arts, "saved", "run", "wet") == run(capsys, arts, "search", "water")
    # An older brreader that replaced the query under the same name (it knows nothing of
    # the filters) leaves them behind: they belong to the old query and are not applied.
    run(capsys, arts, "saved", "add", "wet", "water", "--year", "2023")
    edited = json.loads(private_state.read_text(encoding="utf-8"))
    edited["saved"]["wet"] = "kelp"
    private_state.write_text(json.dumps(edited), encoding="utf-8")
    status, out, _ = run(capsys, arts, "saved", "list")
    assert (status, out) == (0, "wet  kelp\n")
    assert not list(private_state.parent.glob("*.corrupt-*"))


def test_saved_add_accepts_a_note_query(arts: Path, capsys, private_state: Path) -> None:
    # BUG: `search water note:soil` works, but saving the same query is refused with
    # exit 2 "unknown field 'note:' in query 'water note:soil'".
    State(private_state, arts).add_bookmark("2025/kelp", 2, note="soils and sensors")
    status, out, err = run(capsys, arts, "saved", "add", "soil", "water", "note:soil")
    assert (status, out, err) == (0, "saved 'soil': water note:soil\n", "")
    status, out, _ = run(capsys, arts, "saved", "run", "soil", "--json")
    assert [r["id"] for r in json.loads(out)["results"]] == ["2025/kelp"]


# -- bookmarks -------------------------------------------------------------------------------


@pytest.fixture
def marked(arts: Path, private_state: Path) -> Path:
    """Bookmarks on a pair (with a note), a whole article, and an article deleted since."""
    state = State(private_state, arts)
    state.add_bookmark("2025/kelp", 2, note="soils and sensors")
    state.add_bookmark("2023/glacier", None)
    state.add_bookmark("2023/glacier", 1, note="Early melt, ask again")
    state.add_bookmark("2020/vanished", 3, note="the lost radio piece")
    return arts


def test_bookmarks_text(marked: Path, capsys) -> None:
    status, out, err = run(capsys, marked, "bookmarks")
    assert (status, err) == (0, "")
    assert out == (
        "1. 2025/kelp Q2\n"
        "   Q2 How do you measure the water?\n"
        f"   {KELP_CITATION}\n"
        "   Note: soils and sensors\n"
        "\n"
        "2. 2023/glacier\n"
        f"   {GLACIER_CITATION}\n"
        "\n"
        "3. 2023/glacier Q1\n"
        "   Q1 What surprised you this season?\n"
        f"   {GLACIER_CITATION}\n"
        "   Note: Early melt, ask again\n"
        "\n"
        "4. 2020/vanished Q3\n"
        "   (this article is no longer in the archive)\n"
        "   Note: the lost radio piece\n"
    )


def test_bookmarks_json(marked: Path, capsys) -> None:
    status, out, _ = run(capsys, marked, "bookmarks", "--json")
    assert status == 0
    data = json.loads(out)
    for row in data:
        assert list(row) == ["id", "pair", "note", "added", "question", "citation", "missing"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", row.pop("added"))
    assert data == [
        {
            "id": "2025/kelp",
            "pair": 2,
            "note": "soils and sensors",
            "question": "How do you measure the water?",
            "citation": KELP_CITATION,
            "missing": False,
        },
        {
            "id": "2023/glacier",
            "pair": None,
            "note": "",
            "question": None,
            "citation": GLACIER_CITATION,
            "missing": False,
        },
        {
            "id": "2023/glacier",
            "pair": 1,
            "note": "Early melt, ask again",
            "question": "What surprised you this season?",
            "citation": GLACIER_CITATION,
            "missing": False,
        },
        {
            "id": "2020/vanished",
            "pair": 3,
            "note": "the lost radio piece",
            "question": None,
            "citation": None,
            "missing": True,
        },
    ]


def test_bookmarks_as_csl_json_for_reference_managers(marked: Path, capsys) -> None:
    status, out, err = run(capsys, marked, "bookmarks", "--format", "csl-json")
    assert status == 0
    assert err == "brreader: left out 1 bookmark whose article is gone: 2020/vanished\n"
    items = json.loads(out)
    assert [item["type"] for item in items] == ["interview"] * 3
    kelp, glacier, glacier_q1 = items
    assert kelp["author"] == [{"literal": "Ines Varga-Holm"}]
    assert kelp["title"] == "Kelp farms & the north shore"
    assert kelp["container-title"] == "Tidewater Gazette"
    assert kelp["issued"] == {"date-parts": [[2025, 6, 24]]}
    assert kelp["URL"] == "https://example.net/kelp-north-shore"
    assert (kelp["note"], kelp["annote"]) == ("Interview, question 2", "soils and sensors")
    assert "note" not in glacier and glacier["id"] != glacier_q1["id"]
    assert glacier_q1["annote"] == "Early melt, ask again"


def test_quote_as_csl_json(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "quote", "2025/kelp", "--pair", "2", "--format", "csl-json")
    assert status == 0
    [item] = json.loads(out)
    assert (item["type"], item["note"]) == ("interview", "Interview, question 2")
    assert item["author"] == [{"literal": "Ines Varga-Holm"}]
    assert item["abstract"]  # the answer quoted
    assert item["source"] == "Coastal Wire"


def test_bookmarks_without_any(arts: Path, capsys) -> None:
    hint = "no bookmarks yet; press b in the reader to bookmark the current question"
    assert run(capsys, arts, "bookmarks") == (0, "", f"brreader: {hint}\n")
    status, out, _ = run(capsys, arts, "bookmarks", "--json")
    assert (status, json.loads(out)) == (0, [])


def test_bookmark_with_a_negative_pair_does_not_show_another_pairs_question(
    arts: Path, capsys, private_state: Path
) -> None:
    # BUG: a hand-edited bookmark with "pair": -1 passes the file check and is
    # listed as "Q-1 How do you measure the water?" (pair 2's question, by
    # Python's negative indexing), not as damaged or question-less.
    state = {
        "brreader": "state",
        "version": 1,
        "archives": {str(arts.resolve()): {"bookmarks": [{"id": "2025/kelp", "pair": -1}]}},
        "saved": {},
    }
    private_state.write_text(json.dumps(state), encoding="utf-8")
    status, out, _ = run(capsys, arts, "bookmarks")
    assert status == 0
    assert "How do you measure the water?" not in out


# -- note: terms -------------------------------------------------------------------------------


def _ids(out: str) -> list[str]:
    return [r["id"] for r in json.loads(out)["results"]]


@pytest.mark.parametrize("query", ["note:soil", "NOTE:Soils", "note:sensor", 'note:"sensors soil"'])
def test_note_alone_lists_the_bookmarked_articles_whose_notes_match(
    marked: Path, capsys, query: str
) -> None:
    status, out, _ = run(capsys, marked, "search", query, "--json")
    assert status == 0
    assert json.loads(out)["query"] == query
    assert _ids(out) == ["2025/kelp"]


def test_note_narrows_a_normal_search(marked: Path, capsys) -> None:
    _, out, _ = run(capsys, marked, "search", "water", "--json")
    assert sorted(_ids(out)) == ["2023/glacier", "2025/kelp", "undated/seeds"]
    status, out, _ = run(capsys, marked, "search", "water", "note:soil", "--json")
    assert status == 0
    assert _ids(out) == ["2025/kelp"]
    assert [m["pair"] for m in json.loads(out)["results"][0]["matches"]] == [2, 1]


def test_quoted_note_needs_every_word_in_the_same_articles_notes(marked: Path, capsys) -> None:
    status, out, err = run(capsys, marked, "search", 'note:"soil melt"')
    assert (status, out) == (1, "")
    assert err == "brreader: no articles match 'note:\"soil melt\"'\n"
    status, out, _ = run(capsys, marked, "search", 'note:"melt again"', "--json")
    assert (status, _ids(out)) == (0, ["2023/glacier"])


def test_note_of_an_article_no_longer_there_matches_nothing(marked: Path, capsys) -> None:
    status, out, err = run(capsys, marked, "search", "note:radio")
    assert (status, out, err) == (1, "", "brreader: no articles match 'note:radio'\n")


def test_note_search_heading_names_the_query_typed(marked: Path, capsys) -> None:
    # BUG: the heading quotes the query with its note: terms taken out, so
    # `search note:soil` prints "1 article matches ''".
    status, out, _ = run(capsys, marked, "search", "note:soil")
    assert status == 0
    assert out.splitlines()[0] == "1 article matches 'note:soil'"


def test_not_or_or_before_a_note_term_is_refused_not_misread(marked: Path, capsys) -> None:
    # note: terms only narrow (AND); NOT/OR with them would silently mean the opposite.
    for words in (["water", "NOT", "note:soil"], ["water", "OR", "note:melt"]):
        status, out, err = run(capsys, marked, "search", *words)
        assert (status, out) == (2, "")
        assert err.startswith("brreader: note: terms narrow a search (AND) in ")
        assert err.endswith("NOT note:... and OR note:... are not supported\n")


def test_note_in_timeline_and_facets(marked: Path, capsys) -> None:
    status, out, _ = run(capsys, marked, "timeline", "water", "note:melt", "--json")
    assert status == 0
    assert [(p["id"], p["pair"]) for p in json.loads(out)["pairs"]] == [("2023/glacier", 1)]
    status, out, _ = run(capsys, marked, "facets", "note:soil", "--json")
    data = json.loads(out)
    assert (status, data["total"]) == (0, 1)
    assert data["facets"]["interviewee"] == [{"value": "Ines Varga-Holm", "count": 1}]
    assert data["facets"]["tag"] == [
        {"value": "farming", "count": 1}, {"value": "oceans", "count": 1}
    ]  # fmt: skip


def test_notes_of_another_articles_folder_do_not_match(
    arts: Path, capsys, private_state: Path, tmp_path: Path
) -> None:
    other = write_files(tmp_path / "other", {"2025/kelp.md": KELP})
    State(private_state, other).add_bookmark("2025/kelp", 1, note="soil everywhere")
    status, _, err = run(capsys, arts, "search", "note:soil")
    assert (status, err) == (1, "brreader: no articles match 'note:soil'\n")
    status, out, _ = run(capsys, arts, "bookmarks", "--json")
    assert json.loads(out) == []


# -- the state file ------------------------------------------------------------------------------


def test_state_file_is_readable_json_with_no_temporary_left(
    marked: Path, capsys, private_state: Path
) -> None:
    run(capsys, marked, "saved", "add", "café", "kelp")
    State(private_state, marked).add_bookmark("undated/abacus", 2, note="Ökonomie, naïve")
    assert [p.name for p in private_state.parent.iterdir() if p.name.endswith(".tmp")] == []
    text = private_state.read_text(encoding="utf-8")
    data = json.loads(text)
    assert set(data) == {"brreader", "version", "archives", "saved"}
    assert (data["brreader"], data["version"], data["saved"]) == ("state", 1, {"café": "kelp"})
    assert list(data["archives"]) == [str(marked.resolve())]
    marks = data["archives"][str(marked.resolve())]["bookmarks"]
    assert [(m["id"], m["pair"], m["note"]) for m in marks][-1] == (
        "undated/abacus", 2, "Ökonomie, naïve"
    )  # fmt: skip
    # human readable: one key a line, indented, accents as they are
    assert '\n  "saved": {\n    "café": "kelp"\n  },' in text
    assert '"note": "Ökonomie, naïve"' in text


def test_state_is_keyed_by_the_absolute_articles_folder(
    arts: Path, capsys, private_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    State(private_state, arts).add_bookmark("2023/glacier", 1, note="by absolute path")
    monkeypatch.chdir(arts.parent)
    status = main(["--articles", "arts", "--index", "idx", "bookmarks", "--json"])
    out, _ = capsys.readouterr()
    assert status == 0
    assert [(m["id"], m["note"]) for m in json.loads(out)] == [("2023/glacier", "by absolute path")]


def test_state_survives_an_index_rebuild(marked: Path, capsys) -> None:
    run(capsys, marked, "saved", "add", "melt", "streams")
    _, before, _ = run(capsys, marked, "bookmarks")
    status, out, _ = run(capsys, marked, "index", "--rebuild")
    assert (status, out) == (0, "indexed 4, unchanged 0, removed 0, skipped 0\n")
    assert run(capsys, marked, "bookmarks") == (0, before, "")
    assert run(capsys, marked, "saved", "list") == (0, "melt  streams\n", "")


DAMAGED = {
    "garbage bytes": b"\xff\xfe{ not json at all",
    "wrong shape": b'["brreader", "state"]',
    "string pair": json.dumps(
        {
            "brreader": "state",
            "version": 1,
            "archives": {"/somewhere": {"bookmarks": [{"id": "2025/kelp", "pair": "2"}]}},
            "saved": {},
        }
    ).encode(),
}


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_damaged_state_is_kept_aside_and_the_command_still_works(
    arts: Path, capsys, private_state: Path, kind: str
) -> None:
    private_state.write_bytes(DAMAGED[kind])
    status, out, err = run(capsys, arts, "saved", "add", "grower", "fishermen")
    assert (status, out) == (0, "saved 'grower': fishermen\n")
    found = re.fullmatch(
        rf"brreader: {re.escape(str(private_state))} was damaged; kept it as "
        r"(state\.json\.corrupt-\d{8}-\d{6}) and started a new one\n",
        err,
    )
    assert found, err
    assert (private_state.parent / found[1]).read_bytes() == DAMAGED[kind]
    assert json.loads(private_state.read_text(encoding="utf-8"))["saved"] == {"grower": "fishermen"}
    # and no second warning: the new file is fine
    assert run(capsys, arts, "saved", "list") == (0, "grower  fishermen\n", "")


def test_a_second_damaged_file_does_not_overwrite_the_first_backup(
    arts: Path, capsys, private_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # BUG: the backup name has one-second resolution and os.replace overwrites an
    # existing backup, so a file damaged twice within a second loses the first copy.
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return cls(2025, 6, 24, 9, 25, 0)

    monkeypatch.setattr("brreader.state.datetime", Frozen)
    private_state.write_bytes(DAMAGED["garbage bytes"])
    run(capsys, arts, "bookmarks")
    private_state.write_bytes(DAMAGED["wrong shape"])
    run(capsys, arts, "bookmarks")
    kept = sorted(p.read_bytes() for p in private_state.parent.glob("state.json.corrupt-*"))
    assert kept == sorted([DAMAGED["garbage bytes"], DAMAGED["wrong shape"]])


def test_state_path_inside_a_regular_file_warns_and_works(
    arts: Path, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("just a file\n", encoding="utf-8")
    monkeypatch.setenv("BRREADER_STATE", str(blocker / "state.json"))
    status, out, err = run(capsys, arts, "bookmarks")
    assert (status, out) == (0, "")
    assert err.splitlines()[0] == (
        f"brreader: cannot read {blocker / 'state.json'} (Not a directory); "
        "bookmarks and saved searches are not available this time"
    )
    status, out, err = run(capsys, arts, "search", "water", "note:soil")
    assert status == 1 and "Traceback" not in err
    status, out, err = run(capsys, arts, "saved", "add", "x", "kelp")
    assert f"brreader: cannot save {blocker / 'state.json'}" in err
    assert "Traceback" not in err
    assert blocker.read_text(encoding="utf-8") == "just a file\n"


def test_state_path_that_is_a_folder_leaves_no_temporary_file(
    arts: Path, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "st" / "state.json"
    folder.mkdir(parents=True)
    monkeypatch.setenv("BRREADER_STATE", str(folder))
    status, _, err = run(capsys, arts, "saved", "add", "x", "kelp")
    assert status == 3  # the search was not saved: say so
    assert f"brreader: cannot save {folder} (Is a directory); set BRREADER_STATE" in err
    assert "Traceback" not in err
    assert [p.name for p in folder.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert list(folder.iterdir()) == []


def test_two_state_objects_do_not_lose_each_others_changes(
    arts: Path, capsys, private_state: Path
) -> None:
    first, second = State(private_state, arts), State(private_state, arts)
    first.add_bookmark("2025/kelp", 1, note="one")
    second.add_bookmark("2023/glacier", 1, note="two")
    second.save_search("melt", "streams")
    first.save_search("grow", "fishermen")
    first.remove_bookmark("2025/kelp", 1)
    first.add_bookmark("undated/abacus", 3, note="three")
    _, out, _ = run(capsys, arts, "bookmarks", "--json")
    assert [(m["id"], m["note"]) for m in json.loads(out)] == [
        ("2023/glacier", "two"), ("undated/abacus", "three")
    ]  # fmt: skip
    _, out, _ = run(capsys, arts, "saved", "list")
    assert out == "grow  fishermen\nmelt  streams\n"


def test_a_search_saved_elsewhere_can_be_removed(arts: Path, capsys, private_state: Path) -> None:
    # BUG: remove_search looks only at what this State read when it was opened,
    # so a reader left open cannot remove a search saved since by `brreader saved add`:
    # it answers False and the search stays.
    reader = State(private_state, arts)
    assert run(capsys, arts, "saved", "add", "late", "kelp")[0] == 0
    assert reader.remove_search("late") is True
    assert run(capsys, arts, "saved", "list", "--json")[1].strip() == "[]"


def test_csv_export_has_the_title_and_the_whole_answer(tmp_path: Path, capsys) -> None:
    # Issue 19: the CSV cut answers to a ~230-character snippet ending in "…".
    long_answer = " ".join(
        f"Sentence {n} about the kelp lines and the winter storms." for n in range(12)
    )
    arts = write_files(
        tmp_path / "arts",
        {
            "kelp.md": "---\ntitle: Long Kelp Talk\n---\nQ: How was winter?\n\n"
            f"A: {long_answer}\n\nThe boats stayed in.\n"
        },
    )
    status, out, _ = run(capsys, arts, "search", "kelp", "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and row["title"] == "Long Kelp Talk"
    assert row["answer"] == f"{long_answer}\nThe boats stayed in."
    assert len(row["snippet"]) < len(long_answer) and row["snippet"].endswith("…")
