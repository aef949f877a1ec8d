"""CL110-CL111: dataset and Space vocabulary keys: values outside the Hub's lists, and dataset keys on a model card."""

from cardlint.model import Problem
from cardlint.rule import rule
from cardlint.suggest import closest

LEGACY_TASKS = {
    "sentiment-analysis": "text-classification",
    "text-scoring": "text-classification",
    "conditional-text-generation": "text-generation",
    "sequence-modeling": "text-generation",
    "structure-prediction": "token-classification",
    "speech-processing": "automatic-speech-recognition",
}
"""Task categories of the 2021-era `datasets` cards that the Hub's list replaced (fact sheet §5)."""


@rule("CL110", "invalid-vocabulary-value", "warning", "a dataset or Space metadata value that is not in the Hub's vocabulary")
def invalid_vocabulary_value(card, options):
    """
    ## What it does
    Checks dataset card values (`task_categories`, `task_ids`,
    `size_categories`, `annotations_creators`, `language_creators`,
    `multilinguality`) and Space settings (`sdk`, `colorFrom`/`colorTo`,
    `suggested_hardware`, `suggested_storage`, `header`) against the Hub's
    vocabularies, and suggests the closest allowed value.

    ## Why is this bad?
    The Hub files datasets under these values (the task and size filters) and
    builds Spaces from these settings; a value it does not know hides the
    dataset from its filters, and a wrong `sdk` or colour breaks the Space page.

    ## Example
    ```markdown
    ---
    task_categories:
    - sentiment-analysis
    size_categories: 10K<n<100k
    ---
    ```

    ## Use instead
    ```markdown
    ---
    task_categories:
    - text-classification
    size_categories: 10K<n<100K
    ---
    ```
    """
    for violation in card.violations:
        if violation.rule != "CL110":
            continue
        title = violation.schema.get("title", "value")
        suggestion = LEGACY_TASKS.get(violation.instance) if violation.path[0] == "task_categories" else None
        allowed = violation.schema["enum"]
        suggestion = suggestion or closest(violation.instance, allowed, cutoff=0.8)
        if suggestion:
            help_text = f"use `{suggestion}`"
        elif len(allowed) <= 16:
            help_text = f"use one of: {', '.join(allowed)}"
        else:
            help_text = f"use a {title} the Hub lists (https://huggingface.co/tasks), or remove the value"
        yield Problem(card.locate(violation.path), f"`{violation.key_path}` is {violation.instance!r}, which is not a Hub {title}", key_path=violation.key_path, help=help_text)


DATASET_TASK_KEYS = ("task_categories", "task_ids")
"""Dataset keys that say what task the data is for; on a model, `pipeline_tag` says it."""


@rule("CL111", "dataset-key-on-model-card", "warning", "`task_categories` or `task_ids` on a model card, where the Hub reads `pipeline_tag`")
def dataset_key_on_model_card(card, options):
    """
    ## What it does
    Reports `task_categories` and `task_ids` in the metadata of a model card
    (a card with `pipeline_tag`, `library_name`, `model-index` or
    `base_model`, or one forced to `--kind model`), and points at
    `pipeline_tag`, the key the Hub reads for a model's task. Their values are
    not checked against the dataset vocabulary (CL110 checks dataset cards only).

    ## Why is this bad?
    The Hub reads these keys only on dataset cards. On a model card they are
    ignored: the model is not listed under that task, and no widget follows
    from it. They are usually copied from the dataset's card.

    ## Example
    ```markdown
    ---
    library_name: transformers
    task_categories:
    - text-classification
    ---
    ```

    ## Use instead
    ```markdown
    ---
    library_name: transformers
    pipeline_tag: text-classification
    ---
    ```
    """
    if card.kind != "model":
        return
    metadata = card.metadata
    for key in DATASET_TASK_KEYS:
        if key not in metadata:
            continue
        pipeline_tag = metadata.get("pipeline_tag")
        values = metadata[key] if isinstance(metadata[key], list) else [metadata[key]]
        task = next((value for value in values if isinstance(value, str) and value.strip()), None)
        if pipeline_tag:
            help_text = f"remove `{key}`: `pipeline_tag` already names the model's task"
        elif task and key == "task_categories":
            help_text = f"write `pipeline_tag: {LEGACY_TASKS.get(task, task)}` instead"
        else:
            help_text = "name the model's task with `pipeline_tag` instead"
        yield Problem(card.locate((key,), key=True), f"`{key}` is a dataset card key; the Hub ignores it on a model card", key_path=key, help=help_text)
