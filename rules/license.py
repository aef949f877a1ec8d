"""CL101 and CL105: the `license` key and its companions."""

from cardlint.model import Fix, Problem, format_key_path
from cardlint.resources import load_json
from cardlint.rule import rule
from cardlint.suggest import certain, closest


@rule("CL101", "invalid-license", "error", "`license` not a Hub license identifier", fix="write the Hub id when the value can only mean one (`MIT` -> `mit`)")
def invalid_license(card, options):
    """
    ## What it does
    Checks every `license` value against the Hub's list of license ids and
    suggests the closest one: `MIT` -> `mit`, `Apache 2.0` -> `apache-2.0`,
    `GPL-3.0` -> `gpl-3.0`.

    ## Why is this bad?
    The Hub's license list is a strict, lower-case enum: a push with any other
    value is rejected with `"license" must be one of [apache-2.0, mit, ...]`.

    ## Example
    ```markdown
    ---
    license: MIT
    ---
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    ```
    """
    names = load_json("rules", "data/vocab-names.json")["license"]
    for violation in card.violations:
        if violation.rule != "CL101":
            continue
        value = violation.instance
        suggestion = closest(value, violation.schema["enum"], names)
        if suggestion:
            help_text = f"use `{suggestion}`" + (" (Hub license ids are lower-case)" if suggestion == value.lower() else "")
        else:
            help_text = "use an id from https://huggingface.co/docs/hub/repositories-licenses, or `license: other` with `license_name` and `license_link`"
        span = card.locate(violation.path)
        sure = certain(value, violation.schema["enum"], names)
        fix = Fix(f"replace `{value}` with `{sure}`", (card.replace(span, sure),)) if sure else None
        yield Problem(span, f"`{violation.key_path}` is {value!r}, which is not a Hub license id", key_path=violation.key_path, help=help_text, fix=fix)


@rule("CL105", "license-other-incomplete", "warning", "`license: other` without `license_name` and `license_link`")
def license_other_incomplete(card, options):
    """
    ## What it does
    Reports `license: other` when `license_name` or `license_link` is missing.

    ## Why is this bad?
    The Hub accepts `license: other` alone, but then users cannot tell which
    license applies or where to read it; the Hub documents `license_name` (a
    short id) and `license_link` (a file in the repo or a URL) for exactly
    this case.

    ## Example
    ```markdown
    ---
    license: other
    ---
    ```

    ## Use instead
    ```markdown
    ---
    license: other
    license_name: my-license-1.0
    license_link: LICENSE
    ---
    ```
    """
    missing = [violation.path[-1] for violation in card.violations if violation.rule == "CL105"]
    if missing:
        keys = " and ".join(f"`{key}`" for key in missing)
        license = card.metadata.get("license")
        path = ("license", license.index("other")) if isinstance(license, list) and "other" in license else ("license",)
        yield Problem(
            card.locate(path),
            f"`license: other` needs {keys}",
            key_path=format_key_path(path),
            help="add `license_name: <short-id>` and `license_link: LICENSE` (a file in the repo or a URL), or use a Hub license id if one fits",
        )
