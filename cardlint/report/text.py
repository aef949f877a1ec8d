"""The human format: ``path:line:col: ID [severity] message``, the source line, a caret, a help line.

Colour is the caller's decision (terminal and ``NO_COLOR``); this module only
applies it when asked.
"""

from __future__ import annotations

from collections import Counter

from cardlint.model import Finding, Severity
from cardlint.report import Report

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_BOLD, _DIM, _CYAN = "1", "2", "36"


def render(report: Report, colour: bool = False, statistics: bool = False, quiet: bool = False, **_options) -> str:

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    out: list[str] = []
    for finding in report.findings:
        out.append(_headline(finding, paint))
        context = report.context.get(finding.path)
        line = context.lines.get(finding.line) if context else None
        if line is not None:
            out += _excerpt(finding, line, paint)
        if finding.help:
            out.append(f"{'':>{_gutter(finding)}} {paint('=', _DIM)} {paint('help', _BOLD)}: {finding.help}")
        out.append("")
    if statistics and report.findings:
        out += _statistics(report)
    if not quiet:
        if report.fixed:
            out.append(f"Fixed {report.fixed} problem{'s' if report.fixed != 1 else ''}.")
        out.append(_summary(report))
    return "\n".join(out) + ("\n" if out else "")


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


def _statistics(report: Report) -> list[str]:
    counts = Counter(finding.rule for finding in report.findings)
    rows = []
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = report.rules.get(rule_id)
        name = rule.name if rule else ""
        rows.append(f"{count:>6}  {rule_id}  {name}")
    return [*rows, ""]


def _summary(report: Report) -> str:
    cards = f"{report.files} card{'s' if report.files != 1 else ''}"
    if not report.findings:
        return f"All checks passed ({cards})." if not report.errors else f"No findings in {cards}; {len(report.errors)} could not be checked."
    counts = report.counts()
    parts = [f"{counts[severity]} {severity.value}{'s' if counts[severity] != 1 else ''}" for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[severity]]
    affected = len({finding.path for finding in report.findings})
    total = len(report.findings)
    files = f"{affected} file{'s' if affected != 1 else ''}"
    return f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {files}; {cards} checked."
