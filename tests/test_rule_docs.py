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


def test_readme_rule_table_is_the_generated_one():
    from cardlint.explain import catalogue
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == catalogue(RULES, "markdown")
