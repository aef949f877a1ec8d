"""CL006-CL007: metadata that huggingface_hub reads differently from the Hub, or cannot read at all.

The Hub reads the metadata block as YAML 1.2, which is cardlint's own reading
(``card.metadata``). huggingface_hub's ``RepoCard`` reads it with PyYAML's
``yaml.safe_load``, a YAML 1.1 reader, and so does every script built on it
(``ModelCard.load``, ``metadata_load``, ``datasets``). Rather than keep a list
of YAML 1.1 traps, the block is read a second time the way PyYAML reads it and
the two readings are compared key by key and value by value: whatever YAML 1.1
reads differently (``no``, ``on:``, ``1:30``, ``012``, ``1e3``, dates, ``=``)
is found because it is read differently, at the place it is written.

``safe_load`` runs PyYAML's pure-Python loader (``SafeLoader``), ten times
slower than its libyaml loader (``CSafeLoader``). The two share the resolver
and the constructors, so where both read a block they build the same values;
only their scanners differ, around tabs, byte-order marks, tags, block-scalar
headers followed by ``#`` and ``?`` inside flow collections (found by running
both on a million mutated real blocks). So the libyaml loader reads the
block, unless it fails or the block holds one of those: then the pure
loader's verdict, which is huggingface_hub's, is the one that counts.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from cardlint import yamlload
from cardlint.model import Fix, Problem, Span, format_key_path
from cardlint.patterns import lazy
from cardlint.rule import rule

_CORE = "tag:yaml.org,2002:"
_STR = f"{_CORE}str"
_MERGE = f"{_CORE}merge"
PURE_LIMIT = 1_000_000
"""Characters of metadata up to which PyYAML's pure loader gives its verdict where libyaml's may differ.

It reads about 0.6 MB a second; the largest block among 2,700 real cards is
43 KB, so only a hostile card is larger, and it is read with libyaml alone
rather than spending tens of seconds on it."""
_HEADER_OR_TAG = lazy(r"[|>][-+0-9]*#|(?<![^\s\[{,])!")
_FAILED = object()
_KINDS = {f"{_CORE}timestamp": "a date", _MERGE: "YAML 1.1's merge key", f"{_CORE}value": "YAML 1.1's value key"}
"""What PyYAML took a plain scalar for, when it then fails to build it."""
_HINTS = (
    ("'\\t'", "replace the tab with a space: PyYAML allows tabs only inside quotes and block text"),
    ("'\\ufeff'", "delete the invisible byte-order mark (U+FEFF) inside the block"),
    ("but got '?'", "quote the value that holds `?` inside `[...]` or `{...}`"),
    ("chomping or indentation", "put a space between the `|` or `>` and the `#` comment"),
    ("for merging", "follow `<<:` with a mapping or an alias of one, or quote the key (`'<<':`) if it is not a merge"),
)
_BREAKS = {"\x85": "U+0085", "\u2028": "U+2028", "\u2029": "U+2029"}
"""Characters that end a line for YAML 1.1 (PyYAML) but not for YAML 1.2 (the Hub)."""


class _Difference(NamedTuple):
    """One scalar both readers accept but read differently."""

    at: tuple
    """Its key path, as cardlint locates it."""
    key: bool
    """The key at ``at`` differs, not its value."""
    node: Any
    hub: Any
    pyyaml: Any
    direct: bool
    """Written in place, not reached through a merge key: a fix may edit it."""


class _Reading(NamedTuple):
    differences: list[_Difference]
    failures: list[Problem]


@rule(
    "CL006", "yaml-1-1-value", "error", "a metadata value or key that huggingface_hub (YAML 1.1) reads differently from the Hub (YAML 1.2)",
    fix="quote a value or key the Hub reads as text (`no` -> `'no'`)",
)
def yaml_1_1_value(card, options):
    """
    ## What it does
    Reads the metadata block a second time the way huggingface_hub reads it
    (PyYAML, YAML 1.1) and reports every key and value that it reads
    differently from the Hub (YAML 1.2): `no`, `yes`, `on`, `off` in any of
    their spellings (booleans in YAML 1.1, text in YAML 1.2), `1:30`
    (sexagesimal 90), `012` (octal 10), `0o12` and `1e3` (text in YAML 1.1),
    `+.5`, dates and times, and keys such as `on:`. The message says what each
    reader sees and what a script that loads and saves the card writes back.

    ## Why is this bad?
    The Hub shows one value and every Python script that uses
    huggingface_hub (`ModelCard.load`, `metadata_update`, `datasets`) gets
    another: `language: no` (Norwegian) is the string `no` on the Hub and
    `False` in Python, and a script that loads and saves the card writes
    `- false` into it, silently replacing what the author wrote.

    ## Example
    ```markdown
    ---
    language:
    - en
    - no
    ---
    ```

    ## Use instead
    ```markdown
    ---
    language:
    - en
    - 'no'
    ---
    ```
    """
    for difference in _reading(card).differences:
        yield _difference_problem(card, difference)


@rule(
    "CL007", "pyyaml-unreadable", "error", "metadata the Hub reads but huggingface_hub (PyYAML) cannot load",
    fix="quote a value or top-level key that PyYAML cannot build (`=` -> `'='`)",
)
def pyyaml_unreadable(card, options):
    """
    ## What it does
    Reports a metadata block that the Hub reads but PyYAML's `yaml.safe_load`,
    which huggingface_hub calls, refuses: a tab after a value, `=` or `<<` as
    a plain value, a date that does not exist (`2023-02-30`), a top-level key
    that YAML 1.1 reads as something other than text (`on:`, `yes:`, `1:`).
    It points where PyYAML stops and gives its reason.

    ## Why is this bad?
    Every `ModelCard.load` and `DatasetCard.load` of the card raises, even
    with `ignore_metadata_errors=True`, so no script built on huggingface_hub
    (`metadata_update`, `push_to_hub`, `datasets`) can read or update the
    card, although the Hub shows it without complaint.

    ## Example
    ```markdown
    ---
    license: mit
    on: push
    ---
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    'on': push
    ---
    ```
    """
    yield from _reading(card).failures


def _reading(card) -> _Reading:
    """Both rules' comparison, made once per card."""
    reading = card.derived.get("yaml-readers")
    if reading is None:
        reading = card.derived["yaml-readers"] = _read(card) if card.has_metadata else _Reading([], [])
    return reading


