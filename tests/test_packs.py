"""Rule packs: a team adds profiles, ranges and forbidden values in YAML, and mistakes are named."""

import json

import pytest
from conftest import run_cli

from cardlint.api import Session
from cardlint.config import Config
from cardlint.packs import PackError

PACK = """
profiles:
  org:
    extends: hub
    fields: [license, datasets]
    sections:
      - name: Safety
        aliases: [Safety Evaluation, Red teaming]
metric-ranges:
  toxicity: {min: 0, max: 1}
forbidden:
  - id: ORG001
    name: no-non-commercial
    severity: warning
    key: license
    values: [cc-by-nc-4.0, cc-by-nc-sa-4.0]
    message: non-commercial licenses need legal review
    help: ask legal@ before publishing
"""

CARD = """---
license: cc-by-nc-4.0
model-index:
- name: m
  results:
  - task: {type: text-generation}
    dataset: {type: x, name: X}
    metrics: [{type: toxicity, value: 3}]
---
# Model
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "org.yaml").write_text(PACK)
    (tmp_path / ".cardlint.toml").write_text('rule-packs = ["policies/org.yaml"]\nprofile = "org"\nselect = ["CL201", "CL204", "CL502", "ORG"]\n')
    (tmp_path / "README.md").write_text(CARD)
    return tmp_path


def test_team_pack_adds_profile_range_and_forbidden_rule(project):
    result = run_cli("--format", "json", "README.md", cwd=project)
    got = [(f["rule"], f["line"], f["column"], f["severity"]) for f in json.loads(result.stdout)]
    assert got == [("CL204", 1, 1, "warning"), ("ORG001", 2, 10, "warning"), ("CL502", 8, 39, "warning"), ("CL201", 10, 3, "warning")]
    messages = {f["rule"]: f["message"] for f in json.loads(result.stdout)}
    assert "`Safety`" in messages["CL201"]
    assert messages["CL204"] == "the metadata has no `datasets`"
    assert messages["ORG001"] == "non-commercial licenses need legal review (`license` is 'cc-by-nc-4.0')"
    assert messages["CL502"] == "`toxicity` value 3 is outside 0..1"


def test_pack_rule_is_listed_and_documented(project):
    assert "ORG001  no-non-commercial" in run_cli("rules", cwd=project).stdout.decode()
    page = run_cli("rule", "ORG001", cwd=project).stdout.decode()
    assert "## Example" in page and "license: cc-by-nc-4.0" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("profiles:\n  org:\n    sectons: []\n", "org.yaml:3:5: `sectons` is not a key of `profiles.org`; did you mean `sections`?"),
        ("metric-ranges:\n  acc: {min: zero}\n", "org.yaml:2:14: `metric-ranges.acc.min` must be a number, not a string"),
        ("profiles:\n  org:\n    extends: nope\n", "profile 'org' extends unknown profile 'nope'"),
        ("forbidden: [a\n", "org.yaml:2:1: invalid YAML: expected ',' or ']'"),
    ],
)
def test_pack_mistakes_name_file_and_position(tmp_path, text, message):
    (tmp_path / "org.yaml").write_text(text)
    with pytest.raises(PackError) as raised:
        Session(Config(rule_packs=(tmp_path / "org.yaml",)))
    assert message in str(raised.value)


def test_missing_pack_is_exit_2(tmp_path):
    (tmp_path / ".cardlint.toml").write_text('rule-packs = ["nope.yaml"]\n')
    (tmp_path / "README.md").write_text(CARD)
    result = run_cli("README.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "nope.yaml: cannot read rule pack" in result.stderr.decode()


def test_built_in_packs_are_valid_rule_packs():
    from cardlint.packs import load
    from cardlint.resources import data_dir

    built_in = sorted(data_dir("rules").glob("*.yaml"))
    assert [path.name for path in built_in] == ["checklist.yaml", "metric-ranges.yaml"]
    packs = load(built_in)
    assert sorted(packs.profiles) == ["checklist", "dataset", "eu-gpai", "full", "hub", "minimal"] and "accuracy" in packs.ranges


def test_a_broken_data_file_of_cardlint_names_the_place(tmp_path):
    from cardlint.yamlload import load_data_file

    (tmp_path / "defaults.yaml").write_text("needles: [a\n")
    with pytest.raises(ValueError, match=r"defaults\.yaml:2:1: invalid YAML: expected ',' or ']'"):
        load_data_file(tmp_path / "defaults.yaml")


def test_a_data_file_read_again_after_an_edit_of_the_same_length(tmp_path):
    from cardlint.yamlload import load_data_file

    path = tmp_path / "defaults.yaml"
    path.write_text("needles: [a]\n")
    assert load_data_file(path) == {"needles": ["a"]}
    assert any((tmp_path / "__pycache__").glob("defaults.yaml.*.json"))
    path.write_text("needles: [b]\n")
    assert load_data_file(path) == {"needles": ["b"]}
