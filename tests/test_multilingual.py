"""Searching interviews in Chinese, Russian, French, Spanish and Arabic: words inside
sentences, inflections, accents, phrases, pair scope, prefixes, highlights."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brreader.engine.analysis import arabic_term
from brreader.engine.schema import analyze
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


def test_english_text_is_analysed_as_before() -> None:
    assert [t for t, _s, _e in analyze("The Mekông cooperation, rail-freight")] == [
        "mekong",
        "cooper",
        "rail",
        "freight",
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
