"""Markdown tables for ``$GITHUB_STEP_SUMMARY`` or a pull-request comment: the counts, then a table per card.

Card text is written as plain text in a table cell: each character that
Markdown would read as syntax (``|``, backticks, emphasis, links, escapes,
raw HTML) becomes an HTML character reference, which CommonMark always
reads as text, and a line break becomes ``<br>``; so nothing from a card
renders as markup or breaks the table.

GitHub takes at most 1 MiB of step summary. The report stays under
:data:`LIMIT` bytes: the cards' tables are kept only while they fit, in the
order the run reports them, and a closing line says how many findings (in how
many cards) were left out. So at most about that much text is held in memory.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from urllib.parse import quote

from cardlint.escape import visible
from cardlint.explain import help_uri
from cardlint.model import Finding, Severity
from cardlint.report import Writer, plural

LIMIT = 1_000_000
"""Bytes of UTF-8 the whole report may take: under GitHub's 1 MiB step-summary limit."""

_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_PLURAL = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}
_REFERENCES = str.maketrans({**{char: f"&#{ord(char)};" for char in "&<>|`*_[]\\~"}, "\n": "<br>"})
_FINDINGS_HEAD = "| line | rule | severity | message |\n|---:|---|---|---|\n"
_CARDS_TITLE = "\n### Findings per card\n"
_BREAK = re.compile(r"\r\n|\r|\n")
_NOTE_ROOM = 400
"""Bytes kept free for the closing line that counts what was left out."""


def cell(text: str) -> str:
    """``text`` from a card, as Markdown (a table cell, a heading, a list item) that shows exactly those characters."""
    return "\n".join(visible(part) for part in _BREAK.split(text)).translate(_REFERENCES)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


@dataclass
class _Card:
    """The findings of one file as table rows, and its counts for the heading."""

    path: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(_ORDER, 0))
    rows: list[str] = field(default_factory=list)

    def heading(self) -> str:
        counts = ", ".join(plural(self.counts[s], s.value, _PLURAL[s]) for s in _ORDER if self.counts[s])
        return f"\n#### {cell(self.path)} ({counts})\n\n{_FINDINGS_HEAD}"


class FormatWriter(Writer):
    statistics = True
    """The report always has its findings-by-rule table."""

    def __init__(self, out, rules, **options) -> None:
        super().__init__(out, rules, **options)
        self.cards: list[_Card] = []
        self.kept = 0
        """Bytes of rows kept so far; past :data:`LIMIT` no more rows are kept, as they could never be shown,
        though the last card's heading still counts all its findings."""

    def write(self, findings, context) -> None:
        for finding in findings:
            if not self.cards or self.cards[-1].path != finding.path:
                if self.kept > LIMIT:
                    return
                self.cards.append(_Card(finding.path))
            card = self.cards[-1]
            card.counts[finding.severity] += 1
            if self.kept <= LIMIT:
                row = self._row(finding)
                card.rows.append(row)
                self.kept += _size(row)

    def finish(self, tally) -> None:
        head = _summary(tally) + self._rules_table(tally)
        failed, budget = _failed(tally.errors, LIMIT - _size(head) - _size(_CARDS_TITLE) - _NOTE_ROOM)
        cards, shown, complete = self._fitting(budget)
        if cards:
            cards.insert(0, _CARDS_TITLE)
        self.out.write(head + "".join(failed) + "".join(cards) + _left_out(tally, shown, complete))

    def _fitting(self, budget: int) -> tuple[list[str], int, int]:
        """The cards' tables, in run order, that fit in ``budget`` bytes; the findings and the whole cards they show."""
        parts, shown, complete = [], 0, 0
        for card in self.cards:
            heading = card.heading()
            budget -= _size(heading)
            rows = []
            for row in card.rows:
                if budget < _size(row):
                    break
                budget -= _size(row)
                rows.append(row)
            if rows:
                parts.append(heading + "".join(rows))
                shown += len(rows)
            if len(rows) < len(card.rows):
                break
            complete += 1
        return parts, shown, complete

    def _row(self, finding: Finding) -> str:
        message = cell(finding.message) + (f"<br>help: {cell(finding.help)}" if finding.help else "")
        return f"| {finding.line}:{finding.column} | {self._rule_link(finding.rule)} | {finding.severity.value} | {message} |\n"

    def _rule_link(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        if rule is None:
            return cell(rule_id)
        return f"[{cell(rule_id)}]({quote(help_uri(rule), safe=':/#.-~')})"

    def _rules_table(self, tally) -> str:
        if not tally.rules:
            return ""
        rows = []
        for rule_id, count in sorted(tally.rules.items(), key=lambda item: (-item[1], item[0])):
            rule = self.rules.get(rule_id)
            rows.append(f"| {self._rule_link(rule_id)} | {cell(rule.name) if rule else ''} | {count} |\n")
        return "\n### Findings by rule\n\n| rule | name | findings |\n|---|---|---:|\n" + "".join(rows)


def _summary(tally) -> str:
    counts = tally.severities
    sentence = (
        f"{plural(tally.total, 'finding')} in {plural(tally.affected, 'file')}; {plural(tally.checked, 'card')} checked."
        if tally.total
        else f"All checks passed ({plural(tally.checked, 'card')})."
        if not tally.errors
        else f"No findings in {plural(tally.checked, 'card')}."
    )
    if tally.errors:
        sentence += f" {plural(len(tally.errors), 'card')} could not be checked."
    return (
        f"## cardlint report\n\n{sentence}\n\n"
        "| cards | with findings | errors | warnings | infos |\n|---:|---:|---:|---:|---:|\n"
        f"| {tally.files} | {tally.affected} | {counts[Severity.ERROR]} | {counts[Severity.WARNING]} | {counts[Severity.INFO]} |\n"
    )


def _failed(errors: list[str], budget: int) -> tuple[list[str], int]:
    """The cards that could not be checked, as a list that fits in ``budget`` bytes; and the bytes left."""
    if not errors:
        return [], budget
    parts = ["\n### Could not be checked\n\n"]
    budget -= _size(parts[0])
    for index, error in enumerate(errors):
        item = f"- {cell(error)}\n"
        if budget < _size(item) + _NOTE_ROOM:
            parts.append(f"- and {len(errors) - index} more\n")
            break
        budget -= _size(item)
        parts.append(item)
    return parts, budget


def _left_out(tally, shown: int, complete: int) -> str:
    missing = tally.total - shown
    if missing <= 0:
        return ""
    cards = max(tally.affected - complete, 1)
    return (
        f"\n_{plural(missing, 'more finding')} in {plural(cards, 'card')} left out to keep this report under "
        f"{LIMIT // 1_000_000} MB (GitHub's step summary takes at most 1 MiB); `--format json` or `--format html` lists them all._\n"
    )
