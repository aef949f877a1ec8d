"""``cardlint rules`` and ``cardlint rule ID``: the rule catalogue, read from the rules' own declarations.

Plugins and rule packs write some of that text (ids, summaries, the pack's
key and file name in its documentation), so it is printed through
:func:`cardlint.escape.lines`.
"""

from __future__ import annotations

import json
import sys

from cardlint.rule import Rule


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
        return json.dumps({**_summary(rule), "documentation": rule.doc}, indent=2) + "\n"
    head = f"# {rule.id} {rule.name}\n\nDefault severity: {rule.severity.value}. {rule.summary[0].upper()}{rule.summary[1:]}.\n"
    if rule.fix:
        head += f"Fix available (--fix): {rule.fix}.\n"
    if rule.options:
        head += "\nOptions:\n" + "".join(f"- `{option.name}` (default {option.default!r}): {option.help}\n" for option in rule.options)
    return f"{head}\n{rule.doc}\n"


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
