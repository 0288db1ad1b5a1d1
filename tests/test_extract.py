"""Markdown and HTML inputs become the parser's text: what counts as a question, what is dropped."""

from __future__ import annotations

import sys
from datetime import datetime

import pytest

from brreader.extract import HTML_EXTRA, MissingExtra, convert, format_of, markdown_to_text
from brreader.model import Article
from brreader.parse import parse_article


def read(markdown: str) -> Article:
    return parse_article(markdown_to_text(markdown).text, id="x", path="x.md").article


LEDE = "Dara Kheng, a hydrologist in Can Tho, spoke about river gauges and shared data."


def test_bold_paragraphs_are_the_questions_and_other_question_marks_are_not() -> None:
    article = read(
        f"# Gauges for everyone\n\n{LEDE}\n\n**Why gauges?**\n\nWho else would measure it? "
        "Nobody.\n\nSo we did.\n\n**Tell us about the data.**\n\nIt is open.\n"
    )
    assert article.title == "Gauges for everyone"
    assert [p.question for p in article.pairs] == ["Why gauges?", "Tell us about the data."]
    assert article.pairs[0].answer == "Who else would measure it? Nobody.\n\nSo we did."
    assert article.interviewee == "Dara Kheng"


def test_bold_section_headings_are_not_questions_when_few_end_with_a_question_mark() -> None:
    article = read(
        f"{LEDE}\n\n**Background**\n\nThe river is long.\n\n**Methods**\n\nWe count.\n\n"
        "**Results**\n\nIs it rising?\n\nYes, slowly.\n"
    )
    assert [p.question for p in article.pairs] == ["Is it rising?"]
    assert article.pairs[0].answer == "Yes, slowly."


def test_headings_that_ask_are_questions() -> None:
    article = read(f"{LEDE}\n\n### What comes next?\n\nMore stations.\n\n## Why share?\n\nTrust.\n")
    assert [(p.question, p.answer) for p in article.pairs] == [
        ("What comes next?", "More stations."),
        ("Why share?", "Trust."),
    ]


def test_markup_is_dropped_and_lists_keep_one_item_per_paragraph() -> None:
    article = read(
        f"{LEDE}\n\n**What do you need?**\n\nThree things, see [the plan](https://x.org):\n\n"
        "- *gauges*\n- `radios`\n- people\n\n1. first\n2. second\n"
    )
    assert article.pairs[0].answer == (
        "Three things, see the plan:\n\n- gauges\n\n- radios\n\n- people\n\n1. first\n\n2. second"
    )


def test_a_dateline_line_gives_date_and_outlet_and_leaves_the_lede() -> None:
    dateline = "*The Delta Ledger — 12 January 2023*"
    article = read(f"# Title\n\n{dateline}\n\n{LEDE}\n\n**Why?**\n\nOk.\n")
    assert article.published == datetime(2023, 1, 12)
    assert article.outlet == "The Delta Ledger"
    assert article.lede == LEDE
    byline = markdown_to_text(f"# T\n\nBy Ana Lim | 2 June 2024\n\n{LEDE}\n")
    assert byline.extra == {"byline": "Ana Lim"}


def test_front_matter_names_from_other_tools_are_understood() -> None:
    article = read(
        "---\ndate: 2021-10-07\nauthor: Ana Lim\nkeywords: [energy, grids]\nsite_name: Tide\n"
        f"---\n# Microgrids\n\n{LEDE}\n\n**Why?**\n\nOk.\n"
    )
    assert (article.published, article.tags, article.outlet) == (
        datetime(2021, 10, 7),
        ("energy", "grids"),
        "Tide",
    )


def test_a_wire_credit_line_is_not_part_of_the_last_answer() -> None:
    article = read(f"{LEDE}\n\n**Why?**\n\nBecause.\n\n(Reporting by Ana Lim; Editing by Bo Ek)\n")
    assert article.pairs[-1].answer == "Because."


def test_labels_are_left_to_the_parser() -> None:
    article = read(f"{LEDE}\n\n**Q:** Why?\n\n**A:** Because.\n\nAnd more.\n")
    assert [(p.question, p.answer) for p in article.pairs] == [("Why?", "Because.\n\nAnd more.")]


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("a.HTML", b"anything", "html"),
        ("a.md", b"plain", "markdown"),
        ("a.txt", b"<html>", "text"),
        ("-", b"  <!DOCTYPE html><html>", "html"),
        ("-", b"# Title\n\nText", "markdown"),
        ("-", b"Outlet\n\nTitle\n\nJune 24, 2025\n", "text"),
        ("notes", b"**Q:** why?", "markdown"),
    ],
)
def test_format_comes_from_the_extension_or_a_look_at_the_text(
    name: str, data: bytes, fmt: str
) -> None:
    assert format_of(name, data) == fmt


def test_html_without_trafilatura_says_how_to_repair_the_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # a broken install
    with pytest.raises(MissingExtra, match=r"pip install --force-reinstall brreader"):
        convert(b"<html><body><p>x</p></body></html>", "html")
    assert HTML_EXTRA.startswith("reading HTML pages needs trafilatura")


def test_a_page_without_an_article_gives_a_warning_not_an_error() -> None:
    converted = convert(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "html")
    assert converted.text == ""
    assert converted.warnings == ["no article text found in the page"]


def test_the_visible_headline_wins_over_the_page_title_and_a_byline_leaves_the_lede() -> None:
    converted = markdown_to_text(
        f"# Gauges for everyone\n\nBy Ana Lim\n\n{LEDE}\n\n**Why?**\n\nOk.\n",
        {"title": "Gauges for everyone | The Delta Ledger"},
    )
    article = parse_article(converted.text, id="x", path="x.md").article
    assert article.title == "Gauges for everyone"
    assert article.lede == LEDE
    assert article.interviewee == "Dara Kheng"
    assert converted.extra == {"byline": "Ana Lim"}


def test_a_byline_leaves_the_lede_even_when_the_page_named_the_author() -> None:
    converted = markdown_to_text(f"# T\n\nBy Ana Lim\n\n{LEDE}\n\n**Why?**\n\nOk.\n", {})
    converted_with_meta = markdown_to_text(
        f"# T\n\nBy Ana Lim\n\n{LEDE}\n\n**Why?**\n\nOk.\n", {"byline": "A. Lim"}
    )
    for text in (converted.text, converted_with_meta.text):
        article = parse_article(text, id="x", path="x.md").article
        assert (article.lede, article.interviewee) == (LEDE, "Dara Kheng")