def _read(card) -> _Reading:
    text = card.front_matter.yaml
    if _reads_alike(text):
        return _Reading([], [])
    return _compare(card, text)


_NOT_TEXT_ALIKE = lazy("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""What the readers may not both take as text: a tab, CR, C0 or C1 control (U+0085 among them), U+2028, U+2029, a byte-order mark, a non-character.

Written as what is refused: the class of what is accepted spans to U+10FFFF and takes five times as long to compile."""
_WORD = r"[A-Za-z_][A-Za-z0-9_./+-]*"
_WORDS_CHARS = r"A-Za-z0-9_./+(),'-"
_PLAIN_ALIKE = (
    _WORD,
    r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?",
    rf"(?:[A-Za-z0-9_./+(]|-(?! ))[{_WORDS_CHARS}]*(?: [{_WORDS_CHARS}]+)+",
)
_QUOTED_ALIKE = r"""'(?:[^'\n]|'')*'|"[^"\\\n]*\""""
_VALUE_ALIKE = "|".join((*_PLAIN_ALIKE, _QUOTED_ALIKE, r"\[\]", r"\{\}"))
_LINE_ALIKE = lazy(rf"\A(?: *(?:- )*(?:(?P<key>{_WORD}|{_QUOTED_ALIKE}):(?: +(?P<value>{_VALUE_ALIKE}))?|- (?P<item>{_VALUE_ALIKE}))(?: +#.*)?| *(?:#.*)?)")
"""One line of the subset; anchored, so that no search of it reads the line again from every space."""
_YAML_1_1_WORDS = frozenset({"yes", "no", "on", "off", "y", "n", "true", "false", "null"})
_SAME_IN_BOTH = frozenset({"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"})


