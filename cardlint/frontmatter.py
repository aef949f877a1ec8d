"""Finding the metadata block exactly as the Hub does.

The regex is huggingface_hub's ``REGEX_YAML_BLOCK`` (repocard.py), which the
library says is "the exact same regex as in the Hub server". It runs on text
whose BOM was already removed and whose line endings are ``\\n``, which the
regex treats like ``\\r\\n`` and ``\\r``. When it does not match, a few look-alikes
are told apart so the finding can say what the Hub will do with the card.
"""

from __future__ import annotations

import enum
import re
from typing import NamedTuple

from cardlint.patterns import lazy

_HUB_BLOCK = lazy(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
_OPENER_WITH_SPACE = lazy(r"^\s*---[ \t]+\n")
_OPENER = lazy(r"^\s*---\n")
_LATE_BLOCK = lazy(r"^---[ \t]*\n[A-Za-z_][\w.-]*:(?: |\n)(?:[^\n]*\n)*?---[ \t]*$", re.MULTILINE)
"""A later ``---`` fence whose first line is a YAML key: metadata written below a title, which the Hub ignores."""


class Status(enum.Enum):
    FOUND = "found"
    MISSING = "missing"
    EMPTY = "empty"
    UNCLOSED = "unclosed"
    OPENER_TRAILING_SPACE = "opener-trailing-space"
    NOT_AT_START = "not-at-start"


class FrontMatter(NamedTuple):
    """Where the metadata block is; lines are 1-based and refer to the whole file.

    ``yaml`` is the text between the fences; its first line is ``first_line``.
    For a block that is not FOUND, ``opener_line`` says where a user would look.
    """

    status: Status
    yaml: str = ""
    opener_line: int = 1
    first_line: int = 2
    closer_line: int = 0

    @property
    def body_start_line(self) -> int:
        """The first line of the Markdown body (1-based)."""
        return self.closer_line + 1 if self.closer_line else 1


def locate(text: str) -> FrontMatter:
    """Classify ``text`` (BOM removed, ``\\n`` line endings) by its metadata block."""
    match = _HUB_BLOCK.search(text)
    if match:
        opener_line = text.count("\n", 0, match.end(1))
        closer_line = opener_line + match.group(2).count("\n") + 2
        status = Status.FOUND if match.group(2).strip() else Status.EMPTY
        return FrontMatter(status, match.group(2), opener_line, opener_line + 1, closer_line)
    stripped = len(text) - len(text.lstrip())
    opener_line = text.count("\n", 0, stripped) + 1
    if _OPENER_WITH_SPACE.match(text):
        return FrontMatter(Status.OPENER_TRAILING_SPACE, opener_line=opener_line)
    if _OPENER.match(text):
        rest = text[stripped:].split("\n", 2)
        if len(rest) > 1 and rest[1].rstrip(" \t") == "---":
            return FrontMatter(Status.EMPTY, opener_line=opener_line)
        return FrontMatter(Status.UNCLOSED, opener_line=opener_line)
    late = _LATE_BLOCK.search(text)
    if late:
        return FrontMatter(Status.NOT_AT_START, opener_line=text.count("\n", 0, late.start()) + 1)
    return FrontMatter(Status.MISSING)
