"""Queries typed the way people type them, against the sample archive's Chinese, Russian,
French, Spanish and Arabic interviews: with and without accents or diacritics, upper case,
full-width punctuation and digits, fuzzy words, wildcards, phrases, pair scope, did-you-mean
and highlights."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from brreader.search import Archive, Marked
from tests.conftest import SAMPLE_ARTICLES

ZH_RICE = "2026-01-09-rice-genome-lab-zh"
ZH_BEIDOU = "2025-04-18-beidou-training-centre-zh"
RU_ARCTIC = "2024-10-03-arctic-ice-satellites-ru"
RU_FUSION = "2025-07-22-fusion-school-ru"
FR_SAHEL = "2024-05-14-sahel-water-sensors-fr"
FR_VOLCANO = "2026-02-17-volcano-observatory-fr"
ES_ANDES = "2023-11-08-andean-university-network-es"
ES_MANGROVE = "2025-09-30-mangrove-drones-es"
AR_DESERT = "2024-12-05-desert-solar-labs-ar"
AR_NILE = "2026-03-11-nile-seed-bank-ar"
FRENCH, SPANISH = {FR_SAHEL, FR_VOLCANO}, {ES_ANDES, ES_MANGROVE}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    archive = Archive(SAMPLE_ARTICLES, tmp_path_factory.mktemp("sample") / "index")
    archive.update()
    yield archive
    archive.close()


def found(archive: Archive, query: str) -> set[str]:
    """What the words find together (the widened search of issue 20 is tested elsewhere)."""
    hits = archive.search(query, limit=None, relax=False).hits
    return {Path(hit.info.path).stem for hit in hits}


def marked(archive: Archive, query: str, name: str) -> set[str]:
    """Every word the query lights up in the article ``name``'s matching pairs."""
    hit = next(h for h in archive.search(query, limit=None).hits if Path(h.info.path).stem == name)

    def words(text: Marked) -> list[str]:
        return [text.text[s:e] for s, e in text.spans]

    return {w for m in hit.matches for w in [*words(m.question), *words(m.snippet)]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Chinese: full-width punctuation and digits, words inside sentences, pairs.
        ("合作？", {ZH_BEIDOU, ZH_RICE}),  # a full-width question mark is punctuation
        ("合作，培训", {ZH_BEIDOU}),  # a full-width comma separates two words
        ("outlet:《远山科技报》", {ZH_BEIDOU}),  # the name typed in its title marks
        ("outlet:「远山科技报」 合作", {ZH_BEIDOU}),
        ("合作、水稻", {ZH_RICE}),
        ("２０１８年", {ZH_BEIDOU}),  # full-width digits are digits
        ("实验室", {ZH_BEIDOU, ZH_RICE}),
        ("《远山科技报》", {ZH_BEIDOU}),  # an outlet in title marks: a phrase on the outlet
        ('"卫星数据"', {ZH_BEIDOU}),
        ("q:学员 a:数据", {ZH_BEIDOU}),  # one pair asks about trainees, answers with data
        ("a:学员 q:数据", set()),
        ("一带一路~", {ZH_BEIDOU}),  # fuzzy in Chinese: the exact word, not a miss
        ("實驗室", {ZH_BEIDOU, ZH_RICE}),  # traditional characters find the simplified text
        ("培訓", {ZH_BEIDOU}),
        # Russian: ё and е, upper case, inflections, fuzzy, prefixes.
        ("лед", {RU_ARCTIC}),
        ("ЛЁД", {RU_ARCTIC}),
        ("НАУКА", {RU_ARCTIC, RU_FUSION}),
        ("студентов", {RU_ARCTIC, RU_FUSION}),
        ("сотрудничства~", {RU_ARCTIC, RU_FUSION}),  # a letter left out, fuzzy on the stem
        ("спутник*", {RU_ARCTIC}),
        ("лёд*", {RU_ARCTIC}),  # a pattern's ё is the index's е
        ("сотруд*ество", {RU_ARCTIC, RU_FUSION}),  # matched against Russian stems
        ('"совместная работа"', {RU_ARCTIC}),
        ("q:экспедициях a:студентов", {RU_ARCTIC}),
        # French: accents optional, elision, fuzzy, mid-word wildcards, long prefixes.
        ('"cooperation scientifique"', {FR_SAHEL}),
        ("l'observatoire", {FR_VOLCANO}),
        ("volcanologe~", {FR_VOLCANO}),
        ("sism*graphes", {FR_VOLCANO}),
        ("q:formation a:binomes", {FR_VOLCANO}),
        ("Ｇｏｍａ", {FR_VOLCANO}),  # full-width Latin letters, as a CJK keyboard types them
        # Spanish: ¿…?, accents optional, fuzzy and long prefixes find French too.
        ("q:¿Qué falta?", {ES_ANDES}),
        ("a:financiacion", {ES_ANDES}),
        ("¿cooperación?", FRENCH | SPANISH),
        ("coperación~", FRENCH | SPANISH),
        ("cooperaci*", FRENCH | SPANISH),
        # Arabic: with and without diacritics and the article, fuzzy, phrases, pairs.
        ("التَّعَاوُن", {AR_DESERT, AR_NILE}),
        ("تعاون", {AR_DESERT, AR_NILE}),
        ("التعاون*", {AR_DESERT, AR_NILE}),  # the article and the ending stemmed away
        ("البدور~", {AR_NILE, AR_DESERT}),  # ذ typed as د; دور (role) is one letter away
        ('"محطة اختبار"', {AR_DESERT}),
        ("q:الجامعتين a:مختبرين", {AR_DESERT}),
    ],
)
def test_multilingual_queries_as_people_type_them(
    sample: Archive, query: str, expected: set[str]
) -> None:
    assert found(sample, query) == expected


