"""--fix on hostile cards: shared YAML values, buggy fixes, cards that change, links, read-only folders, odd line breaks."""

import json
import os
import shutil
import subprocess
import tempfile

import pytest
from conftest import run_cli

from cardlint import cli, fix, runner
from cardlint.api import Session
from cardlint.config import Config
from cardlint.model import Edit, Finding, Fix, Severity, Span
from cardlint.source import decode

ALIAS = "not fixed automatically: the value is shared through a YAML alias"
MERGE = "not fixed automatically: the value comes through a YAML merge key (`<<`)"
METRICS = "model-index:\n- name: m\n  results:\n  - task: {type: text-classification}\n    dataset: {type: imdb, name: IMDB}\n    metrics:\n"


def card(tmp_path, text: str, name: str = "README.md"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def fix_json(tmp_path, *select: str):
    """Run ``--fix`` with a JSON report; the exit status and the findings as (rule, line, column, help)."""
    result = run_cli("--no-config", "--select", ",".join(select), "--fix", "--format", "json", ".", cwd=tmp_path)
    found = [(f["rule"], f["line"], f["column"], f["help"], f["fix"]) for f in json.loads(result.stdout)]
    return result, found


SHARED = {
    "alias_at_a_key": (
        "---\nbase: &l MIT\nlicense: *l\n---\n",
        [("CL101", 3, 1, ALIAS)], 1,
    ),
    "anchor_target_used_again": (
        "---\nlicense: &l MIT\nlicense_name: *l\n---\n",
        [("CL101", 2, 10, ALIAS)], 1,
    ),
    "aliases_in_a_flow_list": (
        "---\nlanguage: [&e English, *e]\n---\n",
        [("CL102", 2, 12, ALIAS), ("CL102", 2, 12, ALIAS)], 1,
    ),
    "alias_of_a_block_list_item": (
        "---\ntags:\n- &t nlp\n- vision\n- *t\n---\n",
        [("CL109", 3, 3, ALIAS)], 0,
    ),
    "anchored_mapping_used_twice": (
        "---\nscore: &s {type: accuracy, value: '0.93'}\n" + METRICS + "    - *s\n    - *s\n---\n",
        [("CL506", 2, 28, ALIAS), ("CL506", 2, 28, ALIAS)], 0,
    ),
    "merge_of_a_flow_mapping": (
        "---\n<<: {license: MIT}\n---\n",
        [("CL101", 2, 15, MERGE)], 1,
    ),
    "merge_of_a_sequence_of_mappings": (
        "---\n<<: [{license: MIT}, {language: English}]\n---\n",
        [("CL101", 2, 16, MERGE), ("CL102", 2, 33, MERGE)], 1,
    ),
    "merged_metric": (
        "---\nscore: &s {type: accuracy, value: '0.93'}\n" + METRICS + "    - <<: *s\n---\n",
        [("CL506", 2, 28, MERGE)], 0,
    ),
    "nested_merges": (
        "---\na: &a {license: MIT}\nb: &b {<<: *a, x: 1}\n<<: *b\n---\n",
        [("CL101", 2, 8, MERGE)], 1,
    ),
    "flow_mapping_at_the_top": (
        "---\n{license: &l MIT, license_name: *l}\n---\n",
        [("CL101", 2, 11, ALIAS)], 1,
    ),
    "rename_of_a_key_whose_value_is_an_alias": (
        "---\nx: &x mit\nlicence: *x\n---\n",
        [("CL107", 3, 1, ALIAS)], 0,
    ),
}


@pytest.mark.parametrize("name", SHARED)
def test_a_shared_value_is_reported_and_never_edited(tmp_path, name):
    text, expected, status = SHARED[name]
    path = card(tmp_path, text)
    result, found = fix_json(tmp_path, "CL101", "CL102", "CL107", "CL109", "CL506")
    assert path.read_text() == text
    assert result.returncode == status, result.stderr
    assert [(rule, line, column) for rule, line, column, _, _ in found] == [e[:3] for e in expected]
    assert all(help_text.endswith(note) and fix_ is None for (_, _, _, help_text, fix_), (_, _, _, note) in zip(found, expected))


def test_without_fix_the_report_offers_no_fix_for_a_shared_value(tmp_path):
    card(tmp_path, "---\nbase: &l MIT\nlicense: *l\nlanguage: English\n---\n")
    result = run_cli("--no-config", "--select", "CL101,CL102", "--format", "json", ".", cwd=tmp_path)
    found = json.loads(result.stdout)
    assert [(f["rule"], f["fix"] is None, f["help"].endswith(ALIAS)) for f in found] == [("CL101", True, True), ("CL102", False, False)]


def test_the_unshared_values_next_to_a_shared_one_are_still_fixed_crlf_and_bom(tmp_path):
    text = "\ufeff---\r\nlicense: MIT\r\nbase: &l English\r\nlanguage: [*l, French]\r\n---\r\n# Card\r\n"
    path = card(tmp_path, text)
    result, found = fix_json(tmp_path, "CL101", "CL102")
    assert path.read_bytes() == "\ufeff---\r\nlicense: mit\r\nbase: &l English\r\nlanguage: [*l, fr]\r\n---\r\n# Card\r\n".encode()
    assert [(rule, line, column, help_text.endswith(ALIAS)) for rule, line, column, help_text, _ in found] == [("CL102", 3, 7, True)]
    assert result.returncode == 1


def test_an_unused_anchor_and_a_tag_stay_in_front_of_the_fixed_value(tmp_path):
    path = card(tmp_path, "---\nlicense: &l !!str 'MIT'\nlanguage: !!str English\n---\n")
    result, found = fix_json(tmp_path, "CL101", "CL102")
    assert path.read_text() == "---\nlicense: &l !!str 'mit'\nlanguage: !!str en\n---\n"
    assert (result.returncode, found) == (0, [])


def test_two_rules_fix_the_same_line(tmp_path):
    path = card(tmp_path, "---\n{license: MIT, pipeline-tag: text-generation, x: &x 1, y: *x}\n---\n")
    result, found = fix_json(tmp_path, "CL101", "CL107")
    assert path.read_text() == "---\n{license: mit, pipeline_tag: text-generation, x: &x 1, y: *x}\n---\n"
    assert (result.returncode, found) == (0, [])


def test_a_card_with_a_duplicate_key_keeps_its_findings_and_its_safe_fixes(tmp_path):
    path = card(tmp_path, "---\nlicense: apache-2.0\nlicense: MIT\nlanguage: English\n---\n")
    result, found = fix_json(tmp_path, "CL0", "CL1")
    assert path.read_text() == "---\nlicense: apache-2.0\nlicense: mit\nlanguage: en\n---\n"
    assert [(rule, line, column) for rule, line, column, _, _ in found] == [("CL004", 3, 1)]
    assert result.returncode == 1


def test_an_anchor_a_fix_would_drop_keeps_the_card_and_its_findings(tmp_path):
    """Deleting the repeated tag would delete the anchor the alias needs: the finding stays, with the reason."""
    text = "---\ntags:\n- nlp\n- &t nlp\nlanguage: English\nextra: *t\n---\n"
    path = card(tmp_path, text)
    result, found = fix_json(tmp_path, "CL102", "CL109")
    assert path.read_text() == text.replace("English", "en")
    assert [(rule, line, column, help_text.endswith(ALIAS)) for rule, line, column, help_text, _ in found] == [("CL109", 4, 3, True)]
    assert result.returncode == 0


def _finding(key_path, edit, rule="CL101"):
    return Finding(rule, "x", Severity.ERROR, "m", "README.md", edit.span, key_path, "h", Fix("d", (edit,)))


BUGGY = {
    "edit_beside_its_path": (
        "license", Edit(Span(3, 7, 3, 10), "b"),
        "h; not fixed automatically: fixing would change other metadata than `license`",
    ),
    "no_key_path": (
        None, Edit(Span(2, 10, 2, 13), "mit"),
        "h; not fixed automatically: fixing would change metadata at no key path the finding names",
    ),
    "invalid_yaml": (
        "license", Edit(Span(2, 10, 2, 13), "[mit"),
        "h; not fixed automatically: fixing would leave invalid YAML (expected ',' or ']', but got ':' (while parsing a flow sequence))",
    ),
    "metadata_block_removed": (
        "license", Edit(Span(1, 1, 2, 1), ""),
        "h; not fixed automatically: fixing would remove the metadata block",
    ),
    "new_duplicate_key": (
        "license", Edit(Span(2, 10, 2, 13), "mit\ntags: [c]"),
        "h; not fixed automatically: fixing would add a metadata problem (CL004)",
    ),
}


@pytest.mark.parametrize("name", BUGGY)
def test_a_buggy_fix_is_refused_by_reading_the_metadata_back(name):
    """A rule's fix that changes anything but the value at its finding's key path is not applied; the others are."""
    key_path, edit, help_text = BUGGY[name]
    text = decode(b"---\nlicense: MIT\ntags: [a]\n---\n", "README.md")
    good = _finding("tags[0]", Edit(Span(3, 8, 3, 9), "b"), "CL109")
    result = fix.fix(lambda current: [_finding(key_path, edit)] + ([good] if b"[a]" in current.raw else []), text)
    assert result.source.raw == b"---\nlicense: MIT\ntags: [b]\n---\n"
    assert result.count == 1
    assert [(finding.help, finding.fix) for finding in result.findings] == [(help_text, None)]


def _by_text(*fixes):
    """A lint that offers each (needle, finding) whose needle is still in the card."""
    return lambda current: [finding for needle, finding in fixes if needle in current.raw]


def test_a_renamed_key_keeps_its_value_and_a_deleted_item_is_the_one_at_its_path():
    text = decode(b"---\nlicence: mit\ntags: [a, b, a]\n---\n", "README.md")
    rename = _finding("licence", Edit(Span(2, 1, 2, 8), "license"), "CL107")
    delete = _finding("tags[2]", Edit(Span(3, 12, 3, 15), ""), "CL109")
    result = fix.fix(_by_text((b"licence", rename), (b"b, a", delete)), text)
    assert (result.source.raw, result.count, result.findings) == (b"---\nlicense: mit\ntags: [a, b]\n---\n", 2, [])
    wrong = _finding("tags[2]", Edit(Span(3, 8, 3, 11), ""), "CL109")
    result = fix.fix(_by_text((b"licence", wrong)), text)
    assert result.source is None
    assert [finding.help for finding in result.findings] == ["h; not fixed automatically: fixing would change other metadata than `tags[2]`"]


def test_a_fix_that_only_fails_next_to_another_is_applied_in_the_next_round():
    text = decode(b"---\ntags: [a, b]\n---\n", "README.md")
    delete = _finding("tags[1]", Edit(Span(2, 9, 2, 12), ""), "CL109")
    change = _finding("tags[0]", Edit(Span(2, 8, 2, 9), "z"), "CL109")
    result = fix.fix(_by_text((b", b", delete), (b"[a", change)), text)
    assert (result.source.raw, result.count, result.findings) == (b"---\ntags: [z]\n---\n", 2, [])


def _session_outcome(tmp_path, path, before_write=None):
    text = decode(path.read_bytes(), "README.md")
    session = Session(Config(select=("CL101",)))
    if before_write:
        before_write()
    return runner.lint_one(session, text, None, runner.Mode(fix="write"), path)


def test_a_card_changed_while_fixing_is_not_overwritten(tmp_path):
    path = card(tmp_path, "---\nlicense: MIT\n---\n")
    outcome = _session_outcome(tmp_path, path, lambda: path.write_text("---\nlicense: Apache\n---\n"))
    assert path.read_text() == "---\nlicense: Apache\n---\n"
    assert outcome.error == "README.md: the card changed while cardlint was fixing it; it was not written (run --fix again)"
    assert [(f.rule, f.line, f.column) for f in outcome.findings] == [("CL101", 2, 10)]
    assert outcome.fixed == 0
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_a_symlinked_card_is_fixed_through_the_link(tmp_path):
    """The link's target lies in the same git work tree, which is the boundary files are read within."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    target = card(tmp_path, "---\nlicense: MIT\n---\n", "shared/card.md")
    link = tmp_path / "model" / "README.md"
    link.parent.mkdir()
    link.symlink_to(os.path.join("..", "shared", "card.md"))
    result = run_cli("--no-config", "--select", "CL101", "--fix", "model/README.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "shared", "card.md")
    assert target.read_text() == "---\nlicense: mit\n---\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["card.md"]


def test_owner_group_and_mode_are_kept(tmp_path):
    path = card(tmp_path, "---\nlicense: MIT\n---\n")
    path.chmod(0o604)
    if os.geteuid() == 0:
        os.chown(path, 1234, 5678)
    before = path.stat()
    run_cli("--no-config", "--select", "CL101", "--fix", "README.md", cwd=tmp_path)
    after = path.stat()
    assert path.read_text() == "---\nlicense: mit\n---\n"
    assert (after.st_uid, after.st_gid, after.st_mode) == (before.st_uid, before.st_gid, before.st_mode)
    assert after.st_ino != before.st_ino


def _two_cards(tmp_path):
    locked = card(tmp_path, "---\nlicense: MIT\n---\n", "locked/README.md")
    free = card(tmp_path, "---\nlicense: MIT\n---\n", "free/README.md")
    return locked, free


def _read_only_report(result_code, out, err, locked, free):
    assert result_code == 2
    assert err == "cardlint: error: locked/README.md: cannot write the fixed card: the folder is read-only\n"
    assert "locked/README.md:2:10: CL101 [error]" in out and "free/README.md" not in out
    assert "Fixed 1 problem." in out
    assert locked.read_text() == "---\nlicense: MIT\n---\n"
    assert free.read_text() == "---\nlicense: mit\n---\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_card_in_a_read_only_folder_gets_one_line_and_the_others_are_fixed(tmp_path):
    locked, free = _two_cards(tmp_path)
    locked.parent.chmod(0o555)
    try:
        result = run_cli("--no-config", "--select", "CL101", "--fix", ".", cwd=tmp_path)
    finally:
        locked.parent.chmod(0o755)
    _read_only_report(result.returncode, result.stdout.decode(), result.stderr.decode(), locked, free)


def test_a_folder_where_no_temporary_file_can_be_made_gets_one_line(tmp_path, monkeypatch, capsys):
    """The same, for any user: the temporary file in the locked folder cannot be created."""
    locked, free = _two_cards(tmp_path)
    create = tempfile.NamedTemporaryFile

    def refuse(*args, dir=None, **kwargs):
        if os.path.basename(dir) == "locked":
            raise PermissionError(13, "Permission denied")
        return create(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    monkeypatch.chdir(tmp_path)
    code = cli.main(["--no-config", "--select", "CL101", "--fix", "--jobs", "1", "."])
    captured = capsys.readouterr()
    _read_only_report(code, captured.out, captured.err, locked, free)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_card_is_not_replaced(tmp_path):
    path = card(tmp_path, "---\nlicense: MIT\n---\n")
    path.chmod(0o444)
    result = run_cli("--no-config", "--select", "CL101", "--fix", "README.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "cardlint: error: README.md: cannot write the fixed card: the file is read-only\n"
    assert path.read_text() == "---\nlicense: MIT\n---\n"


ODD_LINES = {
    "line_separator": "---\nlicense: MIT\n---\n# Card\nA\u2028B\n",
    "form_feed_next_to_the_fix": "---\nlicense: MIT\n---\n\fA\fB\n",
    "next_line_character": "---\nlicense: MIT\n---\nA\u0085B\n",
    "no_final_newline": "---\nlicense: MIT\n---",
    "crlf_and_bom": "\ufeff---\r\nlicense: MIT\r\n---\r\n# Card\r\n",
    "crlf_without_final_newline": "---\r\nlicense: MIT\r\n---\r\n# Card",
    "lone_carriage_returns": "---\rlicense: MIT\r---\r# Card\r",
}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("name", ODD_LINES)
def test_diff_is_a_patch_git_applies(tmp_path, name):
    text = ODD_LINES[name]
    path = card(tmp_path, text)
    result = run_cli("--no-config", "--select", "CL101", "--diff", "README.md", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert path.read_bytes() == text.encode()
    patch = tmp_path / "fix.patch"
    patch.write_bytes(result.stdout)
    git = ["git", "-c", "core.autocrlf=false", "-c", "apply.whitespace=nowarn"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    check = subprocess.run([*git, "apply", "--check", "fix.patch"], cwd=tmp_path, capture_output=True)
    assert check.returncode == 0, check.stderr
    subprocess.run([*git, "apply", "fix.patch"], cwd=tmp_path, check=True)
    assert path.read_bytes() == text.replace("MIT", "mit").encode()
    assert (b"\\ No newline at end of file" in result.stdout) == (not text.endswith("\n"))


def test_two_fixes_of_the_same_value_apply_once():
    """The first fix wins; the second edited the old value and is not applied on top of the new one."""
    text = decode(b"---\nlicense: MIT\n---\n", "README.md")
    lower = _finding("license", Edit(Span(2, 10, 2, 13), "mit"))
    other = _finding("license", Edit(Span(2, 10, 2, 13), "apache-2.0"))
    result = fix.fix(_by_text((b"MIT", lower), (b"MIT", other)), text)
    assert (result.source.raw, result.count, result.findings) == (b"---\nlicense: mit\n---\n", 1, [])


def test_good_and_buggy_fixes_mixed_the_good_ones_apply_and_each_buggy_one_says_why():
    text = decode(b"---\nlicense: MIT\nlanguage: English\ntags: [a, b, a]\n---\n", "README.md")
    fixes = [
        (b"MIT", _finding("license", Edit(Span(2, 10, 2, 13), "mit"))),
        (b"English", _finding("language", Edit(Span(3, 11, 3, 18), "en\nlicense: x"), "CL102")),
        (b"b, a", _finding("tags[2]", Edit(Span(4, 12, 4, 15), ""), "CL109")),
        (b"[a", _finding("tags[0]", Edit(Span(4, 8, 4, 9), "z]\nx: [1"), "CL109")),
        (b"language: E", _finding("language", Edit(Span(3, 11, 3, 18), "en"), "CL102")),
    ]
    result = fix.fix(_by_text(*fixes), text)
    assert result.source.raw == b"---\nlicense: mit\nlanguage: en\ntags: [a, b]\n---\n"
    assert result.count == 3
    assert [(f.rule, f.help) for f in result.findings] == [
        ("CL109", "h; not fixed automatically: fixing would change other metadata than `tags[0]`"),
    ]


def test_the_api_offers_no_fix_through_an_alias():
    from cardlint.api import lint_text
    from cardlint.config import Config

    [finding] = lint_text("---\nx: &l MIT\nlicense: *l\n---\n", config=Config(select=("CL101",)))
    assert finding.fix is None and finding.help.endswith("not fixed automatically: the value is shared through a YAML alias")
