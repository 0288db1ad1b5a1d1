"""What the index holds: its fields, the analyser, the weighting and the schema version.

Layout. Each article is a *group* of documents: one article document (kind
``a``: title, lede, interviewee, outlet, source, tags, published, the exact
facet values, and every question and every answer of the article as the
``questions`` and ``answers`` fields) followed by one document per
question/answer pair (kind ``p``: the stored question, and the lengths of its
question and answer). Only what lists display is stored; snippets are cut
from the article file itself.

One copy of the text. Plain words, phrases, operators, prefixes and fuzzy
words are scored on article documents (one BM25F score per article, see
:data:`FIELD_BOOSTS`). In ``questions`` and ``answers`` pair ``k`` (from 0)
starts at token position ``k * PAIR_STRIDE``, so the pair a position belongs
to is ``position // PAIR_STRIDE``: a phrase never runs from one pair into the
next, ``question:`` and ``answer:`` are matched within one pair from these
positions (``bulk``), and the best pairs of a shown article are read from
them too (``pairs``). Pair documents hold no postings: every word of the
archive is posted once, not once per article and again per pair.

Change :data:`LAYOUT_VERSION` with any change here: an index made with
another version is rebuilt from the files. :data:`SCHEMA_VERSION` also
follows the English stemmer (``analysis.ENGLISH_STEMMER``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from whoosh import columns, fields, scoring
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

from brreader.engine import codec
from brreader.engine.analysis import ENGLISH_STEMMER, LanguageAnalyzer, stem_english
from brreader.engine.fastterms import matching_spans, term_spans
from brreader.engine.internals import doc_frequency
from brreader.engine.stemming import STEMMERS
from brreader.language import DETECT_CHARS, detect
from brreader.model import Article

# 7: duplicate keys changed; 8: facet fields; 9: several interviewees; 10: languages;
# 11: full-width Latin letters read as ASCII before a language's stemmer; outlet phrases;
# 12: the plural stemmer's singulars ("headache" meets "headaches"); 13: questions and
# answers in the article documents, ts a column; 14: pair documents without postings;
# 15: Arabic "and" + article taken off in turn, before hamza forms are unified;
# traditional Chinese characters indexed as simplified; 16: word starts (``starts``),
# postings' 4-byte items stored grouped by byte place (codec); 17: Arabic-Indic and
# Persian digits read as ASCII digits, Persian yeh and kaf as Arabic, ligatures (œ, æ,
# ﬁ) written out before a tagged language's stemmer; 18: Latin look-alike letters in a
# Cyrillic word read as Cyrillic (and the other way), Cyrillic stress marks off, Arabic
# presentation forms read as letters, the modifier letter apostrophe (ʼ) parts words
LAYOUT_VERSION = 18


def schema_version(stemmer: str) -> int:
    """The index version for an English stemmer: each stemmer indexes other terms.

    Each stemmer has its own thousand (in the order of ``stemming.STEMMERS``,
    which only grows at its end).
    """
    return LAYOUT_VERSION + 1000 * list(STEMMERS).index(stemmer)


SCHEMA_VERSION = schema_version(ENGLISH_STEMMER)

# Query fields, the aliases users may type, and which fields live on pair documents.
ARTICLE_FIELDS = ("title", "lede", "interviewee", "outlet", "source", "tags")
PAIR_FIELDS = ("question", "answer")
TEXT_FIELDS = (*ARTICLE_FIELDS, *PAIR_FIELDS)  # the text fields a query may name
# An article's questions and answers on its article document; not typed by users.
BODY_FIELDS = ("questions", "answers")
PAIR_OF_BODY = {"questions": "question", "answers": "answer"}
# Pair documents keep no postings of their own: a pair field's words are read
# from its article's body field (pair = position // PAIR_STRIDE).
BODY_OF_PAIR = {pair: body for body, pair in PAIR_OF_BODY.items()}
# What a word without a field searches: article documents only.
UNSCOPED_FIELDS = (*ARTICLE_FIELDS, *BODY_FIELDS)
KINDS = {**dict.fromkeys(UNSCOPED_FIELDS, "a"), **dict.fromkeys(PAIR_FIELDS, "p")}
KINDS.update(published="a", undated="a", ts="a")
QUERY_FIELDS = (*TEXT_FIELDS, "published")
ALIASES = {"question": ["q"], "answer": ["a"], "interviewee": ["who"], "tags": ["tag"]}
# Field weights of an unscoped word (BM25F: each field's BM25 score times its
# weight, summed). The title says what the interview is about and the lede who
# speaks and why; a question names the topic the answer then develops in many
# more words, so a word in a question counts more than the same word in an
# answer. Names and tags are short, deliberate labels. The outlet and the
# source line are about the publication, not the interview: they weigh least.
# docs/query-language.md explains the choice to users.
FIELD_BOOSTS = {
    "title": 2.0,
    "lede": 1.5,
    "interviewee": 2.0,
    "tags": 1.5,
    "questions": 1.5,
    "answers": 1.0,
    "outlet": 0.5,
    "source": 0.5,
}
TITLE_BOOST = FIELD_BOOSTS["title"]
# Token positions of pair k start at k * PAIR_STRIDE in the body fields; a pair
# with more tokens than that keeps its last positions at the stride's end.
PAIR_STRIDE = 1 << 16
MAX_BODY_PAIRS = (1 << 32) // PAIR_STRIDE - 1
# Word starts: for each unscoped field, the documents with a word that begins with
# each one-, two- and three-letter start, under the term FIELD_CODE + start in the
# ``starts`` field. A short prefix (``ka*``) stands for thousands of words, and an
# article's score for it only asks whether a field holds any of them (see
# ``Expanded``): one list per field answers that (``topk``).
STARTS = "starts"
STARTS_LONGEST = 3
FIELD_CODE = {
    "title": "t",
    "lede": "l",
    "interviewee": "i",
    "outlet": "o",
    "source": "s",
    "tags": "g",
    "questions": "q",
    "answers": "a",
}
# Where "Did you mean" looks for words, most telling first.
SPELLING_FIELDS = ("answers", "questions", "lede", "title", "interviewee")


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


class Weighting(scoring.BM25F):
    """BM25F whose statistics come from the documents that can hold each field.

    Whoosh counts every document of the index for a term's IDF and a field's
    average length. An index of articles and their pairs holds about eight
    pair documents per article document, so an article field's average length
    would look eight times shorter than it is (every article would be
    punished for its length) and its IDF would not be the article-level one.
    Here article fields are measured over article documents and pair fields
    over pair documents. ``bulk`` uses the same two methods.
    """

    def population(self, searcher: Any, fieldname: str) -> int:
        """How many documents can hold ``fieldname`` (articles or pairs)."""
        parent = searcher.get_parent()
        cache = parent.__dict__.setdefault("_brreader_population", {})
        kind = KINDS.get(fieldname)
        if kind is None:
            return int(parent.doc_count_all())
        found = cache.get(kind)
        if found is None:
            articles = int(parent.doc_frequency("kind", "a"))
            total = int(parent.doc_count_all())
            found = cache[kind] = max(1, articles if kind == "a" else total - articles)
        return int(found)

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        # Pair fields have no postings: a word's rarity is counted over the
        # articles whose questions (answers) hold it.
        body = BODY_OF_PAIR.get(fieldname, fieldname)
        return self.idf_of(searcher, fieldname, doc_frequency(searcher, body, text))

    def idf_of(self, searcher: Any, fieldname: str, frequency: int) -> float:
        """The IDF of a word that ``frequency`` documents hold (for a pair field: articles)."""
        body = BODY_OF_PAIR.get(fieldname, fieldname)
        return math.log(self.population(searcher, body) / (frequency + 1)) + 1

    def avg_length(self, searcher: Any, fieldname: str) -> float:
        parent = searcher.get_parent()
        if not parent.schema[fieldname].scorable:
            return 1.0
        return parent.field_length(fieldname) / self.population(parent, fieldname) or 1.0

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: float = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return super().scorer(searcher, fieldname, text, qf=qf)
        b = self._field_B.get(fieldname, self.B)
        avgfl = self.avg_length(searcher, fieldname)
        return _Scorer(searcher, fieldname, text, b, self.K1, qf, avgfl)


class _Scorer(scoring.BM25FScorer):
    """Whoosh's BM25F scorer with the average length given (its bound uses it too)."""

    def __init__(
        self, searcher: Any, fieldname: str, text: Any, b: float, k1: float, qf: float, avgfl: float
    ) -> None:
        self.idf = searcher.get_parent().idf(fieldname, text)
        self.avgfl = avgfl
        self.B = b
        self.K1 = k1
        self.qf = qf
        self.setup(searcher, fieldname, text)  # computes the best score it can give


# Short fields get no length normalisation: a title or a name is as long as it is.
WEIGHTING = Weighting(title_B=0.0, interviewee_B=0.0, outlet_B=0.0, source_B=0.0, tags_B=0.0)


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
        # Only sorted on (newest/oldest first): a column, no postings or terms.
        ts=fields.COLUMN(columns.NumericColumn("q", default=0)),
        question=stored,  # shown in result lists without reading the file
        answer=text,
        questions=text,  # on article documents: every question, pair by pair
        answers=text,
        dupkeys=fields.KEYWORD,  # Article.duplicate_keys(): 'brreader import' skips copies
        starts=fields.ID,  # written by the writer from the unscoped fields (see STARTS)
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
        # A tuple: the writer indexes each pair's text at its own stride.
        "questions": tuple(p.question for p in article.pairs[:MAX_BODY_PAIRS]),
        "answers": tuple(p.answer for p in article.pairs[:MAX_BODY_PAIRS]),
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
    return term_spans(text, lang)  # ANALYZER's terms and spans, several times faster


def analyze_matching(text: str, lang: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    """``(start, end, term)`` for the words of ``text`` :func:`analyze` gives one of ``wanted``."""
    return matching_spans(text, lang, wanted)
