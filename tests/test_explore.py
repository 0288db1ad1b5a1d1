"""Filters, spelling suggestions, facets, related pairs and the timeline, from the command line."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brreader.articles import read_article
from brreader.cli import main
from brreader.model import Article
from brreader.search import Archive
from tests.conftest import SAMPLE_ARTICLES, write_files


def _article(
    title: str,
    outlet: str,
    interviewee: str,
    tags: list[str],
    pairs: list[tuple[str, str]],
    published: str | None = None,
    lede: str = "",
) -> str:
    head = [f'title: "{title}"', f'outlet: "{outlet}"', f'interviewee: "{interviewee}"']
    if published is not None:
        head.append(f"published: {published}")
    head.append(f"tags: [{', '.join(tags)}]")
    body = [lede or f"{interviewee} spoke to {outlet}.", ""]
    for question, answer in pairs:
        body += [f"Q: {question}", "", f"A: {answer}", ""]
    return "---\n" + "\n".join(head) + "\n---\n" + "\n".join(body)


# Invented people and outlets; the moraine articles share a topic nothing else mentions.
ARCHIVE: dict[str, str | bytes] = {
    "2021/moraine-lakes.txt": _article(
        "Listening to the moraine",
        "Alpine Field Courier",
        "Dara Khéng",
        ["glaciers", "sensors"],
        [
            (
                "Why put sensors on a glacier moraine?",
                "Moraine sensors warn the valley when meltwater lakes swell behind the "
                "glacier moraine and the moraine wall starts to creep.",
            ),
            ("Who pays for the network?", "Two provincial water boards share the cost."),
            ("What about the winter?", "Snow buries the boxes, so we dig them out each March."),
        ],
        published="2021-05-04 09:00",
    ),
    "2024/moraine-revisited.txt": _article(
        "Three years on the moraine",
        "Lowland Tribune",
        "Dara Khéng",
        ["glaciers"],
        [
            ("What broke first?", "Batteries, in the cold of the first January."),
            (
                "How has the moraine sensor network grown?",
                "From six moraine sensors to forty, and every glacier lake behind a "
                "moraine is now watched hourly.",
            ),
        ],
        published="2024-03-01 16:30",
    ),
    "2024/terraces.txt": _article(
        "Terraces that hold the rain",
        "Lowland Tribune",
        "Lucía Ferrandi",
        ["agriculture", "water"],
        [
            ("How do the terraces store water?", "Clay lips keep water on each step for days."),
            ("Do the farmers share pumps?", "They share two diesel pumps and a rota."),
        ],
        published="2024-03-02 08:00",
    ),
    "2025/solar-pumps.txt": _article(
        "Sun-driven pumps on the steppe",
        "eastwind Ledger",
        "Élodie Varga",
        ["energy", "water"],
        [
            ("What do the pumps replace?", "Diesel, which had to be trucked in weekly."),
            ("Is there enough water?", "The aquifer refills faster than the herds drink."),
        ],
        published="2025-01-15",
    ),
    "undated/cranes.txt": _article(
        "Cranes that talk to ships",
        "Harbour Bell",
        "Mirela Ostrova",
        ["ports"],
        [
            ("What do the cranes measure?", "Wind, load and the water level under each ship."),
        ],
    ),
}


# ---------------------------------------------------------------------------
# helpers and fixtures


Folders = tuple[Path, Path]


@pytest.fixture
def arch(tmp_path: Path) -> Folders:
    """The invented archive above, indexed, as (articles folder, index folder)."""
    articles = write_files(tmp_path / "articles", ARCHIVE)
    index = tmp_path / "index"
    archive = Archive(articles, index)
    archive.update()
    archive.close()
    return articles, index


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Folders:
    """The repo's sample archive (read only) with an index of its own."""
    index = tmp_path_factory.mktemp("sample") / "index"
    archive = Archive(SAMPLE_ARTICLES, index)
    archive.update()
    archive.close()
    return SAMPLE_ARTICLES, index


