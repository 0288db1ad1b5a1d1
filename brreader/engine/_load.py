"""Import Whoosh without the modules it loads but brreader never uses.

Whoosh-Reloaded's ``whoosh.compat`` imports ``urllib.request`` (for a download
helper) and ``whoosh.reading`` imports the ``cached_property`` package, which
imports ``asyncio`` to support coroutine properties. Together they are about
30 ms of every one-shot command's start-up, for code that never runs. And
``whoosh.query`` imports ``whoosh.lang.morph_en`` for its ``Variations``
query, which brreader never builds: that module compiles some fifty large
patterns as it loads (about 10 ms).

While the two Whoosh modules load, :func:`load` puts stand-ins for those
modules in ``sys.modules`` and removes them again straight after, so any
later ``import asyncio`` or ``import urllib.request`` (Textual's, say) gets
the real module. The stand-ins answer the one name each user needs at once
(``urlretrieve``, ``iscoroutinefunction``, ``variations``) and load the real module for
anything else, so a newer ``cached_property`` cannot break on them.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import sys
import types
from typing import Any


class _Deferred(types.ModuleType):
    """A stand-in that loads the real module the first time it is really used."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system probing (__path__, __spec__, ...)
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(name: str) -> Any:
    module = sys.modules.get(name)
    if module is None or isinstance(module, _Deferred):
        sys.modules.pop(name, None)
        module = importlib.import_module(name)
    return module


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    return _real("urllib.request").urlretrieve(*args, **kwargs)


def _iscoroutinefunction(func: Any) -> bool:
    if "asyncio" in sys.modules and not isinstance(sys.modules["asyncio"], _Deferred):
        return bool(sys.modules["asyncio"].iscoroutinefunction(func))
    # Without asyncio loaded nothing can be marked as an asyncio coroutine
    # the old way, so the inspect check is the same answer.
    return inspect.iscoroutinefunction(func)


def _variations(word: str) -> Any:
    return _real("whoosh.lang.morph_en").variations(word)


_ATOMIC = (str, bytes, int, float, bool, type(None))


def _copy_of_term(term: Any, memo: dict[int, Any]) -> Any:
    """``copy.deepcopy`` of a query term, without its general machinery.

    Whoosh copies every term of a query with ``deepcopy`` while normalizing it
    (each OR merged into its parent gets its boost that way: about half of
    parsing a two-word query). A term holds a field name, a text, a boost and
    such: values that are never copied. Anything else is deep-copied as
    ``deepcopy`` would.
    """
    copied = object.__new__(type(term))
    memo[id(term)] = copied
    copied.__dict__.update(
        (name, value if isinstance(value, _ATOMIC) else copy.deepcopy(value, memo))
        for name, value in term.__dict__.items()
    )
    return copied


def _term_with_boost(term: Any, boost: float) -> Any:
    """``Term.with_boost`` without the copy when the boost stays the same.

    Normalizing an OR merges the ORs inside it, each of their terms "with
    its boost times the inner OR's", which is nearly always 1: a copy of
    every term, hundreds for a word asked for in a dozen languages in eight
    fields. A term is never changed once made, so the same one serves.
    """
    if boost == term.boost:
        return term
    copied = term.copy()  # as Whoosh's with_boost does
    copied.boost = boost
    return copied


def load() -> None:
    """Import the Whoosh modules that pull in modules brreader never uses."""
    if "whoosh.reading" in sys.modules and "whoosh.query" in sys.modules:
        return
    stand_ins: dict[str, _Deferred] = {}
    if "urllib.request" not in sys.modules:
        stand_ins["urllib.request"] = _Deferred("urllib.request")
        stand_ins["urllib.request"].urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    if "asyncio" not in sys.modules:
        stand_ins["asyncio"] = _Deferred("asyncio")
        stand_ins["asyncio"].iscoroutinefunction = _iscoroutinefunction  # type: ignore[attr-defined]
    if "whoosh.lang.morph_en" not in sys.modules:
        stand_ins["whoosh.lang.morph_en"] = _Deferred("whoosh.lang.morph_en")
        stand_ins["whoosh.lang.morph_en"].variations = _variations  # type: ignore[attr-defined]
    sys.modules.update(stand_ins)
    try:
        importlib.import_module("whoosh.compat")
        importlib.import_module("whoosh.reading")
        importlib.import_module("whoosh.query")
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    sys.modules["whoosh.query"].Term.__deepcopy__ = _copy_of_term
    sys.modules["whoosh.query"].Term.with_boost = _term_with_boost


load()
