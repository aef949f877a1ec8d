"""CL102: `language` entries that are not ISO 639 codes."""

from cardlint.model import Fix, Problem
from cardlint.resources import load_json
from cardlint.rule import rule
from cardlint.suggest import certain, closest


@rule("CL102", "invalid-language", "error", "`language` entry not an ISO 639-1/2/3 code", fix="write the code of a language named in full or in capitals (`English` -> `en`); regional tags are left alone")
def invalid_language(card, options):
    """
    ## What it does
    Checks every `language` entry against the ISO 639-1 and 639-3 codes the Hub
    knows, and suggests the code for a language name or a regional tag:
    `English` -> `en`, `EN` -> `en`, `zh-CN` -> `zh`.

    ## Why is this bad?
    The Hub requires lower-case ISO 639 codes (`"language[0]" must only contain
    lowercase characters`) and, since 2026, refuses names and BCP-47 tags. A
    wrong code also hides the model from the language filter.

    ## Example
    ```markdown
    ---
    language:
    - English
    ---
    ```

    ## Use instead
    ```markdown
    ---
    language:
    - en
    ---
    ```
    """
    vocab = load_json("rules", "data/vocab-names.json")
    names, common = vocab["language"], frozenset(vocab["iso639-1"])
    for violation in card.violations:
        if violation.rule != "CL102":
            continue
        value = violation.instance
        codes = violation.schema["enum"]
        base = value.replace("_", "-").split("-")[0]
        suggestion = closest(value, codes, names, cutoff=0.9, fuzzy=common) or (closest(base, codes, names, cutoff=0.9, fuzzy=common) if base != value else None)
        if suggestion and "-" in value.replace("_", "-") and suggestion == base.lower():
            help_text = f"use `{suggestion}`: the Hub takes ISO 639 codes without a region (put regional detail in `language_bcp47`)"
        elif suggestion:
            help_text = f"use `{suggestion}`"
        else:
            help_text = "use an ISO 639-1 code such as `en`, or an ISO 639-3 code such as `yue`"
        span = card.locate(violation.path)
        sure = certain(value, codes, names)
        fix = Fix(f"replace `{value}` with `{sure}`", (card.replace(span, sure),)) if sure else None
        yield Problem(span, f"`{violation.key_path}` is {value!r}, which is not an ISO 639 language code", key_path=violation.key_path, help=help_text, fix=fix)