def run(capsys: pytest.CaptureFixture[str], folders: Folders, *args: str) -> tuple[int, str, str]:
    articles, index = folders
    status = main(["--articles", str(articles), "--index", str(index), *args])
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], folders: Folders, *args: str) -> Any:
    _status, out, _err = run(capsys, folders, *args, "--json")
    return json.loads(out)


def usage_exit(capsys: pytest.CaptureFixture[str], folders: Folders, *args: str) -> tuple[int, str]:
    """Run a command line argparse rejects: its exit status and stderr."""
    with pytest.raises(SystemExit) as exited:
        run(capsys, folders, *args)
    code = exited.value.code
    assert isinstance(code, int)
    return code, capsys.readouterr().err


def found_ids(capsys: pytest.CaptureFixture[str], folders: Folders, *args: str) -> list[str]:
    data = run_json(capsys, folders, "search", "--limit", "100", *args)
    assert data["total"] == len(data["results"])
    return sorted(result["id"] for result in data["results"])


# ---------------------------------------------------------------------------
# search filters


@pytest.mark.parametrize("name", ["Dara Khéng", "dara kheng", "DARA KHÉNG", "kheng", "khéng dara"])
def test_who_matches_names_ignoring_case_accents_and_word_order(
    arch: Folders, capsys, name: str
) -> None:
    assert found_ids(capsys, arch, "water") == [
        "2021/moraine-lakes", "2024/terraces", "2025/solar-pumps", "undated/cranes"
    ]  # fmt: skip
    assert found_ids(capsys, arch, "water", "--who", name) == ["2021/moraine-lakes"]


def test_repeated_flag_is_or_and_different_flags_are_and(arch: Folders, capsys) -> None:
    either = ["--outlet", "lowland tribune", "--outlet", "EASTWIND LEDGER"]
    assert found_ids(capsys, arch, "water", *either) == ["2024/terraces", "2025/solar-pumps"]
    assert found_ids(capsys, arch, "water", "--tag", "water") == [
        "2024/terraces", "2025/solar-pumps"
    ]  # fmt: skip
    assert found_ids(capsys, arch, "water", "--year", "2025") == ["2025/solar-pumps"]
    assert found_ids(capsys, arch, "water", "--tag", "water", "--year", "2025") == [
        "2025/solar-pumps"
    ]
    assert found_ids(capsys, arch, "water", "--year", "2021", "--year", "2025") == [
        "2021/moraine-lakes", "2025/solar-pumps"
    ]  # fmt: skip
    assert found_ids(capsys, arch, "water", "--outlet", "tribune", "--who", "lucia") == [
        "2024/terraces"
    ]


def test_plain_search_output_with_a_filter(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "search", "water", "--who", "kheng")
    assert (status, err) == (0, "")
    assert out == (
        "1 article matches 'water'\n"
        "\n"
        "1. Listening to the moraine\n"
        "   2021-05-04 09:00 · Dara Khéng · Alpine Field Courier  2021/moraine-lakes\n"
        "   Q2 Who pays for the network?\n"
        "      Two provincial water boards share the cost.\n"
    )


def test_to_includes_the_whole_day_and_from_a_year_means_its_first_day(
    arch: Folders, capsys
) -> None:
    query = "moraine OR water"
    # moraine-revisited was published at 16:30 on 2024-03-01; terraces the next morning.
    assert found_ids(capsys, arch, query, "--to", "2024-03-01") == [
        "2021/moraine-lakes", "2024/moraine-revisited"
    ]  # fmt: skip
    assert found_ids(capsys, arch, query, "--from", "2024-03-01", "--to", "2024-03-01") == [
        "2024/moraine-revisited"
    ]
    assert found_ids(capsys, arch, query, "--from", "2024-03-02") == [
        "2024/terraces", "2025/solar-pumps"
    ]  # fmt: skip
    # --from 2025 is 2025-01-01; the undated article is outside every date range.
    assert found_ids(capsys, arch, query, "--from", "2025") == ["2025/solar-pumps"]


