"""Linting many cards, across processes, with the output in the same order as one process gives.

Each worker process holds one :class:`~cardlint.api.Session`. With the
``fork`` start method (Linux) the workers inherit the parent's session, rules
already loaded; elsewhere they build it from the configuration once. Cards
go out in chunks, and results come back in submission order, so
``--jobs 1`` and ``--jobs 8`` print byte-identical reports.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from cardlint import source
from cardlint.discover import Target
from cardlint.linter import RuleCrash
from cardlint.model import Finding
from cardlint.report import FileContext

MIN_CARDS_PER_JOB = 8
"""Below this many cards per worker, starting processes costs more than it saves."""

_CHUNK = 4
_SESSION = None


class Outcome(NamedTuple):
    """What linting one card gave: its findings and the context reporters need for them, or an error.

    Only the lines that findings point at travel back from a worker, not the
    cards: a run over twenty thousand cards must not hold them all in memory.
    """

    findings: list[Finding]
    context: dict[str, FileContext]
    error: str | None


def context(findings: list[Finding], text: source.Source, hashes: bool) -> dict[str, FileContext]:
    """The finding lines of every file the findings are in (the card, or a file next to it)."""
    wanted: dict[str, set[int]] = {}
    for finding in findings:
        wanted.setdefault(finding.path, set()).add(finding.line)
    result = {}
    for path, lines in wanted.items():
        if path == text.path:
            own = text
        else:
            try:
                own = source.read(Path(path), path)
            except source.SourceError:
                continue
        all_lines = own.lines
        line_hashes = line_hashes_of(own) if hashes else {}
        result[path] = FileContext(
            {n: all_lines[n - 1] for n in lines if 0 < n <= len(all_lines)},
            {n: line_hashes[n] for n in lines if n in line_hashes},
        )
    return result


def line_hashes_of(text: source.Source) -> dict[int, str]:
    from cardlint.report.fingerprint import line_hashes

    return line_hashes(text.raw.decode("utf-8", errors="replace"))


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def lint_one(session, text: source.Source, folder: Path | None, hashes: bool = False) -> Outcome:
    try:
        found = session.lint_source(text, folder)
    except RuleCrash as error:
        return Outcome([], {}, str(error))
    return Outcome(found, context(found, text, hashes), None)


def _lint_target(session, target: Target, hashes: bool) -> Outcome:
    try:
        text = source.read(target.path, target.display)
    except source.SourceError as error:
        return Outcome([], {}, str(error))
    return lint_one(session, text, target.path.parent, hashes)


def run(session, targets: Sequence[Target], jobs: int, hashes: bool = False) -> Iterator[Outcome]:
    """Outcomes for ``targets``, in order; in ``jobs`` processes when there are enough cards.

    ``hashes`` asks for the code-scanning line hashes of the finding lines (SARIF).
    """
    jobs = min(jobs, len(targets) // MIN_CARDS_PER_JOB)
    if jobs <= 1:
        for target in targets:
            yield _lint_target(session, target, hashes)
        return
    global _SESSION
    _SESSION = session
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" else "spawn"
    chunks = [(list(targets[start:start + _CHUNK]), hashes) for start in range(0, len(targets), _CHUNK)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_init, initargs=(session.config,)) as pool:
        for outcomes in pool.map(_lint_chunk, chunks):
            yield from outcomes


def _init(config) -> None:
    global _SESSION
    if _SESSION is None:
        from cardlint.api import Session

        _SESSION = Session(config)


def _lint_chunk(chunk: tuple[list[Target], bool]) -> list[Outcome]:
    targets, hashes = chunk
    return [_lint_target(_SESSION, target, hashes) for target in targets]
