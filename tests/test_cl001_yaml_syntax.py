from conftest import findings, lint

BOM = "\ufeff"


def test_unclosed_flow_list_points_where_the_parser_stopped():
    assert lint("---\nlicense: mit\ntags: [a, b\n---\n", select=["CL001"]) == [("CL001", 3, 12)]


def test_value_with_colon_space_gets_a_quoting_hint():
    [finding] = findings("---\ndescription: Note: a\n---\n", select=["CL001"])
    assert (finding.line, finding.column) == (2, 18)
    assert "mapping values are not allowed" in finding.message
    assert "quote a value" in finding.help


def test_tab_indentation_is_explained():
    [finding] = findings("---\nmodel-index:\n\t- name: x\n---\n", select=["CL001"])
    assert (finding.rule, finding.line, finding.column) == ("CL001", 3, 1)
    assert "tabs" in finding.help


def test_position_survives_bom_and_crlf():
    text = BOM + "---\r\nlicense: mit\r\ntags: [a, b\r\n---\r\n"
    assert lint(text, select=["CL001"]) == [("CL001", 3, 12)]


def test_unrendered_template_placeholder_is_a_syntax_error():
    [finding] = findings("---\n{{ card_data }}\n---\n", select=["CL001"])
    assert (finding.line, finding.column) == (2, 2)
    assert "template placeholder" in finding.message


def test_url_in_flow_list_is_valid_yaml_as_on_the_hub():
    assert lint("---\ndevelopers: [https://huggingface.co/org]\nlicense: mit\n---\n", select=["CL001"]) == []


def test_control_character_is_reported_at_its_position():
    assert lint("---\nlicense: mit\nname: a\x07b\n---\n", select=["CL001"]) == [("CL001", 3, 8)]


def test_a_syntax_error_stops_the_schema_rules():
    assert lint("---\nlicense: MIT\ntags: [a\n---\n", select=["CL0", "CL1"]) == [("CL001", 3, 9)]


def test_reader_error_after_astral_character_points_at_the_character():
    assert lint("---\nname: 😀\x0c\n---\n", select=["CL001"]) == [("CL001", 2, 8)]


def test_next_line_character_does_not_shift_lines():
    assert lint("---\nbase_model: \"a\x85b\"\nlanguage: English\n---\n", select=["CL1"]) == [("CL106", 2, 13), ("CL102", 3, 11)]
