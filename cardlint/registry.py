"""Finding rules: the built-in ``rules/`` folder, the ``cardlint.rules`` entry points, configured folders.

All three go through the same loader, so the plugin interface is exercised on
every run. A rule folder is loaded by path (it is not an importable package);
an entry point may name a module, a :class:`~cardlint.rule.Rule` or a list of
them. The result is a plain dict keyed by rule id.

Entry points run code by design, as flake8's and pylint's plugins do. With
``--no-config`` the promise is that nothing from the working tree is imported,
so there (``isolate``) an entry point is skipped when its distribution or the
module it names lies under the working tree: a ``*.dist-info`` folder committed
to the repository, a virtualenv inside it, a ``pip install -e .`` of it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from cardlint.resources import data_dir
from cardlint.rule import Rule

ENTRY_POINT_GROUP = "cardlint.rules"


class RegistryError(Exception):
    """A rule source that cannot be loaded; the message names it."""


def load(folders: Iterable[Path] = (), pack_rules: Iterable[Rule] = (), isolate: Path | None = None) -> dict[str, Rule]:
    """Every rule, keyed by id and sorted: built-ins, entry points, ``folders``, then rules from packs.

    With ``isolate`` (the working tree), no entry point from under it is loaded.
    """
    rules: dict[str, Rule] = {}
    _add(rules, _folder_rules(data_dir("rules"), "built-in"))
    for entry_point in _entry_points(isolate):
        try:
            loaded = entry_point.load()
        except Exception as error:
            raise RegistryError(f"cannot load rule plugin {entry_point.name!r} ({entry_point.value}): {type(error).__name__}: {error}") from None
        _add(rules, _collect(loaded, f"plugin {entry_point.name}"))
    for folder in folders:
        if not folder.is_dir():
            raise RegistryError(f"plugin folder {folder} does not exist")
        _add(rules, _folder_rules(folder, str(folder)))
    _add(rules, list(pack_rules))
    return dict(sorted(rules.items()))


def _entry_points(isolate: Path | None):
    """The ``cardlint.rules`` entry points, if any installed distribution declares one (none from under ``isolate``).

    importlib.metadata costs ~40 ms to import, a fifth of a cold run; most
    installs have no cardlint plugin, so the ``entry_points.txt`` files on
    ``sys.path`` are read first and importlib.metadata is only asked when one
    of them names the group.
    """
    if not _declared_anywhere():
        return []
    from importlib.metadata import entry_points

    found = entry_points(group=ENTRY_POINT_GROUP)
    if isolate is None:
        return list(found)
    root = Path(os.path.realpath(isolate))
    return [entry_point for entry_point in found if not any(Path(os.path.realpath(place)).is_relative_to(root) for place in _places(entry_point))]


def _places(entry_point) -> list[str]:
    """Where loading ``entry_point`` reads from: its distribution's folder and its top-level module's files.

    ``find_spec`` of a top-level name looks the module up without running it,
    through the same finders (editable installs included) the import will use.
    """
    places = [] if entry_point.dist is None else [str(entry_point.dist.locate_file(""))]
    try:
        spec = importlib.util.find_spec(entry_point.module.partition(".")[0])
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        places += [spec.origin] if spec.has_location and spec.origin else []
        places += list(spec.submodule_search_locations or ())
    return places


def _declared_anywhere() -> bool:
    marker = f"[{ENTRY_POINT_GROUP}]"
    for folder in sys.path:
        try:
            entries = os.scandir(folder or ".")
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.name.endswith((".dist-info", ".egg-info")):
                    try:
                        with open(os.path.join(entry.path, "entry_points.txt"), encoding="utf-8", errors="replace") as handle:
                            if marker in handle.read():
                                return True
                    except OSError:
                        continue
    return False


def _folder_rules(folder: Path, origin: str) -> list[Rule]:
    found: list[Rule] = []
    for path in sorted(folder.glob("*.py")):
        found += _collect(_import(path), origin)
    return found


def _import(path: Path) -> ModuleType:
    name = f"_cardlint_rules_{zlib.crc32(str(path.parent).encode()):08x}_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RegistryError(f"cannot load rule module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[name]
        raise RegistryError(f"cannot load rule module {path}: {type(error).__name__}: {error}") from None
    return module


def _collect(obj, origin: str) -> list[Rule]:
    if isinstance(obj, Rule):
        candidates = [obj]
    elif isinstance(obj, ModuleType):
        candidates = [value for value in vars(obj).values() if isinstance(value, Rule)]
    elif isinstance(obj, (list, tuple)) and all(isinstance(item, Rule) for item in obj):
        candidates = list(obj)
    else:
        raise RegistryError(f"{origin}: expected a module, a Rule or a list of Rules, got {type(obj).__name__}")
    unique = list({id(rule): rule for rule in candidates}.values())
    return [rule._replace(origin=origin) for rule in unique]


def _add(rules: dict[str, Rule], new: list[Rule]) -> None:
    for rule in new:
        known = rules.get(rule.id)
        if known is not None:
            raise RegistryError(f"rule {rule.id} is defined twice: by {known.origin} and by {rule.origin}")
        rules[rule.id] = rule
