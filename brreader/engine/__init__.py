"""The search engine: the only package that imports Whoosh.

Everything the engine returns is plain data from :mod:`brreader.model`, so
the facade (:mod:`brreader.search`) and the interfaces never see a Whoosh
object, and a fork or version change of Whoosh touches this package alone.
Every use of a Whoosh-Reloaded private attribute sits in :mod:`.internals`.

Rooms: ``schema`` (fields, analyser, weighting), ``limits`` (tunables),
``store`` (writing the index), ``snapshot`` (an open searcher and its
caches), ``query`` (reading what users type), ``ranking`` (scoring and best
pairs), ``filters`` and ``explore`` (filters, facets, related pairs),
``spelling`` (did you mean), ``codec``, ``writer`` and ``bulk`` (fast postings and
scoring), and ``index`` (:class:`ArchiveIndex`, the front of it all).
"""

# Loading Whoosh lean must happen before any submodule imports Whoosh; a
# package's __init__ always runs before its submodules.
from brreader.engine import _load as _load  # noqa: F401