def _reads_alike(text: str) -> bool:
    """Whether ``text`` is written in a subset of YAML that YAML 1.1 and 1.2 read alike, so PyYAML need not be asked.

    Importing PyYAML costs about a tenth of a cold run on one card, and nine
    cards in ten are written in this subset, line by line: ``key: value``,
    ``- value``, ``- key: value``, ``key:``, comments. Keys are words; values
    are a word, a decimal number without a leading zero, words and numbers
    joined by single spaces, a one-line quoted string without backslashes,
    ``[]`` or ``{}``. Nothing YAML 1.1 resolves differently can be written so:
    its booleans (``no``, ``on``) are excluded by name; its octal,
    sexagesimal, exponent, underscore and date forms need a leading zero, a
    ``:``, an ``e`` or ``_`` or ``-`` after a digit; ``=``, ``<<`` and
    ``.inf`` are not words. Nor can what PyYAML's scanner refuses or reads
    otherwise: tabs, tags, anchors, flow collections, block scalars, ``?``
    keys, keys near its limit of 1,024 characters (128 here). Tests hold
    PyYAML's reading equal to cardlint's on every real card this spares and
    on thousands of made-up blocks.
    """
    if _NOT_TEXT_ALIKE.search(text):
        return False
    for line in text.split("\n"):
        parts = _LINE_ALIKE.fullmatch(line)
        if parts is None:
            return False
        key, value = parts["key"], parts["value"] or parts["item"]
        if key is not None and (key.lower() in _YAML_1_1_WORDS or len(key) > 128):
            return False
        if value is not None and value.lower() in _YAML_1_1_WORDS and value not in _SAME_IN_BOTH:
            return False
    return True


def _compare(card, text: str) -> _Reading:
    """Both readings of a block that is not written in the subset :func:`_reads_alike` accepts, compared."""
    import yaml  # on first use, as ruamel.yaml in cardlint.yamlload: `cardlint rules` never pays for it

    try:
        node = _compose(yaml, text)
    except yaml.YAMLError as error:
        return _Reading([], [_stopped(card, text, error)])
    except RecursionError:
        return _Reading([], [])
    if not isinstance(node, yaml.MappingNode):
        return _Reading([], [Problem(card.metadata_span(), "huggingface_hub cannot use this metadata: PyYAML (YAML 1.1) does not read a mapping of keys to values, while the Hub does")])
    walker = _Walker(card, yaml)
    walker.mapping(node, card.metadata, (), direct=True, top=True)
    if walker.merges and not walker.failures:
        try:
            yaml.constructor.SafeConstructor().construct_document(node)
        except (yaml.YAMLError, ValueError) as error:
            walker.failures.append(_stopped(card, text, error))
    return _Reading(walker.differences, walker.failures)


def _compose(yaml, text: str):
    """PyYAML's node graph of ``text``: libyaml's where it agrees with ``safe_load``, else the pure loader's."""
    fast = getattr(yaml, "CSafeLoader", None)
    large = len(text) > PURE_LIMIT
    if fast is not None and (large or not _scanners_may_differ(text)):
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            if large:
                raise
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _scanners_may_differ(text: str) -> bool:
    """Whether ``text`` holds what libyaml accepts and PyYAML's own scanner may refuse.

    That is a tab or a byte-order mark anywhere (``license: mit<TAB>``), a
    block-scalar header followed by ``#`` (``|#``), a tag (``!x!``), or a ``?``
    after a ``[`` or ``{`` (``[https://x.org/?q=1]``). Each costs one pure load.
    """
    if "\t" in text or "\ufeff" in text:
        return True
    flow = min((index for index in (text.find("["), text.find("{")) if index != -1), default=-1)
    if flow != -1 and text.find("?", flow) != -1:
        return True
    return ("#" in text or "!" in text) and _HEADER_OR_TAG.search(text) is not None


