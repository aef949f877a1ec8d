"""CL104: `library_name` values the Hub does not know."""

from cardlint.model import Problem
from cardlint.rule import rule
from cardlint.suggest import closest

NOT_LIBRARIES = {
    "pytorch": "pytorch",
    "torch": "pytorch",
    "tensorflow": "tensorflow",
    "tf": "tensorflow",
    "jax": "jax",
    "flax": "jax",
    "onnx": "onnx",
    "safetensors": "safetensors",
    "gguf": "gguf",
}
"""Frameworks and file formats people put in `library_name`; the Hub lists libraries, not these (model-libraries.ts)."""

RENAMED = {"scikit-learn": "sklearn", "keras-nlp": "keras-hub", "pytorch-lightning": None, "lightning": None}


@rule("CL104", "unknown-library", "warning", "`library_name` not a library the Hub knows")
def unknown_library(card, options):
    """
    ## What it does
    Checks `library_name` against the libraries the Hub knows (case matters)
    and suggests the right key: `Transformers` -> `transformers`,
    `scikit-learn` -> `sklearn`. Frameworks and file formats (`pytorch`,
    `tensorflow`, `onnx`, `gguf`) are not library names at all.

    ## Why is this bad?
    The library decides the "Use this model" snippet and the download counter;
    an unknown one gets neither, and users cannot filter by it.

    ## Example
    ```markdown
    ---
    library_name: pytorch
    ---
    ```

    ## Use instead
    ```markdown
    ---
    tags:
    - pytorch
    ---
    ```
    """
    for violation in card.violations:
        if violation.rule != "CL104":
            continue
        value = violation.instance
        lowered = value.lower()
        if lowered in NOT_LIBRARIES:
            help_text = (
                f"`{value}` is a framework or file format, not a Hub library: remove `library_name` and add a "
                f"`{NOT_LIBRARIES[lowered]}` tag, or name the library that loads the model"
            )
        elif lowered in RENAMED:
            replacement = RENAMED[lowered]
            help_text = f"use `{replacement}`" if replacement else "the Hub has no library key for it: remove `library_name` or use a tag"
        else:
            suggestion = closest(value, violation.schema["enum"], cutoff=0.75)
            help_text = f"use `{suggestion}`" if suggestion else "use a key from https://huggingface.co/docs/hub/models-libraries, or remove `library_name`"
        yield Problem(card.locate(violation.path), f"`library_name` is {value!r}, which is not a library the Hub knows", key_path=violation.key_path, help=help_text)
