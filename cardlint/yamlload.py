"""Reading the metadata block into plain data while keeping every position.

ruamel.yaml's C parser composes the node graph (every node carries its marks)
an order of magnitude faster than the round-trip loader, so the graph is
composed once and converted here into plain dicts, lists and scalars, with a
side table of spans keyed by key path. Doing the conversion ourselves keeps
the dangerous parts under our control: no tag constructs an object, dates stay
strings, duplicate keys are seen, and alias expansion has a budget.
"""

from __future__ import annotations

import functools
import os
from typing import Any, NamedTuple

from cardlint.model import Problem, Span, format_key_path
from cardlint.patterns import lazy

MAX_ALIAS_NODES = 10_000
"""Values produced by expanding aliases; a billion-laughs bomb stops here, before expanding."""

MAX_DEPTH = 200
"""Nesting levels; deeper metadata is refused instead of exhausting the stack."""

_LEADING_NODES = lazy(r"^[ \t]*(?:(?:[-?:]+|[&!]\S*)(?:[ \t]+|$))*")
"""The indentation of a line with the indicators and properties that open nodes on it: ``  - - &a ? ``."""

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "binary", "value")}
_COLLECTION_TAGS = {f"{_CORE}{name}" for name in ("map", "seq", "omap", "pairs", "set")}
_MERGE = f"{_CORE}merge"
_BUILDERS = {f"{_CORE}{name}": f"construct_yaml_{name}" for name in ("int", "float", "bool", "null")}
"""The safe constructor's method for each scalar tag that is not text; every other scalar stays the text it is."""
_OTHER_BREAKS = {0x85: 0xFFFD, 0x2028: 0xFFFD, 0x2029: 0xFFFD}
"""NEL, LS and PS end a line for ruamel.yaml but not for the Hub, markdown-it or cardlint's line
numbers; read as U+FFFD they keep every position aligned (values holding one are never written back)."""
ALIAS = "the value is shared through a YAML alias"
MERGE = "the value comes through a YAML merge key (`<<`)"


class Located(NamedTuple):
    """The span of a key (None for list items) and of its value."""

    key: Span | None
    value: Span


class Metadata:
    """Plain data of a metadata block, the span of every key path, and what went wrong.

    ``data`` is None when the block cannot be used at all (a syntax error, a
    list or scalar at the top); ``problems`` pairs each problem with its rule id.
    ``shared`` maps each region of the text that stands for a value used in more
    than one place (an anchored value used again, an alias, a merge key and what
    it merges) to the reason a fix must not edit it: an edit there would change
    every place the value is used, or the wrong text (an alias's value is
    located at its key).
    """

    __slots__ = ("data", "spans", "problems", "shared")

    def __init__(
        self,
        data: Any,
        spans: dict[tuple, Located] | None = None,
        problems: list[tuple[str, Problem]] | None = None,
        shared: dict[Span, str] | None = None,
    ) -> None:
        self.data = data
        self.spans = {} if spans is None else spans
        self.problems = [] if problems is None else problems
        self.shared = {} if shared is None else shared

    def locate(self, path: tuple, key: bool = False) -> Span | None:
        """Span of the value (or, with ``key``, the key) at ``path``, else of its closest ancestor.

        Pointing at an ancestor's key is right for a missing key; an empty value
        (``base_model:``) has no width, so its key is pointed at instead.
        """
        for depth in range(len(path), -1, -1):
            located = self.spans.get(path[:depth])
            if located is None:
                continue
            if located.key is not None and (key or depth < len(path) or _empty(located.value)):
                return located.key
            return located.value
        return None

    def sharing(self, span: Span) -> str | None:
        """Why ``span`` must not be edited (it overlaps a shared region), else None."""
        start, end = span[:2], span[2:]
        for region, reason in self.shared.items():
            if (start < region[2:] and region[:2] < end) or (start == end and region[:2] <= start <= region[2:]):
                return reason
        return None

    def first_problem(self, path) -> str | None:
        """``path:line:col: message`` for the first problem, the way errors in cardlint's own and a team's YAML files read."""
        if not self.problems:
            return None
        _, problem = self.problems[0]
        return f"{path}:{problem.span.line}:{problem.span.column}: {problem.message}"


