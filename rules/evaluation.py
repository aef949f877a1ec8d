"""CL501-CL507: evaluation results that are not numbers, not plausible, or not honest."""

import math

from cardlint import metrics
from cardlint.model import Fix, Problem, format_key_path
from cardlint.packs import range_for
from cardlint.rule import Option, rule
from cardlint.schema import describe, validate

RANGES = Option("metric-ranges", default={}, type=dict, help="metric type -> {min, max, bounded}, on top of the rule packs' ranges")


def _values(card):
    """Every metric value with a function that locates it in its own file."""
    for value in metrics.model_index_values(card.metadata):
        yield value, card.locate
    for file, document in card.eval_results:
        if document.data is not None:
            for value in metrics.eval_results_values(file, document.data):
                yield value, lambda path, key=False, document=document: document.locate(path, key)


def _problem(value, locate, message, help_text=None):
    return Problem(locate(value.path), message, key_path=format_key_path(value.path), help=help_text, file=value.file)


@rule("CL501", "metric-not-numeric", "warning", "a `model-index` metric `value` that is not a number (`\"Faster\"`, `\"~50%\"`, `N/A`)")
def metric_not_numeric(card, options):
    """
    ## What it does
    Reports a metric `value` in `model-index` (or in an `.eval_results` file)
    that is not a number. A number with its uncertainty, `"20.0 ± 1.2"`, is a
    number.

    ## Why is this bad?
    Leaderboards, the Hub's evaluation widget and every tool that compares
    models read these values as numbers; `"Faster"` or `"~50%"` cannot be
    sorted, plotted or compared.

    ## Example
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - type: accuracy
          value: Faster
    ---
    ```

    ## Use instead
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - type: accuracy
          value: 0.93
    ---
    ```
    """
    for value, locate in _values(card):
        if value.number is not None:
            continue
        where = format_key_path(value.path)
        percent = metrics.percent_text(value.raw)
        if percent is not None:
            help_text = f"write the number alone: `{metrics.as_written(percent)}` (a percentage) or `{float(percent) / 100:g}` (a fraction)"
        elif value.raw is None or (isinstance(value.raw, str) and value.raw.strip().lower() in ("n/a", "na", "none", "-", "")):
            help_text = "remove the metric if it was not measured"
        else:
            help_text = "write the measured number, e.g. `0.93`; a range or note belongs in the metric's `name` or the card text"
        yield _problem(value, locate, f"`{where}` is {metrics.shown(value.raw)}, which is not a number", help_text)


@rule("CL502", "metric-out-of-range", "warning", "a metric value outside the sane range for its type", options=(RANGES,))
def metric_out_of_range(card, options):
    """
    ## What it does
    Checks metric values against the range of their `type`: accuracy, F1,
    precision, recall, BLEU, ROUGE, pass@k and other bounded metrics must lie
    in 0..1 or, as a percentage, 0..100 (Matthews correlation in -1..1); WER,
    CER and loss must not be negative; perplexity is at least 1. The table is
    data (`rules/metric-ranges.yaml`), extended by rule packs and by
    `metric-ranges` in the configuration; metric types it does not list are not
    checked.

    ## Why is this bad?
    An accuracy of 150 or -0.2 is a typo or a unit mix-up, and it lands on
    leaderboards as it is.

    ## Example
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - type: accuracy
          value: 150
    ---
    ```

    ## Use instead
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - type: accuracy
          value: 97.5
    ---
    ```
    """
    ranges = options["metric-ranges"]
    for value, locate in _values(card):
        number = value.number
        found = range_for(ranges, value.metric_type) if value.metric_type else None
        if number is None or found is None or _within(number, found):
            continue
        yield _problem(value, locate, f"`{value.metric_type}` value {metrics.as_written(value.raw)} is outside {_describe(found)}", "check the value and its unit")


def _within(number: float, found) -> bool:
    low, high = _bounds(found)
    if low <= number <= high:
        return True
    return found.bounded and 100 * low <= number <= 100 * high


def _bounds(found) -> tuple[float, float]:
    return (-math.inf if found.min is None else found.min, math.inf if found.max is None else found.max)


def _describe(found) -> str:
    if found.min is not None and found.max is not None:
        text = f"{found.min:g}..{found.max:g}"
        return text + (f" (or {100 * found.min:g}..{100 * found.max:g} as a percentage)" if found.bounded else "")
    return f">= {found.min:g}" if found.min is not None else f"<= {found.max:g}"


