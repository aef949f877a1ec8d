"""GitLab Code Quality: a JSON array of CodeClimate-style issues, for ``artifacts:reports:codequality``.

Each issue has the fields GitLab reads: ``description``, ``check_name`` (the
rule id), ``fingerprint``, ``severity`` and ``location`` (``path`` relative to
the repository root, ``lines.begin``). GitLab's severities are info, minor,
major, critical and blocker; cardlint's error (the Hub rejects or corrupts
what the author wrote) is ``major``, warning ``minor``, info ``info``:
critical and blocker are left for security problems, which no cardlint rule
reports.

GitLab tells new issues from fixed ones by ``fingerprint``, comparing the
merge request's report with the target branch's. So it must be the same
across runs while the problem stays, even when lines above it move: it hashes
the rule, the path, the text of the finding's line (not its number) and a
counter telling apart the same rule on identical lines of one file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from cardlint.escape import json_text
from cardlint.model import Finding, Severity
from cardlint.report import Writer, writes_unicode
from cardlint.report.sarif import repository_root

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


class FormatWriter(Writer):
    """Options: ``root`` (the repository root paths are relative to; default: the git work tree)."""

    started = False

    def __init__(self, out, rules, **options) -> None:
        super().__init__(out, rules, **options)
        self.root = os.path.abspath(options.get("root") or repository_root(Path.cwd()))
        self.seen: Counter = Counter()

    def write(self, findings, context) -> None:
        ascii_only = not writes_unicode(self.out)
        for finding in findings:
            file_context = context.get(finding.path)
            line = file_context.lines.get(finding.line, "") if file_context else ""
            self.out.write(",\n" if self.started else "[\n")
            self.started = True
            self.out.write("  " + json_text(json.dumps(self.issue(finding, line), ensure_ascii=ascii_only)))

    def finish(self, tally) -> None:
        self.out.write("\n]\n" if self.started else "[]\n")

    def issue(self, finding: Finding, line: str) -> dict:
        """The Code Quality issue for ``finding``, whose line in its file reads ``line``."""
        path = self.relative(finding.path)
        key = (finding.rule, path, line.strip())
        self.seen[key] += 1
        fingerprint = hashlib.sha256("\0".join((*key, str(self.seen[key]))).encode("utf-8", "surrogateescape")).hexdigest()
        return {
            "description": f"{finding.rule}: {finding.message}",
            "check_name": finding.rule,
            "fingerprint": fingerprint,
            "severity": SEVERITY[finding.severity],
            "location": {"path": path, "lines": {"begin": finding.line, "end": finding.end_line}},
        }

    def relative(self, path: str) -> str:
        """``path`` relative to the repository root when it is inside it (a Hub path or one outside stays as shown)."""
        if "://" in path:
            return path
        relative = os.path.relpath(os.path.abspath(path), self.root)
        return path if relative.startswith(os.pardir) else Path(relative).as_posix()
