"""The Python API, on which the command line is built.

    >>> from cardlint import Config, lint_text
    >>> [f.rule for f in lint_text("---\\nlicense: MIT\\n---\\n# Card\\n", config=Config(select=("CL101",)))]
    ['CL101']

A :class:`Session` holds what stays the same for one configuration (the
rules, the selection, the rule options) so that linting many cards pays for
it once; :class:`Sessions` keeps one per configuration a run meets.
``lint_text`` and ``lint_file`` build one from ``config``: a
:class:`~cardlint.config.Config`, a path to a configuration file, or None for
the defaults (no configuration file is searched for: library calls do not
depend on the current directory).
"""

from __future__ import annotations

import os
from pathlib import Path

from cardlint import config as config_module
from cardlint import linter, packs, registry, source
from cardlint.card import Card
from cardlint.config import Config, ConfigError
from cardlint.model import Finding
from cardlint.repo import LocalRepo
from cardlint.resources import data_dir
from cardlint.selection import Selection

__all__ = ["Session", "Sessions", "lint_file", "lint_text"]


class Session:
    """Rules, packs, selection and options for one configuration, reused across cards.

    Rules receive, besides the options they declare, what the rule packs
    contribute: ``profiles`` (name -> Profile) and ``metric-ranges`` (the packs'
    ranges with the configuration's on top).
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        pack_files = [*self.config.rule_packs]
        pack_files += [path for folder in self.config.plugins if folder.is_dir() for path in sorted(folder.glob("*.yaml"))]
        self.packs = packs.load(pack_files, trusted=sorted(data_dir("rules").glob("*.yaml")))
        self.rules = registry.load(self.config.plugins, self.packs.rules, self.config.root if self.config.isolated else None)
        options = config_module.rule_options(self.config, self.rules.values())
        self.options = {**options, **self._pack_options(options)}
        folders = {str(folder) for folder in self.config.plugins}
        configured = [rule.id for rule in self.packs.rules] + [rule.id for rule in self.rules.values() if rule.origin in folders]
        self.selection = Selection(self.config, self.rules, configured)

    def _pack_options(self, options: dict) -> dict:
        for key in ("profile", "dataset-profile"):
            profile = options.get(key)
            if profile is not None and profile not in self.packs.profiles:
                known = ", ".join(sorted(self.packs.profiles))
                raise ConfigError(f"{self.config.where(key)} names unknown profile {profile!r} (known: {known})")
        ranges = packs.parse_ranges(options.get("metric-ranges") or {}, self.config.where("metric-ranges"))
        return {"profiles": self.packs.profiles, "metric-ranges": {**self.packs.ranges, **ranges}}

    def lint_source(self, text: source.Source, folder: Path | None) -> list[Finding]:
        """Findings for ``text``, whose neighbouring files are in ``folder`` (None: no folder)."""
        return self.lint_card(text, LocalRepo(folder) if folder is not None else None)

    def lint_card(self, text: source.Source, repo, kind: str | None = None) -> list[Finding]:
        """Findings for ``text`` whose neighbouring files are in ``repo`` (local or on the Hub)."""
        card = Card.parse(text, repo, kind or self.config.kind)
        return linter.check(card, self.rules, self.selection.for_path(text.path), self.options, self.config.severity)

    def lint_path(self, path: Path, display: str | None = None) -> list[Finding]:
        """Lint the card at ``path``; raises :class:`~cardlint.source.SourceError` if it cannot be read."""
        text = source.read(path, display or str(path))
        return self.lint_source(text, path.parent)


class Sessions:
    """One :class:`Session` per distinct configuration (by identity), built when a card first needs it.

    ``rules`` gathers the rules of every session built so far, for reports
    that describe the rules behind their findings (a nested configuration's
    plugins add rules). Building a session raises what :data:`SETTINGS_ERRORS`
    lists when the configuration cannot be used.
    """

    def __init__(self, default: Config | None = None) -> None:
        self.default = default or Config()
        self.rules: dict = {}
        self._built: dict[str, Session] = {}

    def get(self, config: Config | None = None) -> Session:
        """The session for ``config`` (None: the default configuration)."""
        config = config or self.default
        session = self._built.get(config.identity)
        if session is None:
            session = self._built[config.identity] = Session(config)
            for rule_id, rule in session.rules.items():
                self.rules.setdefault(rule_id, rule)
        return session


SETTINGS_ERRORS = (ConfigError, registry.RegistryError, packs.PackError)
"""What building a :class:`Session` raises for a configuration, plugin or rule pack that cannot be used."""


def _session(config: Config | str | os.PathLike | None) -> Session:
    if isinstance(config, (str, os.PathLike)):
        config = config_module.load(Path(config))
    return Session(config)


def lint_text(text: str, path: str | None = None, config: Config | str | os.PathLike | None = None) -> list[Finding]:
    """Findings for the card ``text``. ``path`` names it in findings and, if it exists, locates its folder."""
    display = path or "<text>"
    raw = text.encode("utf-8")
    folder = Path(path).parent if path else None
    return _session(config).lint_source(source.decode(raw, display), folder)


def lint_file(path: str | os.PathLike, config: Config | str | os.PathLike | None = None) -> list[Finding]:
    """Findings for the card at ``path``; raises :class:`~cardlint.source.SourceError` if it cannot be read."""
    return _session(config).lint_path(Path(path), os.fspath(path))
