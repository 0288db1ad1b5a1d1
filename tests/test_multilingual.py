"""Searching interviews in Chinese, Russian, French, Spanish and Arabic: words inside
sentences, inflections, accents, phrases, pair scope, prefixes, highlights."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brreader.canonical import to_text
from brreader.engine.analysis import arabic_term
from brreader.engine.schema import analyze
from brreader.parse import parse_article
from brreader.search import Archive, Marked, mark, snippet

ZH = (
    "---\ntitle: 北斗学堂里的年轻工程师\noutlet: 《远山科技报》\n---\n"
    "记者：你们的合作是怎样开始的？\n\n"
    "林晓岚：我们从一个小小的联合实验室开始，后来变成了一带一路沿线的培训网络。\n\n"
    "记者：学员们最需要什么？\n\n"
    "林晓岚：他们需要动手的机会，在真实的卫星数据上练习。\n"
)
RU = (
    "---\ntitle: Лёд и спутники\noutlet: Северный вестник науки\n---\n"
    "Q: Как началось сотрудничество?\n\n"
    "A: С небольшой лаборатории. Без науки о льде мы бы не справились.\n\n"
    "Q: Что дальше?\n\n"
    "A: Мы говорим о науке каждый день и откроем ещё две станции.\n"
)
FR = (
    "---\ntitle: Les capteurs du delta\noutlet: La Gazette des Rives\nlanguage: fr\n---\n"
    "Q: Comment est née la coopération scientifique ?\n\n"
    "A: Autour des coopérations entre laboratoires et d'un tableau de données partagé.\n\n"
    "Q: Et les agriculteurs ?\n\n"
    "A: Ils lisent les niveaux d'eau chaque matin.\n"
)
ES = (
    "---\ntitle: Redes de laboratorios\noutlet: Diario del Altiplano\nlanguage: es\n---\n"
    "Q: ¿Cómo empezó la cooperación científica?\n\n"
    "A: Con las cooperaciones entre universidades andinas.\n\n"
    "Q: ¿Qué falta?\n\n"
    "A: Más becas para los técnicos jóvenes.\n"
)
AR = (
    "---\ntitle: مختبرات الصحراء\noutlet: مجلة آفاق العلوم\n---\n"
    "س: كيف بدأ التعاون بين الجامعتين؟\n\n"
    "ج: بدأ تعاونٌ صغير بين مختبرين، ثم كبر حتى شمل الطلاب.\n\n"
    "س: ما هي الخطوة التالية؟\n\n"
    "ج: نريد محطة رصد جديدة للطاقة الشمسية.\n"
)
EN = (
    "---\ntitle: Sensors on the river\noutlet: Delta Herald\n---\n"
    "Q: How did the cooperation start?\n\nA: With one shared table of water levels.\n"
)


@pytest.fixture
def archive(make_archive: Callable[..., Archive]) -> Archive:
    return make_archive(
        {"zh.md": ZH, "ru.md": RU, "fr.md": FR, "es.md": ES, "ar.md": AR, "en.md": EN}
    )


def paths(archive: Archive, query: str) -> set[str]:
    return {hit.info.path for hit in archive.search(query, limit=None).hits}


def marked_words(marked: Marked) -> list[str]:
    return [marked.text[s:e] for s, e in marked.spans]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("一带一路", {"zh.md"}),  # inside a sentence, no spaces around it
        ("合作", {"zh.md"}),
        ("卫星数据", {"zh.md"}),
        ("наука", {"ru.md"}),  # finds науки and науке
        ("науке", {"ru.md"}),
        ("coopération", {"fr.md", "es.md", "en.md"}),
        ("cooperacion", {"fr.md", "es.md"}),
        ("cooperación", {"fr.md", "es.md"}),
        ("cooperations", {"fr.md", "es.md", "en.md"}),
        ("التعاون", {"ar.md"}),
        ("تعاون", {"ar.md"}),
        ("الطاقة", {"ar.md"}),
        ("cooperation", {"fr.md", "es.md", "en.md"}),
    ],
)
def test_words_inside_sentences_inflections_and_accents(
    archive: Archive, query: str, found: set[str]
) -> None:
    assert paths(archive, query) == found


def test_arabic_article_and_diacritics_meet_the_bare_word() -> None:
    assert arabic_term("التعاون") == arabic_term("تعاون") == arabic_term("والتعاون")
    assert arabic_term("تعاونٌ") == arabic_term("تعاون")  # tanween dropped
    assert arabic_term("تـعـاون") == arabic_term("تعاون")  # tatweel dropped


def test_arabic_conjunction_then_article_both_come_off() -> None:
    # "and for the energy", "and the energy", "with the energy", "the energy"
    forms = ["وللطاقة", "والطاقة", "بالطاقة", "الطاقة", "طاقة"]
    assert len({arabic_term(word) for word in forms}) == 1
    # a three-letter word that begins with waw keeps it ("homeland")
    assert arabic_term("وطن") == "وطن"


def test_arabic_alef_lam_of_a_root_is_not_taken_for_the_article() -> None:
    # "panels" / "the panels" / "panels" (accusative, tanween on the alef),
    # "electronic" / "the electronic": a hamza on the alef marks a root letter
    assert arabic_term("ألواح") == arabic_term("الألواح") == arabic_term("ألواحًا")
    assert arabic_term("إلكتروني") == arabic_term("الإلكترونية")
    assert arabic_term("ألواح") != arabic_term("لوح")  # not cut down to a different root


def test_a_chinese_word_is_not_found_where_its_characters_are_apart(archive: Archive) -> None:
    # 作 and 合 both occur in the article, but never as 合作 next to 作合.
    assert paths(archive, "作合") == set()
    assert paths(archive, "路一") == set()


def test_phrases_in_every_language(archive: Archive) -> None:
    assert paths(archive, '"一带一路沿线"') == {"zh.md"}
    assert paths(archive, '"coopération scientifique"') == {"fr.md"}
    assert paths(archive, '"cooperacion cientifica"') == {"es.md"}  # accents optional
    assert paths(archive, '"scientifique coopération"') == set()
    assert paths(archive, '"науки о льде"') == {"ru.md"}
    assert paths(archive, '"محطة رصد"') == {"ar.md"}


def test_pair_scope_in_every_language(archive: Archive) -> None:
    assert paths(archive, "q:合作") == {"zh.md"}
    assert paths(archive, "a:合作") == set()  # only the question has it
    assert paths(archive, "q:学员 a:卫星") == {"zh.md"}
    assert paths(archive, "q:合作 a:卫星") == set()  # different pairs
    assert paths(archive, "a:науке") == {"ru.md"}
    assert paths(archive, "q:наука") == set()
    assert paths(archive, "q:coopération a:laboratoires") == {"fr.md"}
    assert paths(archive, "q:coopération a:agriculteurs") == set()


def test_prefixes_in_latin_languages(archive: Archive) -> None:
    assert paths(archive, "coop*") == {"fr.md", "es.md", "en.md"}
    assert paths(archive, "univers*") == {"es.md"}


def test_language_filter_with_a_query(archive: Archive) -> None:
    from brreader.model import Filters

    found = archive.search("cooperation", filters=Filters(lang=("es",))).hits
    assert [hit.info.path for hit in found] == ["es.md"]


def test_highlights_mark_the_right_characters(archive: Archive) -> None:
    hit = archive.search("一带一路").hits[0]
    assert marked_words(hit.matches[0].snippet) == ["一带一路"]
    hit = archive.search("合作").hits[0]
    assert marked_words(hit.matches[0].question) == ["合作"]
    ru = archive.search("наука").hits[0]
    assert {w for m in ru.matches for w in marked_words(m.snippet)} == {"науки", "науке"}
    fr = next(h for h in archive.search("cooperacion").hits if h.info.path == "fr.md")
    assert marked_words(fr.matches[0].question) == ["coopération"]
    assert "coopérations" in marked_words(fr.matches[0].snippet)
    ar = archive.search("التعاون").hits[0]
    words = {w for m in ar.matches for w in [*marked_words(m.snippet), *marked_words(m.question)]}
    assert words == {"التعاون", "تعاونٌ"}


# A Hong Kong outlet's interview, in traditional characters.
ZH_HANT = (
    "---\ntitle: 港深聯合實驗室的十年\noutlet: 《維港科學週報》\n---\n"
    "記者：你們怎樣培訓年輕的研究人員？\n\n"
    "陳嘉穎：每個學生都在實驗室裡輪換三個課題組，國際合作從第一天開始。\n"
)


def test_traditional_and_simplified_characters_find_each_other(
    make_archive: Callable[..., Archive],
) -> None:
    archive = make_archive({"zh.md": ZH, "hant.md": ZH_HANT})
    assert paths(archive, "联合实验室") == paths(archive, "聯合實驗室") == {"zh.md", "hant.md"}
    assert paths(archive, "培訓") == {"zh.md", "hant.md"}  # 培训 in the simplified text
    assert paths(archive, "国际合作") == {"hant.md"}  # 國際合作 in the traditional one
    assert paths(archive, '"實驗室"') == {"zh.md", "hant.md"}
    # highlights mark the characters as each article writes them
    hant = next(h for h in archive.search("培训").hits if h.info.path == "hant.md")
    assert marked_words(hant.matches[0].question) == ["培訓"]
    zh = next(h for h in archive.search("培訓").hits if h.info.path == "zh.md")
    assert "培训" in {w for m in zh.matches for w in marked_words(m.snippet)}


def test_did_you_mean_in_a_tagged_language_and_no_correction_for_found_words(
    archive: Archive,
) -> None:
    assert archive.suggest("coopération") is None
    assert archive.suggest("наука") is None
    assert archive.suggest("一带一路") is None
    assert archive.suggest("agriculteirs") == "agriculteurs"  # from French stems
    assert archive.suggest("técnicoz") == "técnicos"  # from Spanish stems
    assert archive.suggest("наюка") == "науке"


def test_related_pairs_across_articles_of_one_language(
    make_archive: Callable[..., Archive],
) -> None:
    other = FR.replace("Les capteurs du delta", "Les données du fleuve")
    other = other.replace("agriculteurs", "pêcheurs").replace("niveaux d'eau", "filets")
    archive = make_archive({"fr.md": FR, "fr2.md": other, "es.md": ES, "en.md": EN})
    related = archive.related("fr", 1)
    assert related and related[0].info.path == "fr2.md"


def test_highlight_of_a_text_that_mixes_scripts() -> None:
    text = "Le projet 北斗 и наука: التعاون"
    terms = {term for term, _s, _e in analyze("北斗 наука التعاون")}
    assert marked_words(mark(text, terms)) == ["北斗", "наука", "التعاون"]
    cut = snippet("前言" * 200 + "一带一路" + "后记" * 200, {"一带", "带一", "一路"}, width=40)
    assert [cut.text[s:e] for s, e in cut.spans] == ["一带一路"]


def test_english_text_is_folded_and_meets_its_plurals() -> None:
    assert [t for t, _s, _e in analyze("The Mekông cooperation, rail-freight countries")] == [
        "mekong",
        "cooperation",
        "rail",
        "freight",
        "country",
    ]


SCRIPTS = st.sampled_from(
    [
        "Latin",
        "Cyrillic",
        "Greek",
        "Arabic",
        "Hebrew",
        "Devanagari",
        "Thai",
        "Lao",
        "Khmer",
        "Myanmar",
        "Hangul",
        "Hiragana",
        "Katakana",
        "CJK",
    ]
)
RANGES = {
    "Latin": (0x41, 0x24F),
    "Cyrillic": (0x400, 0x4FF),
    "Greek": (0x370, 0x3FF),
    "Arabic": (0x600, 0x6FF),
    "Hebrew": (0x590, 0x5FF),
    "Devanagari": (0x900, 0x97F),
    "Thai": (0xE00, 0xE7F),
    "Lao": (0xE80, 0xEFF),
    "Khmer": (0x1780, 0x17FF),
    "Myanmar": (0x1000, 0x109F),
    "Hangul": (0xAC00, 0xD7A3),
    "Hiragana": (0x3040, 0x309F),
    "Katakana": (0x30A0, 0x30FF),
    "CJK": (0x4E00, 0x9FFF),
}


@st.composite
def script_text(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        low, high = RANGES[draw(SCRIPTS)]
        alphabet = st.characters(min_codepoint=low, max_codepoint=high, exclude_categories=("Cs",))
        pieces.append(draw(st.text(alphabet=alphabet, min_size=1, max_size=12)))
    return draw(st.sampled_from([" ", "", "，", ". "])).join(pieces)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(script_text(), min_size=1, max_size=4),
    language=st.sampled_from(
        ["", "language: fr\n", "language: zh\n", "language: ar\n", "language: ru\n"]
    ),
)
def test_any_text_in_any_script_indexes_and_searches(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], language: str
) -> None:
    root = tmp_path_factory.mktemp("scripts")
    articles = root / "articles"
    articles.mkdir()
    for n, text in enumerate(texts):
        (articles / f"a{n}.md").write_text(
            f"---\ntitle: T{n}\n{language}---\nQ: {text}?\n\nA: {text}\n", encoding="utf-8"
        )
    archive = Archive(articles, root / "index")
    report = archive.update()
    assert not report.failed
    for text in texts:
        for word in text.split()[:3]:
            try:
                results = archive.search(word)
            except Exception as error:  # only a QueryError, with its one line, is allowed
                assert type(error).__name__ == "QueryError", error
                continue
            for hit in results.hits:
                for match in hit.matches:
                    for start, end in match.snippet.spans:
                        assert 0 <= start < end <= len(match.snippet.text)
    archive.close()


def test_cli_wraps_chinese_by_terminal_cells(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import re

    from rich.cells import cell_len

    from brreader.render import Output, article_lines

    monkeypatch.setenv("COLUMNS", "40")
    stream = io.StringIO()
    article = archive.article("zh")
    Output(stream, styled=True).write(article_lines(article, archive.query_terms("合作")))
    lines = re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue()).splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 40
    wide = [line for line in lines if cell_len(line) > len(line)]
    assert any(cell_len(line) >= 36 for line in wide)  # full lines, not half-empty ones
    joined = "".join(line.strip() for line in lines)
    assert "一带一路沿线的培训网络" in joined  # nothing lost or reordered in wrapping


DASHED = {
    "ru.md": (
        "---\ntitle: Лёд и спутники\nlanguage: ru\n---\n"
        "Ирина Соколовская руководит лабораторией.\n\n"
        "— Как началось сотрудничество?\n\n— С общей проблемы.\n\n"
        "— Что дальше?\n\n— Новые станции.\n\nИ ещё одна.\n"
    ),
    "es.md": (
        "---\ntitle: Drones sobre los manglares\nlanguage: es\n---\n"
        "El ecólogo coordina un proyecto.\n\n"
        "—¿Por qué medir los manglares?\n\n—Porque a pie es lentísimo.\n\n"
        "—¿Cómo participan las comunidades?\n\n—Los pescadores eligen los sitios.\n"
    ),
    "fr.md": (
        "---\ntitle: Observatoire des volcans\nlanguage: fr\n---\n"
        "Le volcanologue revient sur dix ans de partenariat.\n\n"
        "– Comment se passe la formation ?\n\n– Par binômes.\n\n"
        "- Qu'avez-vous appris ?\n\n- Que la coopération repose sur la confiance.\n"
    ),
}


@pytest.mark.parametrize("name", sorted(DASHED))
def test_front_matter_dialogue_keeps_its_pairs_without_the_dashes(
    make_archive: Callable[..., Archive], tmp_path: Path, name: str
) -> None:
    archive = make_archive({name: DASHED[name]})
    before = (tmp_path / "articles" / name).read_bytes()
    article = archive.article(Path(name).stem)
    assert article is not None and len(article.pairs) == 2
    for pair in article.pairs:
        for paragraph in [*pair.question.split("\n\n"), *pair.answer.split("\n\n")]:
            assert paragraph[0] not in "—–-", paragraph
    assert article.pairs[0].question in {
        "Как началось сотрудничество?",
        "¿Por qué medir los manglares?",
        "Comment se passe la formation ?",
    }
    assert (tmp_path / "articles" / name).read_bytes() == before  # the file is never touched
    # What brreader writes (Q:/A: labels) reads back as the same article.
    written = to_text(article)
    assert parse_article(written, id=article.id, path=article.path).article.pairs == article.pairs


def test_dashes_that_are_not_dialogue_stay(make_archive: Callable[..., Archive]) -> None:
    text = (
        "---\ntitle: Capteurs\nlanguage: fr\n---\nUn réseau de capteurs.\n\n"
        "Qu'avez-vous installé ?\n\n- trois capteurs\n\n- un tableau partagé\n\n"
        "Et ensuite ?\n\nLa suite viendra.\n"
    )
    article = make_archive({"fr.md": text}).article("fr")
    assert article is not None
    assert article.pairs[0].answer == "- trois capteurs\n\n- un tableau partagé"


def test_a_phrase_that_reaches_the_outlet_is_searched(archive: Archive) -> None:
    # The outlet field once kept another positions format than the writer stored,
    # and any phrase whose words were all in an outlet failed with a traceback.
    assert paths(archive, '"Delta Herald"') == {"en.md"}
    assert paths(archive, 'outlet:"Gazette des Rives"') == {"fr.md"}
    assert paths(archive, "《远山科技报》") == {"zh.md"}
