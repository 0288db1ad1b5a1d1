"""Deterministic synthetic interview archives for benchmarks.

``python benchmarks/synth.py OUT --articles N [--seed S] [--vocabulary KIND]``
writes N articles in the three shapes brreader reads (seed-like plain text,
labelled transcript, front matter) under OUT/articles, plus OUT/planted.json:
rare words planted in a known number of articles, so a benchmark can check hit
counts as well as time. Words follow a Zipf distribution, which gives postings
the long tail that real text has. Same seed, same files.

Two vocabularies:

- ``syllables`` (the default): 20,000 made-up words of one to four syllables
  from a set of 28. Short words, few of them change under stemming, and no
  function words: a small index for its text.
- ``realistic``: shaped like English. The most frequent ranks are English
  function words ("the", "of", "and", ...: about 45% of running text, and
  mostly stop words to the analyser), then 20,000 pronounceable content words
  made from onsets, vowels and codas, a third of them inflected with English
  suffixes (-s, -ed, -ing, -tion, -ment, -ly, ...) so the stemmer has real
  work and many forms share a stem. Articles have six questions on average
  and longer answers, about 7 KB each, like the archive issue 16 measured
  (a Zipf draw over a 20,000-word English dictionary). The words are
  generated, so no dictionary file is needed.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

SYLLABLES = [
    "ka", "lo", "mi", "ren", "sa", "tu", "vo", "ne", "ri", "pa", "do", "el", "an", "or",
    "ti", "mu", "shi", "ga", "be", "no", "la", "ve", "ko", "ur", "ya", "zu", "fi", "he",
]  # fmt: skip
OUTLETS = [f"The {w} Review" for w in ("Delta", "Steppe", "Harbour", "Rift", "Andes", "Danube")]
OUTLETS += ["Equator Bulletin", "Orbit Weekly", "Field Notes Daily", "Grid & Rail", "Canal Post"]
MONTHS = "January February March April May June July August September October November December"
PLANTED = {"zanzibarite": 1, "quokkalith": 10, "mekongia": 100, "railwaymarker": 1000}
NBSP = "\u00a0"


class Vocabulary:
    """A made-up vocabulary whose word frequencies follow Zipf's law."""

    def __init__(self, rng: random.Random, size: int = 20_000, exponent: float = 1.07) -> None:
        words: set[str] = set()
        while len(words) < size:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
        self.words = sorted(words, key=lambda w: (len(w), w))
        weights = [1 / (rank**exponent) for rank in range(1, size + 1)]
        self.cumulative = list(itertools.accumulate(weights))
        self.rng = rng

    def sentence(self, low: int, high: int) -> str:
        total = self.cumulative[-1]
        count = self.rng.randint(low, high)
        picks = [
            self.words[bisect.bisect(self.cumulative, self.rng.random() * total)]
            for _ in range(count)
        ]
        return " ".join(picks).capitalize()


# The commonest English words, most frequent first (a frequency list's head,
# written out here): about 45% of running English text.
FUNCTION_WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an had they you were their one all we can her has there been if more when "
    "will would who so no she other its may these what them than some him time into only do "
    "could new about two any then our my also first very most over such our after where just "
    "us how even because much through those should well before here both each between while "
    "same did under never last being made still without again"
).split()
ONSETS = (
    "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sc sh sk sl sm sn sp "
    "st str sw t th tr v w wh y z"
).split()
VOWELS = "a e i o u ai ea ee oa ou io ie".split()
CODAS = "_ _ _ b ck d ft g l ld lk ll m mp n nd ng nk nt p r rd rm rn rt s sh sk sp ss st t".split()
SUFFIXES = "s es ed ing er ers ly tion tions ment ments ness able al ity ive ous".split()


