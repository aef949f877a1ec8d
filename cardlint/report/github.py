"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

Escaping follows the runner (shared/reference/sarif-and-ci.md §3): ``%``,
CR and LF in the message; those and ``:`` and ``,`` in property values. Text
from the card and its path is first made :func:`~cardlint.escape.visible`, so
the only line break a message carries is the one before ``help:``, and no
control character reaches the log.
Columns are only sent when the finding starts and ends on one line, as the
runner drops them otherwise. The runner attaches only the first 10
annotations of each level to the step; every line still reaches the log, and
a plain summary line closes the output.
"""

from __future__ import annotations

from cardlint.escape import visible
from cardlint.model import Finding, Severity
from cardlint.report import Writer, plural

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = [("file", visible(finding.path)), ("line", finding.line)]
    if finding.end_line == finding.line:
        properties += [("col", finding.column), ("endLine", finding.end_line), ("endColumn", finding.end_column)]
    else:
        properties += [("endLine", finding.end_line)]
    properties.append(("title", visible(f"{finding.rule} {finding.name}")))
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    message = visible(finding.message) + (f"\nhelp: {visible(finding.help)}" if finding.help else "")
    return f"::{_COMMAND[finding.severity]} {props}::{escape_data(message)}"


class FormatWriter(Writer):
    def write(self, findings, context) -> None:
        for finding in findings:
            self.out.write(annotation(finding) + "\n")

    def finish(self, tally) -> None:
        if self.options.get("quiet"):
            return
        counts = tally.severities
        summary = ", ".join(plural(counts[s], s.value) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s])
        total = tally.total
        self.out.write(f"cardlint: {plural(total, 'finding')}{f' ({summary})' if summary else ''} in {plural(tally.checked, 'card')}{f'; {len(tally.errors)} could not be checked' if tally.errors else ''}\n")
