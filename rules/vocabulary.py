"""CL110: dataset and Space metadata values outside the Hub's vocabularies."""

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


@rule("CL110", "invalid-vocabulary-value", "error", "a dataset or Space metadata value that is not in the Hub's vocabulary")
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
