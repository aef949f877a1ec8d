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

MIN_CARDS_PER_JOB = 8
"""Below this many cards per worker, starting processes costs more than it saves."""

_CHUNK = 4
_SESSION = None


class Outcome(NamedTuple):
    """What linting one card gave: findings (and the source, when there are any, for excerpts), or an error."""

    findings: list[Finding]
    source: source.Source | None
    error: str | None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def lint_one(session, text: source.Source, folder: Path | None) -> Outcome:
    try:
        found = session.lint_source(text, folder)
    except RuleCrash as error:
        return Outcome([], None, str(error))
    return Outcome(found, text if found else None, None)


def _lint_target(session, target: Target) -> Outcome:
    try:
        text = source.read(target.path, target.display)
    except source.SourceError as error:
        return Outcome([], None, str(error))
    return lint_one(session, text, target.path.parent)


def run(session, targets: Sequence[Target], jobs: int) -> Iterator[Outcome]:
    """Outcomes for ``targets``, in order; in ``jobs`` processes when there are enough cards."""
    jobs = min(jobs, len(targets) // MIN_CARDS_PER_JOB)
    if jobs <= 1:
        for target in targets:
            yield _lint_target(session, target)
        return
    global _SESSION
    _SESSION = session
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" else "spawn"
    chunks = [list(targets[start:start + _CHUNK]) for start in range(0, len(targets), _CHUNK)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_init, initargs=(session.config,)) as pool:
        for outcomes in pool.map(_lint_chunk, chunks):
            yield from outcomes


def _init(config) -> None:
    global _SESSION
    if _SESSION is None:
        from cardlint.api import Session

        _SESSION = Session(config)


def _lint_chunk(chunk: list[Target]) -> list[Outcome]:
    return [_lint_target(_SESSION, target) for target in chunk]
