"""What a run found, and the formats it can be written in.

Every reporter reads the same :class:`Report` and returns the text to write;
``FORMATS`` maps each ``--format`` name to its module, imported only when used.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from cardlint.model import Finding, Severity
from cardlint.rule import Rule

FORMATS = {"text": "text", "json": "json", "sarif": "sarif", "github": "github"}


class FileContext(NamedTuple):
    """What reporters need of a file with findings: the text of those lines and their code-scanning hashes."""

    lines: dict[int, str]
    hashes: dict[int, str]


@dataclass
class Report:
    """The findings of a run over ``files`` cards, and the one-line errors of cards that could not be linted.

    ``context`` maps each path with findings to its :class:`FileContext`;
    ``fixed`` counts the fixes ``--fix`` applied before these findings were found.
    """

    findings: list[Finding]
    files: int
    rules: Mapping[str, Rule]
    errors: list[str] = field(default_factory=list)
    context: Mapping[str, FileContext] = field(default_factory=dict)
    fixed: int = 0

    def counts(self) -> Counter:
        return Counter(finding.severity for finding in self.findings)

    def worst(self) -> Severity | None:
        return max((finding.severity for finding in self.findings), key=lambda severity: severity.rank, default=None)


def render(report: Report, format_name: str, **options) -> str:
    """The report in ``format_name``; ``options`` are the reporter's own (colour, statistics, ...)."""
    module = importlib.import_module(f"cardlint.report.{FORMATS[format_name]}")
    return module.render(report, **options)