class _TooLarge(Exception):
    def __init__(self, reason: str, span: Span) -> None:
        self.reason = reason
        self.span = span


@functools.cache
def _yaml(pure: bool = False):
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=pure)


@functools.cache
def _c_loader():
    """The loader class ``YAML(typ="safe").compose`` builds anew on every call for the C parser, built once.

    ruamel.yaml defines that class (C parser, safe constructor, versioned
    resolver) inside ``get_constructor_parser`` and fills a new resolver's
    table of implicit tags for each document: about 80 microseconds a card,
    even for ``a: 1``. This is the same class, made once, whose instances
    share one resolver table. The table depends only on the YAML version,
    which the C path always takes as 1.2 (its loader has no scanner to report
    a ``%YAML`` directive), so it is filled once and stands as a class
    attribute where ruamel's property would look the version up again for
    every node (through two caught AttributeErrors): a sixth of composing a
    card. None when the C parser is not installed: ruamel's own pure-Python
    path is then used.
    """
    yaml = _yaml()
    parser, constructor, resolver = yaml.Parser, yaml.Constructor, yaml.Resolver
    if getattr(parser, "__module__", "").split(".")[-1] != "_ruamel_yaml":
        return None

    class Loader(parser, constructor, resolver):
        versioned_resolver = resolver(version=yaml.version, loadumper=None).versioned_resolver

        def __init__(self, stream: str) -> None:
            parser.__init__(self, stream)
            self._parser = self._composer = self
            constructor.__init__(self, loader=self)
            self.allow_duplicate_keys = yaml.allow_duplicate_keys
            resolver.__init__(self, version=yaml.version, loadumper=self)

    return Loader


def _compose(text: str):
    """Compose with the C parser; where libyaml refuses what YAML 1.2 allows, ask the pure-Python parser.

    libyaml rejects a ``:`` inside a plain scalar in flow context
    (``[https://hf.co/x]``), which YAML 1.2, PyYAML and the Hub accept; the
    pure parser's verdict is the one that counts, and it only runs on errors.
    """
    from ruamel.yaml.error import MarkedYAMLError

    try:
        loader = _c_loader()
        if loader is None:
            yaml = _yaml()
            return yaml, yaml.compose(text)
        composer = loader(text)
        try:
            return _yaml(), composer.get_single_node()
        finally:
            composer.dispose()
    except MarkedYAMLError:
        yaml = _yaml(pure=True)
        return yaml, yaml.compose(text)


