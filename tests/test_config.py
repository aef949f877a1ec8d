"""Configuration files: found by walking up, validated against what the rules declare."""

import pytest

from cardlint import registry
from cardlint.config import Config, ConfigError, find, load, rule_options
from cardlint.model import Severity
from cardlint.selection import Selection

RULES = registry.load()


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_found_by_walking_up_and_pyproject_needs_the_table(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.other]\nx = 1\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find(deep) is None
    write(tmp_path / "pyproject.toml", "[tool.cardlint]\nignore = ['CL2']\n")
    assert find(deep) == tmp_path / "pyproject.toml"
    write(tmp_path / "a" / ".cardlint.toml", "select = ['CL1']\n")
    assert find(deep) == tmp_path / "a" / ".cardlint.toml"


def test_core_keys_are_read(tmp_path):
    path = write(
        tmp_path / ".cardlint.toml",
        'select = ["CL1"]\nignore = ["cl104"]\nfail-on = "warning"\nseverity = {CL107 = "error"}\n'
        'per-file-ignores = {"docs/*" = ["CL2"]}\nplugins = ["my_rules"]\n',
    )
    config = load(path)
    assert config.select == ("CL1",)
    assert config.ignore == ("CL104",)
    assert config.fail_on is Severity.WARNING
    assert config.severity == {"CL107": Severity.ERROR}
    assert config.per_file_ignores == (("docs/*", ("CL2",)),)
    assert config.plugins == ((tmp_path / "my_rules").resolve(),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('fail-on = "fatal"', "key 'fail-on' 'fatal' is not a severity (choose from info, warning, error)"),
        ("select = 'CL1'", "key 'select' must be an array of rule ids"),
        ('severity = {CL101 = 3}', "key 'severity' value for CL101 must be one of error, warning, info"),
        ("select = [", "invalid TOML"),
    ],
)
def test_bad_values_name_the_file_and_key(tmp_path, text, message):
    path = write(tmp_path / ".cardlint.toml", text + "\n")
    with pytest.raises(ConfigError) as raised:
        load(path)
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)


def test_unknown_key_is_an_error_naming_it(tmp_path):
    config = load(write(tmp_path / "pyproject.toml", "[tool.cardlint]\nselcet = ['CL1']\n"))
    with pytest.raises(ConfigError, match=r"\[tool.cardlint\] key 'selcet' is not a cardlint setting"):
        rule_options(config, RULES.values())


def test_severity_for_an_unknown_rule(tmp_path):
    config = load(write(tmp_path / ".cardlint.toml", 'severity = {CL999 = "error"}\n'))
    with pytest.raises(ConfigError, match="names unknown rule CL999"):
        rule_options(config, RULES.values())


def test_selector_matching_nothing_is_an_error():
    with pytest.raises(ConfigError, match="'XY1' matches no rule"):
        Selection(Config(ignore=("XY1",)), RULES)


def test_longest_prefix_wins_and_ignore_wins_ties():
    selection = Selection(Config(select=("CL1",), ignore=("CL10",), extend_select=("CL104",)), RULES)
    assert sorted(selection.enabled) == ["CL104", "CL110", "CL111"]
    assert Selection(Config(select=("CL101",), ignore=("CL101",)), RULES).enabled == frozenset()
    assert "CL009" not in Selection(Config(select=("CL1",)), RULES).enabled


def test_per_file_ignores_match_relative_paths(tmp_path):
    config = Config(root=tmp_path, per_file_ignores=(("docs/*", ("CL1",)),))
    selection = Selection(config, RULES)
    assert "CL101" not in selection.for_path(str(tmp_path / "docs" / "README.md"))
    assert "CL101" in selection.for_path(str(tmp_path / "models" / "README.md"))
