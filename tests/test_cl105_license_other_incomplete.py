from conftest import findings, lint


def test_other_without_name_and_link_is_one_warning():
    """The Hub accepts `license: other` alone (it does not reject the push), so this is a warning, not an error."""
    [finding] = findings("---\nlicense: other\n---\n", select=["CL105"])
    assert (finding.line, finding.column, finding.severity.value) == (2, 10, "warning")
    assert finding.message == "`license: other` needs `license_name` and `license_link`"


def test_only_the_link_missing():
    [finding] = findings("---\nlicense: other\nlicense_name: my-license\n---\n", select=["CL105"])
    assert finding.message == "`license: other` needs `license_link`"


def test_other_in_a_list_points_at_the_other_item():
    [finding] = findings("---\nlicense:\n- mit\n- other\n---\n", select=["CL105"])
    assert (finding.line, finding.column, finding.key_path) == (4, 3, "license[1]")
    assert lint("---\nlicense: [mit, other]\n---\n", select=["CL105"]) == [("CL105", 2, 16)]


def test_complete_other_passes():
    assert lint("---\nlicense: other\nlicense_name: x\nlicense_link: LICENSE\n---\n", select=["CL105"]) == []


def test_bom_crlf_position():
    assert lint("\ufeff---\r\nlicense: other\r\n---\r\n", select=["CL105"]) == [("CL105", 2, 10)]
