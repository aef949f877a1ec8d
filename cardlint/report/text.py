"""The human format: ``path:line:col: ID [severity] message``, the source line, a caret, a help line.

Colour is the caller's decision (terminal and ``NO_COLOR``); this module only
applies it when asked.
"""

from __future__ import annotations

from cardlint.model import Finding, Severity
from cardlint.report import Writer

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_BOLD, _DIM, _CYAN = "1", "2", "36"


class FormatWriter(Writer):
    """Options: ``colour``, ``statistics``, ``quiet``."""

    def paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.options.get("colour") else text

    def write(self, findings, context) -> None:
        for finding in findings:
            out = [_headline(finding, self.paint)]
            file_context = context.get(finding.path)
            line = file_context.lines.get(finding.line) if file_context else None
            if line is not None:
                out += _excerpt(finding, line, self.paint)
            if finding.help:
                out.append(f"{'':>{_gutter(finding)}} {self.paint('=', _DIM)} {self.paint('help', _BOLD)}: {finding.help}")
            self.out.write("\n".join(out) + "\n\n")

    def finish(self, tally) -> None:
        out = []
        if self.options.get("statistics") and tally.total:
            out += _statistics(tally, self.rules)
        if not self.options.get("quiet"):
            if tally.fixed:
                out.append(f"Fixed {tally.fixed} problem{'s' if tally.fixed != 1 else ''}.")
            out.append(_summary(tally))
        if out:
            self.out.write("\n".join(out) + "\n")


def _headline(finding: Finding, paint) -> str:
    where = paint(f"{finding.path}:{finding.line}:{finding.column}:", _BOLD)
    severity = paint(f"[{finding.severity.value}]", _COLOURS[finding.severity])
    return f"{where} {paint(finding.rule, _COLOURS[finding.severity])} {severity} {finding.message}"


def _gutter(finding: Finding) -> int:
    return len(str(finding.line)) + 1


def _excerpt(finding: Finding, line: str, paint) -> list[str]:
    width = _gutter(finding)
    prefix = line[: finding.column - 1].expandtabs(4)
    end = finding.end_column if finding.end_line == finding.line else len(line) + 1
    marked = line[finding.column - 1 : max(end, finding.column + 1) - 1].expandtabs(4)
    carets = "^" * max(len(marked), 1)
    bar = paint("|", _DIM)
    return [
        f"{paint(str(finding.line).rjust(width), _DIM)} {bar} {line.expandtabs(4)}",
        f"{'':>{width}} {bar} {' ' * len(prefix)}{paint(carets, _COLOURS[finding.severity])}",
    ]


def _statistics(tally, rules) -> list[str]:
    rows = []
    for rule_id, count in sorted(tally.rules.items(), key=lambda item: (-item[1], item[0])):
        rule = rules.get(rule_id)
        name = rule.name if rule else ""
        rows.append(f"{count:>6}  {rule_id}  {name}")
    return [*rows, ""]


def _summary(tally) -> str:
    cards = f"{tally.files} card{'s' if tally.files != 1 else ''}"
    if not tally.total:
        return f"All checks passed ({cards})." if not tally.errors else f"No findings in {cards}; {len(tally.errors)} could not be checked."
    counts = tally.severities
    parts = [f"{counts[severity]} {severity.value}{'s' if counts[severity] != 1 else ''}" for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[severity]]
    affected = tally.affected
    total = tally.total
    files = f"{affected} file{'s' if affected != 1 else ''}"
    return f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {files}; {cards} checked."
