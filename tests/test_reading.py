"""Real interview shapes (issue 14), one kind at a time, in short invented examples.

Kind 1: who was interviewed; kind 2: speaker labels learned from the text;
kind 3: layouts without labels; kind 5: texts that are not interviews.
Every person and outlet here is made up.
"""

from __future__ import annotations

import json

from brreader.check import article_problems
from brreader.parse import parse_article


def parse(text: str):
    return parse_article(text, id="x", path="x.txt")


def questions(text: str) -> list[str]:
    return [pair.question for pair in parse(text).article.pairs]


def answers(text: str) -> list[str]:
    return [pair.answer for pair in parse(text).article.pairs]


HEAD = "Tidewater Courier\n\nRivers Without Borders\n\nMarch 3, 2021\n\n"

# -- kind 2: speaker labels ---------------------------------------------------------

CAPS = HEAD + (
    "Chidi Okafor runs a ferry line on the lagoon. We spoke about fares.\n\n"
    "MORALES: How many boats do you run?\n\n"
    "OKAFOR: Eleven, and two more in the rainy season.\n\n"
    "MORALES: What costs the most?\n\n"
    "OKAFOR: Fuel. Then the engines.\n\n"
    "We tried electric boats once.\n"
)


def test_caps_surname_labels_ask_and_answer_without_staying_in_the_text() -> None:
    article = parse(CAPS).article
    assert [p.question for p in article.pairs] == [
        "How many boats do you run?",
        "What costs the most?",
    ]
    assert article.pairs[1].answer == "Fuel. Then the engines.\n\nWe tried electric boats once."
    assert article.interviewee == "Chidi Okafor"


def test_initials_with_timestamps_are_labels() -> None:
    text = HEAD + (
        "A podcast talk with Selma Castel about glaciers.\n\n"
        "0:00:05.1 JB: Welcome. Where do you measure the ice\n\n"
        "0:00:09.8 SC: On three glaciers in the north.\n\n"
        "0:01:20.4 JB: And since when\n\n"
        "0:01:24.0 SC: Since 2009, every spring.\n"
    )
    article = parse(text).article
    assert [p.question for p in article.pairs] == [
        "Welcome. Where do you measure the ice",
        "And since when",
    ]
    assert [p.answer for p in article.pairs] == [
        "On three glaciers in the north.",
        "Since 2009, every spring.",
    ]
    assert article.interviewee == "Selma Castel"


def test_chinese_question_and_answer_labels() -> None:
    text = "《江岸日报》\n\n城市里的河\n\n2024年5月6日\n\n本报记者采访了水务专家。\n\n"
    text += (
        "问：河水为什么变清了？\n答：因为新的污水厂。\n问：请介绍一下明年的计划。\n答：再建两座。\n"
    )
    article = parse(text).article
    assert [p.question for p in article.pairs] == ["河水为什么变清了？", "请介绍一下明年的计划。"]
    assert [p.answer for p in article.pairs] == ["因为新的污水厂。", "再建两座。"]


def test_outlet_as_the_question_label() -> None:
    text = HEAD + (
        "Ambassador Lindqvist spoke before the summit.\n\n"
        "Tidewater Courier: What will the summit decide.\n\n"
        "Lindqvist: A fund for river ports.\n\n"
        "Tidewater Courier: Who pays.\n\n"
        "Lindqvist: Every member, by tonnage.\n"
    )
    article = parse(text).article
    assert [p.question for p in article.pairs] == ["What will the summit decide.", "Who pays."]
    assert article.pairs[1].answer == "Every member, by tonnage."


def test_russian_and_french_labels() -> None:
    russian = (
        "Корреспондент: Как начинался проект?\n\nИван Соколов: С одной лодки.\n\n"
        "Корреспондент: Что дальше?\n\nИван Соколов: Новые причалы.\n"
    )
    assert questions(HEAD + "Лид статьи о реке.\n\n" + russian) == [
        "Как начинался проект?",
        "Что дальше?",
    ]
    french = (
        "Question : Comment le projet a-t-il commencé ?\n\nRéponse : Avec un bateau.\n\n"
        "Question : Et ensuite ?\n\nRéponse : De nouveaux quais.\n"
    )
    assert answers(HEAD + "Un chapeau.\n\n" + french) == ["Avec un bateau.", "De nouveaux quais."]


