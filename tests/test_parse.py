"""The parser: each article style, front matter, encodings and the heuristics' edges."""

from __future__ import annotations

from datetime import datetime

import pytest

from brreader.articles import ArticleError, article_ids, read_article
from brreader.dates import parse_date
from brreader.parse import decode, leading_name, parse_article
from tests.conftest import FRONT_MATTER, LABELLED, NBSP, PLAIN


def parse(text: str):
    return parse_article(text, id="x", path="x.txt")


def test_plain_seed_shape() -> None:
    result = parse(PLAIN)
    article = result.article
    assert result.warnings == ()
    assert article.outlet == "Harbour Line Weekly"
    assert article.title == "Sensors Along the River"
    assert article.published == datetime(2021, 3, 3, 14, 5)
    assert article.interviewee == "Dara Kheng"
    assert article.lede.startswith("Dara Kheng, a hydrologist")
    assert [p.question for p in article.pairs] == [
        "How did the network start?",
        "What do farmers gain from it?",
        "Which satellites help you?",
    ]
    # Answers keep their paragraph breaks; the Source line is metadata, not answer text.
    assert article.pairs[0].answer == (
        "It began with twelve gauges on the Mekong and a shared spreadsheet.\n\n"
        "Now we publish readings every hour for anyone to use."
    )
    assert article.pairs[2].answer == "Radar altimetry fills the gaps between gauges."
    assert article.source == "Riverside Wire"


def test_dateline_alone_and_no_source() -> None:
    text = PLAIN.replace("14:05, March 3, 2021", "March 3, 2021").replace(
        "\nSource: Riverside Wire\n", "\n"
    )
    article = parse(text).article
    assert article.published == datetime(2021, 3, 3)
    assert article.source == ""
    assert article.pairs[-1].answer == "Radar altimetry fills the gaps between gauges."


def test_headline_ending_in_question_mark_is_still_the_title() -> None:
    article = parse(PLAIN.replace("Sensors Along the River", "Can Sensors Save the Delta?")).article
    assert article.title == "Can Sensors Save the Delta?"
    assert len(article.pairs) == 3


def test_question_over_two_paragraphs_is_one_question() -> None:
    text = PLAIN.replace("What do farmers gain from it?", "Is it free?\n\nWhat do farmers gain?")
    article = parse(text).article
    assert article.pairs[1].question == "Is it free?\n\nWhat do farmers gain?"
    assert article.pairs[1].answer.startswith("They time")


def test_labelled_transcript_labels_win_over_question_marks() -> None:
    article = parse(LABELLED).article
    assert article.title == "Building the Rail Depot"
    assert article.outlet == "Transcontinental Observer"
    assert article.published == datetime(2019, 6, 2)
    assert article.interviewee == "Lina Okafor"
    assert [p.question for p in article.pairs] == [
        "Tell us about the depot in Mombasa.",
        "What comes next?",
    ]
    assert article.pairs[0].answer == "It services forty locomotives. The rail yard opened in May."
    # An answer paragraph ending in "?" stays in the answer; continuation paragraphs join it.
    assert article.pairs[1].answer == (
        "Training. Who would have guessed we would need so many welders?\n\n"
        "We hired two hundred of them."
    )


@pytest.mark.parametrize(
    ("question_label", "answer_label"),
    [
        ("Question:", "Answer:"),
        ("Reporter:", "Lina Okafor:"),
        ("Reporter:", "Okafor:"),
        ("Interviewer:", "A:"),
        ("**Q:**", "**A:**"),
        ("q:", "a:"),
    ],
)
def test_label_variants(question_label: str, answer_label: str) -> None:
    text = (
        "Lina Okafor, an engineer, on depots.\n\n"
        f"{question_label} How many engines?\n\n"
        f"{answer_label} Forty, and more next year.\n\n"
        f"{question_label} Any trouble\n\n"
        f"{answer_label} Spare parts?\n"
    )
    article = parse(text).article
    assert [(p.question, p.answer) for p in article.pairs] == [
        ("How many engines?", "Forty, and more next year."),
        ("Any trouble", "Spare parts?"),
    ]


def test_labels_without_answer_labels_take_following_paragraphs_as_answer() -> None:
    text = (
        "Lina Okafor on rail.\n\nQ: Why rail\n\nBecause freight is heavy.\n\nQ: And then\n\nPorts."
    )
    pairs = parse(text).article.pairs
    assert [(p.question, p.answer) for p in pairs] == [
        ("Why rail", "Because freight is heavy."),
        ("And then", "Ports."),
    ]


