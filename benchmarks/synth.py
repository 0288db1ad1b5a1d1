"""Deterministic synthetic interview archives for benchmarks.

``python benchmarks/synth.py OUT --articles N [--seed S]`` writes N articles in
the three shapes brreader reads (seed-like plain text, labelled transcript,
front matter) under OUT/articles, plus OUT/planted.json: rare words planted in
a known number of articles, so a benchmark can check hit counts as well as
time. Words follow a Zipf distribution over a made-up vocabulary, which gives
postings the long tail that real text has. Same seed, same files.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
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


def _name(rng: random.Random) -> str:
    def part() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{part()} {part()}"


def article(
    number: int, rng: random.Random, vocab: Vocabulary, planted: list[str], small: bool = False
) -> tuple[str, str]:
    """Return (relative path, text) of one synthetic interview (``small``: two short pairs)."""
    when = datetime(2015, 1, 1) + timedelta(minutes=rng.randint(0, 12 * 365 * 24 * 60))
    outlet = rng.choice(OUTLETS)
    title = vocab.sentence(5, 9).title()
    person = _name(rng)
    role, topic = vocab.sentence(1, 2).lower(), vocab.sentence(10, 25).lower()
    lede = f"{person}, a {role} engineer, explains {topic}."
    pairs = []
    for _ in range(rng.randint(1, 2) if small else rng.randint(5, 11)):
        question = vocab.sentence(8, 18) + "?"
        if small:
            answer = [vocab.sentence(20, 40) + "."]
        else:
            answer = [vocab.sentence(38, 88) + "." for _ in range(rng.randint(1, 3))]
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
    out: Path, count: int, seed: int = 7, mixed: float = 0.0, small: bool = False
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
    vocab = Vocabulary(rng)
    holders = {word: set(rng.sample(range(count), min(n, count))) for word, n in PLANTED.items()}
    root = out / "articles"
    foreign = 0
    for number in range(count):
        planted = [word for word, who in holders.items() if number in who]
        path, text = article(number, rng, vocab, planted, small)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--mixed", type=float, default=0.0, help="share of non-English articles, e.g. 0.25"
    )
    parser.add_argument(
        "--small", action="store_true", help="one or two short pairs an article (many small files)"
    )
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.articles, args.seed, args.mixed, args.small)))


if __name__ == "__main__":
    main()
