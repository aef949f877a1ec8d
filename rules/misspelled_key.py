"""CL107: top-level keys one edit away from a key the Hub reads."""

from cardlint.model import Fix, Problem
from cardlint.rule import rule
from cardlint.schema import schema_for, validate
from cardlint.suggest import one_edit_apart


@rule("CL107", "misspelled-key", "warning", "a top-level key one edit away from a known key", fix="rename the key when the right one is not already there")
def misspelled_key(card, options):
    """
    ## What it does
    Reports a top-level metadata key that is not one the Hub reads but is one
    edit (a letter added, dropped, changed or swapped, or `_` for `-`) away
    from one: `licence`, `pipeline-tag`, `languages`, `tag`. The fix renames
    the key only when the right one is absent and the value is valid under it
    (a 2021-style per-config `languages` mapping is left for you).

    ## Why is this bad?
    The Hub keeps unknown keys without complaint, so a misspelt key is
    silently ignored: the model shows no license, no task, no language.

    ## Example
    ```markdown
    ---
    licence: mit
    ---
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    ```
    """
    known = list(schema_for(f"{card.kind}card")["properties"])
    for key in card.metadata:
        if key in known:
            continue
        target = next((candidate for candidate in known if one_edit_apart(key.lower(), candidate)), None)
        if target is None:
            continue
        present = target in card.metadata
        help_text = f"rename it to `{target}`" + (f" (and merge it with the `{target}` already there)" if present else "")
        span = card.locate((key,), key=True)
        fix = None if present or not _valid_as(card, target, card.metadata[key]) else Fix(f"rename `{key}` to `{target}`", (card.replace(span, target),))
        yield Problem(span, f"`{key}` is not a key the Hub reads; did you mean `{target}`?", key_path=key, help=help_text, fix=fix)


def _valid_as(card, key: str, value) -> bool:
    """True when ``value`` is valid under ``key``: renaming must not turn an ignored key into a rejected one."""
    return not validate({key: value}, f"{card.kind}card")
