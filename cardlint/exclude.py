"""Gitignore-style patterns that keep paths out of a run: ``exclude`` and ``extend-exclude``.

A pattern is matched against one entry at a time, as git matches a line of
``.gitignore`` while it walks: a folder that matches is not entered, so
nothing under it is linted, and a pattern is never asked about the folders
above the entry. So a folder named on the command line is walked even when it
matches (unless ``--force-exclude``), and the patterns judge what is inside it.

Supported, as in gitignore(5), and nothing else (no comments, no trailing-space
rules): ``*`` (any characters but ``/``), ``?``, ``[abc]`` / ``[!abc]`` /
``[a-z]``, ``\\`` escaping the next character; a leading ``!`` re-includes
what an earlier pattern excluded (the last matching pattern decides); a
trailing ``/`` matches folders only; a pattern with a ``/`` at its start or in
its middle is anchored to the folder of the configuration file (the current
directory for the command line), any other pattern matches an entry's name at
any depth; ``**/`` at the start matches in any folder, ``/**`` at the end
matches everything inside, ``/**/`` matches zero or more folders.

The defaults are plain names, compared as strings: no regular expression is
built unless a configuration or the command line adds a pattern.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import NamedTuple

DEFAULT = (
    ".git", ".hg", ".svn", ".bzr", ".tox", ".nox", ".venv", "venv", "__pypackages__", "node_modules",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints", "site-packages",
    "build", "dist", "_build", ".eggs", ".cardlint_cache",
)
"""Skipped everywhere unless ``exclude`` replaces them: version control, virtualenvs, caches, build output."""


class Pattern(NamedTuple):
    """One pattern as written, and the folder an anchored pattern is relative to (an absolute path)."""

    text: str
    base: str
    negated: bool = False
    folders_only: bool = False
    anchored: bool = False
    literal: str | None = None
    regex: re.Pattern | None = None

    def matches(self, name: str, path: str, is_dir: bool) -> bool:
        """Whether the entry ``name`` at the absolute ``path`` matches (``negated`` aside)."""
        if self.folders_only and not is_dir:
            return False
        if self.anchored:
            prefix = self.base.rstrip("/") + "/"
            if not path.startswith(prefix):
                return False
            subject = path[len(prefix):]
        else:
            subject = name
        if self.literal is not None:
            return subject == self.literal
        return self.regex.fullmatch(subject) is not None


def compile_pattern(text: str, base: str | os.PathLike) -> Pattern:
    """The :class:`Pattern` for ``text``; ValueError (saying what is wrong) for an empty or unclosed one."""
    if not isinstance(text, str):
        raise TypeError("must be an array of gitignore-style patterns, e.g. [\"/README.md\", \"drafts/\"]")
    body = text
    negated = body.startswith("!")
    if negated:
        body = body[1:]
    folders_only = body.endswith("/") and not body.endswith("\\/")
    body = body.rstrip("/") if folders_only else body
    anchored = "/" in body
    body = body[1:] if body.startswith("/") else body
    if not body:
        raise ValueError(f"pattern {text!r} matches nothing")
    base = _posix(os.path.abspath(base))
    if not anchored and not any(char in body for char in "*?[\\"):
        return Pattern(text, base, negated, folders_only, anchored, literal=body)
    return Pattern(text, base, negated, folders_only, anchored, regex=re.compile(_translate(body, text)))


def _translate(body: str, text: str) -> str:
    """The regular expression for one pattern (without ``!``, the trailing ``/`` and a leading ``/``)."""
    parts = []
    index = 0
    if body.startswith("**/"):
        parts.append("(?:.*/)?")
        index = 3
    while index < len(body):
        char = body[index]
        if body.startswith("/**/", index):
            parts.append("/(?:.*/)?")
            index += 4
        elif body.startswith("/**", index) and index + 3 == len(body):
            parts.append("/.*")
            index += 3
        elif char == "*":
            while index < len(body) and body[index] == "*":
                index += 1
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
            index += 1
        elif char == "[":
            end = body.find("]", index + 2)
            if end < 0:
                raise ValueError(f"pattern {text!r} has an unclosed '['")
            inside = body[index + 1:end]
            negate = inside[:1] in ("!", "^")
            inside = inside[1:] if negate else inside
            parts.append(f"(?!/)[{'^' if negate else ''}{inside.replace(chr(92), chr(92) * 2)}]")
            index = end + 1
        elif char == "\\" and index + 1 < len(body):
            parts.append(re.escape(body[index + 1]))
            index += 2
        else:
            parts.append(re.escape(char))
            index += 1
    return "".join(parts)


def excluded(patterns: Iterable[Pattern], path: str, is_dir: bool) -> bool:
    """Whether the entry at ``path`` (absolute) is excluded: the last pattern that matches it decides."""
    return Matcher(patterns)(path, is_dir)


class Matcher:
    """A list of patterns made quick to ask: a walk asks about every folder it meets.

    Without a negated pattern the order does not matter, so the plain names
    (all the defaults) become one set lookup and only the other patterns are
    tried one by one.
    """

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = tuple(patterns)
        self.ordered = any(pattern.negated for pattern in self.patterns)
        plain = [p for p in self.patterns if p.literal is not None and not p.anchored and not p.folders_only]
        self.names = frozenset(p.literal for p in plain)
        self.others = tuple(p for p in self.patterns if p not in plain)

    def __call__(self, path: str, is_dir: bool) -> bool:
        absolute = _posix(path)
        name = absolute.rsplit("/", 1)[-1]
        if not self.ordered:
            return name in self.names or any(pattern.matches(name, absolute, is_dir) for pattern in self.others)
        decision = False
        for pattern in self.patterns:
            if pattern.negated == decision and pattern.matches(name, absolute, is_dir):
                decision = not pattern.negated
        return decision


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path
