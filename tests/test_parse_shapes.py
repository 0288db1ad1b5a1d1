"""Shapes of real interview pages the parser learned in one go, in short invented examples.

Each test uses words other than the fixture in tests/fixtures/realworld/ that
shows the same shape, so a rule is checked on the kind of input, not on one
text. Every person and outlet here is made up.
"""

from __future__ import annotations

from brreader.parse import parse_article


def parse(text: str, path: str = "x.txt"):
    return parse_article(text, id="x", path=path).article


def questions(text: str) -> list[str]:
    return [pair.question for pair in parse(text).pairs]


def answers(text: str) -> list[str]:
    return [pair.answer for pair in parse(text).pairs]


HEAD = "Ridgeway Post\n\nWhy the valley kept its orchards\n\nJune 2, 2022\n\n"
LEDE = "Pomologist Ilka Varga keeps a collection of old apple trees.\n\n"


# -- labels ----------------------------------------------------------------------------


def test_numbered_question_and_answer_labels_are_labels_at_every_number() -> None:
    text = (
        HEAD
        + LEDE
        + (
            "Question 1: How many varieties do you keep?\n\nAnswer 1: Two hundred and six.\n\n"
            "Question 2: Which is the oldest?\n\nAnswer 2: A russet planted in 1790.\n"
        )
    )
    assert questions(text) == ["How many varieties do you keep?", "Which is the oldest?"]
    assert answers(text) == ["Two hundred and six.", "A russet planted in 1790."]


def test_numbered_speakers_stay_two_people() -> None:
    text = (
        HEAD
        + LEDE
        + (
            "Speaker 1: How many varieties do you keep?\n\nSpeaker 2: Two hundred and six.\n\n"
            "Speaker 1: Which is the oldest?\n\nSpeaker 2: A russet planted in 1790.\n"
        )
    )
    assert questions(text) == ["How many varieties do you keep?", "Which is the oldest?"]
    assert answers(text) == ["Two hundred and six.", "A russet planted in 1790."]


def test_bracketed_chinese_labels_ask_and_answer_without_a_colon() -> None:
    text = (
        "清河日报\n\n果园里的老品种\n\n2022年6月2日\n\n记者日前采访了果树专家韩立。\n\n"
        "【记者】老品种有什么价值？\n\n【韩立】它们抗病，味道也好。\n\n"
        "【记者】您最喜欢哪一种？\n\n【韩立】一种很酸的青苹果。\n"
    )
    article = parse(text)
    assert [p.question for p in article.pairs] == ["老品种有什么价值？", "您最喜欢哪一种？"]
    assert [p.answer for p in article.pairs] == ["它们抗病，味道也好。", "一种很酸的青苹果。"]
    assert article.interviewee == "韩立"


def test_one_and_two_asterisks_mark_question_and_answer() -> None:
    text = (
        "مجلة الحقول\n\nحوار مع المهندسة سلمى يوسف\n\n2022-06-02\n\n"
        "التقينا المهندسة سلمى يوسف في مزرعتها.\n\n"
        "* متى بدأتم زراعة التفاح؟\n\n** قبل عشر سنوات.\n\n"
        "* ما أصعب ما واجهتم؟\n\n** قلة الماء في الصيف.\n"
    )
    assert questions(text) == ["متى بدأتم زراعة التفاح؟", "ما أصعب ما واجهتم؟"]
    assert answers(text) == ["قبل عشر سنوات.", "قلة الماء في الصيف."]


def test_a_bulleted_list_alone_is_not_read_as_turns() -> None:
    text = (
        HEAD
        + LEDE
        + (
            "She names three reasons:\n\n* the soil\n\n* the frost\n\n* the people\n\n"
            "Why does it matter?\n\nBecause orchards take a lifetime.\n"
        )
    )
    assert questions(text) == ["Why does it matter?"]


