"""``cardlint rules`` and ``cardlint rule ID``: the rule catalogue, read from the rules' own declarations.

Plugins and rule packs write some of that text (ids, summaries, the pack's
key and file name in its documentation), so it is printed through
:func:`cardlint.escape.lines`.
"""

from __future__ import annotations

import json
import sys

from cardlint.model import Severity
from cardlint.rule import Rule

PROJECT_URL = "https://github.com/cardlint/cardlint"
DOCS_URL = f"{PROJECT_URL}/blob/main/docs/rules"
"""Where ``docs/rules/<ID>.md`` (written by scripts/update_rule_docs.py) is published."""

POLICY = {
    Severity.ERROR: "the Hub rejects the card, or the Hub or huggingface_hub silently drops or corrupts what the author wrote",
    Severity.WARNING: "the finding is a quality problem a reader of the card would notice",
    Severity.INFO: "the finding is a suggestion",
}
"""When a rule gets each default severity. Every built-in rule is rated against this policy; ``cardlint rule ID``
quotes it and a test keeps the README's copy equal to it."""


def main(argv: list[str]) -> int:
    from cardlint import cli
    from cardlint.escape import lines

    parser = cli.Parser(prog=f"cardlint {argv[0]}")
    if argv[0] == "rule":
        parser.add_argument("id", metavar="ID", help="a rule id such as CL101, or its name")
    parser.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    parser.add_argument("--config", metavar="FILE", help="configuration whose plugins to include")
    parser.add_argument("--no-config", action="store_true")
    args = parser.parse_args(argv[1:])
    rules = cli._session(cli.load_config(args)).rules
    if argv[0] == "rules":
        sys.stdout.write(lines(catalogue(rules.values(), args.format)))
        return cli.EXIT_OK
    wanted = args.id.upper()
    rule = rules.get(wanted) or next((r for r in rules.values() if r.name == args.id.lower()), None)
    if rule is None:
        cli._say(f"error: no rule {args.id!r} (see `cardlint rules`)")
        return cli.EXIT_ERROR
    sys.stdout.write(lines(page(rule, args.format)))
    return cli.EXIT_OK


def catalogue(rules, format_name: str = "text") -> str:
    rules = list(rules)
    if format_name == "json":
        return json.dumps([_summary(rule) for rule in rules], indent=2) + "\n"
    if format_name == "markdown":
        rows = [f"| {rule.id} | {rule.name} | {rule.severity.value} | {'yes' if rule.fix else ''} | {rule.summary} |" for rule in rules]
        return "\n".join(["| id | name | default | fix | what it catches |", "|---|---|---|---|---|", *rows]) + "\n"
    width = max((len(rule.name) for rule in rules), default=0)
    lines = [f"{rule.id:<7} {rule.name:<{width}}  {rule.severity.value:<7}  {'fix  ' if rule.fix else '     '}{rule.summary}" for rule in rules]
    return "\n".join(lines) + "\n"


def page(rule: Rule, format_name: str = "text") -> str:
    if format_name != "text":
        return json.dumps({**_summary(rule), "severity_reason": severity_reason(rule), "documentation": rule.doc}, indent=2) + "\n"
    head = (
        f"# {rule.id} {rule.name}\n\n{rule.summary[0].upper()}{rule.summary[1:]}.\n"
        f"Default severity: {severity_reason(rule)}.\n"
    )
    if rule.fix:
        head += f"Fix available (--fix): {rule.fix}.\n"
    if rule.options:
        head += "\nOptions:\n" + "".join(f"- `{option.name}` (default {option.default!r}): {option.help}\n" for option in rule.options)
    return f"{head}\n{rule.doc}\n"


def help_uri(rule: Rule) -> str:
    """The page documenting ``rule``: its own page for a built-in rule, else the README's section on rules."""
    return f"{DOCS_URL}/{rule.id}.md" if rule.origin == "built-in" else f"{PROJECT_URL}#rules"


def index(rules) -> str:
    """``docs/rules/README.md``: every built-in rule with a link to its page."""
    rows = [f"| [{rule.id}]({rule.id}.md) | {rule.name} | {rule.severity.value} | {'yes' if rule.fix else ''} | {rule.summary} |" for rule in rules]
    head = "# cardlint rules\n\nEach page is `cardlint rule ID`, generated from the rule's declaration by `scripts/update_rule_docs.py`.\n\n"
    return head + "\n".join(["| id | name | default | fix | what it catches |", "|---|---|---|---|---|", *rows]) + "\n"

def severity_reason(rule: Rule) -> str:
    """The rule's default severity and why it has it, from the policy: `error (cardlint's policy: error when ...)`."""
    value = rule.severity.value
    return f"{value} (cardlint's policy: {value} when {POLICY[rule.severity]})"


def _summary(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "fix": rule.fix,
        "origin": rule.origin,
        "options": [option.name for option in rule.options],
    }
