import pytest
from conftest import findings, lint


@pytest.mark.parametrize(
    ("key", "target"),
    [("licence", "license"), ("pipeline-tag", "pipeline_tag"), ("languages", "language"), ("tag", "tags"), ("Licnese", "license"), ("model_index", "model-index")],
)
def test_one_edit_away(key, target):
    [finding] = findings(f"---\n{key}: x\n---\n", select=["CL107"])
    assert (finding.rule, finding.line, finding.column) == ("CL107", 2, 1)
    assert f"did you mean `{target}`?" in finding.message


def test_known_and_distant_keys_pass():
    assert lint("---\nlicense: mit\nmodel_creator: someone\n---\n", select=["CL107"]) == []


def test_bom_crlf_position():
    assert lint("\ufeff---\r\nlicense: mit\r\nlibary_name: x\r\n---\r\n", select=["CL107"]) == [("CL107", 3, 1)]
