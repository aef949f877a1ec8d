"""CL102: `language` entries that are not ISO 639 codes the Hub accepts, and what to write instead."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from cardlint.model import Fix, Problem
from cardlint.patterns import lazy
from cardlint.resources import load_json
from cardlint.rule import rule
from cardlint.suggest import certain, closest


@rule("CL102", "invalid-language", "error", "`language` entry not an ISO 639-1/2/3 code", fix="write the code of a language named in full or in capitals (`English` -> `en`) and the current code of a withdrawn one (`jw` -> `jv`, `iw` -> `he`); regional tags and language pairs are left to you")
def invalid_language(card, options):
    """
    ## What it does
    Checks every `language` entry against the codes the Hub accepts: ISO
    639-1 (`en`), ISO 639-2 in both its bibliographic and terminology forms,
    collective codes included (`ger`, `deu`, `afa`, `cpp`), ISO 639-3 (`yue`),
    and the special values huggingface_hub documents (`code`, `multilingual`).
    For anything else it says what to write:

    - a language name or capitals: `English` -> `en`, `EN` -> `en`;
    - a withdrawn code: `jw` -> `jv`, `iw` -> `he`, `in` -> `id`, `mo` -> `ro`;
    - a region or script: `zh-CN` -> `zh`, the full tag going to `language_bcp47`;
    - two languages in one entry: `ru-en` or `Italian English` -> `[ru, en]`,
      `[it, en]` (a lower-case second part is read as a region only where
      CLDR lists the language as official there: `pt-br` is Brazilian
      Portuguese, `en-de` a pair);
    - an ISO 639-5 group code (`zle`) or a code reserved for local use (`qtd`):
      the languages themselves.

    ## Why is this bad?
    The Hub requires lower-case ISO 639 codes (`"language[0]" must only contain
    lowercase characters`) and, since 2026, refuses any value that is not an
    ISO 639-1, 639-2 or 639-3 code (huggingface_hub#3862). A wrong code also
    hides the model from the language filter.

    ## Example
    ```markdown
    ---
    language:
    - English
    - jw
    ---
    ```

    ## Use instead
    ```markdown
    ---
    language:
    - en
    - jv
    ---
    ```
    """
    vocab = load_json("rules", "data/vocab-names.json")
    for violation in card.violations:
        if violation.rule != "CL102":
            continue
        value = str(violation.instance)
        advice = advise(value, violation.schema["enum"], vocab)
        span = card.locate(violation.path)
        fix = Fix(f"replace `{value}` with `{advice.replacement}`", (card.replace(span, advice.replacement),)) if advice.replacement else None
        yield Problem(span, f"`{violation.key_path}` is {value!r}, {advice.reason}", key_path=violation.key_path, help=advice.help, fix=fix)


class Advice(NamedTuple):
    """Why a value is refused, what to write instead, and the replacement when it is the only possible one."""

    reason: str
    help: str
    replacement: str | None = None


NOT_A_CODE = "which is not an ISO 639 language code"
_LOCAL_USE = lazy(r"q[a-t][a-z]")
_SUBTAGS = lazy(r"[-_]")
_WORDS = lazy(r"\s*(?:[,;/&+]|\band\b|\s)\s*", re.IGNORECASE)
_UNKNOWN = frozenset({"noinfo", "unknown", "unk", "none", "n/a", "na", "null", "nan"})


def advise(value: str, codes: list[str], vocab: dict) -> Advice:
    """What to tell the author about ``value``, from the most certain reading to the least."""
    names, iso = vocab["language"], vocab["iso639"]
    lowered = value.strip().lower()
    if lowered in iso["legacy"]:
        return Advice("a code ISO 639 has withdrawn", f"use `{iso['legacy'][lowered]}`, the current code for that language", iso["legacy"][lowered])
    if lowered in iso["groups"]:
        return Advice(f"the ISO 639-5 code of a group of languages ({iso['groups'][lowered]}), which the Hub does not accept", "list the languages of the group, each by its own ISO 639-1, 639-2 or 639-3 code")
    if _LOCAL_USE.fullmatch(lowered):
        return Advice("a code ISO 639-2 reserves for local use (qaa-qtz), which the Hub does not accept", "list the languages it stands for, each by its own ISO 639 code")
    sure = certain(value, codes, names)
    if sure:
        return Advice(NOT_A_CODE, f"use `{sure}`", sure)
    known = frozenset(codes)
    tagged = _tag(value, known, vocab["official-languages"])
    if tagged:
        return tagged
    if lowered in _UNKNOWN:
        return Advice(NOT_A_CODE, "remove the key, or write `und` (undetermined) if the language is not known")
    common = frozenset(vocab["iso639-1"])
    words = [word for word in _WORDS.split(value.strip()) if word]
    parts = [certain(word, codes, names) or closest(word, codes, names, cutoff=0.9, fuzzy=common) for word in words]
    if len(parts) == 1 and parts[0]:
        return Advice(NOT_A_CODE, f"use `{parts[0]}`")
    if len(parts) > 1 and all(parts):
        return _several(parts)
    guess = closest(value, codes, names, cutoff=0.9, fuzzy=common)
    if guess:
        return Advice(NOT_A_CODE, f"use `{guess}`")
    return Advice(NOT_A_CODE, "use an ISO 639-1 code such as `en`, or an ISO 639-2 or 639-3 code such as `yue`")


def _tag(value: str, known: frozenset, official: dict) -> Advice | None:
    """A tag built of a language and a region or script (`zh-CN`, `sr-Latn`), or codes joined (`ru-en`).

    Only the case and CLDR tell the two apart: `pt-BR` and `pt-br` are
    Brazilian Portuguese (Portuguese is official in Brazil), while `en-de` and
    `ru-en` are language pairs. Neither reading is applied as a fix.
    """
    first, *rest = [part for part in _SUBTAGS.split(value.strip()) if part] or [""]
    base = first.lower()
    if base not in known:
        return None
    if not rest:
        return Advice(NOT_A_CODE, f"use `{base}`")
    second = rest[0]
    territory = second.upper()
    region_cased = len(second) == 2 and second.isupper() and not first.isupper()
    others = [part.lower() for part in rest]
    if not region_cased and territory not in official.get(base, ()) and all(other in known and other != base for other in others):
        alternative = f" (if `{second}` is a region, use `{base}` and put `{base}-{territory}` in `language_bcp47`)" if len(rest) == 1 and territory in _territories() else ""
        return _several([base, *others], alternative)
    if len(second) == 4 and second.isalpha():
        full = "-".join([base, second.title(), *(part.upper() for part in rest[1:])])
        return Advice("a language with a script", f"use `{base}`: the Hub takes ISO 639 codes without a script or region (put `{full}` in `language_bcp47`)")
    if territory in _territories() or second.isdigit():
        full = "-".join([base, territory, *rest[1:]])
        return Advice("a language with a region", f"use `{base}`: the Hub takes ISO 639 codes without a region (put `{full}` in `language_bcp47`)")
    return Advice(NOT_A_CODE, f"use `{base}`: the Hub takes the bare ISO 639 code")


def _several(codes: list[str], alternative: str = "") -> Advice:
    """Advice for one entry that names several languages: each gets its own."""
    count = "a pair of languages" if len(codes) == 2 else f"{len(codes)} languages"
    return Advice(f"{count} in one entry", f"write each language as its own entry: `[{', '.join(codes)}]`{alternative}")


@functools.cache
def _territories() -> frozenset:
    """Every CLDR territory where some language is official (`DE`, `BR`; not `EN`)."""
    official = load_json("rules", "data/vocab-names.json")["official-languages"]
    return frozenset(territory for territories in official.values() for territory in territories)
