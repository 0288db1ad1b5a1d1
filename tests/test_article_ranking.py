"""Plain words are ranked per article (issue 16); best pairs are found for shown articles only."""

from __future__ import annotations

from brreader.engine.schema import PAIR_STRIDE
from brreader.engine.writer import strided_positions, term_positions
from brreader.search import Archive


def _article(title: str, pairs: list[tuple[str, str]], lede: str = "Ana Lima explains.") -> str:
    lines = ["Harbour Line Weekly", "", title, "", "March 3, 2021", "", lede, ""]
    for question, answer in pairs:
        lines += [question, "", answer, ""]
    return "\n".join(lines)


FILLER = "the team met the engineers and wrote the report before the long winter season"


def test_a_phrase_does_not_run_from_one_pair_into_the_next(make_archive) -> None:
    split = _article(
        "Notes",
        [("Where is the antenna?", "It stands beside the ground"), ("And then?", "Station staff.")],
    )
    whole = _article("Others", [("Where?", "The ground station is new."), ("When?", "Soon.")])
    archive: Archive = make_archive({"split.txt": split, "whole.txt": whole})
    assert [h.info.id for h in archive.search('"ground station"').hits] == ["whole"]
    assert {h.info.id for h in archive.search("ground station").hits} == {"split", "whole"}


def test_a_word_repeated_in_every_pair_does_not_drown_an_article_about_it(make_archive) -> None:
    # Before issue 16 an article's score was the sum over its pairs: twelve
    # passing mentions beat one interview about the subject.
    mentions = _article(
        "Harbour works",
        [(f"What happened in week {n}?", f"{FILLER}; a pump was moved.") for n in range(12)],
    )
    about = _article(
        "Pumps for the delta",
        [("Why pumps?", "Pumps lift water to the fields."), ("Cost?", f"{FILLER}.")],
    )
    archive: Archive = make_archive({"mentions.txt": mentions, "about.txt": about})
    assert [h.info.id for h in archive.search("pump").hits] == ["about", "mentions"]


def test_best_pairs_are_the_pairs_with_the_words_and_questions_count_more(make_archive) -> None:
    text = _article(
        "Field notes",
        [
            ("How did it start?", f"{FILLER}."),
            ("What about salinity?", "It rose in March."),
            ("And the crops?", f"Salinity hurt the rice; {FILLER}."),
            ("What next?", f"{FILLER}."),
        ],
    )
    archive: Archive = make_archive({"notes.txt": text})
    hit = archive.search("salinity").hits[0]
    assert [m.number for m in hit.matches] == [2, 3]
    hit = archive.search("salinity OR rice", pairs_per_hit=1).hits[0]
    assert [m.number for m in hit.matches] == [3]  # both words beat one


def test_pair_scoped_and_plain_words_add_up_for_best_pairs(make_archive) -> None:
    text = _article(
        "Field notes",
        [
            ("What about pumps?", "Rice needs them."),
            ("And salinity?", "Pumps help with rice."),
            ("What next?", "More rice."),
        ],
    )
    archive: Archive = make_archive({"notes.txt": text})
    hit = archive.search("question:salinity rice").hits[0]
    assert hit.matches[0].number == 2


def test_pair_k_starts_at_its_stride() -> None:
    found = strided_positions(("river gauge", "gauge data", "river"))
    assert found["river"] == [0, 2 * PAIR_STRIDE]
    assert found["gauge"] == [1, PAIR_STRIDE]
    assert found["data"] == [PAIR_STRIDE + 1]
    assert term_positions("river gauges") == {"river": [0], "gauge": [1]}


def test_a_pair_longer_than_the_stride_stays_inside_its_slot() -> None:
    long = " ".join(["word"] * (PAIR_STRIDE + 10))
    found = strided_positions((long, "next"))
    assert max(found["word"]) == PAIR_STRIDE - 1
    assert found["next"] == [PAIR_STRIDE]


PAIRS = [
    ("Why did the farmers move?", "The river changed course after the ground shifted"),
    ("Where is the station?", "Station staff keep the irrigation pumps running."),
    ("What do the farmers grow?", "Rice, and some irrigated beans."),
]


def test_question_and_answer_parts_meet_in_one_pair(make_archive) -> None:
    # Pair documents hold no words of their own: question:/answer: are matched
    # from the article's positions, pair by pair.
    archive: Archive = make_archive({"notes.txt": _article("Field notes", PAIRS)})

    def pairs_of(text: str) -> list[int]:
        found = archive.search(text)
        return [m.number for h in found.hits for m in h.matches]

    assert pairs_of("q:farmers a:rice") == [3]
    assert pairs_of("q:farmers a:pumps") == []  # the words are in different pairs
    assert pairs_of('a:"ground station"') == []  # a phrase does not cross pairs
    assert pairs_of('a:"station staff"') == [2]
    assert pairs_of("a:irrig*") == [2, 3]
    assert pairs_of("a:irigation~") == [2]
    assert pairs_of("q:farmers NOT a:rice") == [1]
    assert pairs_of("q:station OR a:beans") == [2, 3]


def test_pair_parts_match_alike_sorted_by_date_and_by_relevance(make_archive) -> None:
    # Sorting by date takes Whoosh's path; both must find the same articles and pairs.
    older = _article("Older notes", PAIRS).replace("March 3, 2021", "May 1, 2019")
    archive: Archive = make_archive(
        {"notes.txt": _article("Field notes", PAIRS), "older.txt": older}
    )
    for text in ("q:farmers a:rice", 'a:"station staff"', "a:irrig* q:station"):
        ranked = archive.search(text)
        dated = archive.search(text, sort="newest")
        assert [h.info.id for h in dated.hits] == ["notes", "older"], text
        assert {h.info.id for h in ranked.hits} == {"notes", "older"}, text
        assert [[m.number for m in h.matches] for h in ranked.hits] == [
            [m.number for m in h.matches] for h in dated.hits
        ], text
