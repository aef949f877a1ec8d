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
from dataclasses import dataclass

from cardlint import yamlload
from cardlint.resources import data_dir

TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
"""Jinja and Handlebars, rendered or not: ``{{ model_id }}``, ``{{#if x}}``, ``{% if %}``, ``{# note #}``."""

MORE_INFO = re.compile(
    r"\[(?:More Information Needed|Needs More Information)\]|(?:^|(?<=\*\*)|(?<=\*\* )|(?<=: ))\s*More information needed\.?(?=\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
"""The Hub template's default (and the older datasets one), and the bare sentence the Trainer and
hand-filled templates leave, alone on a line or after a ``**Label:**``."""
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LABEL_ONLY = re.compile(r"^\s*(?:[-*+]\s*)?(?:\*\*[^*\n]+\*\*|__[^_\n]+__)?\s*:?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Default:
    pattern: re.Pattern
    message: str
    help: str


@dataclass(frozen=True)
class Leftover:
    """One leftover at 1-based ``line``/``column``, up to ``end_column`` (exclusive)."""

    line: int
    column: int
    end_column: int
    text: str


@functools.cache
def _data() -> tuple[tuple[Default, ...], tuple[str, ...]]:
    path = data_dir("rules") / "data" / "template-defaults.yaml"
    data = yamlload.load(path.read_text(encoding="utf-8"), 1, mapping=False).data
    defaults = tuple(
        Default(re.compile(item["pattern"], re.MULTILINE | (re.IGNORECASE if "i" in item.get("flags", "") else 0)), item["message"], item["help"])
        for item in data["defaults"]
    )
    return defaults, tuple(data["boilerplate"])


def defaults() -> tuple[Default, ...]:
    return _data()[0]


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def prose_lines(card, templates: bool = True):
    """(line number, text) of every line outside code, inline code spans blanked to spaces.

    With ``templates=False`` template syntax is blanked too, so that the
    defaults inside ``{{ x | default("[More Information Needed]") }}`` are
    reported once, as template syntax, and not again as placeholders.
    """
    body = card.body
    for number, text in enumerate(card.lines, start=1):
        if body.in_code(number):
            continue
        if "`" in text:
            text = _CODE_SPAN.sub(_blank, text)
        if not templates and "{" in text:
            text = TEMPLATE_SYNTAX.sub(_blank, text)
        yield number, text


def find(card, pattern: re.Pattern, templates: bool = False):
    """Every match of ``pattern`` in the card's prose, as :class:`Leftover` (see :func:`prose_lines`)."""
    for number, text in prose_lines(card, templates):
        for match in pattern.finditer(text):
            yield Leftover(number, match.start() + 1, match.end() + 1, match.group(0))


def has_content(text: str) -> bool:
    """True when ``text`` says something once comments, placeholders, boilerplate and bare labels are removed."""
    text = _COMMENT.sub("", text)
    text = TEMPLATE_SYNTAX.sub("", text)
    text = MORE_INFO.sub("", text)
    for sentence in _data()[1]:
        text = text.replace(sentence, "")
    text = _LABEL_ONLY.sub("", text)
    return re.search(r"\w", text) is not None
