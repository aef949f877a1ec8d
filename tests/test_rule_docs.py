"""Every rule's documentation is complete, its Example fires and its Use instead does not."""

import pytest

from cardlint import registry
from cardlint.api import lint_text
from cardlint.rule import DOC_SECTIONS

RULES = list(registry.load().values())


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_documentation_has_every_section(rule):
    assert list(rule.sections)[: len(DOC_SECTIONS)] == list(DOC_SECTIONS)
    assert rule.summary and rule.summary[0].islower() or rule.summary[0] in "`"


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_example_fires(rule):
    example = rule.example("Example")
    assert example, f"{rule.id} has no fenced example"
    assert rule.id in {finding.rule for finding in lint_text(example)}


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_use_instead_does_not_fire(rule):
    fixed = rule.example("Use instead")
    assert fixed, f"{rule.id} has no fenced 'Use instead'"
    assert rule.id not in {finding.rule for finding in lint_text(fixed)}