def test_host_and_guest_labels_the_question_mark_decides() -> None:
    text = HEAD + (
        "A talk on the radio.\n\n"
        "Lena Fisk: Why did the bridge close?\n\n"
        "Omar Haddad: Cracks in two piers.\n\n"
        "Lena Fisk: When will it open?\n\n"
        "Omar Haddad: In the autumn, we hope.\n"
    )
    article = parse(text).article
    assert [p.question for p in article.pairs] == [
        "Why did the bridge close?",
        "When will it open?",
    ]
    assert article.interviewee == "Omar Haddad"


# -- kind 3: layouts ----------------------------------------------------------------


def test_single_newlines_between_paragraphs() -> None:
    text = (
        "Tidewater Courier\nRivers Without Borders\nMarch 3, 2021\n"
        "Mira Tal, a pilot on the delta, talks about silt and shipping.\n"
        "How deep is the channel today?\n"
        "Nine metres at high tide, seven at low tide on a bad day.\n"
        "What would help most?\n"
        "Dredging twice a year instead of once, and better charts.\n"
    )
    article = parse(text).article
    assert article.title == "Rivers Without Borders"
    assert article.interviewee == "Mira Tal"
    assert [p.question for p in article.pairs] == [
        "How deep is the channel today?",
        "What would help most?",
    ]


def test_question_and_answer_in_one_paragraph() -> None:
    text = HEAD + (
        "Mira Tal, a pilot, on silt.\n\n"
        "How deep is the channel? – Nine metres at high tide.\n\n"
        "Is that enough? Not for the new ships. They need eleven.\n\n"
        "We keep asking for dredging.\n"
    )
    article = parse(text).article
    assert [p.question for p in article.pairs] == ["How deep is the channel?", "Is that enough?"]
    assert article.pairs[1].answer == (
        "Not for the new ships. They need eleven.\n\nWe keep asking for dredging."
    )


def test_same_line_q_and_a_labels() -> None:
    text = HEAD + "Mira Tal on silt.\n\nQ:How deep is it? A: Nine metres.\nQ:And later? A: Seven.\n"
    assert questions(text) == ["How deep is it?", "And later?"]
    assert answers(text) == ["Nine metres.", "Seven."]


def test_russian_dash_dialogue_with_an_imperative_question() -> None:
    text = HEAD + (
        "Иван Соколов, капитан, рассказал о реке.\n\n"
        "— Как вы начинали?\n\n"
        "— С одной лодки и двух друзей.\n\n"
        "— Расскажите о новых причалах.\n\n"
        "— Их будет три.\n\n"
        "— Когда?\n\n"
        "— В следующем году.\n"
    )
    article = parse(text).article
    assert [p.question for p in article.pairs] == [
        "Как вы начинали?",
        "Расскажите о новых причалах.",
        "Когда?",
    ]
    assert article.pairs[0].answer == "С одной лодки и двух друзей."
    assert article.interviewee == "Иван Соколов"


def test_numbered_questions() -> None:
    text = HEAD + (
        "Mira Tal answered our questions by email.\n\n"
        "1. How deep is the channel?\n\nNine metres.\n\n"
        "2. Describe a bad day on the delta.\n\nFog, and a ship aground.\n\n"
        "3. What comes next?\n\nNew charts.\n"
    )
    assert questions(text) == [
        "How deep is the channel?",
        "Describe a bad day on the delta.",
        "What comes next?",
    ]


def test_other_question_marks() -> None:
    text = HEAD + "Mira Tal on silt.\n\nهل القناة عميقة؟\n\nنعم.\n\n¿Y mañana?\n\nTambién.\n\n"
    text += "Et après\u00a0?\n\nRien.\n"
    assert len(questions(text)) == 3


