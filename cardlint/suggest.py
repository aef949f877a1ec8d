""""Did you mean": the closest allowed value to what a user wrote.

Tried in order: the same id once case, spaces and underscores are ignored
(``Apache 2.0`` -> ``apache-2.0``); a known human name for the id (``English``
-> ``en``, ``MIT License`` -> ``mit``); then a close spelling (difflib).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from cardlint.patterns import lazy

_SEPARATORS = lazy(r"[\s_]+")
_LICENSE_SUFFIX = lazy(r"(?<!\s)\s+licen[sc]e$")
"""`` license`` at the end; tried from the start of each run of spaces only, so that a long run is read once."""


def normalize(text: str) -> str:
    return _SEPARATORS.sub("-", text.strip().lower())


def closest(
    value: str,
    choices: Iterable[str],
    names: Mapping[str, str] | None = None,
    cutoff: float = 0.8,
    fuzzy: Iterable[str] | None = None,
) -> str | None:
    """The allowed value ``value`` most likely meant, or None when nothing is close.

    Spelling is compared only against ``fuzzy`` when given (for the 8,000
    language codes, the common ones), since difflib is slow on long lists.
    """
    by_normal = _by_normal(tuple(choices))
    found = certain(value, by_normal, names)
    if found:
        return found
    import difflib

    wanted = normalize(value)
    candidates = [normalize(choice) for choice in fuzzy] if fuzzy is not None else list(by_normal)
    match = difflib.get_close_matches(wanted, candidates, n=1, cutoff=cutoff)
    if match and match[0] in by_normal:
        return by_normal[match[0]]
    if names:
        named = [name for name, target in names.items() if fuzzy is None or target in fuzzy]
        match = difflib.get_close_matches(value.strip().lower(), named, n=1, cutoff=cutoff)
        if match:
            return names[match[0]]
    return None


def certain(value: str, choices, names: Mapping[str, str] | None = None) -> str | None:
    """The allowed value ``value`` can only mean: the same once case and separators are ignored, or a known name.

    Only these suggestions are safe to apply as fixes; spelling guesses are not.
    """
    by_normal = choices if isinstance(choices, dict) else _by_normal(tuple(choices))
    wanted = normalize(value)
    if wanted in by_normal:
        return by_normal[wanted]
    if names:
        lowered = value.strip().lower()
        for candidate in (lowered, _LICENSE_SUFFIX.sub("", lowered), _SEPARATORS.sub(" ", lowered)):
            if candidate in names:
                return names[candidate]
    return None


@functools.lru_cache(maxsize=32)
def _by_normal(choices: tuple[str, ...]) -> dict[str, str]:
    return {normalize(choice): choice for choice in choices}


def one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [index for index, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    for index in range(len(longer)):
        if longer[:index] + longer[index + 1:] == shorter:
            return True
    return False
