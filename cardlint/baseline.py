"""A baseline: the findings a fleet of cards already had, recorded so that a run reports only new ones.

Adopting a linter on hundreds of existing cards should not mean fixing
hundreds of findings first. ``--write-baseline FILE`` records today's
findings; ``--baseline FILE`` hides those and reports the rest.

A finding is known by what it is about, not by where it is: its rule, its
file (relative to the baseline file's folder, so the baseline works from any
working directory and in any clone), a short hash of the stripped text of its
line, of the text it spans on that line and of its metadata key path with the
list indices taken out, and an occurrence index among identical findings in
that file. Line numbers are left out, so adding lines above a known problem
does not make it new; so is the message, which sometimes names lines ("first
on line 3", "(lines 40, 44, 48)"). Occurrences are counted in position order,
so a third identical problem added to a file with two known ones is the one
reported, wherever it was added: the baseline knows how many there were, not
which.

A baseline entry that matches no finding of a card checked in this run is
*stale*: the problem was fixed (or changed) and the entry could hide a new
one with the same identity. A run names how many there are; entries for
cards not checked in this run (pre-commit passes only the changed files) are
not stale. An entry for a file next to a card (``.eval_results/*.yaml``) is
judged only when that file has findings in the run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePath

from cardlint.escape import json_text
from cardlint.model import Finding
from cardlint.patterns import lazy
from cardlint.report import FileContext

FORMAT_VERSION = 1
_INDEX = lazy(r"\[\d+\]")

Key = tuple[str, str, str]
"""(rule, path relative to the baseline's folder, hash): a finding's identity without its occurrence index."""


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message is one line and names the file."""


class Baseline:
    """The known findings of one baseline file, and what a run has matched of them.

    ``known`` is ``None`` when the run is recording (``--write-baseline``): then
    every finding is known, hidden, and kept for :meth:`write`.
    """

    def __init__(self, name: str, known: Counter | None) -> None:
        self.name = name
        self.folder = os.path.dirname(os.path.abspath(name))
        self.known = known
        self.seen: Counter = Counter()
        self.checked: set[str] = set()
        self.recorded: list[dict] = []
        self.hidden = 0

    @classmethod
    def recording(cls, name: str) -> Baseline:
        """A baseline to be written to ``name``; refuses at once a file there that is not a baseline (a card, say)."""
        if os.path.lexists(name):
            load(name)
        elif not os.path.isdir(os.path.dirname(os.path.abspath(name))):
            raise BaselineError(f"{name}: cannot write the baseline: no such folder")
        return cls(name, None)

    def relative(self, path: str) -> str:
        """``path`` (a display path, relative to the working directory or absolute) relative to the baseline's folder.

        Standard input (``-``) and cards on the Hub (``hf://...``) are not files here and are kept as they are;
        so is a path on another drive than the baseline (Windows), which has no relative form.
        """
        if path == "-" or "://" in path:
            return path
        try:
            return PurePath(os.path.relpath(os.path.abspath(path), self.folder)).as_posix()
        except ValueError:
            return PurePath(os.path.abspath(path)).as_posix()

    def watch(self, targets: Iterable) -> Iterator:
        """``targets``, each card's name noted as it is handed out: the cards whose entries this run can judge stale."""
        for target in targets:
            self.checked.add(self.relative(target.display))
            yield target

    def hide(self, findings: list[Finding], context: Mapping[str, FileContext]) -> list[Finding]:
        """The findings of one card that the baseline does not know, in their order; the rest are counted in ``hidden``."""
        shown = []
        for finding, key in zip(findings, self._keys(findings, context)):
            index = self.seen[key]
            self.seen[key] += 1
            self.checked.add(key[1])
            if self.known is None:
                self.recorded.append(_entry(finding, key, index))
            elif index >= self.known[key]:
                shown.append(finding)
                continue
            self.hidden += 1
        return shown

    def stale(self) -> int:
        """How many entries for the files this run checked matched no finding."""
        if self.known is None:
            return 0
        return sum(max(count - self.seen[key], 0) for key, count in self.known.items() if key[1] in self.checked)

    def write(self) -> None:
        """Write the recorded findings, sorted, to the baseline file, replacing it in one step."""
        entries = sorted(self.recorded, key=lambda entry: (entry["path"], entry["line"], entry["rule"], entry["hash"], entry["occurrence"]))
        document = json_text(json.dumps({"cardlint-baseline": FORMAT_VERSION, "findings": entries}, indent=2, ensure_ascii=False)) + "\n"
        target = os.path.realpath(self.name)
        try:
            mode = os.stat(target).st_mode & 0o777
        except OSError:
            mode = 0o666 & ~_umask()
        try:
            descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".cardlint")
        except OSError as error:
            raise BaselineError(f"{self.name}: cannot write the baseline: {error.strerror or error}") from None
        try:
            with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(document)
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise BaselineError(f"{self.name}: cannot write the baseline: {error.strerror or error}") from None

    def _keys(self, findings: list[Finding], context: Mapping[str, FileContext]) -> list[Key]:
        return [(finding.rule, self.relative(finding.path), fingerprint(finding, context.get(finding.path))) for finding in findings]


def fingerprint(finding: Finding, context: FileContext | None) -> str:
    """A short hash of what a finding is about: its line's text (stripped), the text it spans there, its key path without indices.

    The span is taken on the finding's first line, the one line the runner
    keeps; a finding in a file with no text to show (unreadable) hashes only
    its key path, and its occurrence index tells it apart.
    """
    line = context.lines.get(finding.line, "") if context else ""
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    spanned = line[finding.column - 1:end]
    key_path = _INDEX.sub("", finding.key_path or "")
    return hashlib.sha256("\0".join((line.strip(), spanned, key_path)).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def load(name: str) -> Baseline:
    """The baseline in file ``name``, or :class:`BaselineError` saying in one line why it cannot be used."""
    try:
        with open(name, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise BaselineError(f"{name}: baseline file not found (create it with --write-baseline {name})") from None
    except IsADirectoryError:
        raise BaselineError(f"{name}: is a directory, not a baseline file") from None
    except OSError as error:
        raise BaselineError(f"{name}: cannot read the baseline: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{name}: not a cardlint baseline (not JSON: {error}); write a new one with --write-baseline after removing it") from None
    return Baseline(name, _known(name, document))


def _known(name: str, document) -> Counter:
    """How many findings of each identity the baseline records; :class:`BaselineError` for anything else."""
    if not isinstance(document, dict) or document.get("cardlint-baseline") != FORMAT_VERSION or not isinstance(document.get("findings"), list):
        raise BaselineError(f'{name}: not a cardlint baseline (expected an object with "cardlint-baseline": {FORMAT_VERSION} and a "findings" list)')
    known: Counter = Counter()
    for number, entry in enumerate(document["findings"], 1):
        if not (isinstance(entry, dict) and all(isinstance(entry.get(field), str) for field in ("rule", "path", "hash"))):
            raise BaselineError(f"{name}: baseline entry {number} lacks a text rule, path or hash")
        known[(entry["rule"], entry["path"], entry["hash"])] += 1
    return known


def _entry(finding: Finding, key: Key, occurrence: int) -> dict:
    rule, path, digest = key
    return {"rule": rule, "path": path, "hash": digest, "occurrence": occurrence, "line": finding.line, "message": finding.message}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
