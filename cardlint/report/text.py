"""The human format: ``path:line:col: ID [severity] message``, the source line, a caret, a help line.

Colour is the caller's decision (terminal and ``NO_COLOR``); this module only
applies it when asked. Everything taken from the card or its path is shown
through :mod:`cardlint.escape` (controls written out, no ``::`` at a line
start), and a long source line is shown as a window around the finding. For a
stream that cannot encode every character, the writer makes the backslash
escapes the stream would (``\\xe9``) itself, so that the caret counts them.
"""

from __future__ import annotations

from typing import NamedTuple

from cardlint.escape import guard, visible
from cardlint.model import Finding, Severity, Span
from cardlint.report import Writer, plural, writes_unicode

EXCERPT_WIDTH = 120
"""Columns of a source line shown around a finding: 4,000 findings on one 70 KB line must not print it 4,000 times."""
_CUT = "…"

COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
BOLD, _DIM, _CYAN = "1", "2", "36"


class FormatWriter(Writer):
    """Options: ``colour``, ``statistics``, ``quiet``."""

    statistics = True

    def __init__(self, out, rules, **options) -> None:
        super().__init__(out, rules, **options)
        self.show = visible if writes_unicode(out) else _escaped_for(out.encoding)
        self.paint = paint = _painted if self.options.get("colour") else _plain
        self._marks = _Marks(paint("|", _DIM), f"{paint('=', _DIM)} {paint('help', BOLD)}: ", {severity: paint(f"[{severity.value}]", colour) for severity, colour in COLOURS.items()})

    def write(self, findings, context) -> None:
        paint, show, marks = self.paint, self.show, self._marks
        out = []
        for finding in findings:
            span, colour = finding.span, COLOURS[finding.severity]
            width = len(str(span.line)) + 1
            out.append(_headline(finding, colour, paint, show, marks))
            file_context = context.get(finding.path)
            line = file_context.lines.get(span.line) if file_context else None
            if line is not None:
                out += _excerpt(span, line, width, colour, paint, show, marks.bar)
            if finding.help:
                out.append(f"{'':>{width}} {marks.help}{show(finding.help)}")
            out.append("")
        if out:
            self.out.write("\n".join(out) + "\n")

    def finish(self, tally) -> None:
        out = []
        if self.options.get("statistics") and tally.total:
            out += _statistics(tally, self.rules)
        if not self.options.get("quiet"):
            out += summary_lines(tally)
        if out:
            self.out.write("\n".join(out) + "\n")


def _painted(text: str, code: str) -> str:
    return f"\033[{code}m{text}\033[0m"


def _plain(text: str, code: str) -> str:
    return text


def _escaped_for(encoding: str):
    def show(text: str) -> str:
        return visible(text).encode(encoding, "backslashreplace").decode(encoding)

    return show


class _Marks(NamedTuple):
    """What every finding's lines share, painted once per writer: the gutter's bar, the help line's lead, each severity's tag."""

    bar: str
    help: str
    severities: dict[Severity, str]


def _headline(finding: Finding, colour: str, paint, show, marks: _Marks) -> str:
    where = paint(guard(f"{show(finding.path)}:{finding.span.line}:{finding.span.column}:"), BOLD)
    return f"{where} {paint(show(finding.rule), colour)} {marks.severities[finding.severity]} {show(finding.message)}"


def _excerpt(span: Span, line: str, width: int, colour: str, paint, show, bar: str) -> list[str]:
    """The source line (escaped, tabs expanded, cut to a window) and carets under the span's columns on it.

    Only the stretch of the line a window can show is escaped, so each finding
    costs its window, not its whole line. Most lines fit the window and hold
    nothing to escape or expand: they are shown as they are. ``width`` is the
    gutter's, the line number's digits and one.
    """
    start = span.column - 1
    stop = max(span.end_column - 1 if span.end_line == span.line else len(line), start + 1)
    stop = min(stop, start + EXCERPT_WIDTH + 1)
    if len(line) <= EXCERPT_WIDTH and start <= len(line) and "\t" not in line and show(line) == line:
        shown, low, high = line, start, min(stop, len(line))
    else:
        first, last = max(0, start - EXCERPT_WIDTH), stop + EXCERPT_WIDTH
        head, marked, tail = (show(line[a:b]) for a, b in ((first, start), (start, stop), (stop, last)))
        low = len(head.expandtabs(4))
        high = len((head + marked).expandtabs(4))
        shown, low, high = _window((head + marked + tail).expandtabs(4), low, high, show(_CUT), first > 0, last < len(line))
    return [
        f"{paint(str(span.line).rjust(width), _DIM)} {bar} {shown}",
        f"{'':>{width}} {bar} {' ' * low}{paint('^' * max(high - low, 1), colour)}",
    ]


def _window(text: str, low: int, high: int, cut: str, cut_before: bool, cut_after: bool) -> tuple[str, int, int]:
    """At most :data:`EXCERPT_WIDTH` columns of ``text`` around ``[low, high)``, the span moved with it.

    ``cut`` marks a side where the line goes on: cut here, or already
    (``cut_before``/``cut_after``: ``text`` is a stretch of a longer line). A
    span wider than the window is shown from its start.
    """
    left, right = 0, len(text)
    if len(text) > EXCERPT_WIDTH:
        left = low if high - low >= EXCERPT_WIDTH else max(0, min(low - (EXCERPT_WIDTH - (high - low)) // 2, len(text) - EXCERPT_WIDTH))
        right = left + EXCERPT_WIDTH
    lead = cut if left or cut_before else ""
    shown = lead + text[left:right] + (cut if right < len(text) or cut_after else "")
    return shown, low - left + len(lead), min(high, right) - left + len(lead)


def _statistics(tally, rules) -> list[str]:
    rows = []
    for rule_id, count in sorted(tally.rules.items(), key=lambda item: (-item[1], item[0])):
        rule = rules.get(rule_id)
        name = rule.name if rule else ""
        rows.append(f"{count:>6}  {visible(rule_id)}  {visible(name)}")
    return [*rows, ""]


def summary_lines(tally) -> list[str]:
    """The closing lines: what ``--fix`` did and withheld, the counts, and how many findings ``--fix`` would fix (as ruff says it)."""
    out = []
    if tally.fixed:
        out.append(f"Fixed {plural(tally.fixed, 'problem')}.")
    if tally.refused:
        out.append(f"{plural(tally.refused, 'fix', 'fixes')} not applied (see each finding's help)")
    out.append(_with_baseline(_summary(tally), tally.baselined))
    if tally.fixable:
        out.append(f"[*] {tally.fixable} fixable with the `--fix` option.")
    return out


def _with_baseline(summary: str, hidden: int) -> str:
    """The summary sentence, with the number of findings a baseline hid when it hid any."""
    if not hidden:
        return summary
    return f"{summary.removesuffix('.')}; {plural(hidden, 'finding')} hidden by the baseline."


def _summary(tally) -> str:
    """The counts, cards that could not be checked never counted as checked."""
    unchecked = len(tally.errors)
    checked = plural(tally.checked, "card")
    if not tally.total:
        if not unchecked:
            return f"All checks passed ({checked})."
        if not tally.checked:
            return f"Nothing checked: {plural(unchecked, 'card')} could not be checked."
        return f"No findings in {checked}; {unchecked} could not be checked."
    counts = tally.severities
    parts = [plural(counts[severity], severity.value) for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[severity]]
    failed = f", {unchecked} could not be checked" if unchecked else ""
    return f"Found {plural(tally.total, 'problem')} ({', '.join(parts)}) in {plural(tally.affected, 'file')}; {checked} checked{failed}."
