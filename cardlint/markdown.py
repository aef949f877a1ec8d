"""The Markdown body as a tree of sections, with the pieces rules look at.

markdown-it-py parses the whole file with the metadata block blanked out, so
its 0-based, end-exclusive line maps are whole-file line numbers without any
offset arithmetic, and the body is exactly what the Hub renders (the Hub's
front-matter rules, not a plugin's, decide what the metadata block is). Inline
parsing is the expensive half of markdown-it and only links need it, so it is
switched off for the block parse and run lazily by :attr:`Body.links`.
GFM tables are not parsed either: no rule needs their structure, a table row
is then plain paragraph text whose links are still found, and the table rule,
tried on every line, was a fifth of the block parse.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import deque
from typing import NamedTuple

from cardlint.patterns import lazy

_COMMENT = lazy(r"<!--(.*?)(-->|\Z)", re.DOTALL)
"""An HTML comment, or (group 2 empty) an unclosed ``<!--`` and the rest of the text: no ``-->`` follows it, so none
follows a later ``<!--`` either, and taking the rest at once keeps the search linear (``<!--(.*?)-->`` read it again
from every later ``<!--``)."""

_ABSOLUTE = lazy(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|#|/)")
_RELATIVE_LINK = lazy(r"\]\((?:\s+(?![\s)])|(?![\s#/)]|[A-Za-z][A-Za-z0-9+.-]*:))")
"""``](`` then a destination that is not a URL, an anchor, a rooted path or empty; each run of spaces is read once."""
_TASK = lazy(r"\[([ xX])\]\s")
_BOLD_LINE = lazy(r"(?:\*\*([^*\n]+)\*\*|__([^_\n]+)__)[ \t]*:?")
_BLANKS = lazy(r"[ \t]*")


class Section:
    """A heading and everything under it up to the next heading of the same or a higher level.

    Lines are 1-based and inclusive. ``content_end`` is the last line before the
    first subsection, so ``text_lines(content_line, content_end)`` is the
    section's own text. ``content_end``, ``end_line`` and ``children`` are
    filled in as the parse reaches the headings that close the section.
    """

    __slots__ = ("level", "title", "line", "column", "content_line", "content_end", "end_line", "children")

    def __init__(self, level: int, title: str, line: int, column: int, content_line: int) -> None:
        self.level = level
        self.title = title
        self.line = line
        self.column = column
        self.content_line = content_line
        self.content_end = 0
        self.end_line = 0
        self.children: list[Section] = []

    def __repr__(self) -> str:
        return f"Section({self.title!r}, lines {self.line}-{self.end_line})"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


class BoldHeading(NamedTuple):
    """A paragraph that is one bold line (``**Usage**``, ``__Usage__``, ``**Usage:**``): a heading as many cards write one."""

    title: str
    line: int
    column: int


class Fence(NamedTuple):
    """A fenced or indented code block; ``line`` is its first line, ``end_line`` its last (1-based)."""

    info: str
    content: str
    line: int
    end_line: int


class TaskItem(NamedTuple):
    checked: bool
    text: str
    line: int
    column: int


class Comment(NamedTuple):
    """An HTML comment outside code; ``text`` is what is between ``<!--`` and ``-->``."""

    text: str
    line: int
    column: int
    end_line: int
    end_column: int


class Link(NamedTuple):
    """A link or image target as written, at the position of the target text."""

    target: str
    image: bool
    line: int
    column: int


@functools.cache
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.core.ruler.disable("inline")
    return md


class Body:
    """The parsed Markdown of one card. ``lines`` are the whole file's lines (metadata blanked)."""

    def __init__(self, lines: list[str], body_start: int) -> None:
        self.lines = lines
        self.body_start = body_start
        self.text = "\n".join(lines)
        self.env: dict = {}
        self.tokens = _parser().parse(self.text, self.env)
        self.sections: list[Section] = []
        self.fences: list[Fence] = []
        self.task_items: list[TaskItem] = []
        self.bold_headings: list[BoldHeading] = []
        self._build()
        self.comments = self._comments()

    def line(self, number: int) -> str:
        """The text of 1-based line ``number`` ('' past the end)."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def all_sections(self):
        for section in self.sections:
            yield from section.walk()

    @functools.cached_property
    def title(self) -> Section | None:
        """The card's title: its only top-level heading, when the other headings are under it (``# Name`` over ``## Uses``...)."""
        sections = self.sections
        return sections[0] if len(sections) == 1 and sections[0].children else None

    @functools.cached_property
    def code_lines(self) -> frozenset[int]:
        """Every line inside a fenced or indented code block."""
        return frozenset(line for fence in self.fences for line in range(fence.line, fence.end_line + 1))

    def in_code(self, line: int) -> bool:
        return line in self.code_lines

    def _build(self) -> None:
        tokens = self.tokens
        stack: list[Section] = []
        last_line = len(self.lines)
        for index, token in enumerate(tokens):
            if token.type == "heading_open":
                level = int(token.tag[1])
                line = token.map[0] + 1
                title = tokens[index + 1].content.strip()
                column = self.line(line).find(title[:1]) + 1 if title else 1
                section = Section(level, title, line, max(column, 1), token.map[1] + 1)
                while stack and stack[-1].level >= level:
                    self._close(stack.pop(), line - 1)
                if stack:
                    parent = stack[-1]
                    if not parent.children:
                        parent.content_end = line - 1
                    parent.children.append(section)
                else:
                    self.sections.append(section)
                stack.append(section)
            elif token.type in ("fence", "code_block"):
                self.fences.append(Fence(token.info.strip(), token.content, token.map[0] + 1, token.map[1]))
            elif token.type == "list_item_open" and index + 2 < len(tokens) and tokens[index + 2].type == "inline":
                self._task_item(tokens[index + 2])
            elif token.type == "paragraph_open" and token.level == 0:
                self._bold_heading(tokens[index + 1])
        while stack:
            self._close(stack.pop(), last_line)

    @staticmethod
    def _close(section: Section, end_line: int) -> None:
        section.end_line = max(end_line, section.line)
        if not section.children:
            section.content_end = section.end_line

    def _task_item(self, inline) -> None:
        match = _TASK.match(inline.content + " ")
        if not match:
            return
        line = inline.map[0] + 1
        column = self.line(line).find("[" + match.group(1) + "]") + 1
        text = inline.content[match.end():].split("\n")[0].strip()
        self.task_items.append(TaskItem(match.group(1) != " ", text, line, max(column, 1)))

    def _bold_heading(self, inline) -> None:
        """Record a top-level paragraph that is nothing but one bold line; a bold label inside a list item is not one."""
        match = _BOLD_LINE.fullmatch(inline.content)
        if match:
            line = inline.map[0] + 1
            title = (match.group(1) or match.group(2)).strip().rstrip(":").strip()
            self.bold_headings.append(BoldHeading(title, line, self.line(line).find(inline.content[:2]) + 1))

    def _comments(self) -> list[Comment]:
        text = self.text
        if "<!--" not in text:
            return []
        starts = line_starts(self.lines)
        found = []
        for match in _COMMENT.finditer(text):
            line, column = position(starts, match.start())
            if not match.group(2) or line < self.body_start or self.in_code(line):
                continue
            end_line, end_column = position(starts, match.end())
            found.append(Comment(match.group(1), line, column, end_line, end_column))
        return found

    @functools.cached_property
    def links(self) -> list[Link]:
        """Every link and image target that could name a local file, from an inline parse.

        Inline parsing is most of markdown-it's cost and only this needs it, so
        a block is parsed inline only when it may hold such a target: an
        inline link whose destination is not a URL, an anchor or a rooted path,
        an HTML tag, or a reference to a definition with a relative target.
        Links to absolute URLs are not collected: no rule checks them.
        """
        md = _parser()
        relative_references = any(_relative(str(ref.get("href", ""))) for ref in self.env.get("references", {}).values())
        found = []
        for token in self.tokens:
            content = token.content
            if token.type != "inline" or not token.map or not (_RELATIVE_LINK.search(content) or (relative_references and "[" in content)):
                continue
            children: list = []
            md.inline.parse(content, md, self.env, children)
            written = self._destinations(token.map[0], token.map[1])
            for target, image in _in_source_order(children):
                if not _relative(target):
                    continue
                places = written.get(target)
                line, column = places.popleft() if places else (token.map[0], 0)
                found.append(Link(target, image, line + 1, column + 1))
        return found

    def _destinations(self, first: int, stop: int) -> dict[str, deque[tuple[int, int]]]:
        """Where each inline link destination of lines ``first`` to ``stop`` (0-based, exclusive) is written.

        Keyed by the target markdown-it reads from it (unescaped and
        normalized the way its link rule does), in the order written, so that
        each link takes the next place its own target is written at: a link
        repeated in a paragraph is found at each of its places, and the same
        text outside a link (``see docs/x.md``) is never taken for one. A
        destination may follow ``](`` on the next line.
        """
        from markdown_it.helpers import parseLinkDestination

        md = _parser()
        places: dict[str, deque[tuple[int, int]]] = {}
        last = min(stop, len(self.lines))
        for number in range(first, last):
            text = self.lines[number]
            opening = text.find("](")
            while opening >= 0:
                line, start = number, _BLANKS.match(text, opening + 2).end()
                if start == len(text) and line + 1 < last:
                    line += 1
                    start = _BLANKS.match(self.lines[line]).end()
                written = self.lines[line]
                result = parseLinkDestination(written, start, len(written))
                if result.ok:
                    places.setdefault(md.normalizeLink(result.str), deque()).append((line, start + written.startswith("<", start)))
                opening = text.find("](", opening + 2)
        return places


def _relative(target: str) -> bool:
    """A target that names a file in the repository: not a URL, an anchor or a site-rooted path."""
    target = target.strip()
    return bool(target) and not _ABSOLUTE.match(target)


def _in_source_order(tokens):
    """(target, image) of each link and image in an inline parse, in the order their targets are written.

    A link's target follows its text, which may hold images (``[![badge](b.svg)](page.md)``),
    so a link is taken at its close and an image after its description. A
    stack instead of recursion keeps any depth of images in descriptions safe.
    """
    pending = [(iter(tokens), None)]
    opened: list[str] = []
    while pending:
        children, image = pending[-1]
        token = next(children, None)
        if token is None:
            pending.pop()
            if image is not None:
                yield str(image.attrs.get("src", "")), True
        elif token.type == "image":
            pending.append((iter(token.children or ()), token))
        elif token.type == "link_open":
            opened.append(str(token.attrs.get("href", "")))
        elif token.type == "link_close" and opened:
            yield opened.pop(), False


def line_starts(lines: list[str]) -> tuple[int, ...]:
    """The offset where each of ``lines`` starts in ``"\\n".join(lines)``, for :func:`position`."""
    return tuple(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))


def position(starts, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` given the offsets where lines start."""
    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1