def test_mid_word_wildcards_meet_french_stems_and_whole_english_words(sample: Archive) -> None:
    # English words are indexed whole but for plurals, so "cooperation" fits the pattern too.
    english = found(sample, "cooperation") - FRENCH - SPANISH
    assert english
    for pattern in ("coop*ration", "coop?ration"):
        assert found(sample, pattern) == FRENCH | english, pattern


def test_english_articles_are_found_alongside_the_tagged_languages(sample: Archive) -> None:
    assert FRENCH | SPANISH < found(sample, "cooperation")
    assert FRENCH | SPANISH < found(sample, "cooperation~")
    # One edit from the English word "cooperation" (English words are kept whole).
    assert FRENCH | SPANISH < found(sample, "cooperacion~")


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("联合实验事", "联合实验室"),  # a long Chinese word, one character wrong
        ("马达加期加", "马达加斯加"),
        ("合做", "合作"),
        ("сотрудничетсво", "сотрудничество"),
        ("Сотрудничетсво", "сотрудничество"),
        ("التعاوم", "التعاون"),
        ("المزارعبن", "المزارعين"),
        ("coopracion", "cooperación"),  # the typo keeps Spanish's stemmer from cutting
        ("cooperacoin", "cooperación"),
        ('"la coopération repise"', '"la coopération repose"'),
        ("sismografe", "sismographe"),
        # in a question, the topic word is still corrected
        ("что говорят о сотрудничетсве?", "что говорят о сотрудничество?"),
    ],
)
def test_did_you_mean_in_every_language(sample: Archive, query: str, suggestion: str) -> None:
    assert found(sample, query) == set()
    assert sample.suggest(query) == suggestion


@pytest.mark.parametrize(
    "query",
    [
        '"la coopération repose"',  # found: every word is known in French
        "一带一路",
        "こんにちは",  # Japanese, Korean and Thai words with nothing like them here:
        "협력",  # no suggestion, and never one in another script
        "ความร่วมมือ",
        "實驗室",
        # a question's asking words need not be in the archive: never "corrected"
        "ما هو بنك البذور؟",
        "¿Qué dicen sobre los manglares?",
    ],
)
def test_no_correction_for_found_words_nor_across_scripts(sample: Archive, query: str) -> None:
    assert sample.suggest(query) is None


def test_highlights_follow_the_typed_forms(sample: Archive) -> None:
    assert "лёд" in marked(sample, "лед", RU_ARCTIC)
    assert "التعاون" in marked(sample, "التَّعَاوُن", AR_NILE)
    assert "coopération" in marked(sample, "cooperation~", FR_VOLCANO)
    assert "coopération" in marked(sample, "coop*ration", FR_VOLCANO)
    assert "cooperación" in marked(sample, "cooperaci*", ES_MANGROVE)
    assert {"合作", "培训"} <= marked(sample, "合作，培训", ZH_BEIDOU)


def test_an_error_quotes_the_query_as_typed(sample: Archive) -> None:
    from brreader.model import QueryError

    with pytest.raises(QueryError, match="'，，'"):
        sample.search("，，")