def test_the_word_spelled_out_in_the_first_turn_then_its_letter() -> None:
    text = (
        HEAD
        + LEDE
        + (
            "Pregunta. ¿Cuántas variedades conserva?\n\nRespuesta. Doscientas seis.\n\n"
            "P. ¿Cuál es la más antigua?\n\nR. Una reineta de 1790.\n\n"
            "P. ¿Y la más rara?\n\nR. Una pera que nadie sabe nombrar.\n"
        )
    )
    assert questions(text) == [
        "¿Cuántas variedades conserva?",
        "¿Cuál es la más antigua?",
        "¿Y la más rara?",
    ]


def test_a_full_name_with_initials_then_the_initials_alone_is_one_speaker() -> None:
    text = HEAD + (
        "Ilka Varga spoke to Tom Brandt about her trees.\n\n"
        "Tom Brandt (T.B.): Ilka, how did the collection start?\n\n"
        "Ilka Varga (I.V.): With cuttings from my grandfather's farm.\n\n"
        "T.B.: And now?\n\nI.V.: Two hundred and six trees.\n\n"
        "T.B.: What next?\n\nI.V.: A nursery, so others can plant them.\n"
    )
    article = parse(text)
    assert len(article.pairs) == 3
    assert article.pairs[0].question == "Ilka, how did the collection start?"
    assert article.pairs[0].answer == "With cuttings from my grandfather's farm."
    assert article.interviewee == "Ilka Varga"


# -- the header ----------------------------------------------------------------------


def test_a_section_name_between_outlet_and_headline_is_not_the_headline() -> None:
    text = (
        "Ridgeway Post\n\nFood | Interviews\n\nWhy the valley kept its orchards\n\n"
        "June 2, 2022\n\n" + LEDE + "How many trees?\n\nTwo hundred.\n\nWhy?\n\nLove.\n"
    )
    article = parse(text)
    assert (article.outlet, article.title) == ("Ridgeway Post", "Why the valley kept its orchards")
    assert "Interviews" not in article.lede


def test_a_short_headline_right_above_the_date_stays_the_headline() -> None:
    text = "Ridgeway Post\n\nOrchards\n\nJune 2, 2022\n\n" + LEDE + "How many?\n\nTwo hundred.\n"
    assert parse(text).title == "Orchards"


def test_the_first_lines_name_the_outlet_and_its_office() -> None:
    text = (
        "Ministry of Orchards of the Valley Republic\nPress Service\n\n"
        "Minister Ada Kerr's interview with the Ridgeway Post\n\nJune 2, 2022\n\n"
        "The minister answered questions on the new nursery.\n\n"
        "Q: Why a nursery?\n\nA: To keep the old trees alive.\n"
    )
    article = parse(text)
    assert article.outlet == "Ministry of Orchards of the Valley Republic"
    assert article.title == "Minister Ada Kerr's interview with the Ridgeway Post"
    assert article.interviewee == "Ada Kerr"


def test_hard_wrapped_prose_at_the_top_stays_one_paragraph() -> None:
    text = (
        "Ilka Varga keeps a collection of old apple trees in a valley\n"
        "where most farmers grow maize now, and she says it is worth it.\n\n"
        "Why?\n\nBecause orchards take a lifetime.\n"
    )
    assert parse(text).lede.startswith("Ilka Varga keeps a collection of old apple trees in a")


# -- an oral history's record block ----------------------------------------------------


RECORD = (
    "Valley Voices Archive\n\nOral History Interview with Ilka Varga\n\n"
    "Interviewee: Ilka Varga\nInterviewer: Tom Brandt\nInterview date: 2 June 2022\n"
    "Place: Ridgeway\n\n"
    "BRANDT: Where were you born?\n\nVARGA: In the orchard house.\n\n"
    "BRANDT: Who planted the trees?\n\nVARGA: My grandfather.\n"
)


def test_a_record_block_is_the_header_not_a_question() -> None:
    article = parse(RECORD)
    assert [p.question for p in article.pairs] == ["Where were you born?", "Who planted the trees?"]
    assert article.published is not None and article.published.date().isoformat() == "2022-06-02"
    assert article.interviewee == "Ilka Varga"
    assert "Interviewer: Tom Brandt" in article.lede.split("\n\n")  # a line of its own


