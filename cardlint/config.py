"""The configuration: ``.cardlint.toml`` or ``[tool.cardlint]`` in ``pyproject.toml``, then the command line.

As in ruff, each card gets the closest configuration file above its folder
(:class:`Resolver`), ``--config`` gives one file to every card, and the
command line (:class:`Overrides`) wins over every file. Relative paths and
anchored patterns in a file are relative to that file's folder.

Loading happens in two steps because rules declare their own options and
plugin folders come from the configuration: :func:`load` reads and checks the
core keys (which also name the plugins), and :func:`rule_options` checks the
remaining keys against what the loaded rules declare. Any unknown key or bad
value is a :class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from cardlint import exclude
from cardlint.model import Severity

CONFIG_FILES = (".cardlint.toml", "pyproject.toml")
DEFAULT_EXCLUDE = tuple(exclude.compile_pattern(name, "/") for name in exclude.DEFAULT)


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and key."""


class _Settings(NamedTuple):
    path: Path | None = None
    root: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    severity: Mapping[str, Severity] = {}
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_packs: tuple[Path, ...] = ()
    plugins: tuple[Path, ...] = ()
    kind: str | None = None
    options: Mapping[str, Any] = {}
    isolated: bool = False
    exclude: tuple[exclude.Pattern, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[exclude.Pattern, ...] = ()
    force_exclude: bool = False
    digest: str = ""


class Config(_Settings):
    """Settings for the cards one configuration file applies to. ``root`` is where relative paths in the file are resolved.

    ``root`` defaults to the current directory at creation. ``isolated``
    (``--no-config``): no plugin installed under ``root`` is loaded.
    ``digest`` tells the file's contents apart (length and CRC-32), part of :attr:`identity`.
    A named tuple (see :class:`~cardlint.rule.Rule`), never changed in
    place: ``severity`` and ``options`` are shared read-only mappings, and a
    changed copy comes from :meth:`override` or ``_replace``.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Config:
        config = super().__new__(cls, *args, **kwargs)
        return config if config.root is not None else config._replace(root=Path.cwd())

    def where(self, key: str) -> str:
        if self.path is None:
            return f"option {key}"
        table = "[tool.cardlint]" if self.path.name == "pyproject.toml" else ""
        return f"{self.path}: {table}{' ' if table else ''}key {key!r}"

    def override(self, **changes: Any) -> Config:
        """A copy with command-line values applied (None means not given)."""
        return self._replace(**{key: value for key, value in changes.items() if value is not None})

    def excludes(self, path: str, is_dir: bool) -> bool:
        """Whether ``exclude`` and ``extend-exclude`` keep the entry at ``path`` (absolute) out of the run."""
        return self._excluder(path, is_dir)

    @cached_property
    def _excluder(self) -> exclude.Matcher:
        return exclude.Matcher((*self.exclude, *self.extend_exclude))

    @cached_property
    def identity(self) -> str:
        """Every resolved value spelled out, the file's path and content (``digest``) among them.

        Two configurations with the same identity lint every card alike, so
        one session serves both. The command line's values are part of it,
        being resolved values. The files that rule packs and plugins name are
        not read for it.
        """
        return repr(self)


def find(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``; a pyproject.toml counts only with [tool.cardlint]."""
    for folder in (start, *start.parents):
        own = _own_file(str(folder))
        if own is not None:
            return Path(own)
    return None


def _own_file(folder: str, names: Collection[str] | None = None) -> str | None:
    """The configuration file in ``folder`` itself, if any (``names``: the folder's listing, when already known)."""
    for name in CONFIG_FILES:
        if names is not None and name not in names:
            continue
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_table(Path(candidate))):
            return candidate
    return None


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml has [tool.cardlint]; one that cannot be read counts, so that loading it says why."""
    try:
        tool = _read(path)[0].get("tool", {})
    except ConfigError:
        return True
    return not isinstance(tool, dict) or "cardlint" in tool


def _read(path: Path) -> tuple[dict, str]:
    """The TOML document at ``path`` and a digest of its bytes (length and CRC-32).

    The digest only tells two readings of a file apart within a run (the
    result cache hashes the content itself), so zlib does, where hashlib
    would load OpenSSL: a tenth of a cold run on one card.
    """
    import zlib

    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        raw = path.read_bytes()
        return tomllib.loads(raw.decode("utf-8")), f"{len(raw)}-{zlib.crc32(raw):08x}"
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def load(path: Path | None) -> Config:
    """Read the file at ``path`` (None: defaults) and check its core keys."""
    if path is None:
        return Config()
    data, digest = _read(path)
    table = data
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("cardlint", {}) if isinstance(tool, dict) else None
    config = Config(path=path, root=path.parent.resolve(), digest=digest)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cardlint] must be a table")
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
    return config._replace(options=options, **values)


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


def _patterns(value: Any, root: Path) -> tuple[exclude.Pattern, ...]:
    if not isinstance(value, list):
        raise TypeError("must be an array of gitignore-style patterns, e.g. [\"/README.md\", \"drafts/\"]")
    return tuple(exclude.compile_pattern(item, root) for item in value)


def _flag(value: Any, root: Path) -> bool:
    if not isinstance(value, bool):
        raise TypeError("must be true or false")
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
    "exclude": _patterns,
    "extend-exclude": _patterns,
    "force-exclude": _flag,
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


class Overrides(NamedTuple):
    """What the command line says; it wins over every configuration file (None: not given).

    ``exclude`` replaces a file's ``exclude``; ``extend-select``, ``ignore``
    and ``extend-exclude`` add to the file's own. A named tuple: creating a
    dataclass at import costs a millisecond of every run, ten times as much.
    """

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    kind: str | None = None
    profile: str | None = None
    exclude: tuple[exclude.Pattern, ...] | None = None
    extend_exclude: tuple[exclude.Pattern, ...] = ()
    force_exclude: bool = False
    isolated: bool = False

    def apply(self, config: Config) -> Config:
        if self.profile:
            config = config._replace(options={**config.options, "profile": self.profile})
        if self.kind:
            config = config._replace(kind=read_kind(self.kind))
        return config.override(
            select=self.select,
            extend_select=(*config.extend_select, *self.extend_select) if self.extend_select else None,
            ignore=(*config.ignore, *self.ignore) if self.ignore else None,
            fail_on=self.fail_on,
            exclude=self.exclude,
            extend_exclude=(*config.extend_exclude, *self.extend_exclude) if self.extend_exclude else None,
            force_exclude=True if self.force_exclude else None,
            isolated=True if self.isolated else None,
        )


class Resolver:
    """Which configuration applies to the cards of each folder: the closest file above it, as in ruff.

    Without ``search`` (``--config FILE``, or ``--no-config`` with no
    ``fixed`` file) one configuration applies everywhere. Otherwise a folder
    asked about is remembered with the file that applies to it, and so are
    the folders climbed through to find it, so the many cards a hook names
    in a few folders look at each folder once; a walk asks only about its
    top and passes configurations down (:meth:`for_listing`). Each file is
    loaded once. A file that cannot be used raises :class:`ConfigError` when
    a folder under it is first asked about.
    """

    def __init__(self, overrides: Overrides = Overrides(), search: bool = True, fixed: Path | None = None) -> None:
        self.overrides = overrides
        self._fixed = None if search else overrides.apply(load(fixed))
        self._nearest: dict[str, str | None] = {}
        self._loaded: dict[str | None, Config] = {}

    def for_folder(self, folder: str | os.PathLike) -> Config:
        """The configuration for cards in ``folder``."""
        if self._fixed is not None:
            return self._fixed
        return self._config(self._nearest_file(os.path.abspath(folder)))

    def for_listing(self, folder: str, names: Collection[str], inherited: Config) -> Config:
        """The configuration for a folder a walk lists: the file among ``names``, else ``inherited`` from the folder above.

        A walk passes configurations down instead of asking :meth:`for_folder`,
        so nothing is remembered per folder it lists.
        """
        if self._fixed is not None:
            return self._fixed
        own = _own_file(folder, names)
        return self._config(own) if own else inherited

    def _config(self, found: str | None) -> Config:
        config = self._loaded.get(found)
        if config is None:
            config = self._loaded[found] = self.overrides.apply(load(Path(found) if found else None))
        return config

    def _nearest_file(self, folder: str) -> str | None:
        climbed = []
        current = folder
        while current not in self._nearest:
            own = _own_file(current)
            if own is not None:
                self._nearest[current] = own
                break
            climbed.append(current)
            parent = os.path.dirname(current)
            if parent == current:
                self._nearest[current] = None
                break
            current = parent
        found = self._nearest[current]
        for each in climbed:
            self._nearest[each] = found
        return found


def describe(config: Config, options: Mapping[str, Any], enabled: Iterable[str]) -> list[str]:
    """The lines ``--show-settings`` prints: where the settings come from, every key as TOML, the rules that run."""
    enabled = sorted(enabled)
    source = str(config.path) if config.path else "defaults (no configuration file found)"
    values: dict[str, Any] = {
        "select": list(config.select or ("CL",)),
        "extend-select": list(config.extend_select),
        "ignore": list(config.ignore),
        "fail-on": config.fail_on.value,
        "kind": config.kind or "auto",
        "severity": {rule_id: level.value for rule_id, level in config.severity.items()},
        "per-file-ignores": {pattern: list(ids) for pattern, ids in config.per_file_ignores},
        "rule-packs": [str(path) for path in config.rule_packs],
        "plugins": [str(path) for path in config.plugins],
        "exclude": [_shown(pattern, config) for pattern in config.exclude],
        "extend-exclude": [_shown(pattern, config) for pattern in config.extend_exclude],
        "force-exclude": config.force_exclude,
    }
    values.update(sorted(options.items()))
    lines = [f"# configuration: {source}", f"# relative paths and anchored patterns: {config.root}"]
    lines += [f"{key} = {_toml(value)}" for key, value in values.items()]
    lines.append(f"# rules enabled ({len(enabled)})")
    lines.append(f"rules = {_toml(enabled)}")
    return lines


def _shown(pattern: exclude.Pattern, config: Config) -> str:
    """A pattern, with the folder it is anchored to when that is not the configuration's own."""
    if not pattern.anchored or pattern.base == str(config.root).replace(os.sep, "/"):
        return pattern.text
    return f"{pattern.text} (in {pattern.base})"


def _toml(value: Any) -> str:
    """``value`` written as TOML would write it (None, which TOML lacks, as ``(not set)``)."""
    import json

    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_key(key)} = {_toml(item)}" for key, item in value.items())
        return f"{{ {items} }}" if items else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if hasattr(value, "_asdict"):
        return _toml({key: item for key, item in value._asdict().items() if item is not None})
    return json.dumps(str(value), ensure_ascii=False)


def _key(key: Any) -> str:
    text = str(key)
    return text if text and all(char.isascii() and (char.isalnum() or char in "-_") for char in text) else _toml(text)
