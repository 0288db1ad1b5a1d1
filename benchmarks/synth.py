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
    number: int, rng: random.Random, vocab: Vocabulary, planted: list[str]
) -> tuple[str, str]:
    """Return (relative path, text) of one synthetic interview."""
    when = datetime(2015, 1, 1) + timedelta(minutes=rng.randint(0, 12 * 365 * 24 * 60))
    outlet = rng.choice(OUTLETS)
    title = vocab.sentence(5, 9).title()
    person = _name(rng)
    role, topic = vocab.sentence(1, 2).lower(), vocab.sentence(10, 25).lower()
    lede = f"{person}, a {role} engineer, explains {topic}."
    pairs = []
    for _ in range(rng.randint(5, 11)):
        question = vocab.sentence(8, 18) + "?"
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


def generate(out: Path, count: int, seed: int = 7) -> dict[str, int]:
    """Write ``count`` articles under ``out/articles``; return the planted word counts."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    holders = {word: set(rng.sample(range(count), min(n, count))) for word, n in PLANTED.items()}
    root = out / "articles"
    for number in range(count):
        planted = [word for word, who in holders.items() if number in who]
        path, text = article(number, rng, vocab, planted)
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
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.articles, args.seed)))


if __name__ == "__main__":
    main()
