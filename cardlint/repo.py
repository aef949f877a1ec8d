"""The files next to a card, for the rules that look at them (CL401, CL601, ``.eval_results``).

Rules never touch the file system themselves: they ask the card's
repository, which is a local folder here and, for ``hf://`` cards, the file
list of the Hub repository. Reads are bounded so a card next to a
multi-gigabyte checkpoint costs nothing more than its name.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

MAX_READ = 1024 * 1024
"""Largest file a rule reads (config.json, a *.py module, an eval-results file)."""

MAX_LISTING = 5000
"""Most directory entries listed for one folder."""


class LocalRepo:
    """A folder on disk holding a card; paths are relative POSIX paths inside it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def files(self, folder: str = "") -> list[str]:
        """The files directly inside ``folder`` (sorted, bounded), as paths relative to the root."""
        try:
            with os.scandir(self.root / folder) as entries:
                names = []
                for entry in entries:
                    if len(names) >= MAX_LISTING:
                        break
                    if entry.is_file():
                        names.append(str(PurePosixPath(folder, entry.name)) if folder else entry.name)
        except OSError:
            return []
        return sorted(names)

    def exists(self, path: str) -> bool:
        try:
            return (self.root / path).exists()
        except (OSError, ValueError):
            return False

    def read_text(self, path: str) -> str | None:
        """The text of a small UTF-8 file, or None when it is missing, too large or not text."""
        try:
            target = self.root / path
            if target.stat().st_size > MAX_READ:
                return None
            return target.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError):
            return None

    def display(self, path: str, card_display: str) -> str:
        """How to name ``path`` in a report, next to the card's own display path."""
        parent = PurePosixPath(card_display).parent
        return str(parent / path) if str(parent) != "." else path