def test_an_imperative_prompt_between_answers_asks() -> None:
    text = HEAD + (
        "Mira Tal, a pilot, on the delta.\n\n"
        "How deep is the channel?\n\nNine metres.\n\n"
        "Tell us about the fog.\n\nIt comes at dawn.\n\n"
        "What would help?\n\nDredging.\n"
    )
    assert questions(text) == [
        "How deep is the channel?",
        "Tell us about the fog.",
        "What would help?",
    ]


# -- kind 1: interviewees -----------------------------------------------------------


def test_interviewee_at_the_end_of_the_lede() -> None:
    text = HEAD + (
        "The port will double in size, said Dmitri Volkov, director of the harbour board.\n\n"
        "Why now?\n\nBecause the ships grew.\n\nWhat do you need?\n\nLand.\n"
    )
    assert parse(text).article.interviewee == "Dmitri Volkov"


def test_interviewee_from_the_headline() -> None:
    text = "Tidewater Courier\n\nInterview with Selma Castel\n\nMarch 3, 2021\n\n"
    text += "The glaciologist talks about ice.\n\nWhere do you work?\n\nIn the north.\n"
    assert parse(text).article.interviewee == "Selma Castel"


def test_two_interviewees_from_answer_labels() -> None:
    text = HEAD + (
        "Two founders of a ferry co-operative, in conversation.\n\n"
        "Q: How did you meet?\n\n"
        "Ana Ruiz: At the dock.\n\n"
        "Ben Osei: In the rain.\n\n"
        "Q: What next?\n\n"
        "Ana Ruiz: More boats.\n\n"
        "Ben Osei: Fewer delays.\n"
    )
    article = parse(text).article
    assert article.interviewees == ("Ana Ruiz", "Ben Osei")
    assert article.interviewee == "Ana Ruiz"


def test_interviewees_in_front_matter() -> None:
    text = "---\ninterviewees: Ana Ruiz and Ben Osei\n---\nTwo founders.\n\nQ: Why?\n\nA: Boats.\n"
    assert parse(text).article.interviewees == ("Ana Ruiz", "Ben Osei")
    text = "---\ninterviewees: [Ana Ruiz, Ben Osei]\n---\nTwo founders.\n\nQ: Why?\n\nA: Boats.\n"
    assert parse(text).article.interviewee == "Ana Ruiz"


# -- kind 5: not every "?" asks -----------------------------------------------------

OP_ED = HEAD + (
    "Every spring the river rises, and every spring the city acts surprised. The levees were "
    "built for a climate that no longer exists, and the budget for them has not moved in years.\n\n"
    "The council promised a plan in 2019, then again in 2022. Engineers warned that the north "
    "bank would fail first, and the north bank is where the cheapest houses stand today.\n\n"
    "Residents have organised, petitioned, and filled sandbags themselves, while the meetings "
    "that were supposed to settle the question were postponed, one after another, for years.\n\n"
    "So who will pay when the water comes?\n\n"
    "The answer, so far, is the people who can least afford it. Insurance premiums on the north "
    "bank have tripled, and several firms no longer write policies there at all, as we found.\n\n"
    "It does not have to be this way. Other river cities have moved homes, widened floodplains "
    "and shared the cost fairly between the state, the city and the owners along the banks.\n\n"
    "References\n\nA study? Of levees, 2020.\n"
)


def test_an_op_ed_with_rhetorical_questions_has_no_pairs_and_check_says_why() -> None:
    result = parse(OP_ED)
    assert result.article.pairs == ()
    assert "who will pay" in result.article.lede
    codes = {problem.code for problem in article_problems(result)}
    assert {"no-pairs", "not-an-interview"} <= codes


def test_notes_say_how_the_article_was_read() -> None:
    notes = parse(CAPS).notes
    assert any("speaker labels" in note and "MORALES" in note for note in notes)
    assert any(note.startswith("interviewee:") for note in notes)