def test_a_year_or_a_month_means_all_of_it_at_either_end(arch: Folders, capsys) -> None:
    query = "moraine OR water"
    in_2024 = ["2024/moraine-revisited", "2024/terraces"]
    assert sorted(found_ids(capsys, arch, query, "--from", "2024", "--to", "2024")) == in_2024
    assert sorted(found_ids(capsys, arch, query, "--from", "2024-03", "--to", "2024-03")) == in_2024
    assert found_ids(capsys, arch, query, "--to", "2024-02") == ["2021/moraine-lakes"]
    code, err = usage_exit(capsys, arch, "search", "water", "--to", "2024-13")
    assert code == 2
    assert "not a date: '2024-13'; write it like 2025-06-24, 2025-06 or 2025" in err


def test_to_before_from_is_a_usage_error(arch: Folders, capsys) -> None:
    status, out, err = run(
        capsys, arch, "search", "water", "--from", "2024-03-02", "--to", "2024-03-01"
    )
    assert (status, out) == (2, "")
    assert err == "brreader: --to is before --from; swap them\n"


@pytest.mark.parametrize(
    ("option", "value"), [("--year", "20x5"), ("--year", "25"), ("--from", "yesterday")]
)
def test_bad_year_or_date_exits_2_with_one_line(arch: Folders, capsys, option, value) -> None:
    code, err = usage_exit(capsys, arch, "search", "water", option, value)
    assert code == 2
    assert err.startswith(f"brreader: argument {option}: ") and err.count("\n") == 1
    assert repr(value) in err


def test_filter_value_matching_nothing_is_named_on_stderr(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "search", "water", "--who", "nobody")
    assert (status, out) == (1, "")
    assert err == (
        "brreader: --who 'nobody' matches no interviewee in the archive; "
        "'brreader facets' lists them\n"
        "brreader: no articles match 'water'\n"
    )
    status, out, err = run(
        capsys, arch, "search", "water", "--outlet", "Harbor Bel", "--tag", "water", "--json"
    )
    assert status == 1
    assert json.loads(out) == {"query": "water", "total": 0, "suggestion": None, "results": []}
    assert err == (
        "brreader: --outlet 'Harbor Bel' matches no outlet in the archive; "
        "'brreader facets' lists them\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["water", "--who", "nobody"],
        ["water", "--sort", "newest", "--who", "nobody"],
        ['"water boards"', "--year", "1990"],
        ["published:2021", "--tag", "nothing-like-it"],
    ],
)
def test_a_filter_that_matches_nothing_finds_nothing_for_every_query_and_order(
    arch: Folders, capsys, args: list[str]
) -> None:
    status, out, _ = run(capsys, arch, "search", *args, "--json")
    assert (status, json.loads(out)["total"]) == (1, 0)


def test_filter_value_of_an_edited_article_is_reported_as_matching_nothing(
    arch: Folders, capsys
) -> None:
    articles, _ = arch
    cranes = articles / "undated" / "cranes.txt"
    cranes.write_text(
        cranes.read_text(encoding="utf-8").replace("Mirela Ostrova", "Mirela Ostrovska"),
        encoding="utf-8",
    )
    assert found_ids(capsys, arch, "water", "--who", "Mirela Ostrovska") == ["undated/cranes"]
    status, out, err = run(capsys, arch, "search", "water", "--who", "Mirela Ostrova")
    assert (status, out) == (1, "")
    assert err == (
        "brreader: --who 'Mirela Ostrova' matches no interviewee in the archive; "
        "'brreader facets' lists them\n"
        "brreader: no articles match 'water'\n"
    )


# ---------------------------------------------------------------------------
# "Did you mean"


