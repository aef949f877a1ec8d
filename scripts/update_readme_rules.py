#!/usr/bin/env python3
"""Rewrite the rule table in README.md from the rules' own declarations (`cardlint rules --format markdown`)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cardlint.api import Session  # noqa: E402
from cardlint.explain import catalogue  # noqa: E402

START, END = "<!-- rules:start -->\n", "<!-- rules:end -->"


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    table = catalogue(Session().rules.values(), "markdown")
    readme.write_text(head + START + table + END + tail, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
