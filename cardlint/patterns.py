"""Regular expressions compiled when first used, so that a run compiles only those it needs.

``re`` parses a pattern in pure Python, and compiling the patterns of
cardlint's modules was a tenth of a cold run on one card. Many are needed by
some cards only (a link's host, a metric's uncertainty, the escapes of control
characters that only appear in findings), and a warm run, whose cards the
cache answers, needs none of the rules' own. A module-level pattern is
therefore declared with :func:`lazy`: it stands where the compiled pattern
would, and compiles on the first access to any of its attributes (``search``,
``sub``, ``pattern``...), which then hold the compiled pattern's own.
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
