"""The machine format: a JSON list of findings with the fields the spec names."""

from __future__ import annotations

import json

from cardlint.model import Finding, Fix
from cardlint.report import Report


def render(report: Report, **_options) -> str:
    return json.dumps([as_dict(finding) for finding in report.findings], indent=2, ensure_ascii=False) + "\n"


def as_dict(finding: Finding) -> dict:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "key_path": finding.key_path,
        "help": finding.help,
        "fix": fix_dict(finding.fix),
    }


def fix_dict(fix: Fix | None) -> dict | None:
    if fix is None:
        return None
    return {
        "description": fix.description,
        "edits": [
            {"line": e.span.line, "column": e.span.column, "end_line": e.span.end_line, "end_column": e.span.end_column, "text": e.text}
            for e in fix.edits
        ],
    }
