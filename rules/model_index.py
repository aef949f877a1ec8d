"""CL108: a `model-index` the Hub cannot read."""

from cardlint.model import Problem
from cardlint.rule import rule
from cardlint.schema import describe

_HELP = "each result needs `task: {type}`, `dataset: {type, name}` and `metrics: [{type, value}]`; see https://huggingface.co/docs/hub/model-cards#evaluation-results"


@rule("CL108", "model-index-shape", "error", "`model-index` that the Hub cannot read")
def model_index_shape(card, options):
    """
    ## What it does
    Checks the shape of `model-index`: a non-empty list of entries with a
    `name` and `results`, each result with `task.type`, `dataset.type` and
    `dataset.name`, and `metrics` whose items have a `type` and a `value`.

    ## Why is this bad?
    huggingface_hub fails with "Invalid `model_index` in metadata cannot be
    parsed" (or drops every result with `ignore_metadata_errors`), and the Hub
    shows no evaluation results and no leaderboard entry.

    ## Example
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task:
          type: text-classification
        metrics:
        - type: accuracy
          value: 0.91
    ---
    ```

    ## Use instead
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task:
          type: text-classification
        dataset:
          type: stanfordnlp/imdb
          name: IMDB
        metrics:
        - type: accuracy
          value: 0.91
    ---
    ```
    """
    for violation in card.violations:
        if violation.rule != "CL108":
            continue
        message = describe(violation)
        if violation.keyword == "required":
            message += "; the Hub cannot read this model-index"
        yield Problem(card.locate(violation.path), message, key_path=violation.key_path, help=_HELP)