def test_check_explain_says_how_each_article_was_read(tmp_path, capsys) -> None:
    from brreader.cli import main

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "ferry.txt").write_text(CAPS, encoding="utf-8")
    (articles / "levees.txt").write_text(OP_ED, encoding="utf-8")
    index = str(tmp_path / "index")
    status = main(["--articles", str(articles), "--index", index, "check", "--explain"])
    out = capsys.readouterr().out
    assert status == 1  # the op-ed is reported
    assert "levees.txt: " in out and "[not-an-interview]" in out
    assert "ferry.txt: read: turns: speaker labels MORALES, OKAFOR; asking: MORALES" in out
    assert (
        "ferry.txt: read: found: title 'Rivers Without Borders'; outlet 'Tidewater Courier'; "
        "date 2021-03-03; interviewee Chidi Okafor; 2 pairs"
    ) in out
    status = main(["--articles", str(articles), "--index", index, "check", "--json", "--explain"])
    data = json.loads(capsys.readouterr().out)
    assert any("speaker labels" in note for note in data["notes"]["ferry.txt"])
    assert {p["code"] for p in data["problems"] if p["path"] == "levees.txt"} >= {
        "not-an-interview",
        "no-pairs",
    }


TWO = "---\ntitle: Ferries\ninterviewees: [Ana Ruiz, Ben Osei]\n---\n"
TWO += "Two founders.\n\nQ: Why?\n\nA: Boats.\n"


def test_every_interviewee_is_indexed_filtered_and_written(tmp_path, capsys) -> None:
    from brreader.canonical import to_text
    from brreader.cli import main

    article = parse(TWO).article
    written = to_text(article)
    assert "interviewees: [Ana Ruiz, Ben Osei]" in written
    assert parse_article(written, id="x", path="x.txt").article == article
    assert "interviewees" not in to_text(parse(CAPS).article)  # one name: the form as before

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "ferries.txt").write_text(TWO, encoding="utf-8")
    (articles / "ferry.txt").write_text(CAPS, encoding="utf-8")
    where = ["--articles", str(articles), "--index", str(tmp_path / "index")]
    assert main([*where, "search", "--json", "--who", "Ben Osei", "why"]) == 0
    listed = json.loads(capsys.readouterr().out)["results"]
    assert [(a["id"], a["interviewee"], a["interviewees"]) for a in listed] == [
        ("ferries", "Ana Ruiz", ["Ana Ruiz", "Ben Osei"])
    ]
    main([*where, "facets", "--json"])
    counts = json.loads(capsys.readouterr().out)["facets"]["interviewee"]
    assert {c["value"] for c in counts} == {"Ana Ruiz", "Ben Osei", "Chidi Okafor"}
    main([*where, "search", "--json", "osei"])
    assert [r["id"] for r in json.loads(capsys.readouterr().out)["results"]] == ["ferries"]


# -- more shapes seen on real pages -------------------------------------------------


def test_spanish_p_and_r_labels_with_a_full_stop() -> None:
    text = "Diario del Estuario\n\nLa sal avanza\n\n5 de mayo de 2024\n\n"
    text += "Nuria Vidal, bióloga, estudia el delta.\n\n"
    text += "P. ¿Cuándo empezó?\n\nR. En 2010.\n\nP. ¿Y ahora?\n\nR. Medimos cada semana.\n"
    article = parse(text).article
    assert [p.question for p in article.pairs] == ["¿Cuándo empezó?", "¿Y ahora?"]
    assert [p.answer for p in article.pairs] == ["En 2010.", "Medimos cada semana."]
    assert article.interviewees == ("Nuria Vidal",)


def test_radio_transcript_initial_and_caps_surname_then_a_dash() -> None:
    text = "Радио «Береговая волна»\n\nЧас науки\n\n"
    text += "А.ПЕТРОВ – В студии Ольга Белова, гидролог. Что нового?\n\n"
    text += "О.БЕЛОВА – Вода стала чище.\n\nА.ПЕТРОВ – А что мешает?\n\nО.БЕЛОВА – Деньги.\n"
    article = parse(text).article
    assert [p.answer for p in article.pairs] == ["Вода стала чище.", "Деньги."]
    assert article.interviewee == "Ольга Белова"


