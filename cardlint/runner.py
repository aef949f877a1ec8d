"""Linting many cards, across processes, with the output in the same order as one process gives.

Each card is linted with the session of its own configuration (a local
card's ``Target.config``; the default configuration for the others). The
parent builds each session first, so a configuration that cannot be used
stops the run there, in one line. Each worker process keeps its own
:class:`~cardlint.api.Sessions`: with the ``fork`` start method (Linux) it
inherits the sessions built before the pool started, rules already loaded,
and builds a later one from the configuration that travels with the card.
Cards go out in chunks, and results come back in submission order, so
``--jobs 1`` and ``--jobs 8`` print byte-identical reports.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from cardlint import source
from cardlint.discover import Target
from cardlint.linter import RuleCrash
from cardlint.model import Finding, Severity
from cardlint.report import FileContext

MIN_CARDS_PER_JOB = 8
"""Below this many cards per worker, starting processes costs more than it saves."""

_CHUNK = (4, 32)
"""Cards handed to a worker at once: few at first, then a sixteenth of those handed out so far per worker, up to 32.

Each hand-over costs the parent a pickled batch, a pipe write and a thread
switch: for 2,523 cards, batches of 4 cost the parent 0.4 s of CPU more than
batches of 16. Growing with the run keeps a small run evenly shared: the last
batch is never more than a sixteenth of a worker's share so far.
"""
_AHEAD = 8
"""Chunks queued per worker: enough to keep them busy, few enough that results never pile up in memory."""
_SESSIONS = None


class Outcome(NamedTuple):
    """What linting one card gave: its findings and the context reporters need for them, or an error.

    Only the lines that findings point at travel back from a worker, not the
    cards: a run over twenty thousand cards must not hold them all in memory.
    With ``--fix`` or ``--diff``, ``fixed`` counts the fixes and ``diff`` shows them;
    ``refused`` counts the findings whose fix was not applied (or, without
    ``--fix``, not offered), each saying why in its help. ``card`` is the
    fixed card's bytes in the ``show`` mode (``cardlint --fix -``). ``fail_on``
    is the card's own configuration's: the findings at or above it fail the run.
    """

    findings: list[Finding]
    context: dict[str, FileContext]
    error: str | None
    fixed: int = 0
    diff: str = ""
    refused: int = 0
    card: bytes | None = None
    fail_on: Severity = Severity.ERROR


class Mode(NamedTuple):
    """What to do with each card: report line hashes (SARIF), fix (``write``), show the fixes (``diff``) or the fixed card (``show``), and the result cache to use."""

    hashes: bool = False
    fix: str | None = None
    cache: object = None


def context(findings: list[Finding], text: source.Source, repo, hashes: bool) -> dict[str, FileContext]:
    """The finding lines of every file the findings are in (the card, or a file next to it in ``repo``)."""
    wanted: dict[str, set[int]] = {}
    for finding in findings:
        wanted.setdefault(finding.path, set()).add(finding.line)
    result = {}
    for path, lines in wanted.items():
        own = text if path == text.path else _neighbour(path, text, repo)
        if own is None:
            continue
        all_lines = own.lines
        line_hashes = line_hashes_of(own) if hashes else {}
        result[path] = FileContext(
            {n: all_lines[n - 1] for n in lines if 0 < n <= len(all_lines)},
            {n: line_hashes[n] for n in lines if n in line_hashes},
        )
    return result


def _neighbour(path: str, card: source.Source, repo) -> source.Source | None:
    """The file a finding names next to the card, read through the card's repository (a folder or the Hub).

    Findings name such a file by the card's display folder plus its path in
    the repository, so the path in the repository is what follows that folder.
    A file that cannot be read (the finding is then about that) has no excerpt.
    """
    if repo is None:
        return None
    name = str(PurePosixPath(path).relative_to(PurePosixPath(card.path).parent))
    try:
        return repo.load(name)
    except source.SourceError:
        return None


def line_hashes_of(text: source.Source) -> dict[int, str]:
    from cardlint.report.fingerprint import line_hashes

    return line_hashes(text.raw.decode("utf-8", errors="replace"))


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def lint_one(session, text: source.Source, repo, mode: Mode = Mode(), path: Path | None = None, kind: str | None = None) -> Outcome:
    """Lint (and with ``mode.fix``, fix) one card whose neighbours are in ``repo``; a fixed card is written to ``path``.

    When the fixed card cannot be written, its findings as read are reported
    with the one-line reason, which makes the run exit 2: the card was not fixed.
    """
    return _lint_one(session, text, repo, mode, path, kind)._replace(fail_on=session.config.fail_on)


def _lint_one(session, text: source.Source, repo, mode: Mode, path: Path | None, kind: str | None) -> Outcome:
    def lint(current: source.Source) -> list[Finding]:
        return session.lint_card(current, repo, kind)

    try:
        if not mode.fix:
            found = lint(text)
            return Outcome(found, context(found, text, repo, mode.hashes), None)
        from cardlint import fix

        fixed = fix.fix(lint, text)
    except RuleCrash as error:
        return Outcome([], {}, str(error))
    refused = fix.refused(fixed.findings)
    if fixed.source is None:
        return Outcome(fixed.findings, context(fixed.findings, text, repo, mode.hashes), None, refused=refused)
    if mode.fix == "diff":
        return Outcome([], {}, None, fixed.count, fix.diff(text, fixed.source), refused)
    if mode.fix == "show":
        return Outcome(fixed.findings, context(fixed.findings, fixed.source, repo, mode.hashes), None, fixed.count, refused=refused, card=fixed.source.raw)
    if path is None:
        return Outcome([], {}, f"{text.path}: cannot write fixes there (use --diff)")
    try:
        fix.write(path, fixed.source, text)
    except fix.WriteError as error:
        return Outcome(fixed.before, context(fixed.before, text, repo, mode.hashes), str(error), refused=fix.refused(fixed.before))
    return Outcome(fixed.findings, context(fixed.findings, fixed.source, repo, mode.hashes), None, fixed.count, refused=refused)


def session_for(sessions, target):
    """The session for ``target``: its configuration's when it is a local card, else the default one."""
    return sessions.get(target.config if isinstance(target, Target) else None)