def test_a_transcript_without_blank_lines_is_not_a_record_block() -> None:
    text = (
        HEAD
        + LEDE
        + ("Q: How many trees?\nA: Two hundred.\nQ: How old?\nA: Some are two centuries old.\n")
    )
    assert questions(text) == ["How many trees?", "How old?"]


# -- who is interviewed ---------------------------------------------------------------


def test_a_host_named_first_in_the_lede_asks() -> None:
    text = (
        "Orchard Radio\n\nEpisode 9: Old apples\n\nJune 2, 2022\n\n"
        "Presenter Tom Brandt talks with pomologist Ilka Varga.\n\n"
        "[00:00:10] Tom Brandt: Ilka, why old apples?\n\n"
        "[00:00:15] Ilka Varga: They taste of something.\n\n"
        "[00:01:02] Tom Brandt: Of what?\n\n"
        "[00:01:05] Ilka Varga: Of the place they grew.\n"
    )
    article = parse(text)
    assert article.interviewee == "Ilka Varga"
    assert article.pairs[0].question == "Ilka, why old apples?"


def test_wire_copy_after_a_byline_names_the_interviewee() -> None:
    text = (
        "Valley Wire\n\nQ&A: Fruit grower on the old orchards\n\n"
        "By Tom Brandt, Staff Reporter\n\n"
        "RIDGEWAY, June 2 (Valley Wire) -- Ilka Varga keeps two hundred old trees.\n\n"
        "Q: Why?\n\nA: Because nobody else does.\n"
    )
    assert parse(text).interviewee == "Ilka Varga"


def test_a_chinese_subtitle_ending_with_the_name_names_the_interviewee() -> None:
    text = (
        "清河日报\n\n老品种的新生命——专访清河农学院教授韩立\n\n2022年6月2日\n\n"
        "老果园正在恢复。\n\n问：为什么保护老品种？\n\n答：它们抗病。\n"
    )
    assert parse(text).interviewee == "韩立"


# -- bold -----------------------------------------------------------------------------


def test_questions_all_in_bold_lose_the_bold_in_a_text_file() -> None:
    text = (
        HEAD
        + LEDE
        + (
            "**Pourquoi ces pommiers ?**\n\nIls résistent au gel.\n\n"
            "**Et demain ?**\n\nUne pépinière.\n"
        )
    )
    assert questions(text) == ["Pourquoi ces pommiers ?", "Et demain ?"]


def test_one_bold_question_among_plain_ones_keeps_its_markup() -> None:
    text = HEAD + LEDE + "**Pourquoi ?**\n\nLe gel.\n\nEt demain ?\n\nUne pépinière.\n"
    assert questions(text) == ["**Pourquoi ?**", "Et demain ?"]


def test_the_full_name_at_a_speakers_first_turn_then_the_surname() -> None:
    text = HEAD + (
        "Ilka Varga keeps old apple trees. Tom Brandt visited her.\n\n"
        "Tom Brandt: Why old trees?\n\nIlka Varga: They remember the valley.\n\n"
        "Brandt: How many?\n\nVarga: Two hundred and six.\n\n"
        "Brandt: And next year?\n\nVarga: More.\n"
    )
    article = parse(text)
    assert [p.question for p in article.pairs] == ["Why old trees?", "How many?", "And next year?"]
    assert article.pairs[0].answer == "They remember the valley."
    assert article.interviewees == ("Ilka Varga",)


def test_a_narrator_label_answers_and_names_no_one() -> None:
    text = HEAD + (
        "Ilka Varga grew up in the valley.\n\n"
        "INTERVIEWER: Where were you born?\n\nNARRATOR: In the orchard house.\n\n"
        "INTERVIEWER: Who planted the trees?\n\nNARRATOR: My grandfather.\n"
    )
    article = parse(text)
    assert article.interviewees == ("Ilka Varga",)
    assert article.pairs[1].answer == "My grandfather."


