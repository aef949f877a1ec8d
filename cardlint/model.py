"""The values every part of cardlint passes around: severities, spans, problems, findings.

They are NamedTuples rather than dataclasses: immutable records all the
same, and about four times cheaper to define, which a cold start notices.

Lines and columns here are 1-based and columns count Unicode code points, the
way SARIF regions and editors count them; the conversion from the parsers'
0-based marks happens once, in the modules that read the card.
"""

from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(enum.Enum):
    """How serious a finding is; ordered so ``--fail-on`` can compare them."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    __hash__ = object.__hash__
    """Members are singletons compared by identity: hashing by identity is exact and runs in C, where
    Enum's own hash calls Python for every finding a report or a tally counts."""

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read a severity from user input; raise ValueError naming the choices."""
        try:
            return cls(text.lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"{text!r} is not a severity (choose from {choices})") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Span(NamedTuple):
    """A region of the card: start inclusive, end column exclusive (one past the last character)."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int = 1) -> Span:
        return cls(line, column, line, column + 1)


class Edit(NamedTuple):
    """Replace the text of ``span`` with ``text``."""

    span: Span
    text: str


class Fix(NamedTuple):
    """A safe, mechanical change that resolves a problem; applied only with ``--fix``."""

    description: str
    edits: tuple[Edit, ...] = ()


class Problem(NamedTuple):
    """What a rule yields: where, what is wrong, and what to write instead.

    Rules do not know their configured severity or the display path of the card;
    the linter adds both when it turns a problem into a :class:`Finding`.
    ``file`` is set for a problem in a file next to the card (relative to its
    folder, e.g. ``.eval_results/mmlu.yaml``); the span then refers to that file.
    """

    span: Span
    message: str
    key_path: str | None = None
    help: str | None = None
    fix: Fix | None = None
    file: str | None = None


class Finding(NamedTuple):
    """One reported problem, with everything a reporter needs."""

    rule: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    key_path: str | None = None
    help: str | None = None
    fix: Fix | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def end_line(self) -> int:
        return self.span.end_line

    @property
    def end_column(self) -> int:
        return self.span.end_column

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.rule, self.message)


def format_key_path(path: tuple) -> str:
    """Render a key path the way the Hub's validator does: ``model-index[0].results[0].metrics[1].value``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
