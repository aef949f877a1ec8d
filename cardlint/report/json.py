"""The machine format: a JSON list of findings with the fields the spec names, written as it grows.

Non-ASCII text is written as itself, except the characters a terminal or a log
would act on (:func:`~cardlint.escape.json_text`), or all of it as ``\\uXXXX``
for a stream that cannot encode it.
"""

from __future__ import annotations

import json

from cardlint.escape import json_text
from cardlint.model import Finding, Fix
from cardlint.report import Writer, writes_unicode


class FormatWriter(Writer):
    started = False

    def write(self, findings, context) -> None:
        ascii_only = not writes_unicode(self.out)
        for finding in findings:
            self.out.write(",\n" if self.started else "[\n")
            self.started = True
            self.out.write("  " + json_text(json.dumps(as_dict(finding), ensure_ascii=ascii_only)))

    def finish(self, tally) -> None:
        self.out.write("\n]\n" if self.started else "[]\n")


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
