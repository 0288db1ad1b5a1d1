"""Regular expressions compiled the first time they are used, not when a module loads.

The reader's rooms hold about 130 patterns (labels, names and datelines in six
languages); compiling them all at import cost about 75 ms of every command that
reads an article, a one-shot search included, though most articles need a few.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Stands for ``re.compile(source, flags)``; compiles on the first match, search, ...

    On first use the compiled pattern's own methods are put on the instance, so
    every later ``pattern.match(text)`` is the C method itself: no Python call in
    between (a wrapper method cost the parser about 10% of its time).
    """

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = source
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        # Called only for what the instance does not have yet: compile, then bind.
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


def lazy(source: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled on first use, typed as the compiled pattern it stands for."""
    return LazyPattern(source, flags)  # type: ignore[return-value]
