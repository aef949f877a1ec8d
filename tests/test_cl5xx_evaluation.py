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
    """The Hub accepts any metric value (huggingface_hub types it Any): a warning for readers and leaderboards, not an error."""
    [finding] = findings(card(("accuracy", value)), select=["CL501"])
    assert (finding.line, finding.column, finding.key_path, finding.severity.value) == (8, 31, "model-index[0].results[0].metrics[0].value", "warning")
    assert help_fragment in finding.help


@pytest.mark.parametrize(("value", "shown"), [("", "empty"), ("true", "true"), ("[1, 2]", "[1, 2]"), ("2022-01-01", "'2022-01-01'")])
def test_not_numeric_values_are_shown_as_yaml_reads_them(value, shown):
    [finding] = findings(card(("accuracy", value)), select=["CL501"])
    assert finding.message == f"`model-index[0].results[0].metrics[0].value` is {shown}, which is not a number"


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


def results(*rows):
    """A model-index with one result per row of (dataset, [(type, value), ...])."""
    body = "".join(
        f"  - task: {{type: t}}\n    dataset: {{type: {name}, name: {name}}}\n    metrics:\n" + "".join(f"    - {{type: {t}, value: {v}}}\n" for t, v in metrics)
        for name, metrics in rows
    )
    return f"---\nmodel-index:\n- name: m\n  results:\n{body}---\n"


def test_mixed_scale_on_a_card_of_fractions_points_at_the_percentage():
    text = results(("imdb", [("accuracy", 0.91), ("f1", 0.9)]), ("sst2", [("accuracy", 93.2), ("f1", 0.92)]))
    [finding] = findings(text, select=["CL503"])
    assert (finding.line, finding.column, finding.severity.value) == (13, 31, "warning")
    assert finding.message == "`accuracy` is written as a percentage here (93.2), but this card writes most values as fractions (0.91 on line 8)"


@pytest.mark.parametrize("rows", [
    [("imdb", [("accuracy", 0.91)]), ("sst2", [("accuracy", 93.2)])],
    [("imdb", [("accuracy", 0.6), ("f1", 0.4)]), ("sst2", [("accuracy", 93.2), ("f1", 92.1)]), ("cola", [("accuracy", 81.0)])],
    [("imdb", [("accuracy", 0.0), ("f1", 1)]), ("sst2", [("accuracy", 93.2)])],
], ids=["one-each", "mostly-percentages", "zero-and-one-fit-both"])
def test_below_one_on_a_card_of_percentages_is_a_small_percentage(rows):
    assert lint(results(*rows), select=["CL503"]) == []


def test_metrics_at_a_cutoff_are_never_mixed_scale():
    """precision_at_100 runs from under 1% to tens of percent across tasks, whichever scale the card uses."""
    rows = [("a", [("precision_at_100", 0.996), ("ndcg_at_10", 0.41), ("recall@5", 0.2), ("pass@1", 0.3)]),
            ("b", [("precision_at_100", 5.4), ("ndcg_at_10", 45.1), ("recall@5", 30), ("pass@1", 12.5), ("accuracy", 0.8)])]
    assert lint(results(*rows), select=["CL503"]) == []


MTEB = [
    ("mteb/amazon_counterfactual", [("accuracy", 74.34328358208955), ("ap", 37.59947775195661), ("f1", 68.548415491933)]),
    ("mteb/arguana", [("map_at_1", 25.889), ("map_at_10", 40.949999999999996), ("mrr_at_1", 26.316), ("ndcg_at_10", 49.897), ("precision_at_1", 25.889),
                      ("precision_at_10", 7.639), ("precision_at_100", 0.996), ("precision_at_1000", 0.1), ("recall_at_1", 25.889), ("recall_at_1000", 99.289)]),
    ("mteb/scifact", [("map_at_1", 48.011), ("ndcg_at_10", 60.82), ("precision_at_100", 1.093), ("precision_at_1000", 0.12), ("recall_at_100", 91.5)]),
    ("mteb/biosses-sts", [("cos_sim_pearson", 87.1), ("cos_sim_spearman", 84.3), ("euclidean_pearson", 85.5), ("manhattan_spearman", 84.1)]),
    ("mteb/arxiv-clustering-p2p", [("v_measure", 47.62)]),
    ("mteb/sprintduplicatequestions-pairclassification", [("cos_sim_accuracy", 99.77), ("cos_sim_ap", 94.44), ("cos_sim_f1", 88.0), ("max_ap", 94.5)]),
    ("mteb/tatoeba-bitext-mining", [("accuracy", 0.6), ("f1", 0.4126984126984127), ("precision", 0.35), ("recall", 0.6), ("main_score", 0.4126984126984127)]),
    ("mteb/askubuntudupquestions-reranking", [("map", 58.28), ("mrr", 71.69)]),
]


