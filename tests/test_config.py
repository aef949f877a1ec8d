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


@pytest.mark.parametrize(
    ("key", "meant"),
    [("fail_on", "fail-on"), ("per_file_ignores", "per-file-ignores"), ("rule_packs", "rule-packs"), ("selcet", "select"), ("Ignore", "ignore"), ("custom_code", "custom-code"), ("profil", "profile")],
)
def test_a_misspelled_setting_suggests_the_one_meant(tmp_path, key, meant):
    for name, text in ((".cardlint.toml", f"{key} = 1\n"), ("pyproject.toml", f"[tool.cardlint]\n{key} = 1\n")):
        config = load(write(tmp_path / name, text))
        with pytest.raises(ConfigError) as raised:
            rule_options(config, RULES.values())
        table = "[tool.cardlint] " if name == "pyproject.toml" else ""
        assert str(raised.value) == f"{tmp_path / name}: {table}key {key!r} is not a cardlint setting; did you mean {meant!r}?"


def test_a_setting_like_none_lists_the_known_ones(tmp_path):
    config = load(write(tmp_path / ".cardlint.toml", "colour = true\n"))
    with pytest.raises(ConfigError, match=r"key 'colour' is not a cardlint setting \(known: custom-code, dataset-profile, exclude, extend-exclude, extend-select, fail-on, "):
        rule_options(config, RULES.values())


PLUGIN = '''
from cardlint.model import Problem
from cardlint.rule import rule


@rule("ACME001", "acme-check", "warning", "a plugin rule")
def acme(card, options):
    """
    ## What it does
    x
    ## Why is this bad?
    x
    ## Example
    ```markdown
    ---
    license: cc-by-nc-4.0
    ---
    ```
    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    ```
    """
    if card.metadata.get("license") == "cc-by-nc-4.0":
        yield Problem(card.locate(("license",)), "non-commercial")
'''

PACK = "forbidden:\n  - id: ORG001\n    name: no-gpl\n    key: license\n    values: [gpl-3.0]\n    message: no GPL\n"


@pytest.mark.parametrize("select", [None, ("CL",), ("CL101",)])
def test_rules_of_configured_plugins_and_packs_are_enabled_unless_ignored(tmp_path, select):
    from cardlint.api import Session

    write(tmp_path / "org.yaml", PACK)
    (tmp_path / "plugins").mkdir()
    write(tmp_path / "plugins" / "acme.py", PLUGIN)
    config = Config(root=tmp_path, select=select, plugins=(tmp_path / "plugins",), rule_packs=(tmp_path / "org.yaml",))
    enabled = Session(config).selection.enabled
    assert {"ACME001", "ORG001"} <= enabled
    assert ("CL102" in enabled) == (select != ("CL101",))
    for ignore, off in ((("ACME",), {"ACME001"}), (("ACME001", "ORG"), {"ACME001", "ORG001"}), (("ALL",), {"ACME001", "ORG001"})):
        enabled = Session(Config(root=tmp_path, select=select, ignore=ignore, plugins=config.plugins, rule_packs=config.rule_packs)).selection.enabled
        assert not enabled & off
    assert "ACME001" in Session(Config(root=tmp_path, select=("ACME",), ignore=("ACME0",), extend_select=("ACME001",), plugins=config.plugins)).selection.enabled


def test_rules_of_unconfigured_sources_follow_select(tmp_path):
    write(tmp_path / "org.yaml", PACK)
    ids = [*RULES, "ACME001", "ORG001"]
    assert not {"ACME001", "ORG001"} & Selection(Config(), ids).enabled
    assert Selection(Config(), ids, configured=["ORG001"]).enabled & {"ACME001", "ORG001"} == {"ORG001"}
