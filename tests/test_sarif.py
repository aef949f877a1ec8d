"""SARIF 2.1.0 output: valid against the OASIS schema, within code scanning's limits, stable fingerprints."""

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import CARDS, CORPUS, needs_shared, run_cli

from cardlint.api import Session
from cardlint.model import Finding, Severity, Span
from cardlint.repo import LocalRepo
from cardlint.report import Report, render
from cardlint.report.fingerprint import line_hashes
from cardlint.runner import Mode, lint_one
from cardlint.source import decode

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
BAD = "---\nlicense: MIT\n---\n# Card\n"


SESSION = Session()


def sarif_for(paths, root):
    findings, context = [], {}
    for path in paths:
        outcome = lint_one(SESSION, decode(path.read_bytes(), str(path)), LocalRepo(path.parent), Mode(hashes=True))
        findings += outcome.findings
        context.update(outcome.context)
    return json.loads(render(Report(findings, len(paths), SESSION.rules, [], context), "sarif", root=root))


def assert_valid(log):
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert len(run["results"]) <= 25_000 and len(run["tool"]["driver"]["rules"]) <= 25_000
    assert all(len(rule["properties"]["tags"]) <= 10 for rule in run["tool"]["driver"]["rules"])
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["locations"]) == 1 and result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {1: "c129715d7a2bc9a3:1"}),
        (" a\nb\n  \t\tc\n d", {1: "271789c17abda88f:1", 2: "54703d4cd895b18:1", 3: "180aee12dab6264:1", 4: "a23a3dc5e078b07b:1"}),
        (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", {1: "e9496ae3ebfced30:1", 4: "e20e36e16fcb0cc8:1", 7: "c129715d7a2bc9a3:1"}),
    ],
)
def test_line_hash_matches_codeql_action_vectors(text, expected):
    hashes = line_hashes(text)
    assert {line: hashes[line] for line in expected} == expected


def test_line_hash_numbers_repeats():
    hashes = line_hashes("Lorem ipsum dolor sit amet.\n" * 10)
    assert [hashes[n] for n in (1, 6, 7, 11)] == ["a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "c129715d7a2bc9a3:1"]


def test_result_fields(tmp_path):
    (tmp_path / "models" / "m").mkdir(parents=True)
    card = tmp_path / "models" / "m" / "README.md"
    card.write_text(BAD)
    result = run_cli("--no-config", "--select", "CL101", "--format", "sarif", "models/m/README.md", cwd=tmp_path)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    assert_valid(log)
    run = log["runs"][0]
    assert "automationDetails" not in run  # upload-sarif's category applies
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    [res] = run["results"]
    assert res["ruleId"] == "CL101" and res["level"] == "error"
    assert res["message"]["text"] == "`license` is 'MIT', which is not a Hub license id. Help: use `mit` (Hub license ids are lower-case)"
    assert res["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "models/m/README.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2, "startColumn": 10, "endLine": 2, "endColumn": 13},
    }
    assert res["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(BAD)[2]
    assert res["fixes"] == [{
        "description": {"text": "replace `MIT` with `mit`"},
        "artifactChanges": [{
            "artifactLocation": {"uri": "models/m/README.md", "uriBaseId": "%SRCROOT%"},
            "replacements": [{"deletedRegion": {"startLine": 2, "startColumn": 10, "endLine": 2, "endColumn": 13}, "insertedContent": {"text": "mit"}}],
        }],
    }]
    rule = run["tool"]["driver"]["rules"][res["ruleIndex"]]
    assert rule["name"] == "invalid-license" and rule["defaultConfiguration"] == {"level": "error"}
    assert rule["help"]["markdown"].startswith("## What it does")


def test_clean_card_has_an_empty_results_list(tmp_path):
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n")
    log = json.loads(run_cli("--no-config", "--select", "CL1", "--format", "sarif", "README.md", cwd=tmp_path).stdout)
    assert_valid(log)
    assert log["runs"][0]["results"] == []


def test_fingerprint_survives_lines_moving(tmp_path):
    card = tmp_path / "README.md"
    card.write_text(BAD + "\nSome text.\n")
    before = sarif_for([card], tmp_path)["runs"][0]["results"]
    card.write_text(BAD.replace("---\nlicense", "---\ntags: [a]\nlanguage: en\nlicense") + "\nSome text.\n")
    after = sarif_for([card], tmp_path)["runs"][0]["results"]
    fingerprint = [r["partialFingerprints"]["primaryLocationLineHash"] for r in before if r["ruleId"] == "CL101"]
    assert fingerprint == [r["partialFingerprints"]["primaryLocationLineHash"] for r in after if r["ruleId"] == "CL101"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after if r["ruleId"] == "CL101"] == [4]


def test_results_beyond_the_limit_keep_the_most_severe(tmp_path):
    session = SESSION
    warning = Finding("CL302", "more-information-needed", Severity.WARNING, "w", "README.md", Span.point(1))
    error = Finding("CL101", "invalid-license", Severity.ERROR, "e", "README.md", Span.point(2))
    log = json.loads(render(Report([warning] * 25_000 + [error], 1, session.rules), "sarif", root=tmp_path))
    run = log["runs"][0]
    assert len(run["results"]) == 25_000
    assert any(r["ruleId"] == "CL101" for r in run["results"])
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].startswith("1 findings left out")


def test_every_fixture_gives_valid_sarif():
    fixtures = sorted(CARDS.rglob("*.md"))
    assert len(fixtures) >= 9
    assert_valid(sarif_for(fixtures, CARDS))


@needs_shared
def test_every_corpus_card_gives_valid_sarif_one_log_per_card():
    for card in sorted(CORPUS.glob("*.md")):
        assert_valid(sarif_for([card], CORPUS))
