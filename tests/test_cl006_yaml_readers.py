"""CL006/CL007: what huggingface_hub's YAML 1.1 reader (PyYAML) reads differently from the Hub's YAML 1.2, or cannot read."""

import math

import pytest
import yaml
from conftest import CORPUS, ROOT, SHARED, findings, lint, needs_shared, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardlint import fix
from cardlint.api import Session
from cardlint.card import Card
from cardlint.config import Config
from cardlint.model import format_key_path
from cardlint.source import decode


def found(text, rule="CL006"):
    return findings(text, select=[rule])


def fixed(text, rule="CL006"):
    """The card after ``--fix`` with only ``rule`` selected (the text as given when nothing is fixed)."""
    session = Session(Config(select=(rule,)))
    result = fix.fix(lambda current: session.lint_card(current, None), decode(text.encode("utf-8"), "README.md"))
    return text if result.source is None else result.source.raw.decode("utf-8")


def test_norwegian_language_code_is_reported_with_both_readings_and_quoted_by_the_fix():
    text = "---\nlanguage:\n- en\n- no\n---\n# Model\n"
    [finding] = found(text)
    assert (finding.rule, finding.line, finding.column, finding.end_column, finding.key_path) == ("CL006", 4, 3, 5, "language[1]")
    assert finding.message == (
        "`language[1]` is `no`: the Hub (YAML 1.2) reads the string 'no', huggingface_hub (YAML 1.1) reads false, "
        "and a script that loads and saves the card writes `false`"
    )
    assert finding.help == "quote it: `'no'`"
    assert finding.fix.description == "quote `no`"
    assert fixed(text) == "---\nlanguage:\n- en\n- 'no'\n---\n# Model\n"
    assert found(fixed(text)) == []