def _lint_target(sessions, target, mode: Mode) -> Outcome:
    """Lint a local :class:`~cardlint.discover.Target` or a :class:`~cardlint.remote.RemoteTarget`, or answer it from ``mode.cache``.

    A local card whose stamp is the one its cache entry kept is not even
    read (see :mod:`cardlint.cache`). When a rule asked the card's
    repository for a file it could not give (a link out of the folder being
    linted, a Hub that did not list the files), the card's findings stand and
    the run says so in one line: the card was not fully checked.
    """
    session = session_for(sessions, target)
    entry = mode.cache.entry(session, target) if mode.cache is not None and not mode.fix else None
    try:
        repo = target.repository() if entry is not None and isinstance(target, Target) else None
        hit = entry.unchanged(target.path, repo, mode.hashes) if repo is not None else None
        if hit is None:
            text, repo, path, kind = target.load(repo) if repo is not None else target.load()
    except source.SourceError as error:
        return Outcome([], {}, str(error))
    if hit is not None:
        outcome = Outcome(*hit, None, fail_on=session.config.fail_on)
    else:
        outcome = _lint_cached(session, entry, text, repo, mode, path, kind)
    if outcome.error is None and repo is not None and repo.unanswered:
        where, why = repo.unanswered[0]
        more = f" (and {len(repo.unanswered) - 1} more)" if len(repo.unanswered) > 1 else ""
        outcome = outcome._replace(error=f"{repo.display(where, target.display) if where else target.display}: {why}{more}")
    return outcome


def _lint_cached(session, entry, text: source.Source, repo, mode: Mode, path: Path | None, kind: str | None) -> Outcome:
    """:func:`lint_one`, answered from the cache ``entry`` (a :class:`~cardlint.cache.Entry`, None without one) when nothing the findings depend on changed.

    ``--fix`` and ``--diff`` always lint (the cache has findings, not fixes)
    and store nothing. An outcome is kept only when the card was fully
    checked: one with an error, or with a question the repository could not
    answer, is linted again next time.
    """
    hit = entry.read(text, repo, mode.hashes) if entry is not None else None
    if hit is not None:
        return Outcome(*hit, None, fail_on=session.config.fail_on)
    if mode.cache is not None:
        mode.cache.misses += 1
    if entry is None:
        return lint_one(session, text, repo, mode, path, kind)
    if repo is not None:
        from cardlint.repo import Recording

        repo.unanswered.clear()
        repo = Recording(repo)
    outcome = lint_one(session, text, repo, mode, path, kind)
    if outcome.error is None and (repo is None or not repo.unanswered):
        entry.write(outcome.findings, outcome.context, repo.facts if repo is not None else [], mode.hashes)
    return outcome


