"""SARIF 2.1.0 for GitHub code scanning: one run, every rule's metadata, stable fingerprints.

Facts behind the choices (shared/reference/sarif-and-ci.md): one run per log
(upload-sarif refuses several runs of one category); a ``results`` array even
when empty; relative URIs under ``%SRCROOT%`` (the repository root, where
code scanning resolves them); ``columnKind`` ``unicodeCodePoints`` because
cardlint counts columns in code points; at most 25,000 results per run, the
most severe kept and the cut reported as a notification; at most 10 tags per
rule; ``primaryLocationLineHash`` so alerts survive unrelated edits.

No ``automationDetails`` unless a category is asked for: an id in the log
wins over upload-sarif's ``category`` input and its default (which tells
workflows, jobs and matrix entries apart), so a fixed id would make every
upload from one repository replace the last.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

from cardlint import __version__
from cardlint.escape import json_text
from cardlint.model import Finding, Severity
from cardlint.explain import help_uri
from cardlint.report import Writer, writes_unicode
from cardlint.rule import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/cardlint/cardlint"
MAX_RESULTS = 25_000
MAX_DESCRIPTION = 1024
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


class FormatWriter(Writer):
    """Keeps every finding (code scanning's cap keeps the most severe, which only the end can tell).

    Options: ``root`` (the source root, default the git work tree), ``category``.
    """

    def __init__(self, out, rules, **options) -> None:
        super().__init__(out, rules, **options)
        self.findings: list[Finding] = []
        self.context: dict = {}

    def write(self, findings, context) -> None:
        self.findings += findings
        self.context.update(context)

    def finish(self, tally) -> None:
        root = self.options.get("root")
        document = log(self.findings, self.context, self.rules, tally.errors, root, self.options.get("category"), ascii_only=not writes_unicode(self.out))
        self.out.write(document)


def log(findings, context, rules_by_id, errors, root: Path | None = None, category: str | None = None, ascii_only: bool = False) -> str:
    """The SARIF log, as text (``ascii_only``: every non-ASCII character as a ``\\uXXXX`` escape).

    ``category`` becomes ``automationDetails.id`` as upload-sarif writes its
    own: with a ``/`` added, so the whole name is the category and no run id.
    """
    root = (root or repository_root(Path.cwd())).resolve()
    rules = list(rules_by_id.values())
    index = {rule.id: position for position, rule in enumerate(rules)}
    ranked = sorted(findings, key=lambda f: (-f.severity.rank, f.sort_key()))
    kept = sorted(ranked[:MAX_RESULTS], key=Finding.sort_key)
    run = {
        "tool": {"driver": _driver(rules)},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index, root, context.get(finding.path)) for finding in kept],
    }
    if category:
        run["automationDetails"] = {"id": category if category.endswith("/") else f"{category}/"}
    notifications = [_notification(f"{len(findings) - len(kept)} findings left out: code scanning takes at most {MAX_RESULTS} results per run")] if len(kept) < len(findings) else []
    notifications += [_notification(error, "error") for error in errors]
    run["invocations"] = [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}]
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_text(json.dumps(log, indent=2, ensure_ascii=ascii_only)) + "\n"


def repository_root(cwd: Path) -> Path:
    """The git work tree holding ``cwd`` (what code scanning calls the source root), else ``cwd``."""
    try:
        result = subprocess.run(["git", "-C", str(cwd), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return cwd
    return Path(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else cwd


def _driver(rules: list[Rule]) -> dict:
    return {
        "name": "cardlint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rule) for rule in rules],
    }


def _rule(rule: Rule) -> dict:
    sections = rule.sections
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _clip(rule.summary)},
        "fullDescription": {"text": _clip(" ".join(sections.get("What it does", rule.summary).split()))},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": ["model-card", _family(rule.id)],
            "precision": "high",
            "problem.severity": _PROBLEM_SEVERITY[rule.severity],
        },
    }


def _family(rule_id: str) -> str:
    families = {"CL0": "metadata-syntax", "CL1": "metadata", "CL2": "checklist", "CL3": "template", "CL4": "custom-code", "CL5": "evaluation", "CL6": "files"}
    return families.get(rule_id[:3], "plugin")


def _clip(text: str) -> str:
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def _result(finding: Finding, index: dict[str, int], root: Path, context) -> dict:
    location = {"artifactLocation": _artifact(finding.path, root), "region": _region(finding)}
    result = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message + (f". Help: {finding.help}" if finding.help else "")},
        "locations": [{"physicalLocation": location}],
    }
    if finding.fix is not None:
        result["fixes"] = [{
            "description": {"text": finding.fix.description},
            "artifactChanges": [{
                "artifactLocation": location["artifactLocation"],
                "replacements": [{"deletedRegion": _span_region(edit.span), "insertedContent": {"text": edit.text}} for edit in finding.fix.edits],
            }],
        }]
    line_hash = context.hashes.get(finding.line) if context else None
    if line_hash:
        result["partialFingerprints"] = {"primaryLocationLineHash": line_hash}
    return result


def _artifact(path: str, root: Path) -> dict:
    if "://" in path:
        return {"uri": path}
    try:
        relative = (Path.cwd() / path).resolve().relative_to(root).as_posix()
    except ValueError:
        return {"uri": (Path.cwd() / path).resolve().as_uri()}
    return {"uri": quote(os.fsencode(relative)), "uriBaseId": "%SRCROOT%"}  # a name that is not UTF-8 keeps its bytes


def _region(finding: Finding) -> dict:
    """The finding's region, at least one character wide (code scanning shows nothing for an empty one)."""
    span = finding.span
    if (span.end_line, span.end_column) <= (span.line, span.column):
        span = span._replace(end_line=span.line, end_column=span.column + 1)
    return _span_region(span)


def _span_region(span) -> dict:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}


def _notification(text: str, level: str = "warning") -> dict:
    return {"level": level, "message": {"text": text}}
