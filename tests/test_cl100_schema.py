from conftest import findings, lint


def test_widget_mapping_instead_of_list():
    [finding] = findings("---\nwidget:\n  text: Hello\n---\n", select=["CL100"])
    assert (finding.line, finding.column, finding.key_path) == (3, 3, "widget")
    assert finding.message == "`widget` must be a list, not a mapping"


def test_empty_base_model_points_at_the_key():
    [finding] = findings("---\nbase_model:\n---\n", select=["CL100"])
    assert (finding.line, finding.column) == (2, 1)
    assert "has no value" in finding.message


def test_null_item_in_datasets():
    assert lint("---\ndatasets:\n- null\n---\n", select=["CL100"]) == [("CL100", 3, 3)]


def test_wrong_item_type_is_one_finding_not_a_cascade():
    assert lint("---\nlicense:\n- 5\n---\n", select=["CL1"]) == [("CL100", 3, 3)]


def test_gated_fields_must_be_a_mapping():
    [finding] = findings("---\nextra_gated_fields:\n- Name: text\n---\n", select=["CL100"])
    assert (finding.line, finding.column, finding.key_path) == (3, 1, "extra_gated_fields")
    assert "must be a mapping, not a list" in finding.message


def test_template_slot_is_called_out():
    [finding] = findings("---\nlicense: {license}\n---\n", select=["CL100"])
    assert (finding.line, finding.column) == (2, 10)
    assert "unrendered template placeholder" in finding.message


def test_co2_object_needs_emissions():
    text = "---\nco2_eq_emissions:\n  source: codecarbon\n---\n"
    [finding] = findings(text, select=["CL100"])
    assert (finding.line, finding.column, finding.key_path) == (2, 1, "co2_eq_emissions.emissions")


def test_unknown_keys_are_allowed_as_on_the_hub():
    assert lint("---\nlicense: mit\nmy_custom_key: {a: 1}\n---\n", select=["CL100"]) == []


def test_bom_crlf_positions():
    assert lint("\ufeff---\r\nlicense: mit\r\nwidget: hello\r\n---\r\n", select=["CL100"]) == [("CL100", 3, 9)]


def test_items_of_one_list_failing_alike_are_one_finding():
    [finding] = findings("---\ntask_categories: [text-classification]\nconfigs:\n- en\n- fr\n- de\n---\n", select=["CL100"])
    assert (finding.line, finding.column) == (4, 3)
    assert finding.message == "`configs[0]` must be a mapping, not a string (and 2 more items of `configs` like it)"


def test_distinct_wrong_values_stay_distinct():
    assert lint("---\nlanguage: [English, French]\n---\n", select=["CL102"]) == [("CL102", 2, 12), ("CL102", 2, 21)]