@rule("CL503", "metric-mixed-scale", "warning", "one card reports the same bounded metric both as a fraction and as a percentage", options=(RANGES,))
def metric_mixed_scale(card, options):
    """
    ## What it does
    Reports a bounded metric (one that may be written as a fraction or a
    percentage) that a card writing its values as fractions also writes as a
    percentage: `accuracy: 0.91` and `f1: 0.90` in one result, `accuracy:
    93.2` in another.

    Only a value above 1 is surely a percentage; a value below 1 may be a
    small percentage (`precision_at_100: 0.996` on a card of percentages). So
    the rule speaks only when most of the card's bounded values are
    fractions, and never about retrieval metrics at a cutoff (`ndcg_at_10`,
    `recall_at_1000`, `pass@k`), whose values legitimately range from under 1%
    to near 100% from one task to the next. Values 0 and 1 fit both scales
    and are not counted; values outside the range are CL502's.

    ## Why is this bad?
    Readers and leaderboards compare the numbers as they are: 0.91 looks
    a hundred times worse than 93.2.

    ## Example
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - {type: accuracy, value: 0.91}
        - {type: f1, value: 0.90}
      - task: {type: text-classification}
        dataset: {type: sst2, name: SST-2}
        metrics:
        - {type: accuracy, value: 93.2}
    ---
    ```

    ## Use instead
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - {type: accuracy, value: 0.91}
        - {type: f1, value: 0.90}
      - task: {type: text-classification}
        dataset: {type: sst2, name: SST-2}
        metrics:
        - {type: accuracy, value: 0.932}
    ---
    ```
    """
    ranges = options["metric-ranges"]
    scales: dict[str, dict[str, list]] = {"fraction": {}, "percentage": {}}
    for value, locate in _values(card):
        number = value.number
        found = range_for(ranges, value.metric_type) if value.metric_type else None
        scale = _scale(number, found) if number is not None and found is not None and found.bounded else None
        if scale is not None:
            scales[scale].setdefault(value.metric_type.strip().lower(), []).append((value, locate))
    fractions, percentages = scales["fraction"], scales["percentage"]
    if sum(map(len, fractions.values())) <= sum(map(len, percentages.values())):
        return
    for metric_type, written in percentages.items():
        if metric_type not in fractions or metrics.at_cutoff(metric_type):
            continue
        value, locate = written[0]
        fraction, fraction_locate = fractions[metric_type][0]
        yield _problem(
            value, locate,
            f"`{metric_type}` is written as a percentage here ({metrics.as_written(value.raw)}), but this card writes most values "
            f"as fractions ({metrics.as_written(fraction.raw)} on line {fraction_locate(fraction.path).line})",
            "write every value of this metric on one scale",
        )


def _scale(number: float, found) -> str | None:
    """"fraction" or "percentage" when the value can only be read one way; None for 0, 1 and values out of range."""
    if abs(number) in (0.0, 1.0):
        return None
    low, high = _bounds(found)
    if low <= number <= high and abs(number) < 1:
        return "fraction"
    if 100 * low <= number <= 100 * high and abs(number) > 1:
        return "percentage"
    return None


@rule("CL504", "self-verified", "info", "`verified: true` without a `verifyToken`")
def self_verified(card, options):
    """
    ## What it does
    Reports metrics marked `verified: true` that have no `verifyToken`, one
    finding per result.

    ## Why is this bad?
    Only the Hub's evaluation service verifies results, and it proves it with
    the token; huggingface_hub documents `verified` as "automatically
    computed by Hugging Face, do not set". Without the token the Hub does not
    list the result as verified. The evaluator's own early results carry no
    token either (its bot later opened pull requests adding one), so the fix
    is to accept that pull request, or, for a flag set by hand, to remove it.

    ## Example
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - {type: accuracy, value: 0.93, verified: true}
    ---
    ```

    ## Use instead
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - {type: accuracy, value: 0.93}
    ---
    ```
    """
    for result_path, result in metrics.model_index_results(card.metadata):
        listed = result.get("metrics")
        unproven = [
            (*result_path, "metrics", index, "verified")
            for index, metric in enumerate(listed if isinstance(listed, list) else [])
            if isinstance(metric, dict) and metric.get("verified") is True and not metric.get("verifyToken")
        ]
        if unproven:
            path = unproven[0]
            more = f" (and {len(unproven) - 1} more metric{'s' if len(unproven) > 2 else ''} of this result)" if len(unproven) > 1 else ""
            yield Problem(
                card.locate(path),
                f"`{format_key_path(path)}` is true but there is no `verifyToken`{more}, so nothing proves the Hub's evaluator produced it",
                key_path=format_key_path(path),
                help="if the Hub's evaluator produced this result, accept its pull request that adds `verifyToken`; otherwise remove `verified: true`",
            )


