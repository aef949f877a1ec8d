"""`cardlint rule ID` pages and the README quote one severity policy, and every rule page says which case applies."""

import json

import pytest
from conftest import ROOT, run_cli

from cardlint.api import Session
from cardlint.explain import POLICY, page
from cardlint.model import Severity

RULES = list(Session().rules.values())


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_every_page_says_why_the_rule_has_its_severity(rule):
    lines = page(rule).split("\n")
    [line] = [line for line in lines if line.startswith("Default severity:")]
    assert line == f"Default severity: {rule.severity.value} (cardlint's policy: {rule.severity.value} when {POLICY[rule.severity]})."


def test_policy_covers_every_severity_and_the_readme_quotes_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(POLICY) == set(Severity)
    for severity, reason in POLICY.items():
        assert f"- **{severity.value}**: {reason}" in readme


def test_cli_page_for_a_warning_rule_and_its_json():
    result = run_cli("rule", "CL105", "--no-config")
    assert result.returncode == 0
    assert "Default severity: warning (cardlint's policy: warning when the finding is a quality problem a reader of the card would notice).\n" in result.stdout.decode()
    result = run_cli("rule", "cl505", "--no-config", "--format", "json")
    data = json.loads(result.stdout)
    assert (data["severity"], data["severity_reason"]) == ("info", "info (cardlint's policy: info when the finding is a suggestion)")


def test_error_page_names_rejection_and_silent_loss():
    result = run_cli("rule", "CL108", "--no-config")
    assert "Default severity: error (cardlint's policy: error when the Hub rejects the card, or the Hub or huggingface_hub silently drops or corrupts what the author wrote)." in result.stdout.decode()
