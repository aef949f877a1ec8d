"""Disable comments in a card, what each of them silenced, and which silenced nothing.

In the Markdown body: ``<!-- cardlint-disable CL302 -->`` up to
``<!-- cardlint-enable CL302 -->`` (or the end of the file),
``<!-- cardlint-disable-next-line CL301 -->`` and
``<!-- cardlint-disable-file CL201 -->``. In the metadata: a YAML comment
``# cardlint: disable=CL104`` at the end of a line. Without ids a directive
covers every rule. Each directive remembers whether it was used, so the
unused ones can be reported as CL009 (like sqlfluff's ``NoQaDirective.used``).
"""

from __future__ import annotations

from collections.abc import Iterable

from cardlint.model import Finding, Problem, Span
from cardlint.patterns import lazy

_HTML = lazy(r"^\s*cardlint-(disable-next-line|disable-file|disable|enable)\b(?:\s*([A-Za-z0-9,]+(?:\s+[A-Za-z0-9,]+)*))?\s*$")
_YAML = lazy(r"(?:^|\s)#\s*cardlint:\s*disable(?:=([A-Za-z0-9,\s]+)$|\s*$)")
_IDS = lazy(r"(?<![A-Za-z])[A-Za-z]+[0-9]+")
"""Linear patterns: whitespace is matched by one quantifier only, and a run of letters is tried from its start only."""


class Directive:
    """One disable or enable comment; ``rules`` None means every rule; ``used`` once it silenced a finding."""

    __slots__ = ("kind", "rules", "span", "used")

    def __init__(self, kind: str, rules: frozenset[str] | None, span: Span) -> None:
        self.kind = kind
        self.rules = rules
        self.span = span
        self.used = False

    def covers(self, rule_id: str) -> bool:
        return self.rules is None or rule_id in self.rules

    def names(self, rule_id: str) -> bool:
        """True when the directive lists ``rule_id`` explicitly."""
        return self.rules is not None and rule_id in self.rules

    @property
    def text(self) -> str:
        ids = " " + " ".join(sorted(self.rules)) if self.rules else ""
        return f"cardlint-{self.kind}{ids}"


def directives(card) -> list[Directive]:
    """Every directive in the card, in line order."""
    found = []
    if card.front_matter.closer_line:
        for number in range(card.front_matter.first_line, card.front_matter.closer_line):
            match = _YAML.search(card.line(number))
            if match:
                start = card.line(number).index("#", match.start())
                found.append(Directive("disable-line", _ids(match.group(1)), Span(number, start + 1, number, match.end() + 1)))
    for comment in card.body.comments:
        match = _HTML.match(comment.text)
        if match:
            span = Span(comment.line, comment.column, comment.end_line, comment.end_column)
            found.append(Directive(match.group(1), _ids(match.group(2)), span))
    return found


def _ids(text: str | None) -> frozenset[str] | None:
    ids = frozenset(rule_id.upper() for rule_id in _IDS.findall(text or ""))
    return ids or None


def apply(findings: Iterable[Finding], found: list[Directive]) -> list[Finding]:
    """The findings no directive silences; marks the directives that silenced something."""
    kept = []
    for finding in findings:
        directive = _silencer(finding, found)
        if directive is None:
            kept.append(finding)
        else:
            directive.used = True
    return kept


def _silencer(finding: Finding, found: list[Directive]) -> Directive | None:
    rule_id, line = finding.rule, finding.line
    for directive in found:
        if not directive.covers(rule_id):
            continue
        kind = directive.kind
        if kind == "disable-file":
            return directive
        if kind == "disable-line" and directive.span.line == line:
            return directive
        if kind == "disable-next-line" and directive.span.end_line + 1 == line:
            return directive
        if kind == "disable" and directive.span.line <= line and not _enabled_between(found, rule_id, directive.span.line, line):
            return directive
    return None


def _enabled_between(found: list[Directive], rule_id: str, start: int, line: int) -> bool:
    return any(d.kind == "enable" and d.covers(rule_id) and start < d.span.line <= line for d in found)


def unused(found: list[Directive], enabled: frozenset[str], known: Iterable[str]) -> list[Problem]:
    """CL009 problems: directives that silenced nothing, or that name rules that do not exist.

    A directive that names only rules not run this time is left alone: it may
    well be needed when they are. So is one that names CL009 itself, whose
    use is only known once the CL009 findings exist.
    """
    known = set(known)
    problems = []
    for directive in found:
        if directive.kind == "enable" or directive.names("CL009"):
            continue
        unknown = sorted(directive.rules - known) if directive.rules else []
        if unknown:
            problems.append(Problem(directive.span, f"`{directive.text}` names unknown rule(s) {', '.join(unknown)}", help="check the id with `cardlint rules`"))
        elif not directive.used and (directive.rules is None or directive.rules & enabled):
            problems.append(Problem(directive.span, f"`{directive.text}` silences nothing", help="remove the comment"))
    return problems
