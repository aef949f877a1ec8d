"""GitHub code scanning's ``primaryLocationLineHash``, computed as upload-sarif computes it.

Code scanning matches an alert across commits by this hash of the text
starting at the alert's line, so it survives unrelated lines moving. Giving
it ourselves means results uploaded through the API (where upload-sarif's own
pass does not run) are matched the same way. The algorithm, as the fact sheet
describes codeql-action's ``fingerprints.ts``: read the file as UTF-16 code
units, drop spaces, tabs and an LF right after a CR, turn CR into LF; keep a
rolling hash (multiplier 37, wrapping 64-bit) over a 100-unit window; a line's
value is the hash once the 100 units starting at it are read (at the end of
the text a 65535 unit, then zeros); write it as lower-case hex with ``:N``
numbering repeats.
"""

from __future__ import annotations

from array import array

_BLOCK = 100
_MASK = (1 << 64) - 1
_MULTIPLIER = 37
_FIRST_MOD = pow(_MULTIPLIER, _BLOCK, 1 << 64)
_SPACE, _TAB, _LF, _CR, _EOF = 32, 9, 10, 13, 65535


def line_hashes(text: str) -> dict[int, str]:
    """``primaryLocationLineHash`` of every 1-based line of ``text`` (the file as decoded, BOM included)."""
    units = array("H", text.encode("utf-16-le"))
    window = [0] * _BLOCK
    line_numbers = [-1] * _BLOCK
    state = {"hash": 0, "index": 0}
    counts: dict[str, int] = {}
    result: dict[int, str] = {}

    def output() -> None:
        value = format(state["hash"], "x")
        counts[value] = counts.get(value, 0) + 1
        result[line_numbers[state["index"]]] = f"{value}:{counts[value]}"
        line_numbers[state["index"]] = -1

    def update(unit: int) -> None:
        index = state["index"]
        leaving = window[index]
        window[index] = unit
        state["hash"] = (_MULTIPLIER * state["hash"] + unit - _FIRST_MOD * leaving) & _MASK
        state["index"] = (index + 1) % _BLOCK

    line = 0
    line_start = True
    previous_cr = False
    for unit in (*units, _EOF):
        if unit in (_SPACE, _TAB) or (previous_cr and unit == _LF):
            previous_cr = False
            continue
        if unit == _CR:
            unit, previous_cr = _LF, True
        else:
            previous_cr = False
        if line_numbers[state["index"]] != -1:
            output()
        if line_start:
            line_start = False
            line += 1
            line_numbers[state["index"]] = line
        if unit == _LF:
            line_start = True
        update(unit)
    for _ in range(_BLOCK):
        if line_numbers[state["index"]] != -1:
            output()
        update(0)
    return result
