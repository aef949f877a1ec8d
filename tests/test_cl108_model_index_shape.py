from conftest import findings, lint

HEAD = "---\nmodel-index:\n- name: m\n  results:\n"


def test_missing_dataset_points_at_the_result():
    text = HEAD + "  - task:\n      type: text-classification\n    metrics:\n    - type: accuracy\n      value: 0.9\n---\n"
    [finding] = findings(text, select=["CL108"])
    assert (finding.line, finding.column, finding.key_path) == (5, 5, "model-index[0].results[0].dataset")
    assert "missing the required key `dataset`" in finding.message


def test_metric_without_value():
    text = HEAD + "  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics:\n    - type: accuracy\n---\n"
    assert lint(text, select=["CL108"]) == [("CL108", 8, 7)]


def test_metric_instead_of_metrics_and_missing_name():
    text = "---\nmodel-index:\n- results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metric:\n    - {type: a, value: 1}\n---\n"
    assert lint(text, select=["CL108"]) == [("CL108", 3, 3), ("CL108", 4, 5)]


def test_empty_model_index_and_non_string_config():
    assert lint("---\nmodel-index: []\n---\n", select=["CL108"]) == [("CL108", 2, 14)]
    text = HEAD + "  - task: {type: t}\n    dataset: {type: d, name: D, config: 5}\n    metrics: [{type: a, value: 1}]\n---\n"
    assert lint(text, select=["CL108"]) == [("CL108", 6, 41)]


def test_valid_model_index_passes():
    text = HEAD + "  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: a, value: '20.0 ± 1.2'}]\n---\n"
    assert lint(text, select=["CL108"]) == []


def test_bom_crlf_position():
    text = ("\ufeff" + HEAD + "  - task: {type: t}\n    metrics: [{type: a, value: 1}]\n---\n").replace("\n", "\r\n")
    assert lint(text, select=["CL108"]) == [("CL108", 5, 5)]