def test_misspelt_query_with_no_match_gets_a_correction(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "search", "moraine", "glacer")
    assert (status, out) == (1, "")
    assert err == "brreader: no articles match 'moraine glacer'\nDid you mean: moraine glacier\n"
    data = run_json(capsys, arch, "search", "glacer")
    assert data == {"query": "glacer", "total": 0, "suggestion": "glacier", "results": []}


def test_few_matches_keep_exit_0_and_still_get_a_correction(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "search", "sensors OR glacer")
    assert status == 0
    assert out.startswith("2 articles match 'sensors OR glacer'\n")
    assert err == "Did you mean: sensors OR glacier\n"
    data = run_json(capsys, arch, "search", "sensors OR glacer")
    assert (data["total"], data["suggestion"]) == (2, "sensors OR glacier")


@pytest.mark.parametrize(
    ("query", "status", "total"),
    [("water OR glacer", 0, 4), ("glacier terraces", 1, 0), ("moraine", 0, 2)],
)
def test_no_correction_for_many_matches_or_known_words(
    arch: Folders, capsys, query: str, status: int, total: int
) -> None:
    got, _out, err = run(capsys, arch, "search", query)
    assert got == status
    assert "Did you mean" not in err
    data = run_json(capsys, arch, "search", query)
    assert (data["total"], data["suggestion"]) == (total, None)


# ---------------------------------------------------------------------------
# facets


def test_facets_text_sorts_by_count_then_name_ignoring_case_and_accents(
    arch: Folders, capsys
) -> None:
    status, out, err = run(capsys, arch, "facets")
    assert (status, err) == (0, "")
    assert out == (
        "5 articles\n"
        "\n"
        "Interviewees (4)\n"
        "  2  Dara Khéng\n"
        "  1  Élodie Varga\n"
        "  1  Lucía Ferrandi\n"
        "  1  Mirela Ostrova\n"
        "\n"
        "Outlets (4)\n"
        "  2  Lowland Tribune\n"
        "  1  Alpine Field Courier\n"
        "  1  eastwind Ledger\n"
        "  1  Harbour Bell\n"
        "\n"
        "Tags (6)\n"
        "  2  glaciers\n"
        "  2  water\n"
        "  1  agriculture\n"
        "  1  energy\n"
        "  1  ports\n"
        "  1  sensors\n"
        "\n"
        "Years (3)\n"
        "  1  2025\n"
        "  2  2024\n"
        "  1  2021\n"
        "\n"
        "Languages (1)\n"
        "  5  English (en)\n"
    )


def test_facets_json_for_a_query_and_filters(arch: Folders, capsys) -> None:
    data = run_json(capsys, arch, "facets", "water OR moraine", "--outlet", "lowland tribune")
    assert data == {
        "query": "water OR moraine",
        "total": 2,
        "facets": {
            "interviewee": [
                {"value": "Dara Khéng", "count": 1},
                {"value": "Lucía Ferrandi", "count": 1},
            ],
            "outlet": [{"value": "Lowland Tribune", "count": 2}],
            "tag": [
                {"value": "agriculture", "count": 1},
                {"value": "glaciers", "count": 1},
                {"value": "water", "count": 1},
            ],
            "year": [{"value": "2024", "count": 2}],
            "language": [{"value": "en", "count": 2}],
        },
    }


def test_facets_heading_names_the_query_and_one_article(arch: Folders, capsys) -> None:
    status, out, _ = run(capsys, arch, "facets", "terraces")
    assert status == 0
    assert out.splitlines()[:4] == [
        "1 article matching 'terraces'", "", "Interviewees (1)", "  1  Lucía Ferrandi"
    ]  # fmt: skip


def test_facets_with_no_match_exit_1(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "facets", "zebra")
    assert (status, out) == (1, "")
    assert err == "brreader: no articles match 'zebra'\n"
    status, out, err = run(capsys, arch, "facets", "--tag", "nothing-like-it", "--json")
    assert status == 1
    assert json.loads(out) == {
        "query": "",
        "total": 0,
        "facets": {"interviewee": [], "outlet": [], "tag": [], "year": [], "language": []},
    }
    assert err == (
        "brreader: --tag 'nothing-like-it' matches no tag in the archive; "
        "'brreader facets' lists them\n"
    )


