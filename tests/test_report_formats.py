"""The concise, gitlab and junit formats: exact lines, documents that parse, stable fingerprints, hostile text."""

import io
import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import run_cli

from cardlint.model import Finding, Severity, Span
from cardlint.report import FileContext, Tally, writer
from cardlint.report.junit import xml_text

BAD = "---\nlicense: MIT\nlibrary_name: pytorch\n---\n# Card\n"
HOSTILE = "a\x1b[2J\x07<b>&amp;</b>]]>\"'\u202e\ufffe\uffff\udc80\n::error::forged\x0b\x00"


def make_card(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(text, encoding="utf-8")


def render(format_name, cards, stream=None, **options):
    """Write ``cards`` ([(name, error, findings, lines)]) through the format, as the command line does."""
    out = stream or io.StringIO()
    report = writer(format_name, out, {}, **options)
    tally = Tally()
    for name, error, findings, lines in cards:
        tally.files += 1
        if error:
            tally.errors.append(error)
        tally.add(findings)
        report.card(name, error)
        report.write(findings, {name: FileContext(lines, {})} if lines else {})
    report.finish(tally)
    return out.getvalue() if stream is None else stream


def finding(rule="CL101", line=2, message="bad", path="m/README.md", severity=Severity.ERROR, help=None):
    return Finding(rule, "some-name", severity, message, path, Span(line, 3, line, 6), help=help)


def test_concise_is_one_line_per_finding_then_the_summary(tmp_path):
    make_card(tmp_path / "m", BAD)
    result = run_cli("--no-config", "--select", "CL1", "--format", "concise", "m", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        "m/README.md:2:10: CL101 `license` is 'MIT', which is not a Hub license id",
        "m/README.md:3:15: CL104 `library_name` is 'pytorch', which is not a library the Hub knows",
        "Found 2 problems (1 error, 1 warning) in 1 file; 1 card checked.",
        "[*] 1 fixable with the `--fix` option.",
    ]
    quiet = run_cli("--no-config", "--select", "CL1", "--format", "concise", "--quiet", "m", cwd=tmp_path)
    assert len(quiet.stdout.decode().splitlines()) == 2


def test_concise_shows_hostile_text_on_one_guarded_line():
    out = render("concise", [("::x/README.md", None, [finding(message=HOSTILE, path="::x/README.md")], {})], quiet=True)
    [line] = out.splitlines()
    assert line.startswith("\\x3a:x/README.md:2:3: CL101 a\\x1b[2J\\x07") and "<U+202E>" in line and "\\n::error::forged" in line


def test_gitlab_report_has_the_fields_gitlab_reads(tmp_path):
    make_card(tmp_path / "m", BAD)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    result = run_cli("--no-config", "--select", "CL1", "--format", "gitlab", ".", cwd=tmp_path / "m")
    assert result.returncode == 1
    issues = json.loads(result.stdout)
    assert [{key: value for key, value in issue.items() if key != "fingerprint"} for issue in issues] == [
        {"description": "CL101: `license` is 'MIT', which is not a Hub license id", "check_name": "CL101", "severity": "major", "location": {"path": "m/README.md", "lines": {"begin": 2, "end": 2}}},
        {"description": "CL104: `library_name` is 'pytorch', which is not a library the Hub knows", "check_name": "CL104", "severity": "minor", "location": {"path": "m/README.md", "lines": {"begin": 3, "end": 3}}},
    ]
    assert all(len(issue["fingerprint"]) == 64 for issue in issues)


def test_gitlab_severities_cover_every_level():
    issues = json.loads(render("gitlab", [("README.md", None, [finding(severity=s, rule=f"X{s.value}") for s in Severity], {})]))
    assert {issue["check_name"]: issue["severity"] for issue in issues} == {"Xerror": "major", "Xwarning": "minor", "Xinfo": "info"}


def test_gitlab_fingerprints_are_unique_and_survive_moved_lines(tmp_path):
    twice = "---\nlicense: mit\n---\n# Card\n\n- [ ] fill in\n\nText.\n\n- [ ] fill in\n"
    make_card(tmp_path, twice)
    first = json.loads(run_cli("--no-config", "--select", "CL203", "--format", "gitlab", "README.md", cwd=tmp_path).stdout)
    assert len(first) == 2 and len({issue["fingerprint"] for issue in first}) == 2
    make_card(tmp_path, twice.replace("# Card\n", "# Card\n\nA new paragraph.\n"))
    moved = json.loads(run_cli("--no-config", "--select", "CL203", "--format", "gitlab", "README.md", cwd=tmp_path).stdout)
    assert [issue["location"]["lines"]["begin"] for issue in moved] == [8, 12]
    assert [issue["fingerprint"] for issue in moved] == [issue["fingerprint"] for issue in first]


def test_gitlab_fingerprint_depends_on_rule_path_and_line_text():
    lines = {2: "license: MIT"}
    one = json.loads(render("gitlab", [("a/README.md", None, [finding(path="a/README.md")], lines)]))[0]["fingerprint"]
    assert one == json.loads(render("gitlab", [("a/README.md", None, [finding(path="a/README.md", line=2, message="other")], lines)]))[0]["fingerprint"]
    assert one != json.loads(render("gitlab", [("b/README.md", None, [finding(path="b/README.md")], lines)]))[0]["fingerprint"]
    assert one != json.loads(render("gitlab", [("a/README.md", None, [finding(path="a/README.md", rule="CL102")], lines)]))[0]["fingerprint"]
    assert one != json.loads(render("gitlab", [("a/README.md", None, [finding(path="a/README.md")], {2: "license: GPL"})]))[0]["fingerprint"]


def test_gitlab_with_no_findings_and_hostile_text_is_valid_json():
    assert json.loads(render("gitlab", [("README.md", None, [], {})])) == []
    out = render("gitlab", [("x\u202e/README.md", None, [finding(message=HOSTILE, path="x\u202e/README.md")], {2: HOSTILE})])
    assert "\u202e" not in out and "\x1b" not in out and "\n::" not in out
    [issue] = json.loads(out)
    assert issue["description"] == f"CL101: {HOSTILE}" and issue["location"]["path"] == "x\u202e/README.md"


def test_junit_has_one_testcase_per_card_and_a_failure_per_finding(tmp_path):
    make_card(tmp_path / "bad", BAD)
    make_card(tmp_path / "good", "---\nlicense: mit\n---\n# Card\n")
    (tmp_path / "unreadable").mkdir()
    (tmp_path / "unreadable" / "README.md").write_bytes(b"\x00")
    result = run_cli("--no-config", "--select", "CL1", "--format", "junit", ".", cwd=tmp_path)
    assert result.returncode == 2
    root = ET.fromstring(result.stdout)
    assert (root.tag, root.attrib) == ("testsuites", {"name": "cardlint", "tests": "3", "failures": "1", "errors": "1"})
    [suite] = root
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == ["bad/README.md", "good/README.md", "unreadable/README.md"]
    assert [(f.get("type"), f.get("message")) for f in cases["bad/README.md"].iter("failure")] == [
        ("CL101", "`license` is 'MIT', which is not a Hub license id"),
        ("CL104", "`library_name` is 'pytorch', which is not a library the Hub knows"),
    ]
    assert cases["bad/README.md"].find("failure").text == (
        "bad/README.md:2:10: CL101 [error] `license` is 'MIT', which is not a Hub license id\nhelp: use `mit` (Hub license ids are lower-case)"
    )
    assert list(cases["good/README.md"]) == []
    assert cases["unreadable/README.md"].find("error").get("message") == "unreadable/README.md: binary file (contains NUL bytes), not a model card"


def test_junit_is_well_formed_whatever_the_card_says():
    out = render("junit", [(HOSTILE, HOSTILE, [finding(message=HOSTILE, path=HOSTILE, help=HOSTILE)], {})])
    root = ET.fromstring(out.encode("utf-8"))
    case = root.find("testsuite/testcase")
    failure = case.find("failure")
    assert failure.get("message") == xml_text(HOSTILE) and case.find("error").get("message") == xml_text(HOSTILE)
    assert xml_text(HOSTILE) == "a\\x1b[2J\\x07<b>&amp;</b>]]>\"'<U+202E><U+FFFE><U+FFFF>\\x80\\n::error::forged\\x0b\\x00"
    assert all(not line.lstrip().startswith("::") for line in out.splitlines())


def test_junit_for_a_stream_that_cannot_encode_unicode_stays_valid():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="backslashreplace")
    render("junit", [("é/README.md", None, [finding(message="café ☕", path="é/README.md")], {})], stream=stream)
    stream.flush()
    raw = stream.buffer.getvalue()
    assert raw.isascii()
    assert ET.fromstring(raw).find("testsuite/testcase/failure").get("message") == "café ☕"


@pytest.mark.parametrize("format_name", ["concise", "gitlab", "junit"])
def test_exit_status_follows_fail_on_and_exit_zero(tmp_path, format_name):
    make_card(tmp_path, "---\nlicense: mit\nlibrary_name: pytorch\n---\n# Card\n")
    run = lambda *options: run_cli("--no-config", "--select", "CL1", "--format", format_name, *options, "README.md", cwd=tmp_path).returncode  # noqa: E731
    assert (run(), run("--fail-on", "warning"), run("--fail-on", "warning", "--exit-zero")) == (0, 1, 0)