@pytest.mark.parametrize("word", ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"])
def test_every_yaml_1_1_boolean_spelling(word):
    [finding] = found(f"---\ntags: [{word}]\n---\n")
    reads = "true" if word.lower() in ("yes", "on") else "false"
    assert (finding.line, finding.column) == (2, 8)
    assert f"reads the string '{word}', huggingface_hub (YAML 1.1) reads {reads}, and a script that loads and saves the card writes `{reads}`" in finding.message
    assert fixed(f"---\ntags: [{word}]\n---\n") == f"---\ntags: ['{word}']\n---\n"


@pytest.mark.parametrize("value", [
    "true", "True", "TRUE", "false", "False", "null", "Null", "~", "", "'no'", '"yes"', "!!str yes", "y", "n", "Y", "N", "nO", "yEs",
    "12", "0", "-7", "+12", "1.5", "1.0e+3", "0x1F", "1_000", "0b101", ".5", ".inf", "-.inf", ".nan", "2023-1-1", "1:60", "en",
    "no more", "|\n  no", ">-\n  yes", "'1:30'", "'2023-01-01'",
])
def test_values_both_readers_read_alike_pass(value):
    assert lint(f"---\nkey: {value}\nlist:\n- {value}\n---\n", select=["CL006", "CL007"]) == []


@pytest.mark.parametrize(("value", "hub", "pyyaml", "consequence", "help_text", "fixable"), [
    ("1:30", "the string '1:30'", "the number 90", "writes `90`", "quote it: `'1:30'`", True),
    ("-1:30:00", "the string '-1:30:00'", "the number -5400", "writes `-5400`", "quote it: `'-1:30:00'`", True),
    ("1:30.5", "the string '1:30.5'", "the number 90.5", "writes `90.5`", "quote it: `'1:30.5'`", True),
    ("012", "the number 12", "the number 10", "writes `10`", "write `12` if you mean the number, or quote it (`'012'`) if you mean text", False),
    ("0o12", "the number 10", "the string '0o12'", "sees another value", "write `10` if you mean the number", False),
    ("08", "the number 8", "the string '08'", "sees another value", "write `8` if you mean the number", False),
    ("1e3", "the number 1000.0", "the string '1e3'", "sees another value", "write `1000.0` if you mean the number", False),
    ("1e-05", "the number 1e-05", "the string '1e-05'", "sees another value", "write `1.0e-05` if you mean the number", False),
    ("+.5", "the number 0.5", "the string '+.5'", "sees another value", "write `0.5` if you mean the number", False),
    ("-.5", "the number -0.5", "the string '-.5'", "sees another value", "write `-0.5` if you mean the number", False),
    ("2023-01-01", "the string '2023-01-01'", "the date 2023-01-01", "sees another value", "quote it: `'2023-01-01'`", True),
    ("2023-01-01T12:00:00Z", "the string '2023-01-01T12:00:00Z'", "the date and time 2023-01-01 12:00:00+00:00",
     "writes `2023-01-01 12:00:00+00:00`", "quote it: `'2023-01-01T12:00:00Z'`", True),
    ("2023-01-01 12:00:00", "the string '2023-01-01 12:00:00'", "the date and time 2023-01-01 12:00:00", "sees another value", "quote it", True),
])
def test_numbers_and_dates_read_differently(value, hub, pyyaml, consequence, help_text, fixable):
    text = f"---\nmodel-index:\n- name: m\n  results:\n  - metrics:\n    - value: {value}\n---\n"
    [finding] = found(text)
    assert (finding.line, finding.column, finding.key_path) == (6, 14, "model-index[0].results[0].metrics[0].value")
    assert finding.message.startswith(f"`model-index[0].results[0].metrics[0].value` is `{value}`: the Hub (YAML 1.2) reads {hub}, huggingface_hub (YAML 1.1) reads {pyyaml}")
    assert consequence in finding.message and help_text in finding.help
    assert (finding.fix is not None) == fixable
    if fixable:
        assert f"value: '{value}'\n" in fixed(text)


def test_a_save_that_changes_nothing_is_said_so():
    [finding] = found("---\ndate: 2023-01-01\n---\n")
    assert finding.message.endswith(", so Python code that reads the card sees another value than the Hub shows")


def test_nested_key_read_as_a_boolean_is_reported_at_the_key():
    text = "---\nci:\n  on: push\n  1: one\n  true: yes-string\n---\n"
    [finding] = found(text)
    assert (finding.line, finding.column, finding.end_column, finding.key_path) == (3, 3, 5, "ci.on")
    assert finding.message == (
        "key `on` of `ci`: the Hub (YAML 1.2) reads the string 'on', huggingface_hub (YAML 1.1) reads true, "
        "and a script that loads and saves the card writes `true:`"
    )
    assert fixed(text) == "---\nci:\n  'on': push\n  1: one\n  true: yes-string\n---\n"


def test_flow_list_comment_and_crlf_bom_positions():
    assert lint("---\nlanguage: [en, no]  # Norwegian\n---\n", select=["CL006"]) == [("CL006", 2, 16)]
    assert lint("\ufeff---\r\nlicense: mit\r\nlanguage:\r\n- no\r\n---\r\n", select=["CL006"]) == [("CL006", 4, 3)]
    assert fixed("---\nlanguage:\n- no   # Norwegian\n---\n") == "---\nlanguage:\n- 'no'   # Norwegian\n---\n"


def test_anchored_value_is_reported_once_where_it_is_written_and_not_fixed_through_the_anchor():
    [finding] = found("---\na: &x no\nb: *x\nc: [*x]\n---\n")
    assert (finding.line, finding.key_path) == (2, "a")
    assert finding.fix is None


def test_merge_key_values_are_reported_without_a_fix():
    text = "---\nbase: &b {x: no}\nc:\n  <<: *b\nd:\n  <<: {y: off, z: 1}\n  z: off\n---\n"
    reported = {(f.line, f.column, f.key_path, f.fix is not None) for f in found(text)}
    assert reported == {(2, 14, "base.x", False), (6, 11, "d.<<.y", False), (7, 6, "d.z", True)}


def test_only_the_last_of_a_repeated_key_counts():
    assert lint("---\na: no\na: 'x'\n---\n", select=["CL006"]) == []
    assert lint("---\na: 'x'\na: no\n---\n", select=["CL006"]) == [("CL006", 3, 4)]


def test_the_markdown_body_and_unreadable_metadata_are_not_concerned():
    assert lint("---\nlicense: mit\n---\nlanguage: no\n\n```yaml\non: push\n```\n", select=["CL006", "CL007"]) == []
    assert lint("---\nlanguage: [no\n---\n", select=["CL006", "CL007"]) == []


def test_a_disable_comment_silences_it():
    assert lint("---\nlanguage:\n- no  # cardlint: disable=CL006\n---\n", select=["CL006", "CL009"]) == []


def test_an_explicit_tag_is_left_to_cl005():
    text = "---\na: !!python/object:os.system x\nb: 1\n---\n"
    assert lint(text, select=["CL006", "CL007"]) == []


# CL007: huggingface_hub cannot load the metadata at all.


def test_tab_after_a_value_is_reported_where_pyyaml_stops():
    [finding] = found("---\nlicense: mit\t\ntags: [a]\n---\n", "CL007")
    assert (finding.rule, finding.line, finding.column) == ("CL007", 2, 13)
    assert finding.message == (
        "huggingface_hub cannot load this metadata: PyYAML (YAML 1.1) stops here (while scanning for the next token: "
        "found character '\\t' that cannot start any token), though the Hub reads the block"
    )
    assert finding.help.startswith("replace the tab with a space")
    assert lint("---\nlicense: mit\t\n---\n", select=["CL001"]) == []


def test_column_counts_characters_not_bytes():
    assert lint("---\ndescription: h\u00e9llo w\u00f6rld \U0001f600\t\n---\n", select=["CL007"]) == [("CL007", 2, 27)]


@pytest.mark.parametrize(("text", "line", "column", "reason", "hint"), [
    ("---\nwidget: [https://x.org/?q=1]\n---\n", 2, 24, "expected ',' or ']', but got '?'", "quote the value that holds `?`"),
    ("---\ndatasets: {a?b: c}\n---\n", 2, 13, "expected ',' or '}', but got '?'", "quote the value that holds `?`"),
    ("---\ndescription: |# note\n  text\n---\n", 2, 15, "expected chomping or indentation indicators, but found '#'", "put a space between"),
    ("---\na: x\u2028y\nb: 1\n---\n", 3, 1, "could not find expected ':'", "delete the invisible U+2028 character"),
    ("---\na:\n  <<: 1\n  b: c\n---\n", 3, 7, "expected a mapping or list of mappings for merging, but found scalar", "follow `<<:` with a mapping"),
])
def test_what_only_yaml_1_1_refuses(text, line, column, reason, hint):
    [finding] = found(text, "CL007")
    assert (finding.line, finding.column) == (line, column)
    assert reason in finding.message and finding.help.startswith(hint)
    assert finding.fix is None


@pytest.mark.parametrize(("value", "what"), [
    ("=", "reads `=` as YAML 1.1's value key and fails (could not determine a constructor for the tag 'tag:yaml.org,2002:value')"),
    ("<<", "reads `<<` as YAML 1.1's merge key and fails"),
    ("2023-02-30", "reads `2023-02-30` as a date and fails (day is out of range for month)"),
])
def test_values_pyyaml_cannot_build_are_quoted_by_the_fix(value, what):
    text = f"---\nlicense: mit\nsign: {value}\n---\n"
    [finding] = found(text, "CL007")
    assert (finding.line, finding.column, finding.key_path) == (3, 7, "sign")
    assert what in finding.message and finding.message.endswith(f"the Hub reads the string '{value}'")
    assert fixed(text, "CL007") == f"---\nlicense: mit\nsign: '{value}'\n---\n"
    assert lint(fixed(text, "CL007"), select=["CL006", "CL007"]) == []


def test_top_level_key_that_is_not_text_stops_model_card_load():
    text = "---\nlicense: mit\non: push\n1: one\n---\n"
    first, second = found(text, "CL007")
    assert (first.line, first.column, first.key_path) == (3, 1, "on")
    assert first.message == (
        "huggingface_hub cannot load this metadata: PyYAML (YAML 1.1) reads the top-level key `on` as true, not text, "
        "so `ModelCard.load` fails (keywords must be strings); the Hub accepts it"
    )
    assert (second.line, second.column, second.fix) == (4, 1, None)
    assert "top-level key `1` as the number 1" in second.message and second.help == "quote the key: `'1':`"
    assert fixed(text, "CL007") == "---\nlicense: mit\n'on': push\n1: one\n---\n"
    assert lint(text, select=["CL006"]) == []


def test_every_finding_is_one_huggingface_hub_really_has():
    """The premise of both rules, checked against PyYAML itself: what they report is what safe_load does."""
    assert yaml.safe_load("language:\n- no\n") == {"language": [False]}
    assert yaml.safe_load("t: 1:30\n") == {"t": 90}
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load("license: mit\t\n")


def test_fix_on_disk_keeps_everything_else_and_is_idempotent(tmp_path):
    path = tmp_path / "README.md"
    path.write_bytes(b"---\r\nlanguage:\r\n- no  # Norwegian\r\nci:\r\n  on: push\r\ntime: 1:30\r\n---\r\n# no\r\n")
    result = run_cli("--no-config", "--select", "CL006,CL007", "--fix", "README.md", cwd=tmp_path)
    expected = b"---\r\nlanguage:\r\n- 'no'  # Norwegian\r\nci:\r\n  'on': push\r\ntime: '1:30'\r\n---\r\n# no\r\n"
    assert path.read_bytes() == expected and result.returncode == 0
    run_cli("--no-config", "--select", "CL006,CL007", "--fix", "README.md", cwd=tmp_path)
    assert path.read_bytes() == expected


TOKENS = [
    "no", "No", "yes", "on", "OFF", "1:30", "012", "0o12", "08", "1e3", "+.5", "-.5", "2023-01-01", "2023-01-01T12:00:00Z",
    "true", "False", "null", "~", "12", "-3", "1.5", "1.0e+3", "0x1F", "1_000", ".inf", ".nan", "text", "y", "'no'", '"on"', "nb-NO",
]
leaves = st.sampled_from(TOKENS)
trees = st.recursive(
    leaves,
    lambda inner: st.lists(inner, min_size=1, max_size=3) | st.dictionaries(st.sampled_from(["a", "b", "name", "value"]), inner, min_size=1, max_size=3),
    max_leaves=10,
)


def render(tree, indent=""):
    """Block-style YAML for ``tree``, whose leaves are written as they are (plain, or quoted by the token itself)."""
    lines = []
    for key, value in (tree.items() if isinstance(tree, dict) else enumerate(tree)):
        lead = f"{indent}{key}:" if isinstance(tree, dict) else f"{indent}-"
        if isinstance(value, str):
            lines.append(f"{lead} {value}")
        else:
            lines.append(lead)
            lines.extend(render(value, indent + "  "))
    return lines


def differing_paths(hub, pyyaml, path=()):
    """The oracle: where the plain data of the two readers differ, compared without nodes, spans or the rule's code."""
    if isinstance(hub, dict) and isinstance(pyyaml, dict):
        return {found for key in hub for found in differing_paths(hub[key], pyyaml.get(key), (*path, key))}
    if isinstance(hub, list) and isinstance(pyyaml, list):
        return {found for index, pair in enumerate(zip(hub, pyyaml)) for found in differing_paths(*pair, (*path, index))}
    same = type(hub) is type(pyyaml) and (hub == pyyaml or (isinstance(hub, float) and math.isnan(hub) and math.isnan(pyyaml)))
    return set() if same else {format_key_path(path)}


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["language", "tags", "model-index", "x"]), trees, min_size=1, max_size=3))
def test_reported_paths_are_exactly_where_the_two_readings_differ(metadata):
    block = "\n".join(render(metadata)) + "\n"
    text = f"---\n{block}---\n"
    hub = Card.parse(decode(text.encode(), "README.md")).metadata
    assert {finding.key_path for finding in found(text)} == differing_paths(hub, yaml.safe_load(block))
    assert found(text, "CL007") == []
    assert all(finding.fix is None for finding in found(fixed(text)))


