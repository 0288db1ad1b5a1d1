"""More shapes of real interview pages: labels on one side only, bare questions answered
under name labels, numbered and lettered labels, transcripts' time codes, initials, two
hosts, dash dialogue with a statement turn, page furniture, and where names hide.

Each test uses words other than the fixture in tests/fixtures/realworld/ that shows
the same shape, so a rule is checked on the kind of input, not on one text. Every
person and outlet here is made up.
"""

from __future__ import annotations

from tests.test_parse_shapes import HEAD, LEDE, answers, parse, questions

# -- only the questions labelled -------------------------------------------------------


def test_a_question_label_without_answer_labels_leaves_the_answers_unlabelled() -> None:
    text = (
        "Diario del Valle\n\nLos manzanos de la abuela\n\n2 de junio de 2022\n\n"
        "Ilka Varga guarda una colección de manzanos antiguos.\n\n"
        "Pregunta: ¿Cuántas variedades tiene?\n\nDoscientas seis.\n\n"
        "Pregunta: Dicen que las planta sin riego.\n\nAsí es. Las raíces buscan el agua solas."
        "\n\nPregunta: ¿Cuál es la más antigua?\n\nUna reineta de 1790.\n\nSigue dando fruta.\n"
    )
    assert questions(text) == [
        "¿Cuántas variedades tiene?",
        "Dicen que las planta sin riego.",  # the label says it asks, without a "?"
        "¿Cuál es la más antigua?",
    ]
    assert answers(text) == [
        "Doscientas seis.",
        "Así es. Las raíces buscan el agua solas.",
        "Una reineta de 1790.\n\nSigue dando fruta.",
    ]


def test_a_chinese_reporter_label_alone_asks_on_lines_without_blank_lines() -> None:
    text = (
        "清河日报\n\n果园里的老品种\n\n2022年6月2日\n\n"
        "果树专家韩立多年来收集老品种苹果。记者日前采访了他。\n"
        "记者：您收集了多少个品种？\n两百零六个。\n"
        "记者：最老的是哪一个？\n一七九零年种下的一棵。\n"
        "记者：下一步有什么打算？\n建一个对外开放的果园。\n"
    )
    assert questions(text) == ["您收集了多少个品种？", "最老的是哪一个？", "下一步有什么打算？"]
    assert answers(text) == ["两百零六个。", "一七九零年种下的一棵。", "建一个对外开放的果园。"]


def test_a_repeated_label_that_does_not_ask_is_not_a_question() -> None:
    text = (
        HEAD
        + LEDE
        + "Season: spring, when the blossom opens.\n\nShe walks the rows every morning.\n\n"
        "Season: summer, when the fruit sets.\n\nThe bees do most of the work.\n\n"
        "Season: autumn, when the picking starts.\n\nNeighbours come to help.\n"
    )
    assert parse(text).pairs == ()


# -- bare questions, answers under the speakers' names ------------------------------------


BARE = (
    "Harbour Notes\n\nTwo views of one river\n\nMay 4, 2023\n\n"
    "A conversation with Ana Ruiz, a hydrologist, and Ben Osei, a ferryman.\n\n"
    "How did you meet?\n\n"
    "Ana Ruiz: On his ferry. I was measuring the current from the deck.\n\n"
    "Ben Osei: She asked me where the sandbanks move. Nobody had asked before.\n\n"
    "What did you learn from each other?\n\n"
    "Ben Osei: That my guesses had numbers behind them.\n\n"
    "Ana Ruiz: That the numbers needed his guesses.\n\n"
    "What next?\n\n"
    "Ana Ruiz: A gauge on the landing stage.\n"
)


def test_bare_questions_between_name_labels_ask_and_every_name_answers() -> None:
    article = parse(BARE)
    assert [p.question for p in article.pairs] == [
        "How did you meet?",
        "What did you learn from each other?",
        "What next?",
    ]
    assert article.pairs[0].answer == (
        "On his ferry. I was measuring the current from the deck.\n\n"
        "She asked me where the sandbanks move. Nobody had asked before."
    )
    assert article.interviewees == ("Ana Ruiz", "Ben Osei")
    assert "How did you meet?" not in article.lede