def test_names_alone_on_a_line_before_each_turn() -> None:
    text = HEAD + (
        "Speakers:\n\nIrena Holm, head of the port board\n\nTeo Marsh, harbour engineer\n\n"
        "Coastline Radio:\n\nWhen will the new berth open?\n\n"
        "Irena Holm:\n\nNext spring, if the weather allows.\n\n"
        "Delta Herald:\n\nWho is paying for it?\n\n"
        "Teo Marsh:\n\nThe board and two shipping lines.\n"
    )
    article = parse(text).article
    assert [p.answer for p in article.pairs] == [
        "Next spring, if the weather allows.",
        "The board and two shipping lines.",
    ]
    assert "Coastline Radio:" not in article.lede
    assert article.interviewees == ("Irena Holm", "Teo Marsh")


def test_bold_prompts_ask_and_lose_their_markup() -> None:
    text = HEAD + (
        "Engineer Mira Tal answered three prompts.\n\n"
        "**Tell us about your first ship.**\n\nA rusty tug.\n\n"
        "**Describe the delta at night.**\n\nDark, and loud.\n\n"
        "**What would you change?**\n\nThe charts.\n"
    )
    article = parse(text).article
    assert [p.question for p in article.pairs] == [
        "Tell us about your first ship.",
        "Describe the delta at night.",
        "What would you change?",
    ]
    assert article.interviewee == "Mira Tal"


def test_interviewee_past_a_byline_a_title_or_a_greeting() -> None:
    tail = "\n\nWhat do you do?\n\nI count birds.\n\nWhy?\n\nBecause nobody else does.\n"
    byline = HEAD + "By Staff Reporter\n\nTove Lund has counted birds on the cape for years."
    assert parse(byline + tail).article.interviewee == "Tove Lund"
    titled = HEAD + "The cape's bird count needs volunteers, according to Dr. Tove Lund."
    assert parse(titled + tail).article.interviewee == "Tove Lund"
    greeting = HEAD + "Propos recueillis par la rédaction\n\n"
    greeting += "Bonjour Tove Lund, vous comptez les oiseaux ?\n\nOui.\n\n"
    greeting += "Pourquoi ?\n\nPersonne ne le fait.\n"
    assert parse(greeting).article.interviewee == "Tove Lund"
    headline = "Harbour Notes\n\nInterview: Dr. Tove Lund on birds\n\nMay 6, 2024\n\nA short talk."
    assert parse(headline + tail).article.interviewee == "Tove Lund"


def test_chinese_role_label_names_the_person_in_the_lede() -> None:
    text = "《海湾科技报》\n\n参赞谈合作\n\n近日，本报记者专访了驻华使馆科技参赞林晓舟。\n\n"
    text += "记者：两国合作有哪些重点？\n\n参赞：海洋观测。\n\n"
    text += "记者：下一步呢？\n\n参赞：建立联合实验室。\n"
    article = parse(text).article
    assert article.interviewee == "林晓舟"
    assert [p.answer for p in article.pairs] == ["海洋观测。", "建立联合实验室。"]


def test_an_opinion_headline_with_questions_that_address_no_one() -> None:
    text = "The Civic Page\n\nOpinion: Why ferries matter\n\nMay 6, 2024\n\nBy Ana Ruiz\n\n"
    text += "Why do we still run ferries?\n\nBecause bridges cost more.\n\n"
    text += "Who benefits?\n\nEveryone on the islands.\n"
    result = parse(text)
    assert result.article.pairs == ()
    assert ("not-an-interview", result.doubts[0][1]) in result.doubts


def test_a_file_with_front_matter_reads_only_bare_questions() -> None:
    # import writes front matter and Q:/A: labels; a lede-only file must read back as lede.
    text = (
        "---\ntitle: Notes\n---\n- First point here.\n\n- Second point?\n\n- Third.\n\n- Fourth?\n"
    )
    assert parse(text).notes[0] == "turns: question marks"
