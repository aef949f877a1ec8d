"""Rule packs: YAML files that add section profiles, metric ranges and forbidden values, no Python needed.

The built-in packs are the ``*.yaml`` files of ``rules/``; a team adds its own
under ``rule-packs`` in the configuration or as ``*.yaml`` in a ``plugins``
folder. Later packs extend earlier ones: a profile or a metric range with the
same name replaces the earlier one. Each pack is checked against
``schemas/rulepack.schema.json`` and every mistake is reported with the
pack's file, line and column.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
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


class Profile(NamedTuple):
    """What a card must have: sections (matched loosely by name or alias) and metadata fields."""

    name: str
    description: str = ""
    sections: tuple[Section, ...] = ()
    fields: tuple[str, ...] = ()
    description_required: bool = False


class Range(NamedTuple):
    """Sane values of a metric; ``bounded`` metrics may also be written as percentages."""

    min: float | None = None
    max: float | None = None
    bounded: bool = False


@dataclass
class Packs:
    profiles: dict[str, Profile] = field(default_factory=dict)
    ranges: dict[str, Range] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)


def load(paths: Iterable[Path], trusted: Iterable[Path] = ()) -> Packs:
    """Merge the ``trusted`` packs, then the packs at ``paths``, in order.

    Trusted packs (the built-in ones, which a test validates) skip the schema
    check, which would otherwise be a tenth of a cold run.
    """
    packs = Packs()
    for path in trusted:
        _merge(packs, path, yamlload.load_data_file(path))
    for path in paths:
        _merge(packs, path, _read(path))
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


def _read(path: Path) -> Any:
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
    return data


def _merge(packs: Packs, path: Path, data: dict) -> None:
    for name, spec in data.get("profiles", {}).items():
        packs.profiles[name] = _profile(packs, path, name, spec)
    packs.ranges.update(parse_ranges(data.get("metric-ranges", {}), str(path)))
    packs.rules += [_forbidden_rule(spec, path) for spec in data.get("forbidden", [])]


def _profile(packs: Packs, path: Path, name: str, spec: dict) -> Profile:
    base = Profile(name)
    if "extends" in spec:
        base = packs.profiles.get(spec["extends"])
        if base is None:
            raise PackError(f"{path}: profile {name!r} extends unknown profile {spec['extends']!r}")
    sections = tuple(Section(s["name"], tuple(s.get("aliases", ())), s.get("template", True)) for s in spec.get("sections", ()))
    fields = tuple(dict.fromkeys((*base.fields, *spec.get("fields", ()))))
    return Profile(
        name=name,
        description=spec.get("description", base.description),
        sections=(*base.sections, *sections),
        fields=fields,
        description_required=spec.get("description-required", base.description_required),
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