def test_name_labels_that_ask_themselves_are_read_as_before() -> None:
    text = (
        HEAD + LEDE + "Tom Brandt: How many trees are there?\n\nIlka Varga: Four hundred.\n\n"
        "Tom Brandt: Which is the oldest?\n\nIlka Varga: A russet from 1790.\n"
    )
    assert questions(text) == ["How many trees are there?", "Which is the oldest?"]
    assert answers(text) == ["Four hundred.", "A russet from 1790."]


# -- numbered, lettered and timed labels ---------------------------------------------------


def test_list_numbers_before_question_and_answer_labels_are_not_part_of_them() -> None:
    text = (
        "清河果树站\n\n果树站负责人就《老品种保护办法》答记者问\n\n2022-06-02\n\n"
        "果树站发布了保护办法，负责人回答了记者提问。\n\n"
        "一、问：为什么要保护老品种？\n\n答：老品种抗病，是育种的底子。\n\n"
        "二、问：谁来出钱？\n\n答：省里和县里各出一半。\n\n"
        "3. 问：农户能得到什么？\n\n答：每棵树每年一百元。\n"
    )
    assert questions(text) == ["为什么要保护老品种？", "谁来出钱？", "农户能得到什么？"]
    assert answers(text) == [
        "老品种抗病，是育种的底子。",
        "省里和县里各出一半。",
        "每棵树每年一百元。",
    ]


def test_a_letter_and_a_dash_label_question_and_answer() -> None:
    text = (
        "Ministère des Vergers\n\nEntretien de M. Paul Ardent, ministre, avec « Radio Coteaux »"
        " (Dijon, 2 juin 2022)\n\n"
        "Q - Monsieur le Ministre, bonjour. Pourquoi ce plan ?\n\nR - Parce que les vergers "
        "disparaissent.\n\nQ - Les arboriculteurs le demandaient.\n\nR - Depuis dix ans.\n\n"
        "Q - Combien coûte-t-il ?\n\nR - Douze millions.\n"
    )
    article = parse(text)
    assert [p.question for p in article.pairs] == [
        "Monsieur le Ministre, bonjour. Pourquoi ce plan ?",
        "Les arboriculteurs le demandaient.",
        "Combien coûte-t-il ?",
    ]
    assert [p.answer for p in article.pairs][0] == "Parce que les vergers disparaissent."
    assert article.interviewees == ("Paul Ardent",)  # "Entretien de M. X" names him
    assert article.published is not None and article.published.day == 2


def test_a_name_and_a_time_code_before_a_colon_label_the_lines_below() -> None:
    text = (
        "Orchard Hour\n\nEpisode 4: Old Trees\n\nJune 2, 2022\n\n"
        "Host Tom Brandt talks with Ilka Varga about old apple trees.\n\n"
        "Tom Brandt (00:00:03):\nHow many trees do you keep?\n\n"
        "Ilka Varga (00:00:07):\nFour hundred, give or take.\n\n"
        "Tom Brandt (00:00:15): Which one is the oldest?\n\n"
        "Ilka Varga (00:00:19): A russet planted in 1790.\n"
    )
    assert questions(text) == ["How many trees do you keep?", "Which one is the oldest?"]
    assert answers(text) == ["Four hundred, give or take.", "A russet planted in 1790."]


def test_initials_after_a_first_turn_in_full_are_the_same_speakers() -> None:
    text = (
        "Радио «Сад»\n\nСтарые яблони\n\n2 июня 2022\n\n"
        "В эфире — разговор о старых сортах яблонь.\n\n"
        "А. ВОЛКОВА: Добрый вечер. У нас в гостях помолог Илья Варгин.\n\n"
        "И. ВАРГИН: Добрый вечер.\n\n"
        "А. В.: Сколько у вас сортов?\n\nИ. В.: Двести шесть.\n\n"
        "А. В.: Какой самый старый?\n\nИ. В.: Ранет тысяча семьсот девяностого года.\n"
    )
    article = parse(text)
    assert [p.question for p in article.pairs] == [
        "Добрый вечер. У нас в гостях помолог Илья Варгин.",
        "Сколько у вас сортов?",
        "Какой самый старый?",
    ]
    assert [p.answer for p in article.pairs][0] == "Добрый вечер."
    assert article.interviewees == ("Илья Варгин",)


