"""Quotes with their citations, and interviews as Markdown: what people paste into their notes.

A citation names the interviewee, the title, the outlet and the date, then
the url and the original source when they are known:

    — Dara Kheng, "Sensors Along the River", Harbour Line Weekly, 3 March 2021

Plain data in, text out; no I/O.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from brreader.model import Article, QAPair
from brreader.textsafe import flatten
from brreader.urls import link_target

FORMATS = ("text", "markdown", "json", "bibtex", "csl-json")


def day_text(article: Article) -> str:
    """``24 June 2025``, or "undated"."""
    published = article.published
    if published is None:
        return "undated"
    return f"{published.day} {published:%B %Y}"


def citation(article: Article) -> str:
    """One line naming who said it, where and when (url and original source when known)."""
    parts = []
    if article.interviewee:
        parts.append(article.interviewee)
    parts.append(f'"{article.display_title}"')
    if article.outlet:
        parts.append(article.outlet)
    parts.append(day_text(article))
    if article.source and article.source != article.outlet:
        parts.append(f"originally in {article.source}")
    if article.url:
        parts.append(article.url)
    return "— " + ", ".join(flatten(part) for part in parts)


def pair_of(article: Article, number: int) -> QAPair:
    """Pair ``number`` (1-based); ``IndexError`` when the article has no such pair."""
    if not 1 <= number <= len(article.pairs):
        raise IndexError(number)
    return article.pairs[number - 1]


# -- Markdown ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+[.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis, links, HTML or headings sneak in."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_paragraphs(text: str, prefix: str = "") -> str:
    separator = f"\n{prefix.rstrip()}\n"
    return separator.join(prefix + md_escape(flatten(p)) for p in text.split("\n\n") if p)


def _md_url(url: str) -> str:
    """A web address as an autolink whose target cannot end early; anything else as text.

    Inside ``<...>`` Markdown honours no escapes, so the target is made of
    characters that cannot close it (:func:`brreader.urls.link_target`).
    """
    target = link_target(url)
    return f"<{target}>" if target else md_escape(flatten(url))


def _md_citation(article: Article) -> str:
    parts = []
    if article.interviewee:
        parts.append(md_escape(article.interviewee))
    parts.append(f"*{md_escape(article.display_title)}*")
    if article.outlet:
        parts.append(md_escape(article.outlet))
    parts.append(day_text(article))
    if article.source and article.source != article.outlet:
        parts.append(f"originally in {md_escape(article.source)}")
    if article.url:
        parts.append(_md_url(article.url))
    return "— " + ", ".join(parts)


def article_markdown(article: Article) -> str:
    """A clean Markdown version of an interview: heading, byline, lede, bold questions."""
    lines = [f"# {md_escape(flatten(article.display_title))}", ""]
    meta = [md_escape(x) for x in (article.interviewee, article.outlet) if x]
    meta.append(day_text(article))
    lines += ["*" + " · ".join(meta) + "*", ""]
    if article.lede:
        lines += [_md_paragraphs(article.lede, ""), ""]
    for number, pair in enumerate(article.pairs, start=1):
        question = md_escape(flatten(pair.question)) or "(no question)"
        lines += [f"**Q{number}. {question}**", ""]
        if pair.answer:
            lines += [_md_paragraphs(pair.answer), ""]
    details = []
    if article.source:
        details.append(f"Source: {md_escape(article.source)}")
    if article.url:
        details.append(_md_url(article.url))
    if article.tags:
        details.append("Tags: " + ", ".join(md_escape(t) for t in article.tags))
    if details:
        lines += ["---", "", "  \n".join(details), ""]
    return "\n".join(lines)


# -- quotes ------------------------------------------------------------------------


def _nested(text: str) -> bool:
    """Whether every ``}`` in ``text`` closes an earlier ``{`` and every ``{`` is closed."""
    depth = 0
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


def _bibtex_value(text: str) -> str:
    """Text for a braced BibTeX field: LaTeX specials escaped, and braces that cannot end it.

    BibTeX counts braces without looking at backslashes, so ``\\}`` still
    closes the field: a stray one in a title could end it and add fields of
    its own. Braces that nest stay ``\\{`` and ``\\}``; otherwise every brace
    is written as a command.
    """
    text = flatten(text)
    special = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&"}
    special.update({"$": r"\$", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"})
    if not _nested(text):
        special.update({"{": r"\textbraceleft{}", "}": r"\textbraceright{}"})
    return "".join(special.get(ch, ch) for ch in text)


def _bibtex_key(article: Article, number: int) -> str:
    name = (article.interviewee.split() or ["interview"])[-1]
    word = next(iter(re.findall(r"\w+", article.title)), "")
    raw = f"{name}{article.published.year if article.published else ''}{word}q{number}"
    ascii_only = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", ascii_only).lower() or f"interview{number}"


def csl_item(article: Article, number: int | None = None, annote: str = "") -> dict[str, Any]:
    """The article as one CSL JSON item (what Zotero, pandoc and citeproc read).

    Type ``interview``; the interviewee is the author, written as one literal
    name (brreader does not guess which part of a name is the family name);
    the outlet is the container; ``number`` becomes the note "Interview,
    question N"; ``annote`` carries a bookmark's note.
    """
    item: dict[str, Any] = {
        "id": _bibtex_key(article, number or 0).removesuffix("q0"),
        "type": "interview",
        "title": article.display_title,
    }
    if article.interviewees:
        item["author"] = [{"literal": name} for name in article.interviewees]
    if article.outlet:
        item["container-title"] = article.outlet
    if article.published is not None:
        moment = article.published
        item["issued"] = {"date-parts": [[moment.year, moment.month, moment.day]]}
    url = link_target(article.url)
    if url:
        item["URL"] = url
    if article.source:
        item["source"] = article.source
    if number:
        item["note"] = f"Interview, question {number}"
    if annote:
        item["annote"] = annote
    return item


def quote(article: Article, number: int, fmt: str = "text", *, with_question: bool = False) -> str:
    """Pair ``number``'s answer (with its question if asked) and the citation, in ``fmt``."""
    pair = pair_of(article, number)
    if fmt == "csl-json":
        item = csl_item(article, number)
        if with_question:
            item["abstract"] = f"Q: {flatten(pair.question)}\n\n{pair.answer}"
        else:
            item["abstract"] = pair.answer
        return json.dumps([item], ensure_ascii=False, indent=2)
    if fmt == "json":
        data: dict[str, Any] = {
            "id": article.id,
            "pair": number,
            "question": pair.question,
            "answer": pair.answer,
            "citation": citation(article),
            "interviewee": article.interviewee,
            "title": article.title,
            "outlet": article.outlet,
            "published": article.published.isoformat(timespec="seconds")
            if article.published
            else None,
            "url": article.url,
            "source": article.source,
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "markdown":
        parts = []
        if with_question:
            parts.append(f"**Q: {md_escape(flatten(pair.question))}**")
        parts.append(_md_paragraphs(pair.answer, "> ") or "> (no answer)")
        parts.append(_md_citation(article))
        return "\n\n".join(parts)
    if fmt == "bibtex":
        fields = [("author", article.interviewee), ("title", article.display_title)]
        fields += [("howpublished", article.outlet)]
        if article.published is not None:
            fields += [("year", str(article.published.year))]
            fields += [("month", f"{article.published:%b}".lower())]
            fields += [("day", str(article.published.day))]
        # A link that cannot close its braces (no {, } or \\ in it); not a web address: none.
        fields += [("url", link_target(article.url)), ("note", f"Interview, question {number}")]
        body = ",\n".join(
            f"  {key} = {value}"
            if key == "month"
            else f"  {key} = {{{value if key == 'url' else _bibtex_value(value)}}}"
            for key, value in fields
            if value
        )
        return f"@misc{{{_bibtex_key(article, number)},\n{body}\n}}"
    parts = []
    if with_question:
        parts.append(f"Q: {flatten(pair.question)}")
    answer = "\n\n".join(flatten(p) for p in pair.answer.split("\n\n") if p)
    parts.append(f"“{answer}”" if answer else "(no answer)")
    parts.append(citation(article))
    return "\n\n".join(parts)
