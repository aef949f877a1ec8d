"""CL106: references to other Hub repositories that are not repository ids."""

from cardlint.model import Problem
from cardlint.patterns import lazy
from cardlint.rule import rule

_HUB_URL = lazy(r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?:datasets/|spaces/)?([\w.-]+(?:/[\w.-]+)?)/?$")


@rule("CL106", "invalid-repo-id", "error", "`base_model`, `datasets`, `new_version` or a model-index dataset type that is not a repo id")
def invalid_repo_id(card, options):
    """
    ## What it does
    Checks that `base_model`, `datasets`, `new_version` and every
    `model-index` `dataset.type` is a Hub repository id, `name` or
    `owner/name`; for a Hub URL it suggests the id inside it.

    ## Why is this bad?
    The Hub links models to their base models and datasets through these ids.
    It refuses local paths and prose (`"datasets[0]" with value
    "/var/hf/images/" is not valid`), and spaces in a model-index dataset type
    fail its pattern.

    ## Example
    ```markdown
    ---
    datasets:
    - https://huggingface.co/datasets/stanfordnlp/imdb
    ---
    ```

    ## Use instead
    ```markdown
    ---
    datasets:
    - stanfordnlp/imdb
    ---
    ```
    """
    for violation in card.violations:
        if violation.rule != "CL106":
            continue
        value = violation.instance
        url = _HUB_URL.match(value.strip())
        if url:
            help_text = f"use `{url.group(1)}`"
        elif value.startswith(("/", "./", "../", "~")) or "\\" in value:
            help_text = "this looks like a local path: use the id of the repository on the Hub"
        elif not value.strip():
            help_text = "fill in the repository id or remove the entry"
        else:
            help_text = "use the repository id, `name` or `owner/name` (letters, digits, `-`, `_`, `.`; no spaces)"
        yield Problem(
            card.locate(violation.path),
            f"`{violation.key_path}` is {value!r}, which is not a Hub repository id",
            key_path=violation.key_path,
            help=help_text,
        )