# -- who asks -------------------------------------------------------------------------------


def test_two_hosts_in_capitals_both_ask_though_one_asks_once() -> None:
    text = (
        HEAD
        + "Topics: orchards; cider\n\n"
        + "MAY HOLT: With us is Ilka Varga. How many trees are there?\n\n"
        "ILKA VARGA: Four hundred.\n\nJON REED: And the cider, is it any good?\n\n"
        "ILKA VARGA: Ask the neighbours.\n\nMAY HOLT: Which is the oldest tree?\n\n"
        "ILKA VARGA: A russet from 1790.\n"
    )
    article = parse(text)
    assert [p.question for p in article.pairs] == [
        "With us is Ilka Varga. How many trees are there?",
        "And the cider, is it any good?",
        "Which is the oldest tree?",
    ]
    assert article.interviewees == ("Ilka Varga",)


def test_dash_dialogue_turns_alternate_though_a_question_states() -> None:
    text = (
        "Diario del Valle\n\nLos manzanos de la abuela\n\n2 de junio de 2022\n\n"
        "Ilka Varga guarda una colección de manzanos antiguos.\n\n"
        "-Buenos días. Nos acompaña hoy la pomóloga Ilka Varga.\n\n-Buenos días.\n\n"
        "-¿Cuántas variedades tiene?\n\n-Doscientas seis.\n\n"
        "-Dicen que las planta sin riego.\n\n-Así es.\n\n-¿Cuál es la más antigua?\n\n"
        "-Una reineta de 1790.\n"
    )
    assert questions(text) == [
        "Buenos días. Nos acompaña hoy la pomóloga Ilka Varga.",
        "¿Cuántas variedades tiene?",
        "Dicen que las planta sin riego.",
        "¿Cuál es la más antigua?",
    ]
    assert answers(text) == ["Buenos días.", "Doscientas seis.", "Así es.", "Una reineta de 1790."]


def test_dash_dialogue_whose_questions_all_ask_keeps_a_question_over_two_dashes() -> None:
    text = (
        HEAD + LEDE + "— How many trees? I mean, in the whole valley?\n\n— How many?\n\n"
        "— Yes, all of them?\n\n— Four hundred.\n\n— Which is the oldest?\n\n— A russet.\n"
    )
    # Three dashes in a row ask: the "?" marks decide, as they always did.
    assert questions(text)[0].startswith("How many trees?")
    assert answers(text)[-1] == "A russet."


# -- page furniture ---------------------------------------------------------------------------


def test_furniture_and_a_list_of_related_links_are_not_turns() -> None:
    text = (
        "Ridgeway Post\n\nListen to this article · 4 min\n\nWhy the valley kept its orchards"
        "\n\nUpdated: 2022-06-02 08:00\n\n" + LEDE + "How many trees are there?\n\n"
        "Advertisement\n\nFour hundred.\n\nWhich is the oldest?\n\nA russet from 1790.\n\n"
        "Related stories\n\nWill cider save the orchards?\n\nThe last apple pressers\n\n"
        "Share this article\n"
    )
    article = parse(text)
    assert article.title == "Why the valley kept its orchards"
    assert [p.question for p in article.pairs] == [
        "How many trees are there?",
        "Which is the oldest?",
    ]
    assert article.pairs[0].answer == "Four hundred."
    assert article.pairs[-1].answer == "A russet from 1790."  # the site's links are left out


def test_a_related_heading_before_more_interview_does_not_end_the_questions() -> None:
    long = "They were planted by the monks, who kept careful notes about every graft. " * 3
    text = (
        HEAD
        + LEDE
        + "How many trees are there?\n\nFour hundred.\n\nRelated\n\n"
        + "Which is the oldest?\n\n"
        + long
        + "\n"
    )
    assert questions(text) == ["How many trees are there?", "Which is the oldest?"]


# -- where the interviewee is named -----------------------------------------------------------


