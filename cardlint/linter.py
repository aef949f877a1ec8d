"""Running the enabled rules over one parsed card: a loop, no policy.

Selection, severity overrides and suppressions are decided elsewhere and
passed in; this module only turns each rule's problems into findings and
applies the suppression filter, so a rule never needs to know its context.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cardlint import suppress
from cardlint.model import Finding, Problem, Severity
from cardlint.rule import Rule

UNUSED_SUPPRESSION = "CL009"


class RuleCrash(Exception):
    """A rule raised; the message names the rule and the card, for a one-line report."""


def check(
    card,
    rules: Mapping[str, Rule],
    enabled: Iterable[str],
    options: Mapping[str, Any],
    severity: Mapping[str, Severity],
) -> list[Finding]:
    """The findings of the ``enabled`` rules on ``card``, suppressions applied, in position order."""
    enabled = frozenset(enabled)
    findings = []
    for rule_id in sorted(enabled):
        rule = rules[rule_id]
        if rule.check is None:
            continue
        try:
            problems = list(rule.check(card, options))
        except Exception as error:
            raise RuleCrash(f"{card.path}: internal error in rule {rule_id} ({rule.name}): {type(error).__name__}: {error}") from error
        findings += [_finding(rule, problem, _path(card, problem), severity) for problem in problems]
    found = suppress.directives(card) if "cardlint" in card.source.text else []
    elsewhere = [finding for finding in findings if finding.path != card.path]
    findings = suppress.apply([finding for finding in findings if finding.path == card.path], found) + elsewhere
    if UNUSED_SUPPRESSION in enabled and found:
        rule = rules[UNUSED_SUPPRESSION]
        unused = (_finding(rule, problem, card.path, severity) for problem in suppress.unused(found, enabled, rules))
        findings += suppress.apply(unused, [d for d in found if d.names(UNUSED_SUPPRESSION) or d.kind == "disable-file"])
    if card.meta.shared and any(finding.fix is not None for finding in findings):
        from cardlint.fix import vet

        findings = [*vet([f for f in findings if f.path == card.path], card.meta), *(f for f in findings if f.path != card.path)]
    return sorted(findings, key=Finding.sort_key)


def _path(card, problem: Problem) -> str:
    """The display path of the file a problem is in: the card, or a file next to it."""
    if problem.file is None or card.repo is None:
        return card.path
    return card.repo.display(problem.file, card.path)


def _finding(rule: Rule, problem: Problem, path: str, severity: Mapping[str, Severity]) -> Finding:
    return Finding(
        rule=rule.id,
        name=rule.name,
        severity=severity.get(rule.id, rule.severity),
        message=problem.message,
        path=path,
        span=problem.span,
        key_path=problem.key_path,
        help=problem.help,
        fix=problem.fix,
    )
