"""Dataset and Space cards: their own schemas, vocabularies, checklist and files."""

from conftest import findings, lint, run_cli

from cardlint.api import lint_file
from cardlint.config import Config

DATASET = """---
license: cc-by-4.0
language: [en]
task_categories:
- sentiment-analysis
size_categories: 10K<n<100k
annotations_creators: [crowd-sourced]
configs:
- data_files: train.csv
dataset_info:
  splits:
  - name: train
    num_examples: many
---
# Reviews
"""


def test_dataset_vocabularies_with_suggestions():
    got = findings(DATASET, select=["CL110"])
    assert [(f.line, f.column) for f in got] == [(5, 3), (6, 18), (7, 24)]
    assert got[0].message == "`task_categories[0]` is 'sentiment-analysis', which is not a Hub task category"
    assert [f.help for f in got] == ["use `text-classification`", "use `10K<n<100K`", "use `crowdsourced`"]


def test_dataset_shapes():
    assert lint(DATASET, select=["CL100"]) == [("CL100", 9, 3), ("CL100", 13, 19)]
    messages = [f.message for f in findings(DATASET, select=["CL100"])]
    assert messages == ["`configs[0]` is missing the required key `config_name`", "`dataset_info.splits[0].num_examples` must be a whole number, not a string"]


def test_detected_as_dataset_and_model_rules_use_the_dataset_schema():
    assert lint("---\ntask_categories: [text-classification]\nlicence: mit\n---\n# D\n", select=["CL107"]) == [("CL107", 3, 1)]
    assert lint("---\ntask_ids: [extractive-qa]\n---\n", select=["CL110", "CL100"]) == []


def test_space_settings():
    text = "---\ntitle: Demo\nsdk: gradoi\ncolorFrom: red\ncolorTo: teal\napp_port: '7860'\nlicense: MIT\n---\n"
    got = [(f.rule, f.line, f.column) for f in findings(text, select=["CL1"])]
    assert got == [("CL110", 3, 6), ("CL110", 5, 10), ("CL100", 6, 11), ("CL101", 7, 10)]
    assert findings(text, select=["CL110"])[0].help == "use `gradio`"


def test_forced_kind_overrides_the_guess():
    assert lint("---\nsdk: gradio\n---\n", select=["CL110"], kind="model") == []
    assert lint("---\nlicense: mit\n---\n", select=["CL100"], kind="space") == [("CL100", 2, 1)]


def test_app_file_is_checked_against_the_folder(tmp_path):
    (tmp_path / "README.md").write_text("---\nsdk: gradio\napp_file: app.py\n---\n# Demo\n")
    [finding] = lint_file(tmp_path / "README.md", Config(select=("CL602",)))
    assert (finding.line, finding.column, finding.message) == (3, 11, "`app_file` is 'app.py', which is not in the Space's files")
    (tmp_path / "app.py").write_text("import gradio\n")
    assert lint_file(tmp_path / "README.md", Config(select=("CL602",))) == []


def test_kind_option_on_the_command_line(tmp_path):
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# x\n")
    result = run_cli("--no-config", "--kind", "dataset", "--select", "CL201", "README.md", cwd=tmp_path)
    assert "(profile `dataset`)" in result.stdout.decode()
    bad = run_cli("--no-config", "--kind", "notebook", "README.md", cwd=tmp_path)
    assert bad.returncode == 2 and b"invalid choice: 'notebook'" in bad.stderr


def test_kind_auto_on_the_command_line_overrides_the_configuration(tmp_path):
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# x\n")
    (tmp_path / ".cardlint.toml").write_text('kind = "dataset"\nselect = ["CL201"]\n')
    assert "(profile `dataset`)" in run_cli("README.md", cwd=tmp_path).stdout.decode()
    assert "(profile `hub`)" in run_cli("--kind", "auto", "README.md", cwd=tmp_path).stdout.decode()


MODEL_WITH_TASK_CATEGORIES = """---
license: mit
library_name: transformers
task_categories:
- sentiment-analysis
size_categories: 10K<n<100k
---
# Reviews classifier
"""


def test_model_keys_make_a_model_card_whatever_else_is_there():
    for key in ("pipeline_tag: text-classification", "library_name: transformers", "base_model: bert-base-uncased", "model-index: []"):
        text = f"---\n{key}\ntask_categories: [text-classification]\npretty_name: Reviews\n---\n# x\n"
        [finding] = findings(text, select=["CL201"])
        assert finding.message.endswith("(profile `hub`)"), key


def test_dataset_keys_on_a_model_card_are_one_warning_each_not_vocabulary_errors():
    got = findings(MODEL_WITH_TASK_CATEGORIES, select=["CL110", "CL111"])
    assert [(f.rule, f.line, f.column, f.severity.value) for f in got] == [("CL111", 4, 1, "warning")]
    assert got[0].message == "`task_categories` is a dataset card key; the Hub ignores it on a model card"
    assert got[0].help == "write `pipeline_tag: text-classification` instead"


def test_dataset_key_help_when_the_model_has_a_pipeline_tag():
    text = "---\npipeline_tag: text-classification\ntask_ids:\n- sentiment-classification\n---\n"
    [finding] = findings(text, select=["CL111"])
    assert (finding.line, finding.column, finding.key_path) == (3, 1, "task_ids")
    assert finding.help == "remove `task_ids`: `pipeline_tag` already names the model's task"


def test_dataset_cards_keep_their_keys():
    assert lint(DATASET, select=["CL111"]) == []
    assert lint(MODEL_WITH_TASK_CATEGORIES, select=["CL111"], kind="dataset") == []
    assert [f.rule for f in findings(MODEL_WITH_TASK_CATEGORIES, select=["CL110", "CL111"], kind="dataset")] == ["CL110", "CL110"]


def test_dataset_keys_on_a_card_whose_code_loads_a_model_make_a_model_card():
    body = "\n```python\nfrom transformers import AutoModelForSeq2SeqLM\nmodel = AutoModelForSeq2SeqLM.from_pretrained('me/t5')\n```\n"
    card = "---\nlicense: apache-2.0\ntask_categories:\n- text2text-generation\n---\n# t5\n" + body
    assert [f.rule for f in findings(card, select=["CL110", "CL111"])] == ["CL111"]
    dataset = card + "\n```python\nfrom datasets import load_dataset\nload_dataset('me/data')\n```\n"
    assert [f.rule for f in findings(dataset, select=["CL110", "CL111"])] == ["CL110"]