def test_the_guest_introduced_in_the_first_question_is_the_interviewee() -> None:
    text = (
        "Orchard Hour\n\nOld trees, new cider\n\nJune 2, 2022\n\n"
        "Why does a valley keep trees nobody picks? Who pays for them?\n\n"
        "— Good evening. Our guest today is the pomologist Ilka Varga. Why trees?\n\n— Why not.\n\n"
        "— How many trees are there?\n\n— Four hundred.\n\n— Which is the oldest?\n\n— A russet.\n"
    )
    assert parse(text).interviewees == ("Ilka Varga",)


def test_a_credit_line_opening_the_lede_names_the_interviewer_not_the_interviewee() -> None:
    text = (
        "Садовый вестник\n\nИлья Варгин: о старых яблонях\n\n02.06.2022\n\n"
        "Беседовала Анна Волкова\n\n"
        "— Сколько у вас сортов?\n\n— Двести шесть.\n\n— Какой самый старый?\n\n— Ранет.\n\n"
        "— А самый вкусный?\n\n— Антоновка.\n"
    )
    assert parse(text).interviewees == ("Илья Варгин",)


def test_an_arabic_title_before_a_name_in_the_lede_names_the_interviewee() -> None:
    text = (
        "مجلة البستان\n\nأشجار التفاح القديمة\n\n2022-06-02\n\n"
        "زرنا المهندسة ليلى حداد، خبيرة الأشجار المثمرة، في بستانها.\n\n"
        "- كم شجرة في البستان؟\n\nأربعمئة شجرة.\n\n- ما أقدمها؟\n\nشجرة من عام ١٧٩٠.\n\n"
        "- من يقطف الثمار؟\n\nالجيران.\n\n- هل تبيعون العصير؟\n\nقليلاً.\n"
    )
    article = parse(text)
    assert article.interviewees == ("ليلى حداد",)
    assert len(article.pairs) == 4


def test_a_chinese_time_word_opening_the_lede_is_not_a_name() -> None:
    text = (
        "清河日报\n\n老品种苹果\n\n2022-06-02\n\n近日，果树站回答了记者关于老品种的提问。\n\n"
        "问：为什么要保护老品种？\n\n答：老品种抗病。\n\n问：谁来出钱？\n\n答：省里和县里。\n"
    )
    assert parse(text).interviewees == ()


def test_a_full_name_once_then_its_initials_is_one_speaker() -> None:
    text = (
        HEAD
        + "Recorded for the Valley Memory Project.\n\n"
        + "Tom Brandt: This is Tom Brandt with Sara Lind. Where were you born?\n\n"
        "Sara Lind: In the house by the cider mill.\n\nTB: Who ran the mill?\n\n"
        "SL: My grandfather, then nobody.\n\nTB: Why nobody?\n\nSL: The trees got old.\n"
    )
    article = parse(text)
    assert [p.answer for p in article.pairs] == [
        "In the house by the cider mill.",
        "My grandfather, then nobody.",
        "The trees got old.",
    ]
    assert article.interviewees == ("Sara Lind",)


def test_a_russian_question_label_alone_asks_and_the_paragraphs_after_answer() -> None:
    text = (
        "Садовый вестник\n\nСтарые яблони\n\n2 июня 2022\n\n"
        "Илья Варгин собирает старые сорта яблонь.\n\n"
        "Вопрос: Сколько у вас сортов?\n\nДвести шесть.\n\n"
        "Вопрос: Соседи помогают.\n\nДа, особенно осенью.\n\n"
        "Вопрос: Какой самый старый?\n\nРанет.\n"
    )
    assert questions(text) == ["Сколько у вас сортов?", "Соседи помогают.", "Какой самый старый?"]
    assert answers(text) == ["Двести шесть.", "Да, особенно осенью.", "Ранет."]


def test_a_caption_in_capitals_among_capital_labels_is_not_a_speaker() -> None:
    text = (
        HEAD + "MAY HOLT: How many trees are there?\n\nILKA VARGA: Four hundred.\n\n"
        "PHOTO CREDIT: Jon Reed for the Ridgeway Post\n\n"
        "MAY HOLT: Which is the oldest?\n\nILKA VARGA: A russet from 1790.\n"
    )
    assert questions(text) == ["How many trees are there?", "Which is the oldest?"]
    assert answers(text)[0].startswith("Four hundred.")
