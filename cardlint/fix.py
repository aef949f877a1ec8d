"""Applying safe fixes to a card: exact edits in the original text, checked before anything is written.

Each fix is a set of edits at spans that the parsers reported, so every byte
outside the fixed values stays as it was: comments, key order, quoting,
indentation, the BOM and each line's own line ending. Fixes repeat in rounds
until none applies, which makes ``--fix`` twice the same as ``--fix`` once.

Three guards stand between a rule's edit and the file, none of which trusts
the rule:

- :func:`vet` (run by the linter on every card) drops every fix that edits
  text standing for a value used in more than one place (an anchored value,
  an alias, a merge key): the edit would change the other places too, or the
  wrong text.
- each fix is applied only if the metadata read back equals the original
  except at the key paths of the findings fixed so far (a renamed key keeps
  its value, a deleted list item is the item at that path). A fix that fails
  this on its own is dropped and its finding says why; the others still apply.
- :func:`write` replaces the card only if it still holds the bytes that were
  read, and writes through a symbolic link to the file it points at.
"""

from __future__ import annotations

import bisect
import errno
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from cardlint import frontmatter, source, yamlload
from cardlint.frontmatter import Status
from cardlint.model import Edit, Finding, format_key_path
from cardlint.patterns import lazy

MAX_ROUNDS = 10
_BREAK = lazy(r"\r\n|\r|\n")
_NOT_FIXED = "not fixed automatically: "
_LINE = lazy(r"[^\n]*\n|[^\n]+")
"""A line as ``git apply`` and ``patch`` read one: up to ``\\n`` only (``\\r``, form feeds and U+2028 are text)."""


class Fixed(NamedTuple):
    """The fixed card (None when nothing changed), how many fixes were applied, what is left, and the card's findings as read.

    ``before`` is what to report when the fixed card cannot be written: the
    card on disk still has all of them.
    """

    source: source.Source | None
    count: int
    findings: list[Finding]
    before: list[Finding]


class WriteError(Exception):
    """The fixed card was not written; the message is one line and names the card."""


def fix(lint, text: source.Source) -> Fixed:
    """Apply the fixes that ``lint(source)`` offers until none is left."""
    current, applied = text, 0
    findings = before = lint(current)
    for _ in range(MAX_ROUNDS):
        updated, count, findings = _round(current, findings)
        if count == 0 or updated == current.raw.decode("utf-8-sig"):
            break
        current = source.decode((b"\xef\xbb\xbf" if current.bom else b"") + updated.encode("utf-8"), current.path)
        applied += count
        findings = lint(current)
    return Fixed(current if applied else None, applied, findings, before)


def vet(findings: list[Finding], meta: yamlload.Metadata) -> list[Finding]:
    """``findings`` with every fix that edits a shared value taken away, the finding's help saying why.

    The linter runs it on every card's findings (:func:`cardlint.linter.check`),
    so no report and no API caller is ever offered a fix that ``--fix`` would refuse.
    """
    result = []
    for finding in findings:
        reasons = [meta.sharing(edit.span) for edit in finding.fix.edits] if finding.fix is not None else []
        reason = next(filter(None, reasons), None)
        result.append(unfixed(finding, reason) if reason else finding)
    return result


def unfixed(finding: Finding, reason: str) -> Finding:
    """``finding`` without its fix, its help saying why it is not fixed."""
    note = f"{_NOT_FIXED}{reason}"
    return finding._replace(fix=None, help=f"{finding.help}; {note}" if finding.help else note)


def refused(findings: list[Finding]) -> int:
    """How many of ``findings`` had a fix that was refused (see :func:`unfixed`)."""
    return sum(1 for finding in findings if finding.help and _NOT_FIXED in finding.help)