def test_an_mteb_card_of_percentages_has_no_scale_or_range_finding():
    assert lint(results(*MTEB), select=["CL5"]) == []


def test_self_verified_and_train_split():
    text = card(("accuracy", "0.9, verified: true"), split="train")
    assert lint(text, select=["CL504", "CL505"]) == [("CL505", 6, 46), ("CL504", 8, 46)]
    assert lint(card(("accuracy", "0.9, verified: true, verifyToken: abc")), select=["CL504"]) == []


def test_self_verified_is_one_suggestion_per_result():
    """The Hub's evaluator wrote `verified: true` without a token before tokens existed: one defect per result, a suggestion."""
    text = card(("rouge", "38.2, verified: true"), ("rouge", "12.3, verified: true"), ("rouge", "21.4, verified: true"), ("loss", "2.1, verified: false"))
    [finding] = findings(text, select=["CL504"])
    assert (finding.line, finding.column, finding.severity.value) == (8, 44, "info")
    assert finding.message == ("`model-index[0].results[0].metrics[0].verified` is true but there is no `verifyToken` "
                               "(and 2 more metrics of this result), so nothing proves the Hub's evaluator produced it")
    assert "accept its pull request" in finding.help


def test_train_split_asks_to_check_the_label():
    """Trainer cards record `split: train` for an evaluation set carved out of the training data: no claim of memorisation."""
    [finding] = findings(card(("accuracy", 0.9), split="train"), select=["CL505"])
    assert (finding.line, finding.column, finding.severity.value) == (6, 46, "info")
    assert finding.message == "these results are labelled as measured on the `train` split; check the label"
    assert "memoris" not in finding.message + finding.help and "held out from training" in finding.help
    assert lint(card(("accuracy", 0.9), split="'train[90%:]'"), select=["CL505"]) == []


BIG = "9" * 400


@pytest.mark.parametrize(("value", "expected"), [
    (BIG, [("CL502", "`accuracy` value 99999999... (400 digits) is outside 0..1")]),
    ("-" + BIG, [("CL502", "`accuracy` value -9999999... (400 digits) is outside 0..1")]),
    ("0x" + "f" * 400, [("CL502", "(482 digits) is outside 0..1")]),
    ("1e309", [("CL502", "`accuracy` value inf is outside")]),
    ("!!float 1e400", [("CL502", "`accuracy` value inf is outside")]),
    ("-.inf", [("CL502", "`accuracy` value -inf is outside")]),
    (f"'{BIG}'", [("CL502", "`accuracy` value 9999999999999999999999999999999999999... is outside"), ("CL506", "is the string '9999999999999999999999999999999999999...', not a number")]),
    ("'1e309'", [("CL502", "`accuracy` value 1e309 is outside"), ("CL506", "is the string '1e309', not a number")]),
    ("'-inf'", [("CL501", "is '-inf', which is not a number")]),
    (".nan", [("CL501", "is nan, which is not a number")]),
    (f"'{BIG}%'", [("CL501", "is '9999999999999999999999999999999999999...', which is not a number")]),
    (f"'{BIG} ± 1'", [("CL502", "value 9999999999999999999999999999999999999... is outside")]),
], ids=["400-digits", "minus-400-digits", "hex-400", "1e309", "float-tag-1e400", "minus-inf", "quoted-400-digits", "quoted-1e309", "quoted-minus-inf", "nan", "400-digit-percent", "400-digits-uncertain"])
def test_values_of_any_size_never_crash(value, expected):
    text = card(("accuracy", value), ("accuracy", 0.5), ("f1", 0.5), ("accuracy", 0.7))
    got = findings(text, select=["CL5"])
    assert [(f.rule, f.line, f.column) for f in got] == [(rule, 8, 31) for rule, _ in expected]
    for finding, (_, fragment) in zip(got, expected):
        assert fragment in finding.message


def test_huge_value_in_an_eval_results_file(tmp_path):
    (tmp_path / ".eval_results").mkdir()
    (tmp_path / ".eval_results" / "mmlu.yaml").write_text(f"- dataset:\n    id: cais/mmlu\n    task_id: mmlu\n  value: {BIG}\n- dataset:\n    id: cais/mmlu\n    task_id: mmlu\n  value: '-inf'\n")
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# M\n")
    got = [(f.rule, f.line, f.column, f.message) for f in lint_file(tmp_path / "README.md", Config(select=("CL5",)))]
    assert got == [("CL501", 8, 10, "`[1].value` is '-inf', which is not a number")]


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
