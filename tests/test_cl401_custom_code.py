"""CL401: transformers named on a model it cannot load, judged from the folder and the card's code."""

import json

from cardlint.api import lint_file
from cardlint.config import Config

CARD = "---\nlibrary_name: transformers\n---\n# Model\n{code}"
TORCH_CODE = "\n```python\nimport torch\nfrom model import Net\nnet = Net()\nnet.load_state_dict(torch.load('model.pt'))\n```\n"
HF_CODE = "\n```python\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained('me/m')\n```\n"


def run(folder, code="", files=None, custom_code=None):
    for name, content in (files or {}).items():
        (folder / name).write_text(content if isinstance(content, str) else json.dumps(content))
    (folder / "README.md").write_text(CARD.format(code=code))
    options = {} if custom_code is None else {"custom-code": custom_code}
    return [f for f in lint_file(folder / "README.md", Config(select=("CL401",), options=options))]


def test_pt_weights_without_config(tmp_path):
    [finding] = run(tmp_path, files={"model.pt": "x"})
    assert (finding.line, finding.column, finding.key_path) == (2, 15, "library_name")
    assert "weights only as model.pt with no config.json" in finding.message
    assert "`pytorch` is not a Hub library name" in finding.help


def test_config_without_model_type_and_nn_module(tmp_path):
    files = {"config.json": {"hidden": 3}, "net.py": "import torch\nclass Net(torch.nn.Module):\n    pass\n", "model.safetensors": ""}
    [finding] = run(tmp_path, files=files)
    assert "config.json has no model_type or architectures" in finding.message
    assert "net.py defines `class Net(nn.Module)`, not a PreTrainedModel" in finding.message


def test_auto_map_is_remote_code_not_custom(tmp_path):
    files = {"config.json": {"auto_map": {"AutoModel": "modeling.M"}}, "modeling.py": "class M(nn.Module):\n    pass\n"}
    assert run(tmp_path, files=files) == []


def test_plain_transformers_repo(tmp_path):
    assert run(tmp_path, code=HF_CODE, files={"config.json": {"model_type": "bert", "architectures": ["BertModel"]}, "model.safetensors": ""}) == []


def test_card_code_alone_decides_in_a_folder_without_model_files(tmp_path):
    [finding] = run(tmp_path, code=TORCH_CODE)
    assert finding.message.endswith("the card's code loads weights with torch.load; the card's code imports local module(s) model")


def test_card_loading_through_transformers_is_not_custom(tmp_path):
    assert run(tmp_path, code=TORCH_CODE + HF_CODE) == []


def test_no_evidence_no_finding(tmp_path):
    assert run(tmp_path) == []


def test_override_false_silences_the_evidence(tmp_path):
    assert run(tmp_path, files={"model.pt": "x"}, custom_code=False) == []


def test_override_true_reports_without_evidence(tmp_path):
    [finding] = run(tmp_path, code=HF_CODE, custom_code=True)
    assert finding.message == "`library_name: transformers`, but transformers cannot load this model: the configuration says custom-code = true"


def test_bad_override_value_is_a_config_error(tmp_path):
    import pytest

    from cardlint.config import ConfigError

    with pytest.raises(ConfigError, match="custom-code must be true or false, not str"):
        run(tmp_path, custom_code="yes")


def test_other_library_is_not_checked(tmp_path):
    (tmp_path / "model.pt").write_text("x")
    (tmp_path / "README.md").write_text("---\nlibrary_name: timm\n---\n")
    assert lint_file(tmp_path / "README.md", Config(select=("CL401",))) == []
