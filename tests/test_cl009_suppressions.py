"""Disable comments silence what they name, where they stand; the unused ones are CL009."""

from conftest import findings, lint

CARD = "---\nlicense: MIT{yaml}\nlanguage: English\n---\n# Card\n{body}"


def card(yaml: str = "", body: str = "") -> str:
    return CARD.format(yaml=yaml, body=body)


def test_yaml_comment_silences_its_line_only():
    assert lint(card(yaml="  # cardlint: disable=CL101"), select=["CL0", "CL1"]) == [("CL102", 3, 11)]


def test_yaml_comment_without_ids_silences_every_rule_on_the_line():
    assert lint(card(yaml=" # cardlint: disable"), select=["CL0", "CL1"]) == [("CL102", 3, 11)]


def test_unused_yaml_suppression_is_reported_at_the_comment():
    text = "---\nlicense: mit  # cardlint: disable=CL101\n---\n"
    [finding] = findings(text, select=["CL0", "CL1"])
    assert (finding.rule, finding.line, finding.column) == ("CL009", 2, 15)
    assert "silences nothing" in finding.message


def test_disable_and_enable_bound_a_region():
    body = "<!-- cardlint-disable CL009 -->\n<!-- cardlint-enable CL009 -->\n<!-- cardlint-disable CL101 -->\n"
    assert lint(card(body=body), select=["CL0", "CL1"]) == [("CL101", 2, 10), ("CL102", 3, 11), ("CL009", 8, 1)]


def test_disable_next_line_and_file():
    text = "---\nlicense: mit\n---\n<!-- cardlint-disable-file CL102 -->\n# Card\n"
    assert lint(text, select=["CL0", "CL1"]) == [("CL009", 4, 1)]


def test_unknown_rule_in_a_directive():
    [finding] = findings(card(body="<!-- cardlint-disable CL999 -->\n"), select=["CL009"])
    assert (finding.line, finding.column) == (6, 1)
    assert "unknown rule(s) CL999" in finding.message


def test_directive_for_a_rule_that_did_not_run_is_left_alone():
    text = "---\nlicense: mit  # cardlint: disable=CL104\n---\n"
    assert lint(text, select=["CL009", "CL101"]) == []


def test_directive_inside_a_code_fence_is_not_a_directive():
    text = "---\nlicense: mit\n---\n```html\n<!-- cardlint-disable CL101 -->\n```\n"
    assert lint(text, select=["CL009"]) == []


def test_bom_crlf_positions():
    text = "\ufeff---\r\nlicense: mit # cardlint: disable=CL101\r\n---\r\n"
    assert lint(text, select=["CL009", "CL101"]) == [("CL009", 2, 14)]


def test_disable_next_line_covers_only_the_next_line():
    text = "---\nlicense: mit\n---\n<!-- cardlint-disable-next-line CL009 -->\n<!-- cardlint-disable CL101 -->\n<!-- cardlint-disable CL101 -->\n"
    assert lint(text, select=["CL009", "CL101"]) == [("CL009", 6, 1)]