class RealisticVocabulary:
    """English-shaped words: function words first, then generated content words (Zipf)."""

    def __init__(self, rng: random.Random, size: int = 20_000, exponent: float = 1.0) -> None:
        function = list(dict.fromkeys(FUNCTION_WORDS))
        content: dict[str, None] = {}
        while len(content) < size:
            syllables = rng.choices((1, 2, 3, 4), weights=(3, 5, 3, 1))[0]
            word = "".join(
                rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS).strip("_")
                for _ in range(syllables)
            )
            if rng.random() < 0.33:
                word += rng.choice(SUFFIXES)
            if len(word) >= 3 and word not in content and word not in function:
                content[word] = None
        # Shorter words are the commoner ones, as in real text.
        self.words = function + sorted(content, key=lambda w: (len(w), w))
        weights = [1 / (rank**exponent) for rank in range(1, len(self.words) + 1)]
        self.cumulative = list(itertools.accumulate(weights))
        self.rng = rng

    def sentence(self, low: int, high: int) -> str:
        total = self.cumulative[-1]
        count = self.rng.randint(low, high)
        picks = [
            self.words[bisect.bisect(self.cumulative, self.rng.random() * total)]
            for _ in range(count)
        ]
        return " ".join(picks).capitalize()


VOCABULARIES = {"syllables": Vocabulary, "realistic": RealisticVocabulary}
# Pairs per article (low, high) and sentences per answer paragraph for each.
SHAPES = {"syllables": ((5, 11), (38, 88)), "realistic": ((4, 8), (60, 120))}


def _name(rng: random.Random) -> str:
    def part() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{part()} {part()}"


def article(
    number: int,
    rng: random.Random,
    vocab: Vocabulary | RealisticVocabulary,
    planted: list[str],
    shape: tuple[tuple[int, int], tuple[int, int]] = SHAPES["syllables"],
    small: bool = False,
) -> tuple[str, str]:
    """Return (relative path, text) of one synthetic interview (``small``: two short pairs)."""
    when = datetime(2015, 1, 1) + timedelta(minutes=rng.randint(0, 12 * 365 * 24 * 60))
    outlet = rng.choice(OUTLETS)
    title = vocab.sentence(5, 9).title()
    person = _name(rng)
    role, topic = vocab.sentence(1, 2).lower(), vocab.sentence(10, 25).lower()
    lede = f"{person}, a {role} engineer, explains {topic}."
    pairs = []
    (fewest, most), (shortest, longest) = shape
    if small:  # many small files: one or two short pairs
        (fewest, most), (shortest, longest) = (1, 2), (20, 40)
    for _ in range(rng.randint(fewest, most)):
        question = vocab.sentence(8, 18) + "?"
        paragraphs = 1 if small else rng.randint(1, 3)
        answer = [vocab.sentence(shortest, longest) + "." for _ in range(paragraphs)]
        pairs.append((question, answer))
    for word in planted:  # into a random answer paragraph
        q, a = pairs[rng.randrange(len(pairs))]
        spot = rng.randrange(len(a))
        a[spot] = a[spot][:-1] + f" {word}."
    style = rng.random()
    lines: list[str] = []
    if style < 0.15:
        lines += ["---", f"title: {json.dumps(title)}", f"outlet: {outlet}"]
        lines += [f"published: {when:%Y-%m-%d %H:%M}", f"interviewee: {person}", "---", lede, ""]
    else:
        month = MONTHS.split()[when.month - 1]
        dateline = f"{NBSP}{NBSP} {NBSP}{NBSP} {when:%H:%M}, {month} {when.day}, {when.year}"
        lines += [outlet, "", title, "", dateline, "", lede, ""]
    labelled = 0.15 <= style < 0.40
    for question, answer in pairs:
        if labelled:
            lines += [f"Q: {question}", f"A: {answer[0]}", ""] + [p + "\n" for p in answer[1:]]
        else:
            lines += [question, ""] + [p + "\n" for p in answer]
    lines.append(f"Source: {outlet}")
    return f"{when.year}/{number:06d}.txt", "\n".join(lines) + "\n"


# Mixed mode: words of five other languages, for articles that are not in English.
# Sentences are random strings of these words; only their scripts and endings matter.
FOREIGN = {
    "zh": "合作 科学 技术 卫星 数据 培训 工程师 实验室 农业 水稻 能源 铁路 大学 学生 研究 网络 "
    "气候 观测 项目 国家 城市 我们 他们 需要 开始 发展 共同 交流 导航 遥感",
    "ru": "наука науки науке сотрудничество спутник спутники данные лаборатория студенты "
    "исследование энергия железная дорога университет климат лёд станция проект страны "
    "работа работы мы они нужно начали развитие общий обмен",
    "fr": "coopération coopérations science recherche satellite données laboratoire étudiants "
    "énergie chemin fer université climat réseau projet pays travail nous ils fallait "
    "commencé développement commun échange formation capteurs",
    "es": "cooperación cooperaciones ciencia investigación satélite datos laboratorio "
    "estudiantes energía ferrocarril universidad clima red proyecto países trabajo "
    "nosotros ellos comenzó desarrollo común intercambio formación becas",
    "ar": "التعاون تعاون العلوم البحث القمر الصناعي البيانات المختبر الطلاب الطاقة السكك "
    "الجامعة المناخ الشبكة المشروع البلدان العمل نحن هم بدأ التنمية المشترك التبادل "
    "التدريب المحطة",
}
FOREIGN_LANGUAGES = tuple(FOREIGN)


