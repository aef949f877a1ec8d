"""Template leftovers: where a card still holds text that a template or a generator put there.

Shared by the template rules (CL301-CL303), which report each leftover, and
the checklist (CL202), for which a section holding only leftovers is empty.
Text inside fenced or indented code is never a leftover: a Jinja chat
template or a ``# TODO`` in an example is code, not an unrendered card. Inline
code spans are blanked out (not removed) so that columns stay exact.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from cardlint import markdown, yamlload
from cardlint.patterns import lazy
from cardlint.resources import data_dir

TEMPLATE_SYNTAX = lazy(r"\{\{(?:(?!\{\{)[^\n])*?\}\}|\{%(?:(?!\{%)[^\n])*?%\}|\{#(?:(?!\{#)[^\n])*?#\}")
"""Jinja and Handlebars, rendered or not: ``{{ model_id }}``, ``{{#if x}}``, ``{% if %}``, ``{# note #}``.

A placeholder does not hold its own opening: each opening is read up to its closing, the end of the line or the
next opening of its kind, so a line of ``{{`` is read once, not once for every ``{{`` on it."""

MORE_INFO = lazy(
    r"\[(?:More Information Needed|Needs More Information)\]|(?:^|(?<=\*\*)|(?<=\*\* )|(?<=: ))[ \t]*More information needed\.?(?=[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
"""The Hub template's default (and the older datasets one), and the bare sentence the Trainer and
hand-filled templates leave, alone on a line or after a ``**Label:**``."""
_MORE_INFO_NEEDLE = lazy(r"information needed|needs more information", re.IGNORECASE)
"""Text that every :data:`MORE_INFO` match holds, with the same case folding: a literal scan, twice as fast
as MORE_INFO's anchored alternatives, which are tried at every position."""
_MORE_INFO_WORDS = ("need", "nformat")
"""Parts of both needles made only of letters whose sole case partners are their ASCII capitals (not ``i``,
which ``ı`` and ``İ`` also match, nor ``s``, which ``ſ`` matches): after ``str.lower()`` a plain ``in``,
ten times cheaper again, rules out every text that lacks one."""
_CODE_SPAN = lazy(r"(`{1,32})(?!`).+?(?<!`)\1")
"""Inline code; the opening run is bounded so that a line of backticks is not read once for each of them."""
_COMMENT = lazy(r"<!--.*?(-->|\Z)", re.DOTALL)
"""An HTML comment, or an unclosed ``<!--`` with the rest of the text (group 1 empty; kept), read once: see markdown._COMMENT."""
_LABEL_ONLY = lazy(r"^\s*(?:[-*+]\s*)?(?:(?:\*\*[^*\n]+\*\*|__[^_\n]+__)\s*)?(?::\s*)?$", re.MULTILINE)
"""A line of nothing but a bullet, a bold label and a colon; each run of spaces is read by one quantifier.

Its ``\\s`` may run over line ends, but every line inside such a match is a
bare label on its own, so :func:`has_content` asks it of one line at a time
and stops at the first line that says something."""
_WORD_CHARACTER = lazy(r"\w")


class Default(NamedTuple):
    pattern: re.Pattern
    needles: tuple[str, ...]
    message: str
    help: str
    body_only: bool = False
    """True for text that is a value in the metadata (``prompt_template: '{prompt}'``) and a leftover only in the body."""


class Leftover(NamedTuple):
    """One leftover at 1-based ``line``/``column``, up to ``end_column`` (exclusive)."""

    line: int
    column: int
    end_column: int
    text: str


@functools.cache
def _data() -> tuple[tuple[Default, ...], tuple[str, ...]]:
    data = yamlload.load_data_file(data_dir("rules") / "data" / "template-defaults.yaml")
    defaults = tuple(
        Default(
            re.compile(item["pattern"], re.MULTILINE | (re.IGNORECASE if "i" in item.get("flags", "") else 0)),
            tuple(item["needles"]),
            item["message"],
            item["help"],
            item.get("where") == "body",
        )
        for item in data["defaults"]
    )
    return defaults, tuple(data["boilerplate"])


def find_defaults(card):
    """(default, leftover) for every template default in the card's prose, each place reported once.

    Each pattern runs only when one of its needles is in the lower-cased
    prose: a substring test is a hundred times cheaper than a regex scan.
    Where two defaults match the same text, the first listed wins.
    """
    lowered = prose(card, templates=False).text.lower()
    body_start = card.front_matter.body_start_line
    taken = set()
    for default in _data()[0]:
        if any(needle in lowered for needle in default.needles):
            for found in find(card, default.pattern):
                if (found.line, found.column) not in taken and not (default.body_only and found.line < body_start):
                    taken.add((found.line, found.column))
                    yield default, found


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


class Prose(NamedTuple):
    """The card's text outside code, as one string (code lines emptied), with where each line starts."""

    text: str
    starts: tuple[int, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        return markdown.position(self.starts, offset)


def prose(card, templates: bool = True) -> Prose:
    """The card outside code, inline code spans blanked to spaces so that columns stay exact.

    With ``templates=False`` template syntax is blanked too, so that the
    defaults inside ``{{ x | default("[More Information Needed]") }}`` are
    reported once, as template syntax, and not again as placeholders. Built
    once per card and flag: every leftover pattern searches the same text.
    """
    cache = card.derived.setdefault("prose", {})
    if templates in cache:
        return cache[templates]
    if templates:
        code = card.body.code_lines
        lines = [
            "" if number in code else _CODE_SPAN.sub(_blank, text) if "`" in text else text
            for number, text in enumerate(card.lines, start=1)
        ]
        built = Prose("\n".join(lines), markdown.line_starts(lines))
    else:
        base = prose(card)
        built = base._replace(text=TEMPLATE_SYNTAX.sub(_blank, base.text)) if "{" in base.text else base
    cache[templates] = built
    return built


def find(card, pattern: re.Pattern, templates: bool = False):
    """Every match of ``pattern`` in the card's prose, as :class:`Leftover` (see :func:`prose`).

    A pattern with a group named ``at`` reports only that group, so that it
    can read context around the leftover (``...on (?P<at>the None dataset)``);
    a match in which ``at`` took no part is an exception the pattern names
    in order to skip it (``TBD`` alone in a table cell is a value).
    """
    text = prose(card, templates)
    if not may_match(pattern, text.text):
        return
    group = "at" if "at" in pattern.groupindex else 0
    for match in pattern.finditer(text.text):
        start, end = match.span(group)
        if start < 0:
            continue
        line, column = text.position(start)
        yield Leftover(line, column, column + end - start, match.group(group))


def may_match(pattern: re.Pattern, text: str) -> bool:
    """False when ``pattern`` (one of this module's) cannot match ``text``: its needle is missing. Cheap; True means "search"."""
    if pattern is MORE_INFO:
        lowered = text.lower()
        return all(word in lowered for word in _MORE_INFO_WORDS) and _MORE_INFO_NEEDLE.search(text) is not None
    if pattern is TEMPLATE_SYNTAX:
        return "{" in text
    if pattern is _COMMENT:
        return "<!--" in text
    return True


def _remove(pattern: re.Pattern, text: str) -> str:
    """``text`` without what ``pattern`` matches (an unclosed comment is kept: it hides nothing from a reader)."""
    if not may_match(pattern, text):
        return text
    return pattern.sub(_closed_only, text) if pattern is _COMMENT else pattern.sub("", text)


def _closed_only(match: re.Match) -> str:
    return "" if match.group(1) else match.group(0)


def has_placeholder(text: str) -> bool:
    """True when ``text`` holds a placeholder that CL301 or CL302 reports (not in a comment or inline code).

    CL202 leaves a section holding one to those rules: one defect, one finding.
    """
    text = _remove(_COMMENT, text)
    if "`" in text:
        text = _CODE_SPAN.sub(_blank, text)
    return any(may_match(pattern, text) and pattern.search(text) is not None for pattern in (MORE_INFO, TEMPLATE_SYNTAX))


def has_content(text: str) -> bool:
    """True when ``text`` says something once comments, placeholders, boilerplate and bare labels are removed."""
    for pattern in (_COMMENT, TEMPLATE_SYNTAX, MORE_INFO):
        text = _remove(pattern, text)
    for sentence in _data()[1]:
        text = text.replace(sentence, "")
    return any(_WORD_CHARACTER.search(line) is not None and _LABEL_ONLY.match(line) is None for line in text.split("\n"))