@rule("CL505", "eval-on-train-split", "info", "results reported on the `train` split")
def eval_on_train_split(card, options):
    """
    ## What it does
    Reports a `model-index` result whose `dataset.split` is `train`, and asks
    the author to check the label.

    ## Why is this bad?
    Readers take a reported score for a score on held-out data. Often the
    label is what is wrong: the Trainer records `split: train` for an
    evaluation set carved out of the training data. If the score really was
    measured on training examples, it says how well the model fits them,
    not how well it generalises. Either way the card should say which.

    ## Example
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB, split: train}
        metrics:
        - {type: accuracy, value: 0.99}
    ---
    ```

    ## Use instead
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB, split: validation}
        metrics:
        - {type: accuracy, value: 0.93}
    ---
    ```
    """
    for result_path, result in metrics.model_index_results(card.metadata):
        dataset = result.get("dataset")
        split = dataset.get("split") if isinstance(dataset, dict) else None
        if isinstance(split, str) and split.strip().lower() in ("train", "training"):
            path = (*result_path, "dataset", "split")
            yield Problem(
                card.locate(path),
                f"these results are labelled as measured on the `{split}` split; check the label",
                key_path=format_key_path(path),
                help="if they were measured on examples held out from training (e.g. carved out of `train`), name that split "
                     "(`validation`, `test`); if on training examples, say so in the card: they do not show how the model generalises",
            )


@rule("CL506", "quoted-metric-value", "info", "a metric `value` that is a number written as a string (`\"0.91\"`)", fix="write the number without quotes")
def quoted_metric_value(card, options):
    """
    ## What it does
    Reports a metric `value` that is a plain number in quotes, `"0.91"`.
    (A number with its uncertainty, `"20.0 ± 1.2"`, has to be a string and is
    not reported.)

    ## Why is this bad?
    Tools that read `model-index` get a string and must guess; some sort it
    as text ("9.5" > "10.1") or skip it.

    ## Example
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - {type: accuracy, value: "0.93"}
    ---
    ```

    ## Use instead
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task: {type: text-classification}
        dataset: {type: imdb, name: IMDB}
        metrics:
        - {type: accuracy, value: 0.93}
    ---
    ```
    """
    for value, locate in _values(card):
        if metrics.quoted_number(value.raw):
            number = value.raw.strip()
            problem = _problem(value, locate, f"`{format_key_path(value.path)}` is the string {metrics.shown(value.raw)}, not a number", f"write it without quotes: `{metrics.as_written(number)}`")
            if value.file is None:
                problem = problem._replace(fix=Fix(f"write {number} without quotes", (card.replace(problem.span, number, quoted=False),)))
            yield problem


@rule("CL507", "eval-results-shape", "error", "an `.eval_results/*.yaml` file that does not have the documented shape")
def eval_results_shape(card, options):
    """
    ## What it does
    Checks each `.eval_results/*.yaml` file next to the card against
    `schemas/evalresults.schema.json`: a list of results, each with
    `dataset.id` (a Hub dataset id), `dataset.task_id` and a `value`, and a
    `source.url` whenever a `source` is given. YAML errors in these files are
    reported here too.

    ## Why is this bad?
    The Hub and huggingface_hub read these files into evaluation results;
    a malformed one raises (`source.name` without `source.url` is a
    ValueError) or is dropped.

    ## Example
    ```markdown
    ---
    license: mit
    ---
    ```

    ```yaml file=.eval_results/mmlu.yaml
    - dataset:
        id: cais/mmlu
      value: 0.71
      source:
        name: Open LLM Leaderboard
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    ```

    ```yaml file=.eval_results/mmlu.yaml
    - dataset:
        id: cais/mmlu
        task_id: mmlu
      value: 0.71
      source:
        url: https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard
        name: Open LLM Leaderboard
    ```
    """
    for file, document in card.eval_results:
        for _, problem in document.problems:
            yield Problem(problem.span, problem.message, help=problem.help, file=file)
        if document.data is None:
            continue
        for violation in validate(document.data, "evalresults"):
            span = document.locate(violation.path) or document.locate(())
            yield Problem(span, describe(violation), key_path=violation.key_path, file=file)
