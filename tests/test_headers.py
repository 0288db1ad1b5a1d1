"""Kind 4 of issue 14: the top of a saved page, in short invented examples.

Site chrome, share buttons, bylines that name the outlet, oral-history
"conducted by" lines, a headline printed under the date, a date only in the
lede, static-site front matter, and who a group interview's captions name.
Every person, outlet and place here is made up.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from brreader.parse import parse_article

QA = (
    "What did you build first?\n\n"
    "A tide gauge made from a drainpipe.\n\n"
    "Does it still work?\n\n"
    "It does, after two new floats.\n"
)


def read(text: str):
    return parse_article(text, id="x", path="x.txt").article


def test_share_buttons_and_menus_are_left_out_and_the_byline_names_the_outlet() -> None:
    article = read(
        "Regional Edition  NEWS  Bilingual\nScience\nHome / Science / Oceans\n\n"
        "Harbour engineer keeps an eye on the tide\n\n"
        "By PELL ARDEN | Saltmarsh Gazette | Updated: 2021-06-30 14:05\nShare\nShare - Print\n\n"
        "Inge Morrow, an engineer at a fictional port authority, told us about her gauges.\n\n" + QA
    )
    assert article.title == "Harbour engineer keeps an eye on the tide"
    assert article.outlet == "Saltmarsh Gazette"
    assert article.published == datetime(2021, 6, 30, 14, 5)
    assert article.lede.startswith("By PELL ARDEN | Saltmarsh Gazette")  # still searchable
    assert "Share" not in article.lede and "Home /" not in article.lede
    assert article.interviewee == "Inge Morrow"
    assert len(article.pairs) == 2


@pytest.mark.parametrize(
    ("byline", "outlet"),
    [
        ("By Staff Writer, Lantern Review", "Lantern Review"),
        ("By Oda Fenn for Lantern Review", "Lantern Review"),
        ("By Oda Fenn, Science Editor", ""),  # a job, not an outlet
    ],
)
def test_a_byline_names_the_outlet_after_a_comma_or_for(byline: str, outlet: str) -> None:
    article = read(
        f"Tide Gauges of the North\n\n{byline}\n\n"
        "Inge Morrow builds tide gauges for fishing villages.\n\n" + QA
    )
    assert article.title == "Tide Gauges of the North"
    assert article.outlet == outlet


def test_an_oral_history_line_gives_the_collection_and_the_day() -> None:
    article = read(
        "Oral History Interview with Hana Sorel\n\n"
        "Conducted by Piet Vasko for the fictional Coastline Memory Archive, 3 March 2012\n\n"
        "Transcript\n\n"
        "0:00:04 PV: Hana, where did you learn to sail?\n\n"
        "0:00:09 HS: On my uncle's boat, in a harbour that has since silted up.\n\n"
        "0:01:15 PV: What was your first job?\n\n"
        "0:01:18 HS: Mending nets. Slow work, and good for thinking.\n"
    )
    assert article.title == "Oral History Interview with Hana Sorel"
    assert article.outlet == "Coastline Memory Archive"
    assert article.published == datetime(2012, 3, 3)
    assert len(article.pairs) == 2


@pytest.mark.parametrize(
    "line",
    ["Recorded April 4, 2019", "Aired 4 April 2019", "Интервью, 04 апреля 2019"],
)
def test_a_labelled_date_line_is_the_dateline(line: str) -> None:
    article = read(f"Lantern Radio\n\nEpisode 9: Tide Gauges\n\n{line}\n\n" + QA)
    assert (article.outlet, article.title) == ("Lantern Radio", "Episode 9: Tide Gauges")
    assert article.published == datetime(2019, 4, 4)


def test_a_headline_under_the_date_is_the_title() -> None:
    article = read(
        "Городская газета «Приливы»\n\nИнтервью, 06 декабря 2018\n\n"
        "Как порт считает приливы\n\n"
        "Инженер вымышленного порта Ирина Соколова рассказала о новых датчиках.\n\n"
        "– С чего начался проект?\n\n– С одного датчика на старом причале.\n\n"
        "– Что дальше?\n\n– Ещё десять датчиков.\n"
    )
    assert article.outlet == "Городская газета «Приливы»"
    assert article.title == "Как порт считает приливы"
    assert article.published == datetime(2018, 12, 6)
    assert len(article.pairs) == 2


def test_a_photo_caption_under_the_date_is_not_the_headline() -> None:
    article = read(
        "Transcript of the harbour master's briefing\n\nPublished: Apr 18, 2021 01:26 PM\n\n"
        "The harbour master at the fictional port of Wenmoor. Photo: Courtesy\n\n"
        "The harbour master answered questions from local reporters on Friday.\n\n" + QA
    )
    assert article.title == "Transcript of the harbour master's briefing"
    assert article.outlet == ""


@pytest.mark.parametrize(
    ("lede", "expected"),
    [
        ("On May. 13th, 2006, the Lantern met Inge Morrow at her workshop.", datetime(2006, 5, 13)),
        ("Last week, on 4 February 2019, Inge Morrow showed us her gauges.", datetime(2019, 2, 4)),
        (
            "SALTMARSH, March 3, 2024 (Coastline Wire) -- Tide gauges are spreading, "
            "said Inge Morrow, an engineer.",
            datetime(2024, 3, 3),
        ),
        # A date later in the lede is an event the interview talks about, not its day.
        ("Inge Morrow builds gauges. The great flood came on 4 February 1953.", None),
    ],
)
def test_a_date_only_in_the_ledes_first_sentence(lede: str, expected: datetime | None) -> None:
    assert read(f"Tide Gauges of the North\n\n{lede}\n\n" + QA).published == expected


def test_static_site_front_matter_keys_fill_brreaders_fields() -> None:
    result = parse_article(
        "---\ntitle: Counting Tides\ndate: 2020-11-02T08:30:00+01:00\nauthor: Oda Fenn\n"
        "site_name: Lantern Notes\n---\n\nInge Morrow measures tides.\n\n" + QA,
        id="x",
        path="x.md",
    )
    article = result.article
    assert (article.title, article.outlet) == ("Counting Tides", "Lantern Notes")
    assert article.published == datetime(2020, 11, 2, 8, 30)
    assert result.warnings == ()


def test_a_bad_alias_date_is_named_by_the_key_the_file_has() -> None:
    result = parse_article(
        "---\ntitle: Counting Tides\ndate: someday\n---\n\nText.\n", id="x", path="x.md"
    )
    assert any("'date: someday'" in warning for warning in result.warnings)
    assert result.article.published is None


def test_a_group_interview_names_everyone_its_captions_name() -> None:
    article = read(
        "Lantern Review\n\nWhat they say\n\nJune 1, 2025\n\n"
        "Editor's Note: three researchers shared their views on young scientists.\n\n"
        "Ada Quist, director of the Saltmarsh Institute\n\n"
        "Young people should see a tide gauge before they see a textbook.\n\n"
        "Ben Arlo, professor of ecology at Wenmoor University\n\n"
        "Our students spend a year in the field before they write a chapter.\n"
    )
    assert article.interviewees == ("Ada Quist", "Ben Arlo")
    assert article.pairs == ()


def test_an_arabic_lede_names_the_interviewee_after_the_verb_of_saying() -> None:
    article = read(
        "صحيفة المد\n\nحديث عن المد والجزر\n\n10 مارس 2023\n\n"
        "قال المهندس سامي ناصر، مدير ميناء متخيل، إن أجهزة القياس الجديدة دقيقة.\n\n"
        "كيف تعمل الأجهزة؟\n\nتقيس ارتفاع الماء كل دقيقة.\n\n"
        "ما الخطوة التالية؟\n\nعشرة أجهزة أخرى.\n"
    )
    assert article.interviewee == "سامي ناصر"
    assert len(article.pairs) == 2


def test_a_place_after_a_bylines_comma_does_not_replace_the_outlet_line() -> None:
    article = read(
        "Lantern Review\n\nTide Gauges of the North\n\nBy Oda Fenn, Wenmoor\n\n"
        "June 1, 2025\n\nInge Morrow builds tide gauges for fishing villages.\n\n" + QA
    )
    assert (article.outlet, article.title) == ("Lantern Review", "Tide Gauges of the North")
    assert article.published == datetime(2025, 6, 1)


def test_a_markdown_file_reads_its_heading_emphasis_and_bold_questions() -> None:
    article = parse_article(
        "# Tide Gauges of the North\n\n*Lantern Weekly, 4 March 2024*\n\n"
        "Inge Morrow builds tide gauges for fishing villages.\n\n"
        "**What did you build first?**\n\nA gauge made from a drainpipe.\n\n"
        "**Does it still work?**\n\nIt does.\n",
        id="x",
        path="x.md",
    ).article
    assert (article.title, article.outlet) == ("Tide Gauges of the North", "Lantern Weekly")
    assert article.published == datetime(2024, 3, 4)
    assert [pair.question for pair in article.pairs] == [
        "What did you build first?",
        "Does it still work?",
    ]


def test_a_place_and_date_line_gives_the_date_but_no_outlet() -> None:
    article = read("Tide Gauges of the North\n\nWenmoor, 4 March 2024\n\nInge Morrow.\n\n" + QA)
    assert (article.title, article.outlet) == ("Tide Gauges of the North", "")
    assert article.published == datetime(2024, 3, 4)


def test_a_header_above_question_labels_and_a_date_ending_the_headline() -> None:
    article = read(
        "Ministry of Tides of the fictional Republic of Wenmoor\n\n"
        "Interview of Minister Ada Quist to the Lantern Weekly, 4 March 2024\n\n"
        "Question: How are the gauges doing?\n\nAda Quist: Very well.\n\n"
        "Question: What next?\n\nAda Quist: Ten more.\n"
    )
    assert article.outlet == "Ministry of Tides of the fictional Republic of Wenmoor"
    assert article.title.startswith("Interview of Minister Ada Quist")
    assert article.published == datetime(2024, 3, 4)
    assert article.interviewee == "Ada Quist"
    assert len(article.pairs) == 2


def test_a_french_byline_is_not_the_interviewee() -> None:
    article = read(
        "La Gazette des Marées\n\nEntretien avec Claire Dumont\n\nPublié le 12 mai 2025\n\n"
        "Par Jeanne Morel\n\nLa géographe Claire Dumont étudie les côtes.\n\n"
        "Pourquoi les côtes ?\n\nParce qu'elles changent vite.\n\n"
        "Et demain ?\n\nNous partagerons nos données.\n"
    )
    assert article.interviewee == "Claire Dumont"
    assert article.published == datetime(2025, 5, 12)


@pytest.mark.parametrize("headline", ["E", "X", "Save"])
def test_a_headline_that_looks_like_a_button_word_is_kept_unless_it_is_one(headline: str) -> None:
    article = read(f"Lantern Review\n\n{headline}\n\nJune 1, 2025\n\nInge Morrow builds.\n\n" + QA)
    if headline == "Save":  # a share-bar button: the page's chrome, not a headline
        assert (article.outlet, article.title) == ("", "Lantern Review")
    else:  # found by the property test: a one-letter headline is not the e of "e-mail"
        assert (article.outlet, article.title) == ("Lantern Review", headline)
