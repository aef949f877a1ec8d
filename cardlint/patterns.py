"""Regular expressions compiled when first used, for the ones most cards never reach.

``re`` parses a pattern in pure Python, and compiling the patterns of
cardlint's modules was a tenth of a cold run on one card. A pattern that only
some cards need (a link's host, a metric's uncertainty, the escapes of control
characters that only appear in findings) is declared with :func:`lazy`: it
stands where the compiled pattern would, and compiles on the first access to
any of its attributes (``search``, ``sub``, ``pattern``...), which then hold
the compiled pattern's own.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """A compiled pattern in waiting: every attribute is the compiled pattern's, looked up once."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        value = getattr(self._compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)``, deferred to first use."""
    return LazyPattern(pattern, flags)
