"""What the index holds: its fields, the analyser, the weighting and the schema version.

Layout. Each article is a *group* of documents: one article document (kind
``a``: title, lede, interviewee, outlet, source, tags, published, the exact
facet values) followed by one document per question/answer pair (kind
``p``: question, answer). Each piece of text is indexed once and only what
lists display is stored; snippets are cut from the article file itself.

Change :data:`LAYOUT_VERSION` with any change here: an index made with
another version is rebuilt from the files. :data:`SCHEMA_VERSION` also
follows the English stemmer (``analysis.ENGLISH_STEMMER``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import fields, scoring
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

from brreader.engine import codec
from brreader.engine.analysis import ENGLISH_STEMMER, LanguageAnalyzer, stem_english
from brreader.engine.stemming import STEMMERS
from brreader.language import DETECT_CHARS, detect
from brreader.model import Article

# 7: duplicate keys changed; 8: facet fields; 9: several interviewees; 10: languages;
# 11: full-width Latin letters read as ASCII before a language's stemmer; outlet phrases;
# 12: the plural stemmer's singulars ("headache" meets "headaches")
LAYOUT_VERSION = 12


def schema_version(stemmer: str) -> int:
    """The index version for an English stemmer: each stemmer indexes other terms.

    Each stemmer has its own thousand (in the order of ``stemming.STEMMERS``,
    which only grows at its end); Porter, the first, adds nothing, so indexes
    built before the stemmer became a setting stay valid.
    """
    return LAYOUT_VERSION + 1000 * list(STEMMERS).index(stemmer)


SCHEMA_VERSION = schema_version(ENGLISH_STEMMER)

# Query fields, the aliases users may type, and which fields live on pair documents.
ARTICLE_FIELDS = ("title", "lede", "interviewee", "outlet", "source", "tags")
PAIR_FIELDS = ("question", "answer")
TEXT_FIELDS = (*ARTICLE_FIELDS, *PAIR_FIELDS)
KINDS = {**dict.fromkeys(ARTICLE_FIELDS, "a"), **dict.fromkeys(PAIR_FIELDS, "p")}
KINDS.update(published="a", undated="a", ts="a")
QUERY_FIELDS = (*TEXT_FIELDS, "published")
ALIASES = {"question": ["q"], "answer": ["a"], "interviewee": ["who"], "tags": ["tag"]}
TITLE_BOOST = 2.0
# Where "Did you mean" looks for words, most telling first.
SPELLING_FIELDS = ("answer", "question", "lede", "title", "interviewee")


def _analyzer() -> Any:
    # StemmingAnalyzer's chain plus accent folding, so "Mekông" finds "Mekong",
    # with the English stemmer of analysis.ENGLISH_STEMMER (a module function,
    # so the schema pickles); other scripts and languages: engine/analysis.py.
    english = (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(minsize=2)
        | StemFilter(stem_english, cachesize=50000)
    )
    return LanguageAnalyzer(english)


ANALYZER = _analyzer()
# Short fields get no length normalisation: pair documents have no title, which
# drags the average title length towards zero and would punish every title.
WEIGHTING = scoring.BM25F(title_B=0.0, interviewee_B=0.0, outlet_B=0.0, source_B=0.0, tags_B=0.0)


def _text(*, stored: bool) -> fields.TEXT:
    field = fields.TEXT(analyzer=ANALYZER, stored=stored)
    field.format = codec.Positions()  # compact positions; see codec.py
    return field


def build_schema() -> fields.Schema:
    """The Whoosh schema of a brreader index."""
    # No spelling=True: Whoosh would add one posting per word occurrence to a
    # second field, doubling the build's work. Suggestions come from the stems
    # and are turned back into words from the articles (see spelling.py).
    text, stored = _text(stored=False), _text(stored=True)
    exact = {
        "f_who": fields.KEYWORD(commas=True),  # one value per interviewee
        "f_outlet": fields.ID,
        "f_tag": fields.KEYWORD(commas=True),
        "f_year": fields.ID,
        "f_lang": fields.ID(stored=True),  # the article's language code
    }
    return fields.Schema(
        kind=fields.ID,
        aid=fields.ID(stored=True),
        path=fields.STORED,
        pair=fields.STORED,
        npairs=fields.STORED,  # an article's pair documents follow it: docnums +1..+npairs
        mtime=fields.STORED,
        size=fields.STORED,
        title=stored,
        lede=text,
        interviewee=stored,
        interviewees=fields.STORED,  # the names one per line; 'interviewee' joins them
        # Its own field object (the shared ones are the same object), with the compact
        # positions the writer gives every text field: a phrase on it must decode them.
        outlet=_text(stored=True),
        source=text,
        # Words, not keywords: a plain query word should reach "remote-sensing", and a
        # stop word in a query must not turn into a required tag.
        tags=text,
        published=fields.DATETIME(stored=True),
        undated=fields.NUMERIC(sortable=True),
        ts=fields.NUMERIC(sortable=True, bits=64),
        question=stored,  # shown in result lists without reading the file
        answer=text,
        dupkeys=fields.KEYWORD,  # Article.duplicate_keys(): 'brreader import' skips copies
        # Exact values for filters and facet counts (the TEXT fields hold stems).
        **exact,
    )


def documents(article: Article, mtime_ns: int, size: int) -> list[dict[str, Any]]:
    """The documents of one article: its article document, then one per pair, in order."""
    published = article.published
    language = article.language or detect(_sample(article))
    head = {
        "kind": "a",
        "aid": article.id,
        "path": article.path,
        "title": article.title,
        "lede": article.lede,
        # Every interviewee is searchable; the stored value shows them all.
        "interviewee": ", ".join(article.interviewees) or article.interviewee,
        "interviewees": "\n".join(article.interviewees),
        "outlet": article.outlet,
        "source": article.source,
        "tags": ", ".join(article.tags),
        "published": published,
        "undated": 0 if published else 1,
        "ts": int(published.timestamp()) if published else 0,
        "npairs": len(article.pairs),
        "mtime": mtime_ns,
        "size": size,
        "dupkeys": " ".join(article.duplicate_keys()),
        "f_who": ",".join(n.replace(",", " ") for n in article.interviewees) or None,
        "f_outlet": article.outlet or None,
        "f_tag": ",".join(t.replace(",", " ") for t in article.tags) or None,
        "f_year": f"{published.year:04d}" if published else None,
        "f_lang": language or None,
        "_lang": language,  # how the writer analyses the text (not a field)
    }
    pairs = [
        {
            "kind": "p",
            "aid": article.id,
            "pair": n,
            "question": p.question,
            "answer": p.answer,
            "_lang": language,
        }
        for n, p in enumerate(article.pairs, start=1)
    ]
    return [head, *pairs]


def _sample(article: Article) -> str:
    """The start of an article's text, enough for language detection."""
    pieces, size = [article.title, article.lede], len(article.title) + len(article.lede)
    for pair in article.pairs:
        if size >= DETECT_CHARS:
            break
        pieces += [pair.question, pair.answer]
        size += len(pair.question) + len(pair.answer)
    return "\n".join(pieces)


def analyze(text: str, lang: str = "") -> Iterator[tuple[str, int, int]]:
    """Yield ``(term, start, end)`` for each indexed word of ``text``, as the index sees it
    in an article in ``lang``."""
    for token in ANALYZER(text, chars=True, lang=lang):
        yield token.text, token.startchar, token.endchar
