"""What a run found, and the formats it can be written in.

Reports are written as the run goes: each format is a :class:`Writer` that
receives the findings of one card at a time and a :class:`Tally` at the end,
so a run over two million cards holds one card's findings at a time, not all
of them (SARIF, which must rank all results, keeps them). ``FORMATS`` maps
each ``--format`` name to its module, imported only when used.
"""

from __future__ import annotations

import importlib
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import NamedTuple, TextIO

from cardlint.model import Finding, Severity
from cardlint.rule import Rule

FORMATS = {name: name for name in ("text", "concise", "json", "sarif", "github", "gitlab", "junit", "markdown", "html")}


class FileContext(NamedTuple):
    """What reporters need of a file with findings: the text of those lines and their code-scanning hashes."""

    lines: dict[int, str]
    hashes: dict[int, str]


class Tally:
    """Counts for the closing lines of a report: cards, files with findings, severities, rules, errors, fixes.

    ``files`` counts every card the run reached, ``errors`` holds one line per
    card that could not be (fully) checked; ``fixable`` counts findings that
    carry a fix, ``refused`` the fixes withheld (see :class:`cardlint.runner.Outcome`).
    ``baselined`` counts the findings a baseline hid; they are in no other count.
    """

    __slots__ = ("files", "affected", "severities", "rules", "errors", "fixed", "fixable", "refused", "baselined", "failing")

    def __init__(self, files: int = 0, errors: list[str] | None = None, fixed: int = 0) -> None:
        self.files = files
        self.affected = 0
        self.severities: Counter = Counter()
        self.rules: Counter = Counter()
        self.errors = [] if errors is None else errors
        self.fixed = fixed
        self.fixable = 0
        self.refused = 0
        self.baselined = 0
        self.failing = 0

    def add(self, findings: Iterable[Finding], fail_on: Severity = Severity.ERROR) -> None:
        """Count one card's findings; ``failing`` counts the cards with one at or above their ``fail_on``."""
        severities, rules, paths = self.severities, self.rules, set()
        failing = False
        for finding in findings:
            severity = finding.severity
            severities[severity] += 1
            rules[finding.rule] += 1
            paths.add(finding.path)
            failing = failing or severity.rank >= fail_on.rank
            self.fixable += finding.fix is not None
        self.failing += failing
        self.affected += len(paths)

    @property
    def checked(self) -> int:
        """Cards checked without an error: the ones a summary may call checked."""
        return self.files - len(self.errors)

    @property
    def total(self) -> int:
        return sum(self.severities.values())

    def worst(self) -> Severity | None:
        return max(self.severities, key=lambda severity: severity.rank, default=None)


def plural(number: int, word: str, words: str | None = None) -> str:
    """``1 card``, ``2 cards``, ``3 fixes`` (``words`` when the plural is not ``word`` + s): every summary line counts this way."""
    return f"{number} {word if number == 1 else words or word + 's'}"


class Writer:
    """One report format: ``write`` each card's findings as they come, then ``finish``.

    ``statistics``: whether the format can show the findings per rule
    (``--statistics``); the command line refuses the option for the others.
    """

    statistics = False

    def __init__(self, out: TextIO, rules: Mapping[str, Rule], **options) -> None:
        self.out = out
        self.rules = rules
        self.options = options

    def card(self, name: str, error: str | None) -> None:
        """Announce the card whose findings come next (``error``: why it could not be checked).

        Only formats that list every card, passing ones too (junit), need it.
        """

    def write(self, findings: list[Finding], context: Mapping[str, FileContext]) -> None:
        raise NotImplementedError

    def finish(self, tally: Tally) -> None:
        raise NotImplementedError


def writes_unicode(out: TextIO) -> bool:
    """Whether ``out`` can encode any character.

    JSON for a stream that cannot (``PYTHONIOENCODING=ascii``, a Windows
    console) is written with ``\\uXXXX`` escapes: the command line's fallback,
    backslashreplace, would write ``\\xe9``, which JSON does not know.
    """
    encoding = getattr(out, "encoding", None)
    try:
        "\u2026\U0001f600".encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def writer_class(format_name: str) -> type[Writer]:
    """The :class:`Writer` class for ``format_name``, its module imported now."""
    return importlib.import_module(f"cardlint.report.{FORMATS[format_name]}").FormatWriter


def writer(format_name: str, out: TextIO, rules: Mapping[str, Rule], **options) -> Writer:
    """The :class:`Writer` for ``format_name``; ``options`` are the format's own (colour, statistics, ...)."""
    return writer_class(format_name)(out, rules, **options)


class Report(NamedTuple):
    """A whole run held in memory, for the Python API and tests: findings, context and tally."""

    findings: list[Finding]
    files: int
    rules: Mapping[str, Rule]
    errors: list[str] = []
    context: Mapping[str, FileContext] = {}
    fixed: int = 0


def render(report: Report, format_name: str, **options) -> str:
    """``report`` in ``format_name``, as one string."""
    tally = Tally(files=report.files, errors=list(report.errors), fixed=report.fixed)
    tally.add(report.findings)
    out = io.StringIO()
    chosen = writer(format_name, out, report.rules, **options)
    chosen.write(report.findings, report.context)
    chosen.finish(tally)
    return out.getvalue()
