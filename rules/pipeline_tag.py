"""CL103: `pipeline_tag` values that are not Hub tasks."""

from cardlint.model import Problem
from cardlint.rule import rule
from cardlint.suggest import closest

RETIRED = {
    "text2text-generation": "text-generation",
    "conversational": "text-generation",
}
"""Tags the Hub removed (huggingface.js #1590, 2025-07-09; #457, 2024-02-20) and what replaced them."""


@rule("CL103", "invalid-pipeline-tag", "warning", "`pipeline_tag` not a Hub task")
def invalid_pipeline_tag(card, options):
    """
    ## What it does
    Checks `pipeline_tag` against the Hub's task list and suggests the closest
    task (`text-generator` -> `text-generation`), including the replacements for
    retired tags such as `text2text-generation` and `conversational`.

    ## Why is this bad?
    The pipeline tag decides which widget and which inference snippet the Hub
    shows and where the model is listed; an unknown tag gets neither, and the
    Hub flags it with a metadata warning.

    ## Example
    ```markdown
    ---
    pipeline_tag: text-generator
    ---
    ```

    ## Use instead
    ```markdown
    ---
    pipeline_tag: text-generation
    ---
    ```
    """
    for violation in card.violations:
        if violation.rule != "CL103":
            continue
        value = violation.instance
        if value in RETIRED:
            message = f"`pipeline_tag` {value!r} is no longer a Hub task"
            suggestion = RETIRED[value]
        else:
            message = f"`pipeline_tag` is {value!r}, which is not a Hub task"
            suggestion = closest(value, violation.schema["enum"], cutoff=0.7)
        help_text = f"use `{suggestion}`" if suggestion else "pick a task from https://huggingface.co/tasks"
        yield Problem(card.locate(violation.path), message, key_path=violation.key_path, help=help_text)
