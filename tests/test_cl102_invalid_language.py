import pytest
from conftest import findings, lint


@pytest.mark.parametrize(
    ("value", "help_fragment"),
    [("English", "use `en`"), ("EN", "use `en`"), ("zh-CN", "use `zh`: the Hub takes ISO 639 codes without a region"), ("french", "use `fr`")],
)
def test_names_and_regions_get_the_code(value, help_fragment):
    [finding] = findings(f"---\nlanguage:\n- {value}\n---\n", select=["CL102"])
    assert (finding.rule, finding.line, finding.column, finding.key_path) == ("CL102", 3, 3, "language[0]")
    assert help_fragment in finding.help


def test_string_value_is_checked_too():
    assert lint("---\nlanguage: English\n---\n", select=["CL102"]) == [("CL102", 2, 11)]


def test_iso_639_3_and_documented_specials_pass():
    assert lint("---\nlanguage:\n- en\n- yue\n- code\n---\n", select=["CL102"]) == []


def test_bom_crlf_position():
    assert lint("\ufeff---\r\nlanguage:\r\n- en\r\n- English\r\n---\r\n", select=["CL102"]) == [("CL102", 4, 3)]
