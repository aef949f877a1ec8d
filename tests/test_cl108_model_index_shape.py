"""CL108: one finding per model-index entry, naming everything huggingface_hub would fail to read."""

from conftest import findings, lint

HEAD = "---\nmodel-index:\n- name: m\n  results:\n"
TASK = "  - task: {type: t}\n"


def test_missing_dataset_points_at_the_result_and_names_its_keys():
    text = HEAD + "  - task:\n      type: text-classification\n    metrics:\n    - type: accuracy\n      value: 0.9\n---\n"
    [finding] = findings(text, select=["CL108"])
    assert (finding.line, finding.column, finding.key_path, finding.severity.value) == (5, 5, "model-index[0].results[0].dataset", "error")
    assert finding.message == "`model-index[0]` cannot be parsed by huggingface_hub (`ModelCard.load` raises): results[0] lacks `dataset.type`, `dataset.name`"


def test_one_finding_for_an_entry_whose_results_all_lack_a_dataset():
    """A spaCy-style card: every result lacks `dataset`; one defect, one finding, at the entry."""
    result = TASK + "    metrics: [{type: f1, value: 0.9}]\n"
    [finding] = findings(HEAD + result * 7 + "---\n", select=["CL108"])
    assert (finding.line, finding.column, finding.key_path) == (3, 3, "model-index[0]")
    assert finding.message == "`model-index[0]` cannot be parsed by huggingface_hub (`ModelCard.load` raises): all 7 results lack `dataset.type`, `dataset.name`"


def test_different_defects_of_one_entry_are_listed_result_by_result():
    text = HEAD + TASK + "    metrics: [{type: a, value: 1}]\n" + TASK + "    dataset: {type: d, name: D}\n    metrics:\n    - type: accuracy\n" + TASK + "    metrics: [{type: a, value: 1}]\n---\n"
    [finding] = findings(text, select=["CL108"])
    assert (finding.line, finding.column) == (3, 3)
    assert finding.message == "`model-index[0]` cannot be parsed by huggingface_hub (`ModelCard.load` raises): results[0], results[2] lack `dataset.type`, `dataset.name`; results[1] lacks `metrics[0].value`"


def test_two_defects_in_one_result_point_at_that_result():
    text = HEAD + "  - task:\n      name: Data Question Generation\n      type: text2text\n---\n"
    [finding] = findings(text, select=["CL108"])
    assert (finding.line, finding.column, finding.key_path) == (5, 5, "model-index[0].results[0]")
    assert finding.message.endswith("results[0] lacks `dataset.type`, `dataset.name`, `metrics`")


def test_each_entry_is_its_own_finding():
    entry = "- name: m\n  results:\n" + TASK + "    metrics: [{type: a, value: 1}]\n"
    assert lint("---\nmodel-index:\n" + entry + entry + "---\n", select=["CL108"]) == [("CL108", 5, 5), ("CL108", 9, 5)]


def test_metric_without_value():
    text = HEAD + TASK + "    dataset: {type: d, name: D}\n    metrics:\n    - type: accuracy\n---\n"
    [finding] = findings(text, select=["CL108"])
    assert (finding.line, finding.column) == (8, 7)
    assert finding.message == "`model-index[0]` cannot be parsed by huggingface_hub (`ModelCard.load` raises): results[0] lacks `metrics[0].value`"


def test_metric_instead_of_metrics_and_missing_name():
    text = "---\nmodel-index:\n- results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metric:\n    - {type: a, value: 1}\n---\n"
    [finding] = findings(text, select=["CL108"])
    assert (finding.line, finding.column) == (3, 3)
    assert finding.message == "`model-index[0]` cannot be parsed by huggingface_hub (`ModelCard.load` raises): the entry lacks `name`; results[0] lacks `metrics`"


def test_entry_without_results():
    [finding] = findings("---\nmodel-index:\n- name: en-de-es-model\n---\n", select=["CL108"])
    assert (finding.line, finding.column, finding.message) == (3, 3, "`model-index[0]` cannot be parsed by huggingface_hub (`ModelCard.load` raises): the entry lacks `results`")


def test_type_errors_are_named_inside_the_entry():
    text = HEAD + TASK + "    dataset: {type: d, name: D, config: 5}\n    metrics: []\n---\n"
    [finding] = findings(text, select=["CL108"])
    assert (finding.line, finding.column) == (5, 5)
    assert finding.message == ("`model-index[0]` cannot be parsed by huggingface_hub (`ModelCard.load` raises): `results[0].dataset.config` must be a string, not a number; "
                               "`results[0].metrics` is an empty list")
    text = HEAD + TASK + "    dataset: {type: d, name: D, config: 5}\n    metrics: [{type: a, value: 1}]\n---\n"
    assert lint(text, select=["CL108"]) == [("CL108", 6, 41)]


def test_whole_model_index_problems_stay_one_finding():
    assert lint("---\nmodel-index: []\n---\n", select=["CL108"]) == [("CL108", 2, 14)]
    [finding] = findings("---\nmodel-index:\n  name: m\n---\n", select=["CL108"])
    assert (finding.line, finding.column, finding.message) == (3, 3, "`model-index` must be a list, not a mapping")
    [finding] = findings("---\nmodel-index:\n- just a name\n---\n", select=["CL108"])
    assert (finding.line, finding.column, finding.message) == (3, 3, "`model-index[0]` must be a mapping, not a string")


def test_valid_model_index_passes():
    text = HEAD + TASK + "    dataset: {type: d, name: D}\n    metrics: [{type: a, value: '20.0 ± 1.2'}]\n---\n"
    assert lint(text, select=["CL108"]) == []


def test_bom_crlf_position():
    text = ("\ufeff" + HEAD + TASK + "    metrics: [{type: a, value: 1}]\n---\n").replace("\n", "\r\n")
    assert lint(text, select=["CL108"]) == [("CL108", 5, 5)]