def _round(current: source.Source, findings: list[Finding]) -> tuple[str, int, list[Finding]]:
    """One round: the text with every fix that passes the check, how many passed, and the findings.

    Fixes whose edits overlap an earlier fix's wait for the next round, which
    lints the text this one made. The others are checked together, and a
    group that fails is split in halves until each failing fix is found, so a
    round costs one reading of the metadata unless a fix is refused. A fix
    that fails next to fixes already accepted also waits for the next round;
    one that fails on its own is refused, and its finding says why.
    """
    original = current.raw.decode("utf-8-sig")
    before = _metadata(current)
    paths = {format_key_path(path): path for path in before.spans if path} if before is not None else {}
    starts = [0] + [match.end() for match in _BREAK.finditer(original)]
    fixable = {index: finding for index, finding in enumerate(findings) if finding.fix is not None and finding.path == current.path}
    ranges = {index: [_range(starts, len(original), edit) for edit in finding.fix.edits] for index, finding in fixable.items()}
    accepted: list[int] = []
    refusals: dict[int, str] = {}

    def check(group: list[int]) -> str | None:
        allowed = {paths[fixable[index].key_path] for index in group if fixable[index].key_path in paths}
        return _changes(before, _apply(original, [r for index in group for r in ranges[index]]), allowed)

    def settle(group: list[int]) -> None:
        reason = check(accepted + group) if group else None
        if reason is None:
            accepted.extend(group)
        elif len(group) == 1:
            if not accepted:
                refusals[group[0]] = reason
        else:
            settle(group[: len(group) // 2])
            settle(group[len(group) // 2 :])

    pending = list(fixable)
    while pending:
        batch, pending = _apart(pending, ranges)
        settle(batch)
        if accepted:
            break
    text = _apply(original, [r for index in accepted for r in ranges[index]])
    return text, len(accepted), [unfixed(finding, refusals[index]) if index in refusals else finding for index, finding in enumerate(findings)]


def _apart(indices: list[int], ranges: dict[int, list[tuple[int, int, str]]]) -> tuple[list[int], list[int]]:
    """``indices`` split into fixes whose edits overlap no earlier one's, and the rest."""
    taken: list[tuple[int, int]] = []
    kept, rest = [], []
    for index in indices:
        spans = [(start, end) for start, end, _ in ranges[index]]
        if any(_overlaps(taken, start, end) for start, end in spans):
            rest.append(index)
            continue
        kept.append(index)
        for span in spans:
            bisect.insort(taken, span)
    return kept, rest


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start``..``end`` overlaps one of the sorted, disjoint ``taken`` ranges."""
    position = bisect.bisect_left(taken, (start, end))
    return any(other_start < end and start < other_end for other_start, other_end in taken[max(position - 1, 0) : position + 1])


def _range(starts: list[int], size: int, edit: Edit) -> tuple[int, int, str]:
    def offset(line: int, column: int) -> int:
        return size if line > len(starts) else min(starts[line - 1] + column - 1, size)

    span = edit.span
    return offset(span.line, span.column), offset(span.end_line, span.end_column), edit.text


def _apply(text: str, ranges: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, replacement) applied; the ranges do not overlap."""
    pieces, position = [], 0
    for start, end, replacement in sorted(ranges):
        pieces += [text[position:start], replacement]
        position = max(position, end)
    return "".join(pieces) + text[position:]


def _metadata(text: source.Source) -> yamlload.Metadata | None:
    block = frontmatter.locate(text.text)
    return yamlload.load(block.yaml, block.first_line) if block.status is Status.FOUND else None


def _changes(before: yamlload.Metadata | None, text: str, allowed: set[tuple]) -> str | None:
    """Why ``text`` must not be written: what it does to the metadata beyond the ``allowed`` key paths; None if nothing."""
    if before is None:
        return None
    block = frontmatter.locate(_BREAK.sub("\n", text))
    if block.status is not Status.FOUND:
        return "fixing would remove the metadata block"
    after = yamlload.load(block.yaml, block.first_line)
    if after.data is None and before.data is not None:
        problem = next((problem.message.removeprefix("invalid YAML: ") for _, problem in after.problems), "it could not be read")
        return f"fixing would leave invalid YAML ({problem})"
    new = Counter(rule_id for rule_id, _ in after.problems) - Counter(rule_id for rule_id, _ in before.problems)
    if new:
        return f"fixing would add a metadata problem ({', '.join(sorted(new))})"
    ways = {path[:depth] for path in allowed for depth in range(len(path) + 1)}
    if not _same(before.data, after.data, (), allowed, ways):
        if not allowed:
            return "fixing would change metadata at no key path the finding names"
        return f"fixing would change other metadata than {', '.join(f'`{format_key_path(p)}`' for p in sorted(allowed, key=str))}"
    return None


def _same(before: Any, after: Any, path: tuple, allowed: set[tuple], ways: set[tuple]) -> bool:
    """True when ``after`` equals ``before`` except at ``allowed`` paths (``ways`` holds every path leading to one).

    An allowed path's value may change, or go: a key may be renamed (a new
    key in its place with the same value), a list item removed.
    """
    if path in allowed:
        return True
    if path not in ways:
        return _plain(before) == _plain(after)
    if isinstance(before, dict) and isinstance(after, dict):
        gone = [key for key in before if key not in after and (*path, key) in allowed]
        added = [key for key in after if key not in before]
        renamed = sorted(map(_plain, (before[key] for key in gone))) == sorted(map(_plain, (after[key] for key in added)))
        kept = [key for key in before if key in after]
        return len(kept) + len(gone) == len(before) and renamed and all(_same(before[key], after[key], (*path, key), allowed, ways) for key in kept)
    if isinstance(before, list) and isinstance(after, list):
        if len(before) == len(after):
            return all(_same(old, new, (*path, index), allowed, ways) for index, (old, new) in enumerate(zip(before, after)))
        kept = [item for index, item in enumerate(before) if (*path, index) not in allowed]
        return _plain(kept) == _plain(after)
    return _plain(before) == _plain(after)


def _plain(value: Any) -> str:
    """``value`` as text in which ``1``, ``1.0``, ``true`` and ``"1"`` all differ."""
    return json.dumps(value, default=str)


def diff(before: source.Source, after: source.Source) -> str:
    """A unified diff of the card before and after fixing, as ``--diff`` prints it, that ``git apply`` accepts.

    Lines end at ``\\n`` only, as they do for ``git apply`` and ``patch``: a form
    feed, U+2028 or a lone ``\\r`` inside a line is part of it. A BOM stays in
    the first line, and a last line without a newline is marked as such.
    """
    import difflib

    old = _LINE.findall(before.raw.decode("utf-8"))
    new = _LINE.findall(after.raw.decode("utf-8"))
    out = []
    for line in difflib.unified_diff(old, new, f"a/{before.path}", f"b/{after.path}"):
        out.append(line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n")
    return "".join(out)


def write(path: Path, fixed: source.Source, read: source.Source) -> None:
    """Replace the card at ``path`` (the file a symbolic link points at) with ``fixed``, if it still holds ``read``.

    The new content goes to a temporary file next to the card, which takes the
    card's permissions, owner and group, and then replaces it in one step; a
    card changed since it was read is left as it is. Raises :class:`WriteError`.
    """
    import tempfile

    target = Path(os.path.realpath(path))
    name = read.path
    try:
        info = target.stat()
        if not os.access(target, os.W_OK):
            raise WriteError(f"{name}: cannot write the fixed card: the file is read-only")
        try:
            handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".cardlint", delete=False)
        except PermissionError:
            raise WriteError(f"{name}: cannot write the fixed card: the folder is read-only") from None
        try:
            with handle:
                handle.write(fixed.raw)
            _chown(handle.name, info)
            os.chmod(handle.name, info.st_mode & 0o7777)
            if target.read_bytes() != read.raw:
                raise WriteError(f"{name}: the card changed while cardlint was fixing it; it was not written (run --fix again)")
            os.replace(handle.name, target)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
    except OSError as error:
        reason = "the folder is read-only" if error.errno == errno.EROFS else error.strerror or str(error)
        raise WriteError(f"{name}: cannot write the fixed card: {reason}") from None


def _chown(name: str, info: os.stat_result) -> None:
    """Give the temporary file the card's owner and group where this process may (root may; others keep their own)."""
    own = os.stat(name)
    for uid, gid in ((info.st_uid, info.st_gid), (-1, info.st_gid)):
        if (own.st_uid, own.st_gid) == (info.st_uid, info.st_gid):
            return
        try:
            os.chown(name, uid, gid)
            return
        except PermissionError:
            continue
