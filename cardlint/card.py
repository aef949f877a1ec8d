"""A card, parsed once: its source, its metadata block, its metadata with positions, its body.

Rules read a :class:`Card` and nothing else. Everything expensive (the Markdown
parse, the schema validation) is computed on first use and kept, so a run that
selects only metadata rules never parses Markdown and each rule reuses the
work of the others.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cardlint import frontmatter, yamlload
from cardlint.frontmatter import FrontMatter, Status
from cardlint.model import Span
from cardlint.source import Source


@dataclass(eq=False)
class Card:
    """One card. ``folder`` is the directory holding it (None for stdin), which file rules read."""

    source: Source
    front_matter: FrontMatter
    meta: yamlload.Metadata
    folder: Path | None = None

    @classmethod
    def parse(cls, source: Source, folder: Path | None = None) -> Card:
        block = frontmatter.locate(source.text)
        if block.status is Status.FOUND:
            meta = yamlload.load(block.yaml, block.first_line)
        else:
            meta = yamlload.Metadata(None)
        return cls(source, block, meta, folder)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def metadata(self) -> dict[str, Any]:
        """The metadata as plain data; empty when there is none or it could not be read."""
        return self.meta.data if isinstance(self.meta.data, dict) else {}

    @property
    def has_metadata(self) -> bool:
        """True when the block was read into a mapping that schema rules can check."""
        return isinstance(self.meta.data, dict)

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.source.lines

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    @functools.cached_property
    def body(self):
        """The Markdown body (see :mod:`cardlint.markdown`), parsed on first use."""
        from cardlint.markdown import Body

        lines = self.lines
        blanked = self.front_matter.closer_line
        if blanked:
            lines = [""] * blanked + lines[blanked:]
        return Body(lines, self.front_matter.body_start_line)

    @functools.cached_property
    def violations(self):
        """Schema violations of the metadata (see :mod:`cardlint.schema`), computed on first use."""
        from cardlint import schema

        return schema.validate(self) if self.has_metadata else []

    def locate(self, path: tuple, key: bool = False) -> Span:
        """Span of the value (or, with ``key``, the key) at ``path``, else of its closest ancestor."""
        spans = self.meta.spans
        for depth in range(len(path), 0, -1):
            located = spans.get(path[:depth])
            if located is None:
                continue
            if key and located.key is not None:
                return located.key
            if located.key is not None and (depth < len(path) or _empty(located.value)):
                return located.key
            return located.value
        return self.metadata_span()

    def metadata_span(self) -> Span:
        """Where to point for a problem with the metadata as a whole: the opening ``---``."""
        line = self.front_matter.opener_line
        return Span(line, 1, line, len(self.line(line)) + 1)


def _empty(span: Span) -> bool:
    """A zero-width value span: ``key:`` with nothing after it."""
    return span.line == span.end_line and span.column >= span.end_column
