import pytest
from conftest import findings, lint


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [("MIT", "mit"), ("Apache 2.0", "apache-2.0"), ("Apache-2.0", "apache-2.0"), ("Apache License 2.0", "apache-2.0"), ("GPL-3.0", "gpl-3.0"), ("cc-by-4", "cc-by-4.0")],
)
def test_suggests_the_hub_id(value, suggestion):
    [finding] = findings(f"---\nlicense: {value}\n---\n", select=["CL101"])
    assert (finding.rule, finding.line, finding.column) == ("CL101", 2, 10)
    assert f"use `{suggestion}`" in finding.help


def test_list_entries_are_checked_each():
    assert lint("---\nlicense:\n- mit\n- BSD\n---\n", select=["CL101"]) == [("CL101", 4, 3)]


def test_unknown_license_points_to_other():
    [finding] = findings("---\nlicense: my-own-license\n---\n", select=["CL101"])
    assert "license: other" in finding.help


def test_valid_ids_pass():
    assert lint("---\nlicense: llama3.1\n---\n", select=["CL101"]) == []


def test_bom_crlf_position():
    assert lint("\ufeff---\r\ntags: [a]\r\nlicense: MIT\r\n---\r\n", select=["CL101"]) == [("CL101", 3, 10)]
