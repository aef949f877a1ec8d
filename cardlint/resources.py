"""Where the shipped data lives: top-level ``schemas/`` and ``rules/``.

In a source checkout (and an editable install) they sit next to the package;
in a wheel they are force-included under ``cardlint/_data``. Both layouts are
tried so the same code runs in both, and the wheel test proves the second.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def data_dir(name: str) -> Path:
    """Return the directory ``schemas`` or ``rules``, wherever this install keeps it."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


@functools.cache
def load_json(directory: str, filename: str):
    """Read a JSON file shipped in ``directory`` once per process."""
    with open(data_dir(directory) / filename, encoding="utf-8") as handle:
        return json.load(handle)

