#!/usr/bin/env python3
"""Write the rule documentation from the rules' own declarations: README's table and docs/rules/.

    python scripts/update_rule_docs.py

The README's rule table is `cardlint rules --format markdown`; each built-in
rule gets `docs/rules/<ID>.md`, which is `cardlint rule <ID>` (the page the
SARIF log's `helpUri` points at), and `docs/rules/README.md` lists them.
Pages of rules that no longer exist are removed. A test keeps all of it in
sync, so a rule's docstring is the only place its documentation is written.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cardlint.api import Session  # noqa: E402
from cardlint.explain import catalogue, index, page  # noqa: E402

START, END = "<!-- rules:start -->\n", "<!-- rules:end -->"
PAGES = ROOT / "docs" / "rules"


def main() -> int:
    rules = [rule for rule in Session().rules.values() if rule.origin == "built-in"]
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(head + START + catalogue(rules, "markdown") + END + tail, encoding="utf-8")
    PAGES.mkdir(parents=True, exist_ok=True)
    wanted = {f"{rule.id}.md": page(rule) for rule in rules}
    wanted["README.md"] = index(rules)
    for stale in PAGES.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    for name, content in wanted.items():
        (PAGES / name).write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