def test_facets_shows_ten_values_unless_all(sample: Folders, capsys) -> None:
    data = run_json(capsys, sample, "facets")
    names = [entry["value"] for entry in data["facets"]["interviewee"]]
    assert len(names) > 10  # the sample archive has more interviewees than one screen
    _, out, _ = run(capsys, sample, "facets")
    lines = out.splitlines()
    start = lines.index(f"Interviewees ({len(names)})")
    assert [line.split("  ")[-1] for line in lines[start + 1 : start + 11]] == names[:10]
    assert lines[start + 11] == f"  … {len(names) - 10} more (--all shows every value)"
    assert lines[start + 12] == ""
    _, out, _ = run(capsys, sample, "facets", "--all")
    lines = out.splitlines()
    start = lines.index(f"Interviewees ({len(names)})")
    shown = lines[start + 1 : lines.index("", start)]
    assert [line.split("  ")[-1] for line in shown] == names
    assert "more (--all shows every value)" not in out


def _brute_force(articles: list[Article], languages: list[str]) -> dict[str, dict[str, int]]:
    """Facet counts made the slow way, from the parsed articles (and each one's language)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for article in articles:
        if article.interviewee:
            counts["interviewee"][article.interviewee] += 1
        if article.outlet:
            counts["outlet"][article.outlet] += 1
        counts["tag"].update(set(article.tags))
        if article.published is not None:
            counts["year"][f"{article.published.year:04d}"] += 1
    counts["language"].update(language for language in languages if language)
    return {name: dict(counter) for name, counter in counts.items()}


FACETS = ("interviewee", "outlet", "tag", "year", "language")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _check_facets_by_brute_force(capsys, folders: Folders, query: str) -> None:
    articles_dir, _ = folders
    listed = run_json(capsys, folders, "list")
    paths = {entry["id"]: entry["path"] for entry in listed}
    languages = {entry["id"]: entry["language"] for entry in listed}
    if query:
        found = run_json(capsys, folders, "search", query, "--limit", "10000")
        ids = [result["id"] for result in found["results"]]
        assert found["total"] == len(ids)
    else:
        ids = list(paths)
    parsed = [read_article(articles_dir, paths[i], i).article for i in ids]
    status, out, _ = run(capsys, folders, "facets", *([query] if query else []), "--json")
    data = json.loads(out)
    assert status == (0 if ids else 1)
    assert (data["query"], data["total"]) == (query, len(ids))
    assert list(data["facets"]) == list(FACETS)
    expected = _brute_force(parsed, [languages[i] for i in ids])
    for name in FACETS:
        entries = data["facets"][name]
        assert {e["value"]: e["count"] for e in entries} == expected[name], name
        assert len(entries) == len(expected[name])  # each value once
        keys: list[tuple[int, str]] = [
            (-int(e["value"]), "") if name == "year" else (-e["count"], _fold(e["value"]))
            for e in entries
        ]
        assert keys == sorted(keys), name


@pytest.mark.parametrize("query", ["", "rice", "water OR energy", "q:training", "Mekong NOT rice"])
def test_facet_counts_agree_with_brute_force_on_the_sample_archive(
    sample: Folders, capsys, query: str
) -> None:
    _check_facets_by_brute_force(capsys, sample, query)


NAMES = ["Dara Khéng", "Dara Kheng", "Zoë Adair", "Émile Ruston", "anouk Brill", "Ilse Marrow"]
OUTLETS = ["Fjord Lantern", "Østre Signal", "basalt Review", "Ærø Post"]
TAGS = ["water", "energy", "Énergie", "climate policy", "rail", "Rail"]
WORDS = ["turbine", "lagoon", "orchard"]

invented_article = st.fixed_dictionaries(
    {
        "interviewee": st.sampled_from(NAMES),
        "outlet": st.sampled_from(OUTLETS),
        "tags": st.lists(st.sampled_from(TAGS), max_size=4),  # duplicates allowed
        "published": st.one_of(
            st.none(), st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 12, 31))
        ),
        "words": st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
        "in_question": st.booleans(),
    }
)


# Deletes each archive right after its commands, while a server's watcher may still write there.
@pytest.mark.in_process
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    specs=st.lists(invented_article, min_size=3, max_size=12),
    query=st.sampled_from(["", "turbine", "lagoon OR orchard", "q:turbine", "orchard NOT lagoon"]),
)
def test_facet_counts_agree_with_brute_force_on_invented_archives(
    capsys, specs: list[dict[str, Any]], query: str
) -> None:
    files: dict[str, str | bytes] = {}
    for n, spec in enumerate(specs):
        words = " and ".join(spec["words"])
        question = f"What about the {words}?" if spec["in_question"] else "What changed?"
        files[f"a{n:02d}.txt"] = _article(
            f"Report {n}",
            spec["outlet"],
            spec["interviewee"],
            spec["tags"],
            [(question, f"We spent the season on the {words} work."), ("Next?", "Rest.")],
            published=None if spec["published"] is None else spec["published"].isoformat(),
        )
    with tempfile.TemporaryDirectory() as scratch:
        folders = (write_files(Path(scratch) / "articles", files), Path(scratch) / "index")
        _check_facets_by_brute_force(capsys, folders, query)


# ---------------------------------------------------------------------------
# related


def test_related_finds_the_other_article_on_the_same_topic_first(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "related", "2021/moraine-lakes")
    assert (status, err) == (0, "")
    assert out.splitlines()[:3] == [
        "1. Three years on the moraine",
        "   2024-03-01 16:30 · Dara Khéng · Lowland Tribune  2024/moraine-revisited",
        "   Q2 How has the moraine sensor network grown?",
    ]


def test_related_json_shape_and_never_the_same_article(arch: Folders, capsys) -> None:
    status, out, _ = run(capsys, arch, "related", "2021/moraine-lakes", "--pair", "2", "--json")
    assert status == 0
    data = json.loads(out)
    assert set(data) == {"id", "pair", "related"}
    assert (data["id"], data["pair"]) == ("2021/moraine-lakes", 2)
    assert data["related"], "the water boards pair shares words with other articles"
    for entry in data["related"]:
        assert set(entry) == {
            "id", "path", "pair", "question", "score", "title", "outlet", "published",
            "interviewee", "interviewees", "language",
        }  # fmt: skip
        assert entry["id"] != "2021/moraine-lakes"
    ids = [entry["id"] for entry in data["related"]]
    assert len(ids) == len(set(ids))  # one pair per article
    scores = [entry["score"] for entry in data["related"]]
    assert scores == sorted(scores, reverse=True)
    first = data["related"][0]
    assert first == {
        "id": "2024/terraces",
        "path": "2024/terraces.txt",
        "pair": 2,
        "question": "Do the farmers share pumps?",
        "score": first["score"],
        "title": "Terraces that hold the rain",
        "outlet": "Lowland Tribune",
        "published": "2024-03-02T08:00:00",
        "interviewee": "Lucía Ferrandi",
        "interviewees": ["Lucía Ferrandi"],
        "language": "en",
    }


def test_related_json_names_the_article_by_id_when_given_its_path(arch: Folders, capsys) -> None:
    data = run_json(capsys, arch, "related", "2021/moraine-lakes.txt")
    assert data["id"] == "2021/moraine-lakes"
    assert data["related"][0]["id"] == "2024/moraine-revisited"


def test_related_unknown_id_exits_1(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "related", "2021/nowhere")
    assert (status, out) == (1, "")
    assert err == "brreader: no article with id or path '2021/nowhere'; see 'brreader list'\n"


def test_related_pair_out_of_range_exits_2(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "related", "2021/moraine-lakes", "--pair", "4")
    assert (status, out) == (2, "")
    assert err == "brreader: 2021/moraine-lakes has 3 pairs; --pair takes 1 to 3\n"


def test_related_pair_zero_error_names_the_pair_option(arch: Folders, capsys) -> None:
    code, err = usage_exit(capsys, arch, "related", "2021/moraine-lakes", "--pair", "0")
    assert code == 2
    assert err.startswith("brreader: argument --pair: ")
    assert "--limit" not in err  # the option the user got wrong is --pair


def test_related_limit_counts_articles_not_pairs(tmp_path: Path, capsys) -> None:
    """An article with many similar pairs must not crowd out the next article."""
    many = [
        (f"What did moraine sensor {n} record?", f"Moraine sensor {n} recorded the moraine creep.")
        for n in range(1, 13)
    ]
    articles = write_files(
        tmp_path / "articles",
        {
            "source.txt": _article(
                "Why we listen to moraines",
                "Alpine Field Courier",
                "Dara Khéng",
                [],
                [("Why watch the moraine with sensors?", "Moraine sensors catch the creep early.")],
                published="2021-01-01",
            ),
            "many.txt": _article(
                "A dozen sensors", "Lowland Tribune", "Lucía Ferrandi", [], many, "2022-01-01"
            ),
            "one.txt": _article(
                "Boats and one moraine",
                "Harbour Bell",
                "Mirela Ostrova",
                [],
                [
                    ("How do you fund the boats?", "Grants from the harbour board."),
                    (
                        "Any moraine work?",
                        "One moraine sensor, which saw the moraine creep, on a glacier far "
                        "from the coast where we usually work on boats and nets.",
                    ),
                ],
                published="2023-01-01",
            ),
        },
    )
    folders = (articles, tmp_path / "index")
    everything = run_json(capsys, folders, "related", "source", "--limit", "20")
    assert [(r["id"], r["pair"]) for r in everything["related"]][1:] == [("one", 2)]
    assert everything["related"][0]["id"] == "many"
    two = run_json(capsys, folders, "related", "source", "--limit", "2")
    assert [r["id"] for r in two["related"]] == ["many", "one"]


# ---------------------------------------------------------------------------
# timeline


def test_timeline_lines_oldest_first_in_pair_order_undated_last(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "timeline", "moraine OR water")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "2021-05-04  Dara Khéng · Alpine Field Courier  Q1 Why put sensors on a glacier moraine? "
        "— Moraine sensors warn the valley when meltwater lakes swell behind the glacier "
        "moraine and the moraine wall starts to creep.  [2021/moraine-lakes]",
        "2021-05-04  Dara Khéng · Alpine Field Courier  Q2 Who pays for the network? "
        "— Two provincial water boards share the cost.  [2021/moraine-lakes]",
        "2024-03-01  Dara Khéng · Lowland Tribune  Q2 How has the moraine sensor network grown? "
        "— From six moraine sensors to forty, and every glacier lake behind a moraine is now "
        "watched hourly.  [2024/moraine-revisited]",
        "2024-03-02  Lucía Ferrandi · Lowland Tribune  Q1 How do the terraces store water? "
        "— Clay lips keep water on each step for days.  [2024/terraces]",
        "2025-01-15  Élodie Varga · eastwind Ledger  Q2 Is there enough water? "
        "— The aquifer refills faster than the herds drink.  [2025/solar-pumps]",
        "undated     Mirela Ostrova · Harbour Bell  Q1 What do the cranes measure? "
        "— Wind, load and the water level under each ship.  [undated/cranes]",
    ]


def test_timeline_json_with_who(arch: Folders, capsys) -> None:
    status, out, err = run(
        capsys, arch, "timeline", "moraine OR water", "--who", "dara kheng", "--json"
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert (data["query"], data["total"], data["articles"]) == ("moraine OR water", 3, 2)
    assert [(p["id"], p["pair"]) for p in data["pairs"]] == [
        ("2021/moraine-lakes", 1), ("2021/moraine-lakes", 2), ("2024/moraine-revisited", 2)
    ]  # fmt: skip
    assert data["pairs"][2] == {
        "id": "2024/moraine-revisited",
        "path": "2024/moraine-revisited.txt",
        "pair": 2,
        "question": "How has the moraine sensor network grown?",
        "snippet": "From six moraine sensors to forty, and every glacier lake behind a moraine "
        "is now watched hourly.",
        "title": "Three years on the moraine",
        "outlet": "Lowland Tribune",
        "published": "2024-03-01T16:30:00",
        "interviewee": "Dara Khéng",
        "interviewees": ["Dara Khéng"],
        "language": "en",
    }


def test_timeline_limit_says_how_many_more(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "timeline", "moraine OR water", "--limit", "3")
    assert status == 0
    assert [line.rsplit("  ", 1)[-1] for line in out.splitlines()] == [
        "[2021/moraine-lakes]", "[2021/moraine-lakes]", "[2024/moraine-revisited]"
    ]  # fmt: skip
    assert err == (
        "brreader: showing the first 3 of 6 matching pairs in 5 articles; --limit N shows more\n"
    )
    data = run_json(capsys, arch, "timeline", "moraine OR water", "--limit", "3")
    assert (data["total"], data["articles"], len(data["pairs"])) == (6, 5, 3)


def test_timeline_no_match_exits_1(arch: Folders, capsys) -> None:
    status, out, err = run(capsys, arch, "timeline", "zebra")
    assert (status, out) == (1, "")
    assert err == "brreader: no articles match 'zebra'\n"
    data = run_json(capsys, arch, "timeline", "zebra")
    assert data == {
        "query": "zebra",
        "total": 0,
        "articles": 0,
        "by_headline_or_lede": 0,
        "pairs": [],
    }


def test_timeline_lists_articles_matched_only_in_headline_or_lede(tmp_path, capsys) -> None:
    from tests.conftest import write_files

    body = "\n\nWhy?\n\nBecause.\n"
    arts = write_files(
        tmp_path / "articles",
        {
            "a.txt": "Courier\n\nRail returns to the valley\n\nMay 1, 2020\n\nAna Ruiz runs trains."
            + body,
            "b.txt": "Courier\n\nPorts\n\nMay 1, 2021\n\nBen Osei moved rail freight." + body,
            "c.txt": "Courier\n\nRoads\n\nMay 1, 2022\n\nCy Lam builds roads.\n\n"
            "Is rail coming back?\n\nSlowly.\n",
        },
    )
    folders = (arts, tmp_path / "index")
    status, out, err = run(capsys, folders, "timeline", "rail")
    assert status == 0 and "Traceback" not in err
    assert out.splitlines() == [
        "2020-05-01  Ana Ruiz · Courier  Headline Rail returns to the valley "
        "— Ana Ruiz runs trains.  [a]",
        "2021-05-01  Ben Osei · Courier  Headline Ports — Ben Osei moved rail freight.  [b]",
        "2022-05-01  Cy Lam · Courier  Q1 Is rail coming back? — Slowly.  [c]",
    ]
    data = run_json(capsys, folders, "timeline", "rail")
    assert (data["total"], data["articles"], data["by_headline_or_lede"]) == (3, 3, 2)
    assert [entry["pair"] for entry in data["pairs"]] == [None, None, 1]


@pytest.mark.parametrize(
    "args",
    [
        ["moraine", "--who", "nobody"],
        ['"water boards"', "--year", "1990"],
        ['"water boards"', "--who", "nobody"],
    ],
)
def test_timeline_filter_that_matches_nothing_lists_nothing(
    arch: Folders, capsys, args: list[str]
) -> None:
    status, out, _ = run(capsys, arch, "timeline", *args)
    assert (status, out) == (1, "")
