"""Articles parsed for snippets, kept by a process that answers search after search.

Every search shows up to ten articles with snippets cut from their text, and
reading and parsing one takes about a millisecond: a tenth or more of a warm
search. The server and the reader (``Archive.keep_warm``) keep the articles
they parsed, each under the file's identity (inode, size, modification and
change times in nanoseconds): a file saved since is read again, one replaced
by another is read again, one deleted fails as it always did. At most
``budget`` bytes of article files are kept, the least recently shown going
first. A one-shot command never keeps any: it reads each article once.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

from brreader.articles import read_article
from brreader.dates import patterns_only
from brreader.model import Article

BUDGET = 64 * 1024 * 1024  # bytes of article files kept


class ParsedArticles:
    """Parsed articles by path, each valid while its file is the same."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget
        self._kept: OrderedDict[tuple[str, str], tuple[tuple[int, ...], Article]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()  # the reader's workers search from several threads

    def for_snippets(self, root: Path, path: str, article_id: str) -> Article:
        """The article as a snippet shows it (dates read by patterns only, as the index did);
        raises ``ArticleError`` as :func:`read_article` does."""
        try:
            info = os.stat(root / path)
        except OSError:
            info = None
        identity = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns) if info else ()
        key = (path, article_id)
        with self._lock:
            found = self._kept.get(key)
            if found is not None and identity and found[0] == identity:
                self._kept.move_to_end(key)
                return found[1]
        with patterns_only():  # only the text is shown; the date is the index's
            article = read_article(root, path, article_id).article
        if identity and identity[1] <= self.budget:
            with self._lock:
                before = self._kept.pop(key, None)
                if before is not None:
                    self._size -= before[0][1]
                self._kept[key] = (identity, article)
                self._size += identity[1]
                while self._size > self.budget:
                    _key, (old, _article) = self._kept.popitem(last=False)
                    self._size -= old[1]
        return article
