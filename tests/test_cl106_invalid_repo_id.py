from conftest import findings, lint


def test_hub_url_gets_the_id_inside():
    [finding] = findings("---\ndatasets:\n- https://huggingface.co/datasets/stanfordnlp/imdb\n---\n", select=["CL106"])
    assert (finding.line, finding.column, finding.key_path) == (3, 3, "datasets[0]")
    assert finding.help == "use `stanfordnlp/imdb`"


def test_local_path_base_model():
    [finding] = findings("---\nbase_model: /home/me/checkpoints/run1\n---\n", select=["CL106"])
    assert (finding.line, finding.column) == (2, 13)
    assert "local path" in finding.help


def test_model_index_dataset_type_with_spaces():
    text = (
        "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-classification}\n"
        "    dataset: {type: CQADupstack is combined, name: CQA}\n    metrics: [{type: accuracy, value: 1}]\n---\n"
    )
    assert lint(text, select=["CL106"]) == [("CL106", 6, 21)]


def test_new_version_and_valid_ids():
    assert lint("---\nnew_version: org/model-v2\nbase_model: [a/b, c]\ndatasets: imdb\n---\n", select=["CL106"]) == []


def test_bom_crlf_position():
    assert lint("\ufeff---\r\nbase_model: my model\r\n---\r\n", select=["CL106"]) == [("CL106", 2, 13)]
