"""CL602: a Space whose `app_file` is not in the repository."""

from cardlint.model import Problem
from cardlint.rule import rule


@rule("CL602", "missing-app-file", "warning", "a Space's `app_file` that is not next to the card")
def missing_app_file(card, options):
    """
    ## What it does
    On a Space card, checks that the file named by `app_file` exists in the
    folder holding the card (or, for `hf://spaces/...`, in the Space's files).

    ## Why is this bad?
    The Space's build starts `app_file`; when it is missing the Space fails
    to start, which its README alone does not show.

    ## Example
    ```markdown
    ---
    sdk: gradio
    app_file: app.py
    ---
    ```

    ## Use instead
    ```markdown
    ---
    sdk: gradio
    app_file: app.py
    ---
    ```

    ```python file=app.py
    import gradio as gr
    ```
    """
    app_file = card.metadata.get("app_file")
    if card.kind != "space" or card.repo is None or not isinstance(app_file, str) or not app_file.strip():
        return
    if not card.repo.exists(app_file.strip().lstrip("./")):
        yield Problem(card.locate(("app_file",)), f"`app_file` is {app_file!r}, which is not in the Space's files", key_path="app_file", help="commit the file, or point `app_file` at the script that starts the Space")
