"""Rule packs: YAML files that add section profiles, metric ranges and forbidden values, no Python needed.

The built-in packs are the ``*.yaml`` files of ``rules/``; a team adds its own
under ``rule-packs`` in the configuration or as ``*.yaml`` in a ``plugins``
folder. Later packs extend earlier ones: a profile or a metric range with the
same name replaces the earlier one. Each pack is checked against
``schemas/rulepack.schema.json`` and every mistake is reported with the
pack's file, line and column.

A profile lists sections (CL201, CL202), metadata fields (CL204) and items
(CL205): the labelled lines or sub-headings of a checklist, each belonging to
a section of the profile or to the card as a whole.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from cardlint import yamlload
from cardlint.model import Problem, Severity, Span
from cardlint.rule import Rule


class PackError(Exception):
    """A rule pack that cannot be used; the message names the file and position."""


class Section(NamedTuple):
    name: str
    aliases: tuple[str, ...] = ()
    template: bool = True


class Item(NamedTuple):
    """One entry of a checklist: a labelled line (``**Developed by:** ...``) or a sub-heading with real content.

    ``section`` names the profile section it is looked for under (None: the
    whole card). ``fields`` are metadata keys (dotted for nested ones) that
    provide it instead, and ``provided_by`` names parts of the card that do:
    ``title`` (a level-1 heading), ``introduction`` (text before the first
    section) and ``results`` (``model-index`` results or ``.eval_results/``).
    ``legal`` is the provision that asks for it, quoted in the finding's help.
    """

    name: str
    section: str | None = None
    aliases: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    provided_by: tuple[str, ...] = ()
    legal: str | None = None


class Profile(NamedTuple):
    """What a card must have: sections (matched loosely by name or alias), metadata fields and checklist items."""

    name: str
    description: str = ""
    sections: tuple[Section, ...] = ()
    fields: tuple[str, ...] = ()
    description_required: bool = False
    items: tuple[Item, ...] = ()


class Range(NamedTuple):
    """Sane values of a metric; ``bounded`` metrics may also be written as percentages."""

    min: float | None = None
    max: float | None = None
    bounded: bool = False


class Packs:
    """What the loaded rule packs add up to: checklist profiles by name, metric ranges, forbidden-value rules."""

    __slots__ = ("profiles", "ranges", "rules")

    def __init__(self) -> None:
        self.profiles: dict[str, Profile] = {}
        self.ranges: dict[str, Range] = {}
        self.rules: list[Rule] = []


def load(paths: Iterable[Path], trusted: Iterable[Path] = ()) -> Packs:
    """Merge the ``trusted`` packs, then the packs at ``paths``, in order.

    Trusted packs (the built-in ones, which a test validates) skip the schema
    check, which would otherwise be a tenth of a cold run.
    """
    packs = Packs()
    for path in trusted:
        _merge(packs, path, yamlload.load_data_file(path))
    for path in paths:
        document = _read(path)
        _merge(packs, path, document.data if document.data is not None else {}, document.locate)
    return packs


def range_for(ranges: dict[str, Range], metric_type: str) -> Range | None:
    """The range of ``metric_type``: an exact (case-insensitive) key first, then the first matching pattern."""
    wanted = metric_type.strip().lower()
    if wanted in ranges:
        return ranges[wanted]
    return next((found for pattern, found in ranges.items() if "*" in pattern and fnmatch.fnmatchcase(wanted, pattern)), None)


def parse_ranges(data: Any, where: str) -> dict[str, Range]:
    """Ranges from plain data (a pack's ``metric-ranges`` or the configuration's), keys lower-cased."""
    if not isinstance(data, dict):
        raise PackError(f"{where}: metric-ranges must be a table of metric type -> {{min, max, bounded}}")
    ranges = {}
    for metric, spec in data.items():
        if not isinstance(spec, dict) or set(spec) - {"min", "max", "bounded"}:
            raise PackError(f"{where}: metric-ranges.{metric} must have only min, max and bounded")
        for key in ("min", "max"):
            if key in spec and (isinstance(spec[key], bool) or not isinstance(spec[key], (int, float))):
                raise PackError(f"{where}: metric-ranges.{metric}.{key} must be a number")
        ranges[str(metric).lower()] = Range(spec.get("min"), spec.get("max"), bool(spec.get("bounded", False)))
    return ranges


def _read(path: Path) -> yamlload.Metadata:
    """The pack at ``path`` with positions, once it is known to be valid against the rule-pack schema."""
    from cardlint.schema import describe, validate

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PackError(f"{path}: cannot read rule pack: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise PackError(f"{path}: rule pack is not UTF-8 text") from None
    document = yamlload.load(text.replace("\r\n", "\n"), 1, mapping=False)
    problem = document.first_problem(path)
    if problem:
        raise PackError(problem)
    data = document.data if document.data is not None else {}
    violations = validate(data, "rulepack")
    if violations:
        first = violations[0]
        span = document.locate(first.path, key=first.keyword in ("additionalProperties", "required")) or Span.point(1)
        raise PackError(f"{path}:{span.line}:{span.column}: {describe(first)}")
    return document


def _merge(packs: Packs, path: Path, data: dict, locate: Callable[[tuple], Span | None] | None = None) -> None:
    """Add one pack's contents; ``locate`` (None for the built-in packs) places a mistake in the file."""

    def error(where: tuple, message: str) -> PackError:
        span = locate(where) if locate else None
        return PackError(f"{path}:{span.line}:{span.column}: {message}" if span else f"{path}: {message}")

    for name, spec in data.get("profiles", {}).items():
        packs.profiles[name] = _profile(packs, name, spec, lambda where, message, name=name: error(("profiles", name, *where), message))
    packs.ranges.update(parse_ranges(data.get("metric-ranges", {}), str(path)))
    packs.rules += [_forbidden_rule(spec, path) for spec in data.get("forbidden", [])]


