"""The one-line format: ``path:line:col: RULE message`` per finding, then the text format's summary.

As ruff's ``--output-format concise``: no excerpt and no help line, for logs
read by people who know the rules and for editors' problem matchers. The path
and message are shown through :mod:`cardlint.escape` as in the text format.
"""

from __future__ import annotations

from cardlint.escape import guard
from cardlint.report import text


class FormatWriter(text.FormatWriter):
    """Options: those of the text format (``colour``, ``statistics``, ``quiet``)."""

    def write(self, findings, context) -> None:
        for finding in findings:
            where = self.paint(guard(f"{self.show(finding.path)}:{finding.line}:{finding.column}:"), text.BOLD)
            rule = self.paint(self.show(finding.rule), text.COLOURS[finding.severity])
            self.out.write(f"{where} {rule} {self.show(finding.message)}\n")
