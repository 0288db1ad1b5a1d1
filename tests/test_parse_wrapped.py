"""Hard-wrapped pages read as the paragraphs they were wrapped from.

Wire copy, e-mail, ``fmt`` and some PDF-to-text tools break every paragraph into
lines of about 72 columns; Chinese wire copy breaks it every so many characters.
The turns, and the words a user reads in the Q&A view and in snippets, must be
those of the page before it was wrapped: no line breaks inside a turn, no space
between two Chinese characters, and a label at the start of a line still starts
a turn. Every person, outlet and event here is made up.
"""

from __future__ import annotations

import textwrap

from brreader.highlight import snippet
from brreader.parse import normalize, parse_article
from brreader.reading.wrapped import unwrap


def _parse(text: str):
    return parse_article(text, id="x", path="x.txt").article


def _wrapped(text: str, width: int = 72) -> str:
    return "\n".join(
        "\n".join(textwrap.wrap(line, width, break_long_words=False)) or line
        for line in text.split("\n")
    )


LABELLED = (
    "Northwind Courier\n"
    "Tidal maps for the small harbours\n"
    "March 3, 2023\n"
    "Surveyor Ines Calder has charted the silt of eleven fishing harbours on the "
    "fictional Marrow coast.\n"
    "Q: Why chart harbours that the big shipping lines never visit?\n"
    "A: Because the boats that do visit them have no margin at all. A trawler that "
    "touches a sandbar at low water loses a morning, sometimes a hull, and the "
    "well-known charts are forty years old.\n"
    "Q: How do you measure the silt?\n"
    "A: With a cross-border team of two boats, an echo sounder and a great deal of "
    "patience, at every spring tide for three years in a row.\n"
    "Q: What changes for the fishers?\n"
    "A: They get a free chart every spring, printed and on their phones.\n"
)


def test_a_wrapped_single_newline_transcript_reads_as_the_unwrapped_one() -> None:
    wrapped = _wrapped(LABELLED)
    assert wrapped.count("\n") >= LABELLED.count("\n") + 4
    got, want = _parse(wrapped), _parse(LABELLED)
    assert got.pairs == want.pairs
    assert got.lede == want.lede and got.title == want.title
    assert len(got.pairs) == 3
    assert "\n" not in got.pairs[0].answer  # the Q&A view shows one paragraph
    assert "the well-known charts" in got.pairs[0].answer
    assert "a cross-border team" in got.pairs[1].answer


def test_a_label_after_a_full_line_still_starts_a_turn() -> None:
    # The answer's last line is as long as the page's lines: only the label says a
    # new turn begins.
    lines = [
        "Q: What did the first season of counting show about the wading birds?",
        "A: That the godwits arrive nine days earlier than the old notebooks say,",
        "and that they leave the estuary in two waves rather than in one flock.",
        "Q: Did anything else surprise the volunteers who kept the counts going?",
        "A: The oystercatchers, which nobody had thought to count at all, turned",
        "out to be the most faithful of the lot: the same pairs came back to the",
        "same stretch of shingle every spring for the whole of the three years.",
    ]
    assert unwrap(lines) == [
        lines[0],
        lines[1] + " " + lines[2],
        lines[3],
        " ".join(lines[4:]),
    ]


def test_a_hyphen_at_a_line_end_is_kept_and_a_spaced_dash_keeps_its_space() -> None:
    lines = [
        "The survey team crossed the ridge twice a week to reach the cross-",
        "border stations, carrying the batteries on their backs - which is why",
        "the loggers were replaced by solar panels in the second year of work.",
    ]
    assert unwrap(lines) == [
        "The survey team crossed the ridge twice a week to reach the cross-border "
        "stations, carrying the batteries on their backs - which is why the loggers "
        "were replaced by solar panels in the second year of work."
    ]


