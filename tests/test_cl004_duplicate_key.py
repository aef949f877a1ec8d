from conftest import findings, lint


def test_repeat_is_reported_with_the_first_line():
    [finding] = findings("---\nlicense: mit\ntags: [a]\nlicense: apache-2.0\n---\n", select=["CL004"])
    assert (finding.line, finding.column, finding.key_path) == (4, 1, "license")
    assert "first defined on line 2" in finding.message


def test_nested_duplicate_has_its_path():
    text = "---\nmodel-index:\n- name: a\n  name: b\n  results: []\n---\n"
    [finding] = findings(text, select=["CL004"])
    assert (finding.line, finding.column, finding.key_path) == (4, 3, "model-index[0].name")


def test_duplicate_in_bom_crlf_card():
    assert lint("\ufeff---\r\nlicense: mit\r\nlicense: mit\r\n---\r\n", select=["CL004"]) == [("CL004", 3, 1)]


def test_same_key_in_two_mappings_is_fine():
    assert lint("---\na:\n  name: x\nb:\n  name: y\n---\n", select=["CL004"]) == []
