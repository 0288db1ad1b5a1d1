"""Whole posting lists scored with array arithmetic, in processes that answer many searches.

A word found in most articles has tens of thousands of postings per field;
scoring them one Python float at a time costs tens of milliseconds, numpy
does it in well under one. But importing numpy costs about as much as it
saves in a single search, so a one-shot command (a new process per search)
never imports it: only the resident server and the reader, which answer
search after search, turn it on (:func:`enable`, through
``search.keep_warm``). Both paths give the same scores, float for float
(``tests/test_topk.py`` and ``tests/test_codec.py`` run both).
"""

from __future__ import annotations

from typing import Any

_numpy: Any = None


def enable() -> bool:
    """Use numpy from now on in this process; False when it cannot be imported."""
    global _numpy
    if _numpy is None:
        try:
            import numpy
        except ImportError:  # pragma: no cover - a declared dependency; the plain path still works
            return False
        _numpy = numpy
    return True


def disable() -> None:
    """Back to the plain Python path (tests compare the two)."""
    global _numpy
    _numpy = None


def numpy_if_enabled() -> Any:
    """numpy when :func:`enable` was called in this process, else None."""
    return _numpy
