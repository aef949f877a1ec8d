import pytest
from conftest import findings, lint


def test_widget_mapping_instead_of_list():
    [finding] = findings("---\nwidget:\n  text: Hello\n---\n", select=["CL100"])
    assert (finding.line, finding.column, finding.key_path) == (3, 3, "widget")
    assert finding.message == "`widget` must be a list, not a mapping"
    assert "one `- ` item per example (`widget:` then `- text: ...`)" in finding.help


def test_skops_structured_data_mapping_says_what_to_write():
    # The form skops' metadata_from_config writes and hub-docs' widget examples show; the Hub's
    # validator refuses it ("widget" must be an array: skops-dev/skops#393, ostris/ai-toolkit#260).
    text = "---\nlibrary_name: sklearn\nwidget:\n  structuredData:\n    x0: [1.5, 2.0]\n    x1: [a, b]\n---\n"
    [finding] = findings(text, select=["CL100"])
    assert (finding.rule, finding.line, finding.column, finding.message) == ("CL100", 4, 3, "`widget` must be a list, not a mapping")
    assert "the `structuredData:` table that skops writes becomes one item `- structured_data:` with the same columns" in finding.help


def test_the_list_form_of_a_tabular_widget_passes():
    text = "---\nwidget:\n- structured_data:\n    x0: [1.5, 2.0]\n    x1: [a, b]\n  example_title: Wine\n---\n"
    assert lint(text, select=["CL100"]) == []


def test_widget_item_written_as_a_string_says_to_use_text():
    [finding] = findings("---\nwidget:\n- Hello there\n---\n", select=["CL100"])
    assert (finding.line, finding.column, finding.message) == (3, 3, "`widget[0]` must be a mapping, not a string")
    assert finding.help == "write each example as a mapping: `- text: ...` (or `src:` for an image or audio file)"


DOCUMENTED_WIDGETS = """---
widget:
- text: Paris is the <mask> of France.
  example_title: Capital
  group: Fill-Mask
  output:
  - label: capital
    score: 0.9
- text: What's my name?
  context: My name is Clara.
  output: {answer: Clara, score: 0.8}
- text: How many stars?
  table:
    Repository: [Transformers, Datasets]
    Stars: [36542, 4512]
- text: I have a problem with my car
  candidate_labels: urgent, not urgent
  multi_class: true
- source_sentence: That is a happy person
  sentences: [That is a happy dog, Today is a sunny day]
- src: https://example.com/tiger.jpg
  prompt: a tiger
  output: {url: https://example.com/out.png}
- messages:
  - role: user
    content: Hi
  parameters: {temperature: 0.7, max_new_tokens: 20, do_sample: true}
- structured_data:
    x0: [1, 2]
  output: {text: done}
inference:
  parameters: {aggregation_strategy: simple}
---
"""


def test_every_documented_widget_form_passes():
    assert lint(DOCUMENTED_WIDGETS, select=["CL100"]) == []


def test_widget_table_must_be_columns():
    [finding] = findings("---\nwidget:\n- text: How many?\n  table: [1, 2]\n---\n", select=["CL100"])
    assert (finding.line, finding.column, finding.message) == (4, 10, "`widget[0].table` must be a mapping, not a list")


@pytest.mark.parametrize("value", ["true", "false", "{parameters: {top_k: 5}}"])
def test_inference_takes_a_switch_or_parameters(value):
    assert lint(f"---\ninference: {value}\n---\n", select=["CL100"]) == []


def test_inference_of_another_type_is_flagged():
    [finding] = findings("---\ninference: [1, 2]\n---\n", select=["CL100"])
    assert (finding.line, finding.column, finding.message) == (2, 12, "`inference` must be true or false or a mapping, not a list")


GATED = """---
extra_gated_fields:
  Name: text
  I agree: checkbox
  Date of birth: date_picker
  Country: country
  Location: ip_location
  Company: {type: text}
  Use:
    type: select
    options:
    - Research
    - label: Other
      value: other
---
"""


@pytest.mark.parametrize("kind", [None, "dataset"])
def test_every_documented_gated_field_type_passes(kind):
    assert lint(GATED, select=["CL100"], kind=kind) == []


@pytest.mark.parametrize(
    ("field", "line", "column", "message"),
    [
        ("Use: select", 3, 8, "`extra_gated_fields.Use` is 'select', which is not one of the allowed values ('text', 'checkbox', 'date_picker', 'country', 'ip_location')"),
        ("Use: dropdown", 3, 8, "`extra_gated_fields.Use` is 'dropdown', which is not one of the allowed values"),
        ("Use: {type: select}", 3, 3, "`extra_gated_fields.Use` is missing the required key `options`"),
        ("Use: {type: select, options: [{label: Other}]}", 3, 33, "`extra_gated_fields.Use.options[0]` is missing the required key `value`"),
        ("Use: {type: radio}", 3, 15, "`extra_gated_fields.Use.type` is 'radio', which is not one of the allowed values"),
    ],
)
def test_undocumented_gated_fields_are_flagged(field, line, column, message):
    [finding] = findings(f"---\nextra_gated_fields:\n  {field}\n---\n", select=["CL100"])
    assert (finding.rule, finding.line, finding.column) == ("CL100", line, column)
    assert finding.message.startswith(message)


def test_select_as_a_bare_name_says_to_use_the_mapping_form():
    [finding] = findings("---\nextra_gated_fields:\n  Use: select\n---\n", select=["CL100"], kind="dataset")
    assert finding.help == "a choice list needs the mapping form `{type: select, options: [...]}`"


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