def test_a_block_beyond_the_pure_loaders_limit_is_read_with_libyaml_alone():
    """A hostile megabyte of metadata costs no pure-Python read; its values are still compared."""
    text = "---\ndescription: " + "x" * 1_000_000 + "\t\nlanguage: no\n---\n"
    assert lint(text, select=["CL006", "CL007"]) == [("CL006", 3, 11)]


def readers_module():
    """The loaded ``rules/yaml_readers.py`` (rule modules are loaded by path, not as a package)."""
    import sys

    from cardlint import registry

    return sys.modules[registry.load()["CL006"].check.__module__]


def ruamel_reading(block):
    """cardlint's own (the Hub's) reading of ``block``, or None when it is not a mapping it can read."""
    card = Card.parse(decode(f"---\n{block}---\n".encode(), "README.md"))
    return card.metadata if card.has_metadata else None


ALIKE_KEYS = ["license", "tags", "model-index", "name", "a_b", "x.y", "'quoted key'", '"on"', "on", "Yes", "n", "true", "<<", "1", "é"]
ALIKE_VALUES = [
    *TOKENS, "mit", "apache-2.0", "text-generation", "0.93", "-0.5", "0", "00", "1.", ".5", "v1.2.3", "1.2.3", "e5", "E1", "inf", "NaN",
    "TRUE", "tRue", "NULL", "nULL", "Y", "N", "0.93 +/- 0.01", "2001-12-14 21:59:43.10 -5", "2001-12-14 21", "yes no", "a - b", "- x", "-x y",
    "a (b), c's", "'it''s'", '"a b: c"', '"a\\/b"', '"a\\tb"', "'a\tb'", "a\tb", "[]", "{}", "[a, b]", "{a: 1}", "|", ">-", "&a x", "*a",
    "!!str x", "? x", "%x", "@x", "`x`", "a #b", "a: b", "=", "x\u2028y", "x\x85y", "\ufeffx", "'é ü'", "a  b", "12:30", "1e3 x", "= x",
]


