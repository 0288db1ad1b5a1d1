"""``brreader check``: find the articles the parser may have read wrong.

Reads every article with the same rules as the index (so a file the index
skips is reported here with the same reason) and reports what a reader
would trip over: no pairs, no date or interviewee, pairs that look split in
the wrong place, and copies of the same interview. What the parser doubted
while reading (``not-an-interview``, ``question-like-lede``) is reported with
its reason. Every message says what to change in the file.

A front matter key written with an empty value (``published:``) says the
field is empty on purpose, so its absence is not reported. A date that is
written but unusable (not a date, or one :func:`brreader.dates.date_problem`
refuses, such as 0001-01-01) is reported as ``bad-date`` with the parser's
own warning, instead of both a warning and ``no-date``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brreader.articles import ArticleError, clash_warning, discover, id_clashes, read_article
from brreader.frontmatter import day_label
from brreader.model import Article, ParseResult
from brreader.parse import is_question

LONG_QUESTION = 400  # characters; longer ones usually swallowed the start of an answer
# A label the parser should have taken off: it left a turn inside another one.
_LABEL_IN_TEXT = re.compile(
    r"^(?:q|a|question|answer|вопрос|ответ|pregunta|respuesta|réponse)[ \u00a0]?:\s|^[问答][：:]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: the file, a stable code for scripts, the pair (1-based) and advice."""

    path: str
    code: str
    message: str
    pair: int | None = None


def _pair_problems(article: Article) -> list[Problem]:
    found = []
    for number, pair in enumerate(article.pairs, start=1):

        def add(code: str, message: str, number: int = number) -> None:
            found.append(Problem(article.path, code, f"pair {number}: {message}", number))

        if len(pair.question) > LONG_QUESTION:
            add(
                "long-question",
                f"question is {len(pair.question):,} characters long; if part of it is the "
                "answer, start that part with 'A: '",
            )
        if not pair.answer.strip():
            add(
                "empty-answer",
                "empty answer; if the next question belongs to this one, join them, "
                "or add the answer after 'A: '",
            )
        for paragraph in (pair.question + "\n\n" + pair.answer).split("\n\n"):
            if _LABEL_IN_TEXT.match(paragraph):
                add(
                    "labels-in-text",
                    f"a speaker label stayed in the text ({_shorten(paragraph, 40)!r}); "
                    "put it at the start of its own line",
                )
                break
        # A question the parser missed sits between answer paragraphs: its own
        # answer follows it. One that ends an answer is the speaker's own.
        for paragraph in pair.answer.split("\n\n")[1:-1] if pair.answer else []:
            if is_question(paragraph) and len(paragraph) <= LONG_QUESTION:
                shown = paragraph if len(paragraph) <= 60 else _shorten(paragraph, 60)
                add(
                    "question-in-answer",
                    f"the answer contains a question ({shown!r}); if it is one, "
                    "start it with 'Q: ' and its answer with 'A: '",
                )
                break
    return found


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with "..."."""
    cut = text[: limit - 3].rsplit(" ", 1)[0] if " " in text[: limit - 3] else text[: limit - 3]
    return cut.rstrip(",;:") + "..."


def article_problems(result: ParseResult) -> list[Problem]:
    """What looks wrong in one parsed article."""
    article, declared = result.article, result.declared
    found = [
        Problem(article.path, "bad-date" if warning == result.bad_date else "warning", warning)
        for warning in result.warnings
    ]
    found += [Problem(article.path, code, reason) for code, reason in result.doubts]
    if not article.pairs:
        found.append(
            Problem(
                article.path,
                "no-pairs",
                "no questions and answers found; put 'Q: ' before each question "
                "and 'A: ' before each answer",
            )
        )
    if article.published is None and "published" not in declared and not result.bad_date:
        found.append(
            Problem(
                article.path,
                "no-date",
                "no date; add 'published: YYYY-MM-DD' to the front matter "
                "(or 'published:' left empty if it has none)",
            )
        )
    if not article.interviewee and "interviewee" not in declared:
        found.append(
            Problem(
                article.path,
                "no-interviewee",
                "no interviewee; add 'interviewee: Name' to the front matter",
            )
        )
    return found + _pair_problems(article)


def found_summary(article: Article) -> str:
    """What the parser found, in one line: "found: title '...'; no outlet; 3 pairs"."""

    def shown(text: str) -> str:
        return repr(text if len(text) <= 60 else text[:59] + "…")

    parts = [
        f"title {shown(article.title)}" if article.title else "no title",
        f"outlet {shown(article.outlet)}" if article.outlet else "no outlet",
        f"date {day_label(article.published)}" if article.published else "no date",
        (
            f"interviewee{'s' if len(article.interviewees) > 1 else ''} "
            + ", ".join(article.interviewees)
            if article.interviewees
            else "no interviewee"
        ),
        f"{len(article.pairs)} pair{'' if len(article.pairs) == 1 else 's'}",
    ]
    return "found: " + "; ".join(parts)


def check_archive(
    articles: Path,
    progress: Callable[[int, int], None] | None = None,
    notes: dict[str, tuple[str, ...]] | None = None,
) -> tuple[list[Problem], int]:
    """Every problem in the archive, sorted by file; and how many articles were read.

    With ``notes``, also fills it with how the parser read each file (``--explain``).
    """
    files, skipped = discover(articles)
    problems = [Problem(s.path, "skipped", f"not indexed: {s.reason}") for s in skipped]
    problems += [
        Problem(f.path, "id-clash", clash_warning(f, other)) for f, other in id_clashes(files)
    ]
    first_with: dict[str, str] = {}
    read = 0
    for done, file in enumerate(files):
        if progress is not None and done % 500 == 0:
            progress(done, len(files))
        try:
            result = read_article(articles, file.path, file.id)
        except ArticleError as error:
            problems.append(Problem(file.path, "skipped", f"not indexed: {error}"))
            continue
        read += 1
        if notes is not None:
            notes[file.path] = (found_summary(result.article), *result.notes)
        problems += article_problems(result)
        for key in result.article.duplicate_keys():
            earlier = first_with.setdefault(key, file.path)
            if earlier != file.path:
                why = "same text" if key.startswith("text-") else "same title and date"
                problems.append(
                    Problem(
                        file.path,
                        "duplicate",
                        f"duplicate of {earlier} ({why}); delete one of them",
                    )
                )
                break
    problems.sort(key=lambda p: (p.path, p.pair or 0))
    return problems, read