def test_front_matter_overrides_and_body_starts_with_lede() -> None:
    result = parse(FRONT_MATTER)
    article = result.article
    assert result.warnings == ()
    assert article.title == "Vaccines in the Cold Chain"
    assert article.outlet == "Mekong Science Review"
    assert article.published == datetime(2022, 11, 15, 8, 5)
    assert article.interviewee == "Amara Tesfaye"
    assert article.source == "Field Notes Agency"
    assert article.tags == ("health", "logistics")
    assert article.url == "https://example.org/cold-chain"
    assert article.lede == "Amara Tesfaye runs a vaccine logistics lab in Addis Ababa."
    assert article.pairs[0].question == "Why do freezers fail?"


def test_front_matter_yaml_date_and_string_tags_over_a_plain_body() -> None:
    text = "---\npublished: 2021-04-09\ntags: water, rivers\ntitle: Better Title\n---\n" + PLAIN
    article = parse(text).article
    assert article.published == datetime(2021, 4, 9)
    assert article.tags == ("water", "rivers")
    assert article.title == "Better Title"
    assert article.outlet == "Harbour Line Weekly"  # still found by the heuristics


def test_invalid_front_matter_is_a_warning_and_the_body_survives() -> None:
    text = "---\ntitle: [unclosed\n---\n" + PLAIN
    result = parse(text)
    assert len(result.warnings) == 1
    assert "invalid YAML" in result.warnings[0]
    assert result.article.title == "Sensors Along the River"
    assert len(result.article.pairs) == 3


@pytest.mark.parametrize(
    ("yaml_line", "fragment"),
    [
        ("published: yesterday", "'published: yesterday' is not a date"),
        ("tags: 5", "'tags' should be a list"),
        ("title: [a, b]", "'title' should be text, not a list"),
    ],
)
def test_front_matter_wrong_types_are_ignored_with_a_warning(yaml_line: str, fragment: str) -> None:
    result = parse(f"---\n{yaml_line}\n---\n{PLAIN}")
    assert any(fragment in w for w in result.warnings), result.warnings
    assert result.article.title == "Sensors Along the River"


def test_article_without_questions_keeps_all_text_in_the_lede() -> None:
    text = "Notes\n\nJune 1, 2020\n\nFirst paragraph.\n\nSecond paragraph about rail."
    article = parse(text).article
    assert article.pairs == ()
    assert article.lede == "First paragraph.\n\nSecond paragraph about rail."


@pytest.mark.parametrize(
    ("lede", "name"),
    [
        ("Hem Vanndy shares his views on cooperation.", "Hem Vanndy"),
        ("Dara Kheng, a hydrologist, explains.", "Dara Kheng"),
        ("Dr. Amara Osei, director of the lab, says.", "Amara Osei"),
        ("Professor Li Wei of Lanzhou talks rail.", "Li Wei"),
        ("Juan Carlos de la Cruz explains the grid.", "Juan Carlos de la Cruz"),
        ("Ngozi Eze's team built the dam.", "Ngozi Eze"),
        ("In an interview, Dara Kheng said.", ""),
        ("Cambodia has proposed four pathways.", ""),
        ("UNESCO Director speaks.", ""),
    ],
)
def test_interviewee_from_the_lede(lede: str, name: str) -> None:
    assert leading_name(lede) == name