def load(text: str, first_line: int, mapping: bool = True) -> Metadata:
    """Compose ``text`` (the block between the fences, whose first line is ``first_line``).

    With ``mapping`` (a card's metadata block) anything but a mapping at the top
    is a CL005 problem; other YAML files (rule packs, eval results) pass False.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text = text.translate(_OTHER_BREAKS)
    too_deep = depth_problem(text, first_line)
    if too_deep:
        return Metadata(None, problems=[("CL005", too_deep)])
    try:
        yaml, node = _compose(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        span = _point(mark.line, mark.column, first_line) if mark else Span.point(first_line)
        return Metadata(None, problems=[("CL001", _syntax_problem(error, text, span))])
    except YAMLError as error:
        position = _reader_offset(error, text)
        line = text.count("\n", 0, position)
        column = position - (text.rfind("\n", 0, position) + 1)
        message = str(error).split("\n")[0]
        return Metadata(None, problems=[("CL001", Problem(_point(line, column, first_line), f"invalid YAML: {message}"))])
    except RecursionError:
        return Metadata(None, problems=[("CL005", Problem(Span.point(first_line), f"metadata is nested too deeply to read (more than {MAX_DEPTH} levels)"))])
    if node is None:
        return Metadata(None)
    return _Converter(yaml.constructor, text.split("\n"), first_line).run(node, mapping)


def depth_problem(text: str, first_line: int) -> Problem | None:
    """The CL005 problem of YAML nested more than :data:`MAX_DEPTH` levels, found before any parser composes it.

    The C composers of ruamel.yaml and PyYAML recurse once per level in C and
    crash the process (SIGSEGV, no exception) some tens of thousands of levels
    down, which 100 KB of ``- - - x`` reaches; so every YAML text is measured
    here first, without recursion. A linear look at the text bounds the depth
    from above: a block collection nested two levels deeper starts at least one
    column further right, a flow one needs a ``[`` or ``{`` (two levels with an
    implicit ``[a: b]`` pair). Only when that bound passes the limit (no metadata
    block of the 2,600 real cards in the test corpus reaches half of it) are the
    parser's events counted: exact, iterative, and pointing where the converter
    points, at the closest key above the first node too deep.
    """
    columns = max((_LEADING_NODES.match(line).end() for line in text.split("\n")), default=0)
    if 2 * columns + 2 * (text.count("[") + text.count("{")) + 4 <= MAX_DEPTH:
        return None
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, MappingStartEvent, NodeEvent

    open_collections: list[list] = []  # per collection: [is a mapping, a key comes next, the mark of its current key]
    try:
        for event in _yaml().parse(text):
            if isinstance(event, NodeEvent):
                inner = open_collections[-1] if open_collections else [False, False, None]
                is_key = inner[0] and inner[1]
                if len(open_collections) > MAX_DEPTH and not is_key:
                    mark = next((frame[2] for frame in reversed(open_collections) if frame[2]), event.start_mark)
                    return Problem(_point(mark.line, mark.column, first_line), f"metadata is nested more than {MAX_DEPTH} levels deep; the Hub cannot read it")
                if inner[0]:
                    inner[1] = not is_key
                    inner[2] = event.start_mark if is_key else inner[2]
            if isinstance(event, CollectionStartEvent):
                open_collections.append([isinstance(event, MappingStartEvent), True, None])
            elif isinstance(event, CollectionEndEvent):
                open_collections.pop()
    except YAMLError:
        return None
    return None


def _reader_offset(error, text: str) -> int:
    """Where the reader stopped, in characters of ``text``.

    A reader error carries the offending character and a position that
    libyaml counts in UTF-8 bytes, so the character is looked up instead.
    """
    character = getattr(error, "character", None)
    if isinstance(character, int) and chr(character) in text:
        return text.index(chr(character))
    return min(getattr(error, "position", 0) or 0, len(text))


def _empty(span: Span) -> bool:
    """A zero-width value span: ``key:`` with nothing after it."""
    return span.line == span.end_line and span.column >= span.end_column


def _point(line0: int, column0: int, first_line: int) -> Span:
    return Span.point(line0 + first_line, column0 + 1)


def _syntax_problem(error, text: str, span: Span) -> Problem:
    problem = error.problem or "syntax error"
    hint = None
    if "cannot start any token" in problem and "\t" in text:
        hint = "YAML does not allow tabs for indentation: indent with spaces"
    elif "mapping values are not allowed" in problem:
        hint = 'quote a value that contains ": ", e.g. description: "Note: ..."'
    message = f"invalid YAML: {problem}"
    if error.context:
        message += f" ({error.context})"
    return Problem(span, message, help=hint)


class _Converter:
    """Turns one composed node graph into plain data, spans and problems."""

    def __init__(self, constructor, lines: list[str], first_line: int) -> None:
        self.constructor = constructor
        self.lines = lines
        self.first_line = first_line
        self.spans: dict[tuple, Located] = {}
        self.problems: list[tuple[str, Problem]] = []
        self.shared: dict[Span, str] = {}
        self.expanded = 0
        self.expanding = 0
        self.sizes: dict[int, int] = {}
        self.seen: set[int] = set()
        self.active: set[int] = set()

    def run(self, node, mapping: bool) -> Metadata:
        try:
            data = self.value(node, (), None, None, 0)
        except _TooLarge as error:
            self.problems.append(("CL005", Problem(error.span, error.reason)))
            return Metadata(None, self.spans, self.problems, self.shared)
        if any(rule_id == "CL001" for rule_id, _ in self.problems):
            return Metadata(None, self.spans, self.problems, self.shared)
        if mapping and not isinstance(data, dict):
            kind = "a list" if isinstance(data, list) else "a single value"
            self.problems.append((
                "CL005",
                Problem(self.span(node), f"metadata block is {kind}, not a mapping of keys to values; the Hub rejects it",
                        help="write the metadata as `key: value` lines, e.g. `license: mit`"),
            ))
            return Metadata(None, self.spans, self.problems, self.shared)
        return Metadata(data, self.spans, self.problems, self.shared)

    def span(self, node) -> Span:
        start, end = node.start_mark, node.end_mark
        end_line, end_column = end.line, end.column
        if end_column == 0 and end_line > start.line:
            end_line -= 1
            while end_line > start.line and not self.lines[end_line].strip():
                end_line -= 1
            end_column = len(self.lines[end_line])
        return Span(start.line + self.first_line, start.column + 1, end_line + self.first_line, end_column + 1)

    def value(self, node, path: tuple, key_span: Span | None, near: Span | None, depth: int) -> Any:
        """Convert ``node`` found at ``path``; ``near`` is the closest key above it, where errors point."""
        reused = id(node) in self.seen
        near = key_span or near
        counted = reused and not self.expanding and id(node) not in self.active
        if counted:
            self.expanded += self.size(node, depth)
            if self.expanded > MAX_ALIAS_NODES:
                raise _TooLarge(
                    f"aliases in the metadata expand to more than {MAX_ALIAS_NODES:,} values (an alias bomb?); the Hub cannot read it",
                    near or self.span(node),
                )
        if depth > MAX_DEPTH:
            raise _TooLarge(f"metadata is nested more than {MAX_DEPTH} levels deep; the Hub cannot read it", near or self.span(node))
        if id(node) in self.active:
            raise _TooLarge("metadata refers to itself through an alias; the Hub cannot read it", near or self.span(node))
        self.seen.add(id(node))
        if reused:
            self.shared.setdefault(self.span(node), ALIAS)
            if key_span:
                self.shared.setdefault(key_span, ALIAS)
        span = key_span if reused and key_span else self.span(node)
        self.spans[path] = Located(key_span, span)
        tag = node.tag
        self.check_tag(tag, span)
        kind = node.id
        if kind == "scalar":
            return self.scalar(node, tag, span)
        self.active.add(id(node))
        self.expanding += counted
        try:
            if kind == "mapping":
                return self.mapping(node, path, near, depth)
            return [self.value(item, (*path, index), None, near, depth + 1) for index, item in enumerate(node.value)]
        finally:
            self.active.discard(id(node))
            self.expanding -= counted

    def size(self, node, depth: int) -> int:
        """How many values ``node`` expands to, counted on the shared graph without expanding it."""
        known = self.sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH or id(node) in self.active:
            return MAX_ALIAS_NODES + 1
        if node.id == "scalar":
            total = 1
        elif node.id == "mapping":
            total = 1 + sum(self.size(value, depth + 1) for _, value in node.value)
        else:
            total = 1 + sum(self.size(item, depth + 1) for item in node.value)
        self.sizes[id(node)] = total
        return total

    def check_tag(self, tag: str | None, span: Span) -> None:
        """Report a tag other than YAML's own (read once per node: ruamel builds the text anew on every read)."""
        tag = tag or ""
        if tag in _SCALAR_TAGS or tag in _COLLECTION_TAGS or tag == _MERGE:
            return
        shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
        self.problems.append((
            "CL005",
            Problem(span, f"YAML tag `{shown}` is not plain data; the Hub's YAML loader refuses it (cardlint read the value as text)",
                    help="remove the tag and write the value as a plain string, number, list or mapping"),
        ))

    def scalar(self, node, tag: str | None, span: Span) -> Any:
        builder = _BUILDERS.get(tag)
        if builder is None:
            return node.value
        try:
            return getattr(self.constructor, builder)(node)
        except (ValueError, TypeError, KeyError, AttributeError):
            self.problems.append(("CL001", Problem(span, f"invalid YAML: {node.value!r} is not a valid {tag[len(_CORE):]}")))
            return node.value

    def mapping(self, node, path: tuple, near: Span | None, depth: int) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, Span] = {}
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append((key_node, value_node))
                continue
            key_span = self.span(key_node)
            if key_node.id != "scalar":
                self.problems.append((
                    "CL001",
                    Problem(key_span, "invalid YAML: a list or mapping is used as a key (an unrendered `{{ ... }}` template placeholder?)",
                            help="keys must be plain text; render the template or quote the value"),
                ))
                continue
            key = key_node.value
            if key in first_seen:
                self.problems.append((
                    "CL004",
                    Problem(key_span, f"duplicate key `{key}` (first defined on line {first_seen[key].line}); the Hub refuses duplicate keys",
                            key_path=format_key_path((*path, key)),
                            help="keep one of the two entries and delete the other"),
                ))
            first_seen.setdefault(key, key_span)
            result[key] = self.value(value_node, (*path, key), key_span, near, depth + 1)
        for key_node, value_node in merges:
            self.shared.setdefault(self.span(key_node), MERGE)
            self.shared.setdefault(self.span(value_node), MERGE)
            sources = value_node.value if value_node.id == "sequence" else [value_node]
            for source in sources:
                merged = self.value(source, (*path, "<<"), self.span(key_node), near, depth + 1)
                if isinstance(merged, dict):
                    added = [key for key in merged if key not in result]
                    for key in added:
                        result[key] = merged[key]
                    self.locate_merged((*path, "<<"), path, merged, added)
        return result

    def locate_merged(self, source: tuple, target: tuple, merged: dict, keys: list[str]) -> None:
        """Record the spans of merged ``keys`` (read at ``source``) under ``target``, where the data has them.

        A finding about a merged value then points at the text it comes from,
        which lies inside a shared region, so no fix edits it. The walk follows
        the merged values, not the whole table, so it costs what reading them did.
        """
        stack = [((key,), merged[key]) for key in keys]
        while stack:
            rest, value = stack.pop()
            located = self.spans.get((*source, *rest))
            if located is not None:
                self.spans[(*target, *rest)] = located
            children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
            stack += [((*rest, key), item) for key, item in children]


def load_data_file(path) -> Any:
    """Plain data from one of cardlint's own YAML data files (rule packs, template defaults).

    These files ship with cardlint and are trusted: a problem in one raises.
    Parsing YAML is a tenth of a cold run, so the result is kept as JSON in a
    ``__pycache__`` folder next to the file, keyed by the length and CRC-32
    of its content (a stale cache cannot be read; these files are cardlint's
    own, not an adversary's, and zlib is loaded where hashlib would load
    OpenSSL); where that folder cannot be written the file is simply parsed
    every time.
    """
    import json
    import zlib
    from pathlib import Path

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    content = text.encode()
    cache = path.parent / "__pycache__" / f"{path.name}.{len(content)}-{zlib.crc32(content):08x}.json"
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    document = load(text.replace("\r\n", "\n"), 1, mapping=False)
    problem = document.first_problem(path)
    if problem:
        raise ValueError(problem)
    try:
        cache.parent.mkdir(exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(document.data), encoding="utf-8")
        os.replace(temporary, cache)
    except OSError:
        pass
    return document.data
