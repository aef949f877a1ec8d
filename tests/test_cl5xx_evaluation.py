"""CL501-CL507: metric values in model-index and in .eval_results files."""

import pytest
from conftest import findings, lint

from cardlint.api import lint_file
from cardlint.config import Config


def card(*metrics, split="test"):
    rows = "".join(f"    - {{type: {t}, value: {v}}}\n" for t, v in metrics)
    return f"---\nmodel-index:\n- name: m\n  results:\n  - task: {{type: text-classification}}\n    dataset: {{type: imdb, name: IMDB, split: {split}}}\n    metrics:\n{rows}---\n"


@pytest.mark.parametrize(("value", "help_fragment"), [("Faster", "write the measured number"), ('"~50%"', "`50` (a percentage) or `0.5`"), ("N/A", "remove the metric")])
def test_not_numeric(value, help_fragment):
    [finding] = findings(card(("accuracy", value)), select=["CL501"])
    assert (finding.line, finding.column, finding.key_path) == (8, 31, "model-index[0].results[0].metrics[0].value")
    assert help_fragment in finding.help


def test_value_with_uncertainty_is_a_number():
    assert lint(card(("accuracy", '"20.0 ± 1.2"'), ("f1", '"0.5 +/- 0.1"')), select=["CL5"]) == []


@pytest.mark.parametrize(("metric", "value", "bad"), [("accuracy", 97.5, False), ("accuracy", 150, True), ("accuracy", -0.2, True), ("matthews_correlation", -0.4, False), ("wer", 1.7, False), ("wer", -1, True), ("perplexity", 0.5, True), ("rougeL", 45.1, False), ("pass@1", 101, True), ("my_metric", 1e9, False)])
def test_ranges(metric, value, bad):
    expected = [("CL502", 8, 23 + len(metric))] if bad else []
    assert lint(card((metric, value)), select=["CL502"]) == expected


def test_range_message():
    [finding] = findings(card(("accuracy", 150)), select=["CL502"])
    assert finding.message == "`accuracy` value 150 is outside 0..1 (or 0..100 as a percentage)"


def test_config_overrides_ranges():
    assert lint(card(("accuracy", 150)), select=["CL502"], **{"metric-ranges": {"accuracy": {"min": 0, "max": 200}}}) == []
    assert lint(card(("bleurt", 2)), select=["CL502"], **{"metric-ranges": {"bleurt": {"min": -1, "max": 1}}}) == [("CL502", 8, 29)]


def test_mixed_scale_points_at_the_minority():
    [finding] = findings(card(("accuracy", 0.91), ("accuracy", 93.2), ("accuracy", 88.0), ("f1", 1)), select=["CL503"])
    assert (finding.line, finding.column) == (8, 31)
    assert finding.message == "`accuracy` is written as a fraction here (0.91) but the other way on line 9 (93.2)"


def test_self_verified_and_train_split():
    text = card(("accuracy", "0.9, verified: true"), split="train")
    assert lint(text, select=["CL504", "CL505"]) == [("CL505", 6, 46), ("CL504", 8, 46)]
    assert lint(card(("accuracy", "0.9, verified: true, verifyToken: abc")), select=["CL504"]) == []


def test_quoted_number():
    [finding] = findings(card(("accuracy", '"0.93"')), select=["CL501", "CL506"])
    assert (finding.rule, finding.line, finding.column, finding.help) == ("CL506", 8, 31, "write it without quotes: `0.93`")


def test_eval_results_files(tmp_path):
    (tmp_path / ".eval_results").mkdir()
    (tmp_path / ".eval_results" / "mmlu.yaml").write_text("- dataset:\n    id: cais/mmlu\n  value: Faster\n  source:\n    name: me\n")
    (tmp_path / "models").mkdir()
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# M\n")
    got = [(f.rule, f.path, f.line, f.column) for f in lint_file(tmp_path / "README.md", Config(select=("CL5",)))]
    path = str(tmp_path / ".eval_results" / "mmlu.yaml")
    assert got == [("CL507", path, 1, 3), ("CL501", path, 3, 10), ("CL507", path, 4, 3)]


def test_eval_results_yaml_error(tmp_path):
    (tmp_path / ".eval_results").mkdir()
    (tmp_path / ".eval_results" / "x.yaml").write_text("- dataset: [a\n")
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n")
    [finding] = lint_file(tmp_path / "README.md", Config(select=("CL507",)))
    assert finding.path.endswith(".eval_results/x.yaml") and "invalid YAML" in finding.message


def test_crlf_bom_positions():
    text = "\ufeff" + card(("accuracy", "Faster"), ("accuracy", 150)).replace("\n", "\r\n")
    assert lint(text, select=["CL501", "CL502"]) == [("CL501", 8, 31), ("CL502", 9, 31)]