@pytest.mark.parametrize(
    ("lede", "name"),
    [
        # Three-word names whose given name ends as professions do (-er, -or, -ian).
        ("Victor Manuel Garcia, who leads the grid lab, spoke to us.", "Victor Manuel Garcia"),
        ("Igor Sergeyevich Volkov, a rail engineer, spoke to us.", "Igor Sergeyevich Volkov"),
        ("Christian Ruiz Alonso, a hydrologist, spoke to us.", "Christian Ruiz Alonso"),
        ("Peter Lund Holm, a glaciologist, spoke to us.", "Peter Lund Holm"),
        # A profession before a name still goes.
        ("Glaciologist Maren Holt spoke to us about ice.", "Maren Holt"),
        ("Researcher Tavi Okoro spoke to us about soil.", "Tavi Okoro"),
    ],
)
def test_a_given_name_is_not_taken_for_a_profession(lede: str, name: str) -> None:
    text = f"Delta Notes\n\nOn the Grid\n\nJune 1, 2020\n\n{lede}\n\nWhy?\n\nBecause.\n"
    assert parse(text).article.interviewee == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:25, June 24, 2025", datetime(2025, 6, 24, 9, 25)),
        (f"{NBSP}{NBSP} {NBSP} 09:25, June 24, 2025", datetime(2025, 6, 24, 9, 25)),
        ("June 24, 2025", datetime(2025, 6, 24)),
        ("Jun. 24, 2025", datetime(2025, 6, 24)),
        ("24 June 2025 14:10", datetime(2025, 6, 24, 14, 10)),
        ("2025-06-24", datetime(2025, 6, 24)),
        ("2022-11-15 08:05", datetime(2022, 11, 15, 8, 5)),
        ("2022-11-15T08:05:00", datetime(2022, 11, 15, 8, 5)),
        ("Updated: Tuesday, June 24, 2025 3:30 pm", datetime(2025, 6, 24, 15, 30)),
        ("February 30, 2025", None),
        ("The rail line opened on June 24, 2025.", None),
        ("yesterday", None),
    ],
)
def test_dates(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "raw",
    [
        PLAIN.encode("utf-8"),
        b"\xef\xbb\xbf" + PLAIN.encode("utf-8"),
        PLAIN.replace("\n", "\r\n").encode("utf-8"),
        PLAIN.replace("\n", "\r").encode("utf-8"),
        PLAIN.rstrip("\n").encode("utf-8"),
    ],
    ids=["utf8", "bom", "crlf", "cr", "no-final-newline"],
)
def test_encodings_and_line_endings_parse_the_same(raw: bytes) -> None:
    text, warnings = decode(raw)
    assert warnings == []
    article = parse(text).article
    assert article == parse(PLAIN).article
    assert all("\r" not in p.answer and "\r" not in p.question for p in article.pairs)


def test_windows_1252_file_is_read_with_a_warning(tmp_path) -> None:
    (tmp_path / "old.txt").write_bytes(PLAIN.replace("Kheng", "Kh\u00e9ng").encode("cp1252"))
    result = read_article(tmp_path, "old.txt", "old")
    assert result.article.interviewee == "Dara Kh\u00e9ng"
    assert len(result.warnings) == 1 and "not valid UTF-8" in result.warnings[0]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-16"),  # Windows Notepad's "Unicode": a BOM, little-endian
        lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
        lambda text: text.encode("utf-16-le"),  # no byte-order mark
        lambda text: text.encode("utf-32"),
    ],
    ids=["utf-16", "utf-16-be", "utf-16-without-bom", "utf-32"],
)
def test_utf16_and_utf32_files_are_read_as_text(tmp_path, encode) -> None:
    (tmp_path / "wide.txt").write_bytes(encode(PLAIN.replace("Kheng", "Kh\u00e9ng")))
    result = read_article(tmp_path, "wide.txt", "wide")
    assert result.warnings == ()
    assert result.article.interviewee == "Dara Kh\u00e9ng"
    assert result.article.title == "Sensors Along the River"
    assert len(result.article.pairs) == parse(PLAIN).article.pairs.__len__()


def test_a_cut_utf16_file_is_read_with_a_warning(tmp_path) -> None:
    (tmp_path / "cut.txt").write_bytes(PLAIN.encode("utf-16")[:-1])  # half a character short
    result = read_article(tmp_path, "cut.txt", "cut")
    assert result.article.title == "Sensors Along the River"
    assert len(result.warnings) == 1 and "not valid UTF-16" in result.warnings[0]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"\x00\x01\x02binary", "binary data"), (b"  \n\n \n", "empty file")],
)
def test_unusable_files_raise_article_error(tmp_path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    with pytest.raises(ArticleError, match=reason):
        read_article(tmp_path, "bad.txt", "bad")


def test_control_characters_are_removed_at_parse_time() -> None:
    text = PLAIN.replace("twelve gauges", "twelve\x1b[2J gauges\x07\x08").replace(
        "Sensors", "Sensors\x1b]52;c;aGVsbG8=\x07"
    )
    article = parse(text).article
    assert article.title == "Sensors Along the River"
    assert "twelve gauges on" in article.pairs[0].answer
    assert "\x1b" not in article.pairs[0].answer and "\x07" not in article.pairs[0].answer


def test_ids_are_paths_without_extension_and_twins_stay_distinct() -> None:
    ids = article_ids(["2021/a.txt", "2021/a.md", "b.md", "c/d.txt"])
    assert ids == {"2021/a.txt": "2021/a", "2021/a.md": "2021/a.md", "b.md": "b", "c/d.txt": "c/d"}
    assert len(set(ids.values())) == 4
