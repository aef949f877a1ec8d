"""JUnit XML: one testcase per card, one failure per finding, for CI systems that show test reports.

GitLab (``artifacts:reports:junit``), Jenkins and Azure Pipelines read this
shape: a ``testsuites`` root holding one ``testsuite`` named cardlint, a
``testcase`` per card (a card without findings passes), a ``failure`` per
finding (``type`` the rule id, the text ``path:line:col: RULE [severity]
message`` and its help), and an ``error`` for a card that could not be checked.

The document is built with :mod:`xml.etree.ElementTree`, which escapes markup;
text from cards is first made :func:`~cardlint.escape.visible` and every
character XML 1.0 cannot hold (U+FFFE, U+FFFF, what ``visible`` leaves of the
controls) is written out as ``<U+FFFE>``, so any card gives a well-formed file.
The cards are held until the end, since the root's counts come first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cardlint.escape import guard, visible
from cardlint.model import Finding
from cardlint.report import Writer, writes_unicode

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` from a card on one line, with nothing a terminal acts on and nothing XML 1.0 forbids."""
    return _NOT_XML.sub(lambda match: f"<U+{ord(match.group()):04X}>", visible(text))


class FormatWriter(Writer):
    def __init__(self, out, rules, **options) -> None:
        super().__init__(out, rules, **options)
        self.cases: dict[str, ET.Element] = {}
        self.current: str | None = None

    def card(self, name: str, error: str | None) -> None:
        self.current = name
        case = self._case(name)
        if error:
            ET.SubElement(case, "error", message=xml_text(error))

    def write(self, findings, context) -> None:
        for finding in findings:
            failure = ET.SubElement(self._case(self.current or finding.path), "failure", message=xml_text(finding.message), type=xml_text(finding.rule))
            failure.text = _body(finding)

    def _case(self, name: str) -> ET.Element:
        """The testcase of the card ``name`` (findings in files next to a card belong to the card)."""
        if name not in self.cases:
            shown = xml_text(name)
            self.cases[name] = ET.Element("testcase", name=shown, classname="cardlint", file=shown)
        return self.cases[name]

    def finish(self, tally) -> None:
        cases = list(self.cases.values())
        counts = {
            "tests": str(len(cases)),
            "failures": str(sum(1 for case in cases if case.find("failure") is not None)),
            "errors": str(sum(1 for case in cases if case.find("error") is not None)),
        }
        root = ET.Element("testsuites", name="cardlint", **counts)
        suite = ET.SubElement(root, "testsuite", name="cardlint", skipped="0", **counts)
        suite.extend(cases)
        ET.indent(root)
        encoding = "unicode" if writes_unicode(self.out) else "us-ascii"
        document = ET.tostring(root, encoding=encoding, xml_declaration=False)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + (document if isinstance(document, str) else document.decode("ascii")) + "\n")


def _body(finding: Finding) -> str:
    """What a CI page shows for the failure: the text format's headline and the help, each line guarded."""
    lines = [f"{xml_text(finding.path)}:{finding.line}:{finding.column}: {xml_text(finding.rule)} [{finding.severity.value}] {xml_text(finding.message)}"]
    if finding.help:
        lines.append(f"help: {xml_text(finding.help)}")
    return "\n".join(guard(line) for line in lines)
