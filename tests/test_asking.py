"""Queries typed as questions (issue 20): asking words, the widened search, question: groups.

The sample archive is the repo's own (read only, indexed in a temp folder);
the small invented archive of ``conftest`` checks the exact edges.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from brreader.cli import main
from brreader.engine.asking import in_groups, is_asking, split
from brreader.engine.limits import Limits
from brreader.search import Archive
from brreader.tui.app import ReaderApp
from brreader.tui.widgets import ResultsList, StatusLine
from tests.conftest import FRONT_MATTER, LABELLED, PLAIN
from tests.test_tui import settle

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "articles"
SALT_RICE = "2019/2019-10-22-mekong-delta-salt-rice"
VACCINES = {
    "2026/2026-02-03-bandung-vaccine-fill-finish",
    "2018/2018-07-09-turkana-solar-vaccine-fridges",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    index = tmp_path_factory.mktemp("asking") / "index"
    archive = Archive(SAMPLE, index)
    archive.update()
    archive.close()
    return SAMPLE, index


@pytest.fixture
def small(tmp_path: Path) -> Archive:
    files = {
        "2021/sensors.txt": PLAIN,
        "2019/depot.txt": LABELLED,
        "2022/cold-chain.md": FRONT_MATTER,
    }
    for name, text in files.items():
        (tmp_path / "articles" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "articles" / name).write_text(text, encoding="utf-8")
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    archive.update()
    return archive


def search(capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path], *args: str):
    articles, index = folders
    status = main(["--articles", str(articles), "--index", str(index), "search", *args])
    out, err = capsys.readouterr()
    return status, out, err


def first_id(capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path], query: str) -> str:
    status, out, _err = search(capsys, folders, query, "--json")
    assert status == 0
    return json.loads(out)["results"][0]["id"]


# ---------------------------------------------------------------------------
# the three questions of the issue, as a user types them


def test_what_did_they_say_about_vaccines_puts_a_vaccine_interview_first(sample, capsys) -> None:
    status, out, err = search(capsys, sample, "what did they say about vaccines?")
    assert status == 0
    assert out.startswith("5 articles match 'what did they say about vaccines?'")
    assert err == ""  # every topic word matched: nothing was widened
    assert first_id(capsys, sample, "what did they say about vaccines?") in VACCINES
    # The question mark and the question words change nothing about what is found.
    plain = json.loads(search(capsys, sample, "vaccines", "--json")[1])
    asked = json.loads(search(capsys, sample, "what did they say about vaccines?", "--json")[1])
    assert {r["id"] for r in plain["results"]} == {r["id"] for r in asked["results"]}


def test_why_work_with_bangladesh_finds_the_interview_that_answers_it(sample, capsys) -> None:
    status, out, err = search(capsys, sample, "why work with Bangladesh?")
    assert status == 0
    assert first_id(capsys, sample, "why work with Bangladesh?") == SALT_RICE
    assert "Q2 Why work with Bangladesh and the Philippines rather than alone?" in out


def test_how_do_farmers_cope_with_salt_water_is_widened_and_says_so(sample, capsys) -> None:
    status, out, err = search(capsys, sample, "how do farmers cope with salt water?")
    assert status == 0
    # No interview says "cope": the ones with most of the other words are shown (and,
    # as for any word the archive lacks, a near one is offered: "come").
    assert err.startswith(
        "brreader: no interview has all of: farmers, cope, salt, water; "
        "showing those with most of them\n"
    )
    assert out.startswith("9 articles have some of 'how do farmers cope with salt water?'")
    assert first_id(capsys, sample, "how do farmers cope with salt water?") == SALT_RICE
    status, out, _err = search(capsys, sample, "how do farmers cope with salt water?", "--json")
    data = json.loads(out)
    assert data["relaxed"] == {"words": ["farmers", "cope", "salt", "water"], "with_all_words": 0}
    assert data["total"] == len(data["results"]) or data["total"] > 10


# ---------------------------------------------------------------------------
# which words ask


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("what did they say about vaccines", ["vaccines"]),
        ("Why work with Bangladesh", ["work", "Bangladesh"]),
        ("¿Qué dijeron sobre las vacunas", ["vacunas"]),
        ("Que disent-ils sur la coopération", ["coopération"]),  # an inverted question
        ("Qu'a-t-il dit des volcans", ["volcans"]),
        ("Peut-on parler de Goma", ["Peut-on", "Goma"]),  # "peut" can name a topic: kept
        ("Что они говорили о науке", ["науке"]),
        ("ماذا قالوا عن التعاون", ["التعاون"]),
        ("他们怎么看待一带一路吗", ["一带一路"]),
        ("who said what", []),
    ],
)
def test_asking_words_in_six_languages(query: str, words: list[str]) -> None:
    found = split(query)
    assert found is not None
    assert [query[start:end] for start, end in found.words] == words


@pytest.mark.parametrize(
    "query",
    ['"what they say" vaccines', "what AND vaccines", "title:what vaccines", "(what vaccines)"],
)
def test_operators_quotes_fields_and_groups_keep_the_strict_meaning(query: str) -> None:
    assert split(query) is None


def test_topic_words_are_not_asking_words() -> None:
    # "son" and "era" ask in Spanish but name topics in English; "ai" is AI typed in lower case
    for word in (
        "work",
        "vaccines",
        "training",
        "Bangladesh",
        "water",
        "satellite",
        "son",
        "era",
        "ai",
    ):
        assert not is_asking(word), word
    for word in ("What", "did", "¿Cómo", "почему", "لماذا", "pourquoi"):
        assert is_asking(word), word


def test_a_question_in_a_field_group_loses_its_asking_words_in_place() -> None:
    text = "question:(why do they work with Bangladesh)"
    blanked = in_groups(text)
    assert len(blanked) == len(text)  # every other word keeps its place
    assert blanked.split() == ["question:(", "work", "Bangladesh)"]
    assert in_groups("question:(who said what)") == "question:(who said what)"
    assert in_groups("question:(farmers OR water)") == "question:(farmers OR water)"


# ---------------------------------------------------------------------------
# what the archive answers


def test_asking_words_need_not_match_and_are_not_highlighted(small: Archive) -> None:
    found = small.search("what do the farmers say?")
    assert [hit.info.id for hit in found.hits] == ["2021/sensors"]
    assert found.relaxed is None
    assert "farmer" in found.terms.get("answer", frozenset()) | found.terms.get(
        "question", frozenset()
    )
    lit = set().union(*found.terms.values())
    assert not {"what", "sai", "say"} & lit


def test_a_query_of_only_asking_words_still_requires_them(small: Archive) -> None:
    strict = small.search("what did they say", relax=False)
    asked = small.search("what did they say")
    assert [h.info.id for h in asked.hits] == [h.info.id for h in strict.hits]


def test_explicit_and_and_quotes_are_never_widened(small: Archive) -> None:
    assert small.search("gauges AND vaccine").hits == ()
    assert small.search('"gauges vaccine"').hits == ()
    assert small.search("gauges AND vaccine").relaxed is None


def test_widened_results_put_articles_with_more_words_first(small: Archive) -> None:
    # "gauges" and "pumps" are in 2021/sensors; "vaccine" in 2022/cold-chain only.
    found = small.search("gauges pumps vaccine")
    assert found.relaxed is not None
    assert found.relaxed.words == ("gauges", "pumps", "vaccine")
    assert [hit.info.id for hit in found.hits] == ["2021/sensors", "2022/cold-chain"]
    newest = small.search("gauges pumps vaccine", sort="newest")
    assert [hit.info.id for hit in newest.hits] == ["2021/sensors", "2022/cold-chain"]


def test_widening_scores_the_same_with_and_without_bulk_scoring(tmp_path: Path) -> None:
    for name, text in {"2021/sensors.txt": PLAIN, "2022/cold-chain.md": FRONT_MATTER}.items():
        (tmp_path / "articles" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "articles" / name).write_text(text, encoding="utf-8")
    fast = Archive(tmp_path / "articles", tmp_path / "index")
    fast.update()
    slow = Archive(tmp_path / "articles", tmp_path / "index", limits=Limits(bulk_scoring=False))
    for query in ("what about gauges and vaccine?", "why do farmers pump water", "gauges"):
        a, b = fast.search(query), slow.search(query)
        assert [h.info.id for h in a.hits] == [h.info.id for h in b.hits], query
        assert [round(h.score, 6) for h in a.hits] == [round(h.score, 6) for h in b.hits], query
    fast.close()
    slow.close()


def test_facets_count_what_the_widened_search_shows(small: Archive) -> None:
    counts = small.facets("gauges vaccine")
    assert counts.total == len(small.search("gauges vaccine").hits) == 2


def test_the_timeline_and_exports_keep_every_word_required(small: Archive, capsys) -> None:
    assert small.timeline("gauges vaccine").total == 0
    status = main(
        [
            "--articles",
            str(small.articles),
            "--index",
            str(small.location),
            "search",
            "gauges vaccine",
            "--format",
            "jsonl",
        ]
    )
    assert status == 1


# ---------------------------------------------------------------------------
# the reader


async def test_the_reader_says_when_a_question_was_widened(sample) -> None:
    archive = Archive(*sample)
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press(*"how do farmers cope with salt water?")
        await settle(pilot)
        status = app.query_one("#query-status", StatusLine)
        assert status.message.startswith(
            "No interview has all of: farmers, cope, salt, water; showing those with most of them."
        )
        # With "did you mean" after it, the whole does not fit one line: the line says
        # it shorter and keeps the offer.
        shown = str(status.render())
        assert shown.startswith("Showing those with most of the words. Did you mean: ")
        assert shown.endswith("(Enter)") and status.cropped
        assert str(app.query_one("#results-count", Static).render()) == "9 articles have some"
        results = app.query_one(ResultsList)
        assert "Salt-tolerant rice" in first_listed(results)
        app.query_one("#query", Input).value = "why work with Bangladesh?"
        await settle(pilot)
        assert "Salt-tolerant rice" in first_listed(results)
        app.query_one("#query", Input).value = "what did they say about vaccines?"
        await settle(pilot)
        assert not status.message and not str(status.render())  # every topic word matched
        assert "vaccine" in first_listed(results).lower()


def first_listed(results: ResultsList) -> str:
    prompt = results.get_option_at_index(0).prompt
    return getattr(prompt, "plain", str(prompt))
