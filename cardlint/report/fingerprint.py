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


class _Window:
    """The last 100 kept units, their rolling hash, and which line starts at each slot."""

    def __init__(self) -> None:
        self.units = [0] * _BLOCK
        self.lines = [-1] * _BLOCK
        self.index = 0
        self.hash = 0
        self.counts: dict[str, int] = {}
        self.result: dict[int, str] = {}

    def emit(self) -> None:
        """Record the hash for the line that started 100 units ago, if one did."""
        line = self.lines[self.index]
        if line == -1:
            return
        value = format(self.hash, "x")
        self.counts[value] = self.counts.get(value, 0) + 1
        self.result[line] = f"{value}:{self.counts[value]}"
        self.lines[self.index] = -1

    def push(self, unit: int) -> None:
        leaving = self.units[self.index]
        self.units[self.index] = unit
        self.hash = (_MULTIPLIER * self.hash + unit - _FIRST_MOD * leaving) & _MASK
        self.index = (self.index + 1) % _BLOCK


def line_hashes(text: str) -> dict[int, str]:
    """``primaryLocationLineHash`` of every 1-based line of ``text`` (the file as decoded, BOM included)."""
    window = _Window()
    line = 0
    line_start = True
    previous_cr = False
    for unit in (*array("H", text.encode("utf-16-le")), _EOF):
        if unit in (_SPACE, _TAB) or (previous_cr and unit == _LF):
            previous_cr = False
            continue
        previous_cr = unit == _CR
        if previous_cr:
            unit = _LF
        window.emit()
        if line_start:
            line_start = False
            line += 1
            window.lines[window.index] = line
        line_start = unit == _LF
        window.push(unit)
    for _ in range(_BLOCK):
        window.emit()
        window.push(0)
    return window.result
