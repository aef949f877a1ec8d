"""Which rules run on which file: select, ignore and per-file ignores.

As in flake8's decision engine, the longest matching prefix decides between a
select and an ignore (an exact id beats ``CL4``, which beats ``CL``); on a tie
the ignore wins. Rules never ask whether they are enabled.

The rules of the plugins and rule packs a configuration names are enabled
unless an ignore matches them, whatever ``select`` says: naming a plugin is
asking for its rules, and the default ``select`` (``CL``) would otherwise
leave a plugin's ``ACME001`` silently off.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from cardlint.config import Config, ConfigError


class Selection:
    """The rule ids enabled by a configuration, and per file after its per-file ignores."""

    def __init__(self, config: Config, rule_ids: Iterable[str], configured: Iterable[str] = ()) -> None:
        """``configured``: the ids of the rules from the configuration's plugins and rule packs."""
        self.config = config
        self.rule_ids = sorted(rule_ids)
        select = ("CL",) if config.select is None else config.select
        for where, selectors in (("select", select), ("extend-select", config.extend_select), ("ignore", config.ignore)):
            self._check(where, selectors)
        for _, selectors in config.per_file_ignores:
            self._check("per-file-ignores", selectors)
        chosen = (*select, *config.extend_select)
        configured = frozenset(configured)
        self.enabled = frozenset(
            rule_id
            for rule_id in self.rule_ids
            if _decide(rule_id, chosen, config.ignore) or (rule_id in configured and not any(_matches(rule_id, s) for s in config.ignore))
        )

    def _check(self, where: str, selectors: Iterable[str]) -> None:
        for selector in selectors:
            if selector != "ALL" and not any(rule_id.startswith(selector) for rule_id in self.rule_ids):
                raise ConfigError(f"{self.config.where(where)}: {selector!r} matches no rule (see `cardlint rules`)")

    def for_path(self, path: str) -> frozenset[str]:
        """The rules enabled for the card at ``path`` once per-file ignores are applied."""
        if not self.config.per_file_ignores:
            return self.enabled
        relative = _relative(path, self.config.root)
        ignored = [
            selector
            for pattern, selectors in self.config.per_file_ignores
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(PurePosixPath(relative).name, pattern)
            for selector in selectors
        ]
        return frozenset(rule_id for rule_id in self.enabled if not any(_matches(rule_id, s) for s in ignored))


def _matches(rule_id: str, selector: str) -> bool:
    return selector == "ALL" or rule_id.startswith(selector)


def _decide(rule_id: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    selected = max((len(s) if s != "ALL" else 0 for s in select if _matches(rule_id, s)), default=-1)
    ignored = max((len(s) if s != "ALL" else 0 for s in ignore if _matches(rule_id, s)), default=-1)
    return selected > ignored


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()
