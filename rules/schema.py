"""CL100: any schema violation of the metadata that no more specific rule owns."""

from cardlint.model import Problem
from cardlint.rule import rule
from cardlint.schema import GENERIC_RULE, describe, hint


@rule("CL100", "schema", "error", "any other JSON Schema violation of the metadata (type, shape), with the key path")
def schema(card, options):
    """
    ## What it does
    Checks the metadata against cardlint's JSON Schema of Hub card metadata
    and reports each violation that no more specific rule reports: a wrong
    type, an empty value, an empty list. The message names the key path
    (`widget`, `co2_eq_emissions.emissions`) and what the value must be,
    with what to write instead where the schema says (`widget` as a list,
    the form the Hub's validator demands even for the `structuredData` table
    that skops writes as a mapping).

    ## Why is this bad?
    The Hub refuses pushes whose metadata has the wrong shape ("`widget` must
    be an array", "`base_model` is not allowed to be empty"), and huggingface_hub
    drops or misreads such values.

    ## Example
    ```markdown
    ---
    license: mit
    widget:
      text: Hello
    ---
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    widget:
    - text: Hello
    ---
    ```
    """
    for violation in card.violations:
        if violation.rule == GENERIC_RULE:
            yield Problem(card.locate(violation.path), describe(violation), key_path=violation.key_path, help=hint(violation))
