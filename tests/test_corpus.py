"""Real cards: the copies in tests/cards/corpus always, the whole shared corpus when it is there."""

import json

import pytest
from conftest import CARDS, CORPUS, lint, needs_shared, run_cli

SAMPLES = CARDS / "corpus"

INVALID_ON_PURPOSE = {
    "003-sample-invalid-card-data.md": [("CL005", 2, 1)],
    "004-sample-invalid-model-index.md": [("CL108", 15, 5)],
    "008-sample-template.md": [("CL001", 2, 2)],
    "010-huggingface-hub-templates-modelcard-template.md": [("CL001", 4, 2)],
    "011-huggingface-hub-templates-datasetcard-template.md": [("CL001", 4, 2)],
    "012-hub-docs-modelcard.md": [("CL001", 38, 9), ("CL001", 39, 9), ("CL001", 46, 11)],
}


def read(path):
    return path.read_bytes().decode("utf-8-sig")


@pytest.mark.parametrize("name", ["003-sample-invalid-card-data.md", "004-sample-invalid-model-index.md", "008-sample-template.md"])
def test_copied_invalid_cards(name):
    assert lint(read(SAMPLES / name), select=["CL0", "CL1"]) == INVALID_ON_PURPOSE[name]


def test_copied_crlf_and_leading_whitespace_cards_are_clean():
    for name in ("009-sample-windows-line-breaks.md", "117-allenai-wmt19-de-en-6-6-base.md", "119-jcblaise-distilbert-tagalog-base-cased.md"):
        assert lint(read(SAMPLES / name), select=["CL0", "CL1"]) == [], name


def test_url_in_flow_list_is_not_a_syntax_error():
    assert [rule for rule, *_ in lint(read(SAMPLES / "190-atom-7b.md"), select=["CL0", "CL1"])] == []


@needs_shared
@pytest.mark.parametrize("name", sorted(INVALID_ON_PURPOSE))
def test_invalid_on_purpose_cards_get_their_findings(name):
    assert lint(read(CORPUS / name), select=["CL0", "CL1"]) == INVALID_ON_PURPOSE[name]


@needs_shared
def test_whole_corpus_lints_in_one_run_without_internal_error(tmp_path):
    result = run_cli("--no-config", "--format", "json", "-o", str(tmp_path / "out.json"), *sorted(str(p) for p in CORPUS.glob("*.md")))
    assert result.stderr == b""
    assert result.returncode == 1
    findings = json.loads((tmp_path / "out.json").read_text())
    assert {finding["rule"] for finding in findings} >= {"CL001", "CL002", "CL005", "CL101", "CL102", "CL108"}
    for finding in findings:
        lines = (CORPUS / finding["path"].rsplit("/", 1)[-1]).read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("\n")
        assert 1 <= finding["line"] <= len(lines), finding
        assert 1 <= finding["column"] <= len(lines[finding["line"] - 1]) + 1, finding


@needs_shared
@pytest.mark.parametrize(
    ("name", "select", "expected"),
    [
        ("010-huggingface-hub-templates-modelcard-template.md", "CL301", ("CL301", 7, 18)),
        ("177-image-classification-irrigation-systems.md", "CL505", ("CL505", 19, 14)),
        ("102-m3e-small.md", "CL203", ("CL203", 227, 3)),
        ("039-flan-t5-motivation-model-flan-nudge-balanced-best-flan-nudge.md", "CL303", ("CL303", 10, 1)),
        ("086-mistralai-devstral-small-2507.md", "CL103", ("CL103", 35, 15)),
    ],
)
def test_whole_card_rules_on_real_cards(name, select, expected):
    assert expected in lint(read(CORPUS / name), select=[select])


@needs_shared
def test_remote_code_cards_are_not_custom_code():
    for name in ("193-e1-150m.md", "194-boltz2.md"):
        assert lint(read(CORPUS / name), select=["CL401"]) == []