class _Walker:
    """Walks PyYAML's node graph beside cardlint's data, collecting differences and failures."""

    def __init__(self, card, yaml) -> None:
        self.card = card
        self.yaml = yaml
        self.constructor = yaml.constructor.SafeConstructor()
        self.resolver = yaml.resolver.Resolver()
        self.seen: set[int] = set()
        self.merges = False
        self.differences: list[_Difference] = []
        self.failures: list[Problem] = []

    def node(self, node, hub, at: tuple, direct: bool) -> None:
        if node.tag == _STR and type(hub) is str:
            return  # both read text: most nodes, so this comes first
        if id(node) in self.seen:
            return  # an alias: its anchored node was compared where it is written
        self.seen.add(id(node))
        yaml = self.yaml
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node, hub, at, direct)
        elif isinstance(node, yaml.SequenceNode) and isinstance(hub, list):
            for index, (item, value) in enumerate(zip(node.value, hub)):
                self.node(item, value, (*at, index), direct)
        elif isinstance(node, yaml.MappingNode) and isinstance(hub, dict):
            self.mapping(node, hub, at, direct)

    def mapping(self, node, hub: dict, at: tuple, direct: bool, top: bool = False, taken: set | None = None) -> None:
        """Compare the pairs of ``node`` with ``hub``, the mapping cardlint read.

        As in both readers, of a repeated key only the last pair counts, a
        mapping's own keys win over merged ones, and the first merge source
        that sets a key wins; ``taken`` (given for a merge source) holds the
        keys already set.
        """
        yaml = self.yaml
        last = {key.value: index for index, (key, _) in enumerate(node.value) if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE}
        source = taken is not None
        taken = taken if source else set(last)
        for index, (key, value) in enumerate(node.value):
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.tag == _MERGE:
                self.merges = True
                for merged in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                    if id(merged) not in self.seen and isinstance(merged, yaml.MappingNode):
                        self.seen.add(id(merged))
                        self.mapping(merged, hub, (*at, "<<"), False, top, taken)
                continue
            if last[key.value] != index:
                continue
            if source:
                if key.value in taken:
                    continue
                taken.add(key.value)
            if key.tag != _STR:
                self.key(key, (*at, key.value), direct, top)
            if key.value in hub:
                self.node(value, hub[key.value], (*at, key.value), direct)

    def key(self, node, at: tuple, direct: bool, top: bool) -> None:
        pyyaml = self.build(node, at, True, direct)
        if pyyaml is _FAILED:
            return
        hub = _hub_reading(f"- {node.value}\n")
        if hub is _FAILED:
            return
        if top:
            self.failures.append(Problem(
                self.card.locate(at, key=True),
                f"huggingface_hub cannot load this metadata: PyYAML (YAML 1.1) reads the top-level key `{node.value}` as {_describe(pyyaml)}, "
                f"not text, so `ModelCard.load` fails (keywords must be strings); the Hub accepts it",
                key_path=format_key_path(at),
                help=f"quote the key: `{_quoted(node.value)}:`",
                fix=_quote(self.card, node, self.card.locate(at, key=True), direct) if isinstance(hub, str) else None,
            ))
        elif not _same(pyyaml, hub):
            self.differences.append(_Difference(at, True, node, hub, pyyaml, direct))

    def scalar(self, node, hub, at: tuple, direct: bool) -> None:
        pyyaml = self.build(node, at, False, direct)
        if pyyaml is not _FAILED and not _same(pyyaml, hub):
            self.differences.append(_Difference(at, False, node, hub, pyyaml, direct))

    def build(self, node, at: tuple, key: bool, direct: bool) -> Any:
        """PyYAML's value of a scalar; a plain scalar it cannot build is a failure (an explicit tag is CL005's)."""
        try:
            return self.constructor.construct_object(node)
        except (self.yaml.YAMLError, ValueError, OverflowError) as error:
            if not node.style and self.resolver.resolve(self.yaml.ScalarNode, node.value, (True, False)) == node.tag:
                span = self.card.locate(at, key=key)
                reason = getattr(error, "problem", None) or str(error)
                kind = _KINDS.get(node.tag, f"`!!{node.tag.removeprefix(_CORE)}`")
                self.failures.append(Problem(
                    span,
                    f"huggingface_hub cannot load this metadata: PyYAML (YAML 1.1) reads `{node.value}` as {kind} and fails ({reason}); "
                    f"the Hub reads the string {node.value!r}",
                    key_path=format_key_path(at),
                    help=f"quote it: `{_quoted(node.value)}`",
                    fix=_quote(self.card, node, span, direct),
                ))
            return _FAILED


