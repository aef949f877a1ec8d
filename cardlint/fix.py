"""Applying safe fixes to a card: exact edits in the original text, checked before anything is written.

Each fix is a set of edits at spans that the parsers reported, so every byte
outside the fixed values stays as it was: comments, key order, quoting,
indentation, the BOM and each line's own line ending. After each round the
metadata block is read with ruamel.yaml's round-trip loader (the loader that
keeps comments and styles) and the card is linted again; fixes repeat until
none applies, which makes ``--fix`` twice the same as ``--fix`` once. A round
whose result does not load is refused, and the card is left untouched.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from pathlib import Path
from typing import NamedTuple

from cardlint import frontmatter, source
from cardlint.frontmatter import Status
from cardlint.model import Edit, Finding

MAX_ROUNDS = 10
_BREAK = re.compile(r"\r\n|\r|\n")


class FixError(Exception):
    """Fixing a card would not leave valid metadata; the message names the card."""


class Fixed(NamedTuple):
    """The fixed card (None when nothing changed), how many fixes were applied, and what is left."""

    source: source.Source | None
    count: int
    findings: list[Finding]


def fix(lint, text: source.Source) -> Fixed:
    """Apply the fixes that ``lint(source)`` offers until none is left."""
    current, applied = text, 0
    findings = lint(current)
    for _ in range(MAX_ROUNDS):
        fixes = [finding.fix for finding in findings if finding.fix is not None and finding.path == current.path]
        if not fixes:
            break
        original = current.raw.decode("utf-8-sig")
        updated, count = apply(original, [fix.edits for fix in fixes])
        if count == 0 or updated == original:
            break
        _check(updated, current.path)
        current = source.decode((b"\xef\xbb\xbf" if current.bom else b"") + updated.encode("utf-8"), current.path)
        applied += count
        findings = lint(current)
    return Fixed(current if applied else None, applied, findings)


def apply(text: str, fixes: list[tuple[Edit, ...]]) -> tuple[str, int]:
    """``text`` with every fix whose edits do not overlap an earlier fix's; and how many were applied."""
    starts = [0] + [match.end() for match in _BREAK.finditer(text)]

    def offset(line: int, column: int) -> int:
        if line > len(starts):
            return len(text)
        return min(starts[line - 1] + column - 1, len(text))

    chosen: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    count = 0
    for edits in fixes:
        ranges = [(offset(e.span.line, e.span.column), offset(e.span.end_line, e.span.end_column), e.text) for e in edits]
        if any(start < end2 and start2 < end for start, end, _ in ranges for start2, end2 in taken):
            continue
        chosen += ranges
        taken += [(start, end) for start, end, _ in ranges]
        count += 1
    for start, end, replacement in sorted(chosen, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, count


def _check(text: str, path: str) -> None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    block = frontmatter.locate(_BREAK.sub("\n", text))
    if block.status is not Status.FOUND:
        raise FixError(f"{path}: fixing would remove the metadata block; nothing was changed")
    try:
        YAML(typ="rt").load(block.yaml)
    except YAMLError as error:
        raise FixError(f"{path}: fixing would leave invalid YAML ({str(error).splitlines()[0]}); nothing was changed") from None


def diff(before: source.Source, after: source.Source) -> str:
    """A unified diff of the card before and after fixing, as ``--diff`` prints it."""
    old = before.raw.decode("utf-8-sig").splitlines(keepends=True)
    new = after.raw.decode("utf-8-sig").splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, f"a/{before.path}", f"b/{after.path}"))


def write(path: Path, fixed: source.Source) -> None:
    """Replace ``path`` with the fixed card atomically, keeping its permissions."""
    mode = path.stat().st_mode
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".cardlint", delete=False)
    try:
        with handle:
            handle.write(fixed.raw)
        os.chmod(handle.name, mode & 0o7777)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