def _profile(packs: Packs, name: str, spec: dict, error: Callable[[tuple, str], PackError]) -> Profile:
    """The profile ``spec`` describes, on top of the one it extends: an item with an inherited item's name replaces it."""
    base = Profile(name)
    if "extends" in spec:
        base = packs.profiles.get(spec["extends"])
        if base is None:
            raise error(("extends",), f"profile {name!r} extends unknown profile {spec['extends']!r}")
    sections = (*base.sections, *(Section(s["name"], tuple(s.get("aliases", ())), s.get("template", True)) for s in spec.get("sections", ())))
    fields = tuple(dict.fromkeys((*base.fields, *spec.get("fields", ()))))
    items = {item.name.casefold(): item for item in base.items}
    section_names = [section.name for section in sections]
    own: set[str] = set()
    for index, entry in enumerate(spec.get("items", ())):
        if entry["name"].casefold() in own:
            raise error(("items", index, "name"), f"profile `{name}` lists item `{entry['name']}` twice")
        own.add(entry["name"].casefold())
        if entry.get("section") is not None and entry["section"] not in section_names:
            known = ", ".join(f"`{known}`" for known in section_names) or "none"
            raise error(("items", index, "section"), f"item `{entry['name']}` belongs to section `{entry['section']}`, which profile `{name}` does not have (its sections: {known})")
        item = Item(
            entry["name"],
            entry.get("section"),
            tuple(entry.get("aliases", ())),
            tuple(entry.get("fields", ())),
            tuple(entry.get("provided-by", ())),
            entry.get("legal"),
        )
        items.pop(item.name.casefold(), None)
        items[item.name.casefold()] = item
    return Profile(
        name=name,
        description=spec.get("description", base.description),
        sections=sections,
        fields=fields,
        description_required=spec.get("description-required", base.description_required),
        items=tuple(items.values()),
    )


def _forbidden_rule(spec: dict, path: Path) -> Rule:
    key_path = tuple(spec["key"].split("."))
    forbidden = list(spec["values"])
    message = spec["message"]
    help_text = spec.get("help")

    def check(card, options):
        value = card.metadata
        for part in key_path:
            value = value.get(part) if isinstance(value, dict) else None
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            if item in forbidden:
                where = (*key_path, index) if isinstance(value, list) else key_path
                yield Problem(card.locate(where), f"{message} (`{spec['key']}` is {item!r})", key_path=spec["key"], help=help_text)

    example = f"---\n{spec['key'].split('.')[0]}: {forbidden[0]}\n---\n" if len(key_path) == 1 else ""
    doc = (
        f"## What it does\nReports `{spec['key']}` values listed as forbidden by the rule pack {path.name}: "
        f"{', '.join(map(str, forbidden))}.\n\n"
        f"## Why is this bad?\n{spec.get('why', message)}\n\n"
        f"## Example\n```markdown\n{example}```\n\n"
        f"## Use instead\n```markdown\n---\n---\n```\n"
    )
    return Rule(spec["id"], spec["name"], Severity.parse(spec.get("severity", "error")), message, doc, check, origin=f"rule pack {path}")