def foreign_article(number: int, rng: random.Random, language: str) -> tuple[str, str]:
    """Return (relative path, text) of one synthetic interview in ``language``."""
    words = FOREIGN[language].split()
    joiner = "" if language == "zh" else " "
    stop = "。" if language == "zh" else "."

    def sentence(low: int, high: int) -> str:
        return joiner.join(rng.choice(words) for _ in range(rng.randint(low, high)))

    when = datetime(2015, 1, 1) + timedelta(minutes=rng.randint(0, 12 * 365 * 24 * 60))
    lines = ["---", f"title: {json.dumps(sentence(4, 8), ensure_ascii=False)}"]
    lines += [f"outlet: {rng.choice(OUTLETS)}", f"published: {when:%Y-%m-%d}"]
    if rng.random() < 0.5:  # the other half is detected when indexed
        lines.append(f"language: {language}")
    lines += ["---", sentence(15, 30) + stop, ""]
    for _ in range(rng.randint(5, 11)):
        lines += [f"Q: {sentence(8, 18)}?", ""]
        lines += [f"A: {sentence(38, 88)}{stop}", ""]
    return f"{when.year}/{number:06d}-{language}.txt", "\n".join(lines) + "\n"


def generate(
    out: Path,
    count: int,
    seed: int = 7,
    vocabulary: str = "syllables",
    mixed: float = 0.0,
    small: bool = False,
) -> dict[str, int]:
    """Write ``count`` articles under ``out/articles``; return the planted word counts.

    ``small``: articles of one or two short pairs (about 700 bytes instead of
    4,500), for archives of many files that build in minutes, not hours.

    ``mixed``: the share of articles written in Chinese, Russian, French, Spanish
    and Arabic (in turn) instead of English. The English ones are the same
    articles as with ``mixed=0`` (their own random stream), so planted counts hold.
    """
    rng = random.Random(seed)
    foreign_rng = random.Random(seed + 1)
    vocab = VOCABULARIES[vocabulary](rng)
    shape = SHAPES[vocabulary]
    holders = {word: set(rng.sample(range(count), min(n, count))) for word, n in PLANTED.items()}
    root = out / "articles"
    foreign = 0
    for number in range(count):
        planted = [word for word, who in holders.items() if number in who]
        path, text = article(number, rng, vocab, planted, shape, small)
        if mixed and foreign_rng.random() < mixed and not planted:
            language = FOREIGN_LANGUAGES[foreign % len(FOREIGN_LANGUAGES)]
            foreign += 1
            path, text = foreign_article(number, foreign_rng, language)
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    counts = {word: len(who) for word, who in holders.items()}
    (out / "planted.json").write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    return counts


def export_code(ref: str, dest: Path) -> Path:
    """Write the ``brreader`` package as git ``ref`` has it into ``dest`` (for PYTHONPATH):
    the "before" side of the benchmarks that compare a ref with this checkout."""
    repo = Path(__file__).resolve().parent.parent
    dest.mkdir(parents=True, exist_ok=True)
    tar = subprocess.run(
        ["git", "-C", str(repo), "archive", ref, "brreader"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(dest)], input=tar.stdout, check=True)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--vocabulary", choices=sorted(VOCABULARIES), default="syllables")
    parser.add_argument(
        "--mixed", type=float, default=0.0, help="share of non-English articles, e.g. 0.25"
    )
    parser.add_argument(
        "--small", action="store_true", help="one or two short pairs an article (many small files)"
    )
    args = parser.parse_args()
    print(
        json.dumps(
            generate(args.out, args.articles, args.seed, args.vocabulary, args.mixed, args.small)
        )
    )


if __name__ == "__main__":
    main()