def run(sessions, targets: Iterable, jobs: int, mode: Mode = Mode()) -> Iterator[Outcome]:
    """Outcomes for ``targets``, in order; in ``jobs`` processes when there are enough cards.

    ``sessions`` is a :class:`~cardlint.api.Sessions`. ``targets`` may be a
    lazy iterator: the first cards decide whether processes are worth
    starting, and the rest are read as workers need them.
    """
    targets = iter(targets)
    if jobs > 1 and mode.cache is not None and not mode.fix and mode.cache.has_entries():
        targets = yield from _while_cached(sessions, targets, mode)
    first = list(itertools.islice(targets, jobs * MIN_CARDS_PER_JOB))
    if jobs <= 1 or len(first) < 2 * MIN_CARDS_PER_JOB:
        for target in itertools.chain(first, targets):
            yield _lint_target(sessions, target, mode)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _SESSIONS
    for target in first:
        session_for(sessions, target)
    _SESSIONS = sessions
    method = "fork" if _may_fork(multiprocessing) else "spawn"
    if method == "fork":
        _preload(mode)
    remaining = itertools.chain(first, targets)
    pending: deque = deque()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_init, initargs=(sessions.default,)) as pool:
        handed = 0
        while chunk := list(itertools.islice(remaining, min(max(handed // (16 * jobs), _CHUNK[0]), _CHUNK[1]))):
            handed += len(chunk)
            for target in chunk:
                session_for(sessions, target)
            pending.append(pool.submit(_lint_chunk, (chunk, mode)))
            if len(pending) >= jobs * _AHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _while_cached(sessions, targets: Iterator, mode: Mode):
    """Outcomes of the cards in this process while the cache answers them; returns the cards left for workers.

    Answering a card from the cache costs far less than handing it to a
    worker and its outcome back, so a warm run starts no processes; they start
    once :data:`MIN_CARDS_PER_JOB` cards have had to be linted.
    """
    for target in targets:
        yield _lint_target(sessions, target, mode)
        if mode.cache.misses >= MIN_CARDS_PER_JOB:
            break
    return targets


def _preload(mode: Mode) -> None:
    """Build the parsers once in the parent, so that forked workers share them instead of each importing its own.

    Importing ruamel.yaml and markdown-it costs about 0.1 s of CPU in every
    process that needs them. The schema is read, not jsonschema imported:
    the walk in :mod:`cardlint.schema` judges the metadata, and jsonschema,
    which costs as much again, is imported only by a worker that meets
    metadata the walk is unsure of. A run whose cache already holds entries
    may need none of them (every card a hit), so then each worker builds what
    its misses need, as it would without workers.
    """
    if mode.cache is not None and mode.cache.has_entries():
        return
    from cardlint import markdown, schema, yamlload

    yamlload.load("a: 1", 1)
    markdown._parser()
    schema.validate({"license": "MIT"}, "modelcard")


def _may_fork(multiprocessing) -> bool:
    """Fork (workers inherit the loaded rules) only where it is safe: not on macOS, and not while other threads run.

    ``hf://OWNER`` downloads cards in threads; a child forked while one of
    them holds a lock (huggingface_hub's HTTP client) would wait for it forever.
    """
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" and threading.active_count() == 1


def _init(default) -> None:
    global _SESSIONS
    if _SESSIONS is None:
        from cardlint.api import Sessions

        _SESSIONS = Sessions(default)


def _lint_chunk(chunk: tuple[list[Target], Mode]) -> list[Outcome]:
    chunk_targets, mode = chunk
    return [_lint_target(_SESSIONS, target, mode) for target in chunk_targets]