def test_blocks_written_in_the_alike_subset_read_the_same_in_pyyaml():
    """The oracle is PyYAML itself: wherever the subset test spares it, safe_load must give exactly cardlint's reading."""
    import random

    reads_alike = readers_module()._reads_alike
    rng = random.Random(20261202)
    spared = 0
    for _ in range(4000):
        lines = []
        for _ in range(rng.randint(1, 4)):
            shape = rng.randrange(4)
            key, value = rng.choice(ALIKE_KEYS), rng.choice(ALIKE_VALUES)
            lines.append([f"{key}: {value}", f"{key}:\n- {value}", f"{key}:\n- {rng.choice(ALIKE_KEYS)}: {value}  # note", f"{key}:\n  name: {value}"][shape])
        block = "\n".join(lines) + "\n"
        hub = ruamel_reading(block)
        if hub is None or not reads_alike(block):
            continue
        spared += 1
        assert yaml.safe_load(block) == hub and not differing_paths(hub, yaml.safe_load(block)), block
    assert spared > 200


@needs_shared
def test_every_real_card_the_subset_test_spares_reads_the_same_in_pyyaml():
    reads_alike = readers_module()._reads_alike
    spared = checked = 0
    for path in sorted(CORPUS.glob("*.md")) + sorted((SHARED / "corpus-hub" / "cards").glob("*.md")):
        card = Card.parse(decode(path.read_bytes(), path.name))
        if not card.has_metadata:
            continue
        checked += 1
        if reads_alike(card.front_matter.yaml):
            spared += 1
            pyyaml = yaml.safe_load(card.front_matter.yaml)
            assert pyyaml == card.metadata and not differing_paths(card.metadata, pyyaml), path.name
    assert spared > checked * 0.8


def test_pyyaml_is_loaded_only_for_a_card_outside_the_subset(tmp_path):
    """What the subset is for: a card written in it is checked without importing PyYAML."""
    import subprocess
    import sys

    probe = "import sys; from cardlint.api import lint_text; lint_text(sys.stdin.read()); print('yaml' in sys.modules)"

    def loads_pyyaml(card):
        result = subprocess.run([sys.executable, "-c", probe], input=card, capture_output=True, text=True, cwd=ROOT, timeout=120)
        return result.stdout.strip()

    assert loads_pyyaml("---\nlicense: mit\nlanguage:\n- en\n---\n# Model\n") == "False"
    assert loads_pyyaml("---\nlicense: mit\nlanguage:\n- no\n---\n# Model\n") == "True"