def _difference_problem(card, difference: _Difference) -> Problem:
    node, hub, pyyaml = difference.node, difference.hub, difference.pyyaml
    span = card.locate(difference.at, key=difference.key)
    written = _written(pyyaml)
    if difference.key:
        subject = f"key `{node.value}` of `{format_key_path(difference.at[:-1])}`"
    else:
        subject = f"`{format_key_path(difference.at)}` is `{node.value}`"
    message = f"{subject}: the Hub (YAML 1.2) reads {_describe(hub)}, huggingface_hub (YAML 1.1) reads {_describe(pyyaml)}"
    if _same(_hub_reading(f"- {written}\n"), hub):
        message += ", so Python code that reads the card sees another value than the Hub shows"
    else:
        message += f", and a script that loads and saves the card writes `{written}{':' if difference.key else ''}`"
    key_path = format_key_path(difference.at)
    if isinstance(hub, str):
        return Problem(span, message, key_path=key_path, help=f"quote it: `{_quoted(node.value)}`", fix=_quote(card, node, span, difference.direct))
    number = _number(hub)
    quote = f"quote it (`{_quoted(node.value)}`) if you mean text"
    return Problem(span, message, key_path=key_path, help=f"write `{number}` if you mean the number, or {quote}" if number else quote)


def _stopped(card, text: str, error) -> Problem:
    """Where and why PyYAML gave up on the whole block."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None:
        span, before = card.metadata_span(), ""
    else:
        index = min(mark.index, len(text))
        span = Span.point(card.front_matter.first_line + text.count("\n", 0, index), index - text.rfind("\n", 0, index))
        before = text[: index + 1]
    reason = getattr(error, "problem", None) or str(error).split("\n")[0]
    if getattr(error, "context", None):
        reason = f"{error.context}: {reason}"
    breaks = [name for character, name in _BREAKS.items() if character in before]
    if breaks:
        hint = f"delete the invisible {breaks[0]} character before this point: YAML 1.1 reads it as a line break, YAML 1.2 does not"
    else:
        hint = next((hint for marker, hint in _HINTS if marker in reason), "rewrite the value so that YAML 1.1 reads it too, e.g. quote it")
    return Problem(span, f"huggingface_hub cannot load this metadata: PyYAML (YAML 1.1) stops here ({reason}), though the Hub reads the block", help=hint)


def _quote(card, node, span: Span, direct: bool) -> Fix | None:
    """Quote a plain scalar the Hub reads as text; only where the span is exactly the scalar (no alias, anchor or merge)."""
    if not direct or node.style or card.text_at(span) != node.value:
        return None
    return Fix(f"quote `{node.value}`", (card.replace(span, _quoted(node.value)),))


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _written(value) -> str:
    """How huggingface_hub writes ``value`` back (its ``yaml_dump`` is ``yaml.dump(..., allow_unicode=True)``)."""
    import yaml

    return yaml.dump([value], allow_unicode=True, width=math.inf)[2:].rstrip("\n")


def _hub_reading(document: str) -> Any:
    """cardlint's YAML 1.2 reading of the one-item list ``document``."""
    data = yamlload.load(document, 1, mapping=False).data
    return data[0] if isinstance(data, list) and data else _FAILED


def _number(value) -> str | None:
    """``value`` written so that both readers read the same number, if it is a number."""
    import yaml

    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    text = repr(value)
    mantissa, _, exponent = text.partition("e")
    if exponent and "." not in mantissa:
        text = f"{mantissa}.0e{exponent}"
    return text if _same(yaml.safe_load(text), value) and _same(_hub_reading(f"- {text}\n"), value) else None


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    return a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))


def _describe(value) -> str:
    import datetime  # only PyYAML's reading makes dates, and it has imported datetime by then

    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, datetime.datetime):
        return f"the date and time {value}"
    if isinstance(value, datetime.date):
        return f"the date {value}"
    return f"a {type(value).__name__}"
