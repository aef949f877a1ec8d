"""What a rule is: its identity, its documentation and its check, declared in one place.

A rule module (built-in or third-party) defines a check function and decorates
it with :func:`rule`. Everything else cardlint shows about the rule (``cardlint
rules``, ``cardlint rule ID``, SARIF rule metadata, the option names accepted
in the configuration) is derived from this declaration and the docstring.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from cardlint.model import Problem, Severity
from cardlint.patterns import lazy

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
_ID = re.compile(r"^[A-Z]+[0-9]+$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_HEADING = lazy(r"^## (.*\S|.)\s*$")
"""A ``## Title`` line; the title ends at its last non-space, so that trailing spaces are read once."""
_FILE_INFO = lazy(r"\bfile=(\S+)")
_FENCE_LINE = lazy(r"^(`{3,})")

Check = Callable[[Any, Mapping[str, Any]], Iterator[Problem]]


class Option(NamedTuple):
    """A configuration key a rule reads; the config is validated against these declarations."""

    name: str
    default: Any
    help: str
    type: type | tuple[type, ...] = str
    choices: tuple | None = None

    def validate(self, value: Any) -> str | None:
        """Return why ``value`` is not acceptable, or None."""
        if not isinstance(value, self.type) or (isinstance(value, bool) and self.type in (int, float)):
            names = self.type.__name__ if isinstance(self.type, type) else " or ".join(t.__name__ for t in self.type)
            return f"must be {_TOML_TYPES.get(names, names)}, not {type(value).__name__}"
        if self.choices is not None and value not in self.choices:
            return f"must be one of {', '.join(map(str, self.choices))}, not {value!r}"
        return None


_TOML_TYPES = {"str": "a string", "bool": "true or false", "dict": "a table", "list": "an array", "int": "an integer"}


class _RuleFields(NamedTuple):
    id: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Check | None = None
    options: tuple[Option, ...] = ()
    fix: str | None = None
    origin: str = ""


class Rule(_RuleFields):
    """A rule: a stable id, a kebab-case name, a default severity, a summary and its documentation.

    ``check`` is None only for rules whose findings the linter itself produces
    (CL009, about suppressions); they are declared here so that they are
    documented, selectable and listed like any other. ``origin`` says where the
    rule was loaded from; two rules that differ only there are equal.

    A named tuple, as are the other immutable records read at start-up (the
    mutable ones are plain classes): a dataclass imports :mod:`inspect` and
    costs a millisecond to declare, a tenth of what linting a clean card may
    add to importing the parsers.
    """

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Rule:
        rule = super().__new__(cls, *args, **kwargs)
        if not _ID.match(rule.id):
            raise ValueError(f"rule id {rule.id!r} must be capital letters then digits, e.g. CL101")
        if not _NAME.match(rule.name):
            raise ValueError(f"rule {rule.id} name {rule.name!r} must be kebab-case")
        missing = [title for title in DOC_SECTIONS if f"## {title}" not in rule.doc]
        if missing:
            raise ValueError(f"rule {rule.id} documentation lacks section(s): {', '.join(missing)}")
        return rule

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and self[:-1] == other[:-1]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:-1])

    @property
    def sections(self) -> dict[str, str]:
        """The documentation split at its ``## Heading`` lines (not those inside fenced examples)."""
        sections: dict[str, list[str]] = {}
        current: list[str] = []
        fence = ""
        for line in self.doc.split("\n"):
            marker = _FENCE_LINE.match(line)
            if marker and not fence:
                fence = marker.group(1)
            elif marker and line.strip() == fence:
                fence = ""
            heading = None if fence else _HEADING.match(line)
            if heading:
                current = sections.setdefault(heading.group(1), [])
            else:
                current.append(line)
        return {title: "\n".join(lines).strip() for title, lines in sections.items()}

    def example(self, section: str) -> str:
        """The card in the first fenced block of ``section`` ("Example" or "Use instead")."""
        return next((text for name, text in self._fences(section) if name is None), "")

    def example_files(self, section: str) -> dict[str, str]:
        """Files next to the example card: fenced blocks whose info string says ``file=PATH``."""
        return {name: text for name, text in self._fences(section) if name is not None}

    def _fences(self, section: str):
        for info, content in _fenced_blocks(self.sections.get(section, "")):
            named = _FILE_INFO.search(info)
            yield (named.group(1) if named else None), content


def _fenced_blocks(text: str):
    """(info, content) of each block fenced by a line of three or more backticks and a later line of as many.

    This is what ``^(`{3,})([^\n]*)\n(.*?)^\1[ \t]*$`` finds (a run too long to
    close is shortened, the rest joining the info string), read line by line
    with the closing lines indexed by length: the regex read the rest of the
    text again from every fence that is never closed.
    """
    lines = text.split("\n")
    closers: dict[int, list[int]] = {}
    for number, line in enumerate(lines):
        marker = line.rstrip(" \t")
        if marker and marker.strip("`") == "":
            closers.setdefault(len(marker), []).append(number)
    number = 0
    while number < len(lines) - 1:
        run = len(lines[number]) - len(lines[number].lstrip("`"))
        closing = None
        for length in range(run, 2, -1):
            later = closers.get(length, [])
            index = bisect.bisect_right(later, number)
            if index < len(later):
                closing = later[index]
                break
        if closing is None:
            number += 1
            continue
        yield lines[number][length:], "".join(line + "\n" for line in lines[number + 1:closing])
        number = closing + 1


def rule(
    id: str,
    name: str,
    severity: str,
    summary: str,
    options: tuple[Option, ...] = (),
    fix: str | None = None,
) -> Callable[[Check], Rule]:
    """Declare the decorated check function as a rule; its docstring is the documentation."""

    def declare(check: Check) -> Rule:
        return Rule(id, name, Severity.parse(severity), summary, textwrap.dedent(check.__doc__ or "").strip(), check, options, fix)

    return declare
