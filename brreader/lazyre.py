"""Regular expressions compiled the first time they are used, not when a module loads.

The reader's rooms hold about 130 patterns (labels, names and datelines in six
languages); compiling them all at import cost about 75 ms of every command that
reads an article, a one-shot search included, though most articles need a few.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Stands for ``re.compile(source, flags)``; compiles on the first match, search, ..."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        found = self._compiled
        if found is None:
            found = self._compiled = re.compile(self.pattern, self.flags)
        return found

    def match(self, *args: Any) -> re.Match[str] | None:
        return self.compiled().match(*args)

    def fullmatch(self, *args: Any) -> re.Match[str] | None:
        return self.compiled().fullmatch(*args)

    def search(self, *args: Any) -> re.Match[str] | None:
        return self.compiled().search(*args)

    def finditer(self, *args: Any) -> Any:
        return self.compiled().finditer(*args)

    def findall(self, *args: Any) -> list[Any]:
        return self.compiled().findall(*args)

    def sub(self, *args: Any) -> str:
        return self.compiled().sub(*args)

    def subn(self, *args: Any) -> tuple[str, int]:
        return self.compiled().subn(*args)

    def split(self, *args: Any) -> list[Any]:
        return self.compiled().split(*args)


def lazy(source: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled on first use, typed as the compiled pattern it stands for."""
    return LazyPattern(source, flags)  # type: ignore[return-value]