CHINESE = (
    "青岚晚报\n\n"
    "候鸟归来的湿地\n\n"
    "2023年11月5日\n\n"
    "本报记者近日专访了虚构的白沙湾湿地保护站站长郑秋雁，请她介绍这几年湿地保护的变化和经验。\n\n"
    "问：这几年保护站做了哪些工作？\n\n"
    "答：我们清理了四百多亩养殖塘，把它们还给了候鸟，又在堤坝上建了三个观测点，志愿者每天记录鸟的种类和数量，"
    "数据每个月向社会公开一次。\n\n"
    "问：周边渔民怎么看？\n\n"
    "答：一开始有顾虑，后来不少人成了巡护员，他们比我们更熟悉滩涂，哪里有鸟、哪里有网，一眼就能看出来。\n"
)


def _chinese_wrapped(text: str, count: int = 35) -> str:
    return "\n".join(
        "\n".join(line[n : n + count] for n in range(0, len(line), count)) or line
        for line in text.split("\n")
    )


def test_chinese_lines_of_one_count_join_without_a_space() -> None:
    wrapped = _chinese_wrapped(CHINESE)
    assert wrapped.count("\n") >= CHINESE.count("\n") + 3
    got, want = _parse(wrapped), _parse(CHINESE)
    assert got.pairs == want.pairs and got.lede == want.lede
    assert "观测点，志愿者每天记录" in got.pairs[0].answer
    shown = snippet(got.pairs[0].answer, ["志愿者"], lang="zh").text
    assert "观测点，志愿者每天记录" in shown and " " not in shown


def test_chinese_labels_after_full_lines_start_turns_without_blank_lines() -> None:
    text = _chinese_wrapped(CHINESE.replace("\n\n", "\n"), 30)
    got = _parse(text)
    assert [pair.question for pair in got.pairs] == [
        "这几年保护站做了哪些工作？",
        "周边渔民怎么看？",
    ]
    assert got.pairs == _parse(CHINESE).pairs


def test_a_page_that_is_not_wrapped_keeps_its_lines() -> None:
    # Single newlines, lines of one length by chance, every one ending a sentence.
    lines = [
        "Valley Signal",
        "A bakery that runs on spent grain",
        "Spoken to in May 2021, the baker Odile Farrant explained her oven.",
        "Why use spent grain from the brewery next door rather than plain flour?",
        "It is free, it is local, and it gives the crust a taste people remember.",
        "Do customers notice the difference between the two kinds of loaves?",
        "Some do. Most just come back, which tells me enough about the bread.",
    ]
    assert unwrap(lines) is lines


def test_an_arabic_letter_alone_on_its_line_labels_the_tatweel_line_below() -> None:
    text = (
        "جريدة الساحل\n\nحديث عن المنارات القديمة\n\n3 مارس 2021\n\n"
        "التقينا الحارس المتقاعد نبيل الراشد في بيته قرب المنارة.\n\n"
        "س\nـ كم سنة عملت في المنارة؟\n\n"
        "ج\nـ ثلاثين سنة، من غير يوم عطلة تقريباً.\n\n"
        "س\n\nـ ما أصعب ليلة مرت عليك؟\n\n"
        "ج\n\nـ ليلة العاصفة الكبيرة، حين انطفأ المصباح مرتين.\n"
    )
    pairs = _parse(text).pairs
    assert [pair.question for pair in pairs] == [
        "كم سنة عملت في المنارة؟",
        "ما أصعب ليلة مرت عليك؟",
    ]
    assert [pair.answer for pair in pairs] == [
        "ثلاثين سنة، من غير يوم عطلة تقريباً.",
        "ليلة العاصفة الكبيرة، حين انطفأ المصباح مرتين.",
    ]


def test_a_full_width_colon_before_chinese_text_stays_full_width() -> None:
    assert normalize("公司CEO：我们明年扩大研发") == "公司CEO：我们明年扩大研发"
    assert normalize("他说，APP：“下载量翻了一番”") == "他说，APP：“下载量翻了一番”"
    assert normalize("Q：What comes next?") == "Q: What comes next?"
    assert normalize("Updated：2024-05-01") == "Updated: 2024-05-01"
