"""The configuration: ``.cardlint.toml`` or ``[tool.cardlint]`` in ``pyproject.toml``, then the command line.

Loading happens in two steps because rules declare their own options and
plugin folders come from the configuration: :func:`load` reads and checks the
core keys (which also name the plugins), and :func:`rule_options` checks the
remaining keys against what the loaded rules declare. Any unknown key or bad
value is a :class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cardlint.model import Severity

CONFIG_FILES = (".cardlint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Config:
    """Settings for one run. ``root`` is where relative paths in the file are resolved.

    ``isolated`` (``--no-config``): no plugin installed under ``root`` is loaded.
    """

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_packs: tuple[Path, ...] = ()
    plugins: tuple[Path, ...] = ()
    kind: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    isolated: bool = False

    def where(self, key: str) -> str:
        if self.path is None:
            return f"option {key}"
        table = "[tool.cardlint]" if self.path.name == "pyproject.toml" else ""
        return f"{self.path}: {table}{' ' if table else ''}key {key!r}"

    def override(self, **changes: Any) -> Config:
        """A copy with command-line values applied (None means not given)."""
        return replace(self, **{key: value for key, value in changes.items() if value is not None})


def find(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``; a pyproject.toml counts only with [tool.cardlint]."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def _has_table(path: Path) -> bool:
    try:
        return "cardlint" in _read(path).get("tool", {})
    except ConfigError:
        return True


def _read(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def load(path: Path | None) -> Config:
    """Read the file at ``path`` (None: defaults) and check its core keys."""
    if path is None:
        return Config()
    data = _read(path)
    table = data.get("tool", {}).get("cardlint", {}) if path.name == "pyproject.toml" else data
    config = Config(path=path, root=path.parent.resolve())
    values: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for key, value in table.items():
        reader = _CORE.get(key)
        if reader is None:
            options[key] = value
            continue
        try:
            values[_CORE_FIELDS[key]] = reader(value, config.root)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{config.where(key)} {error}") from None
    return replace(config, options=options, **values)


def _selectors(value: Any, root: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("must be an array of rule ids or prefixes, e.g. [\"CL1\", \"CL203\"]")
    return tuple(item.strip().upper() for item in value)


def _severity(value: Any, root: Path) -> Severity:
    if not isinstance(value, str):
        raise TypeError("must be one of error, warning, info")
    return Severity.parse(value)


def _severities(value: Any, root: Path) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise TypeError('must be a table like {CL203 = "error"}')
    result = {}
    for rule_id, level in value.items():
        if not isinstance(level, str):
            raise TypeError(f"value for {rule_id} must be one of error, warning, info")
        result[rule_id.upper()] = Severity.parse(level)
    return result


def _per_file(value: Any, root: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise TypeError('must be a table like {"docs/**/README.md" = ["CL2"]}')
    return tuple((pattern, _selectors(ids, root)) for pattern, ids in value.items())


KINDS = ("model", "dataset", "space")


def read_kind(value: Any, root: Path | None = None) -> str | None:
    """``auto`` (None: judge each card) or one of :data:`KINDS`."""
    if value == "auto":
        return None
    if value not in KINDS:
        raise ValueError(f"must be one of auto, {', '.join(KINDS)}, not {value!r}")
    return value


def _paths(value: Any, root: Path) -> tuple[Path, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("must be an array of paths")
    return tuple((root / item).resolve() for item in value)


_CORE = {
    "select": _selectors,
    "ignore": _selectors,
    "extend-select": _selectors,
    "fail-on": _severity,
    "severity": _severities,
    "per-file-ignores": _per_file,
    "rule-packs": _paths,
    "plugins": _paths,
    "kind": read_kind,
}
_CORE_FIELDS = {key: key.replace("-", "_") for key in _CORE}


def rule_options(config: Config, rules: Iterable) -> dict[str, Any]:
    """Every option the rules declare, with the configured value or the default.

    Also checks what only the rule set can tell: unknown keys, option values,
    and rule ids in ``severity``.
    """
    rules = list(rules)
    declared = {option.name: option for rule in rules for option in rule.options}
    values = {name: option.default for name, option in declared.items()}
    for key, value in config.options.items():
        option = declared.get(key)
        if option is None:
            raise ConfigError(f"{config.where(key)} is not a cardlint setting{_did_you_mean(key, [*_CORE, *declared])}")
        problem = option.validate(value)
        if problem:
            raise ConfigError(f"{config.where(key)} {problem}")
        values[key] = value
    ids = {rule.id for rule in rules}
    for rule_id in config.severity:
        if rule_id not in ids:
            raise ConfigError(f"{config.where('severity')} names unknown rule {rule_id}")
    return values


def _did_you_mean(key: str, known: list[str]) -> str:
    """The setting ``key`` most likely meant (``fail_on``: ``fail-on``, as CL107 does for card keys), else every known one."""
    from cardlint.suggest import closest

    guess = closest(key, known)
    if guess is not None:
        return f"; did you mean {guess!r}?"
    return f" (known: {', '.join(sorted(known))})"