def test_a_question_label_and_its_question_in_one_bold_run() -> None:
    text = (
        HEAD + LEDE + "**Q: Why old trees?**\n\nA: They remember.\n\n**Q: How many?**\n\nA: Many.\n"
    )
    assert questions(text) == ["Why old trees?", "How many?"]


def test_the_date_first_then_outlet_and_headline() -> None:
    text = (
        "June 2, 2022\n\nRidgeway Post\n\nWhy the valley kept its orchards\n\n"
        + LEDE
        + ("Why?\n\nBecause orchards take a lifetime.\n")
    )
    article = parse(text)
    assert (article.outlet, article.title) == ("Ridgeway Post", "Why the valley kept its orchards")
    assert article.interviewee == "Ilka Varga"


def test_a_name_and_a_time_on_a_line_of_their_own_label_the_words_below() -> None:
    text = (
        "Orchard Radio\n\nEpisode 9: Old apples\n\nJune 2, 2022\n\n"
        "Tom Brandt talks with pomologist Ilka Varga.\n\n"
        "Tom Brandt  0:04\nIlka, why old apples?\n\n"
        "Ilka Varga  0:09\nThey taste of something.\n\n"
        "Tom Brandt  1:15\nOf what?\n\n"
        "Ilka Varga  1:20\nOf the place they grew.\n"
    )
    article = parse(text)
    assert [p.question for p in article.pairs] == ["Ilka, why old apples?", "Of what?"]
    assert [p.answer for p in article.pairs] == [
        "They taste of something.",
        "Of the place they grew.",
    ]


def test_initials_as_a_label_are_not_a_second_interviewee() -> None:
    text = (
        "Вестник долины\n\nСтарые яблони\n\n2 июня 2022\n\nИлка Варга хранит старые яблони.\n\n"
        "Корр.: Почему старые?\n\nИ.В.: Они помнят долину.\n\n"
        "Корр.: Сколько их?\n\nИ.В.: Двести шесть.\n"
    )
    assert parse(text).interviewees == ("Илка Варга",)


def test_a_chinese_role_label_does_not_take_the_verb_after_it_for_a_name() -> None:
    text = (
        "清河日报\n\n老果园\n\n2022-06-02\n\n本期嘉宾是果树专家韩立。\n\n"
        "主持人：为什么保护老品种？\n\n嘉宾：它们抗病。\n\n主持人：有多少？\n\n嘉宾：两百多种。\n"
    )
    assert parse(text).interviewees == ("韩立",)


def test_an_arabic_name_label_past_its_title_is_the_interviewee() -> None:
    text = (
        "مجلة الحقول\n\nالتفاح القديم\n\n2022-06-02\n\nزارت المجلة البستان.\n\n"
        "المجلة: لماذا التفاح القديم؟\n\nد. سلمى يوسف: لأنه يقاوم الصقيع.\n\n"
        "المجلة: كم شجرة لديكم؟\n\nد. سلمى يوسف: مئتا شجرة.\n"
    )
    assert parse(text).interviewees == ("سلمى يوسف",)


def test_an_answer_that_ends_by_asking_is_still_the_answer() -> None:
    text = (
        HEAD
        + LEDE
        + (
            "Why old trees?\n\nThey remember the valley. Who else does?\n\n"
            "How many?\n\nTwo hundred and six.\n"
        )
    )
    assert questions(text) == ["Why old trees?", "How many?"]
    assert answers(text)[0] == "They remember the valley. Who else does?"


def test_a_question_asked_twice_over_two_paragraphs_stays_one_question() -> None:
    text = (
        HEAD
        + LEDE
        + (
            "Why old trees?\n\nDr. Varga, why not new ones?\n\nBecause old ones remember.\n\n"
            "How many?\n\nTwo hundred and six.\n"
        )
    )
    assert questions(text) == ["Why old trees?\n\nDr. Varga, why not new ones?", "How many?"]
