"""--fix and --diff: safe fixes only, every other byte kept, idempotent, atomic."""

import difflib
import os
import re
import tempfile

import pytest
from conftest import CORPUS, needs_shared, run_cli

from cardlint import fix
from cardlint.api import Session
from cardlint.source import decode

CARD = """---
# model card metadata
license: "MIT"   # from the old repo
language:
- English
- en-US
licence_note: kept
licence: apache-2.0
tags: [nlp, vision, nlp]
model-index:
- name: m
  results:
  - task: {type: text-classification}
    dataset: {type: imdb, name: IMDB}
    metrics:
    - type: accuracy
      value: '0.93'
---
# Card
"""

FIXED = """---
# model card metadata
license: "mit"   # from the old repo
language:
- en
- en-US
licence_note: kept
licence: apache-2.0
tags: [nlp, vision]
model-index:
- name: m
  results:
  - task: {type: text-classification}
    dataset: {type: imdb, name: IMDB}
    metrics:
    - type: accuracy
      value: 0.93
---
# Card
"""


def write(tmp_path, text, newline="\n", bom=False):
    path = tmp_path / "README.md"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode())
    return path


def test_fix_rewrites_only_the_fixed_values(tmp_path):
    path = write(tmp_path, CARD)
    result = run_cli("--no-config", "--select", "CL1,CL506", "--fix", "README.md", cwd=tmp_path)
    assert path.read_text() == FIXED
    out = result.stdout.decode()
    assert "Fixed 4 problems." in out
    assert "CL102 [error] `language[1]` is 'en-US'" in out and "CL107" in out
    assert result.returncode == 1


def test_misspelled_key_is_renamed_when_the_right_one_is_absent(tmp_path):
    path = write(tmp_path, "---\nlicence: mit\npipeline-tag: text-generation\n---\n")
    run_cli("--no-config", "--select", "CL107", "--fix", "README.md", cwd=tmp_path)
    assert path.read_text() == "---\nlicense: mit\npipeline_tag: text-generation\n---\n"


def test_block_list_duplicate_tag_line_is_removed(tmp_path):
    path = write(tmp_path, "---\ntags:\n- a\n- b  # second\n- a  # again\n- c\n---\n")
    run_cli("--no-config", "--select", "CL109", "--fix", "README.md", cwd=tmp_path)
    assert path.read_text() == "---\ntags:\n- a\n- b  # second\n- c\n---\n"


@pytest.mark.parametrize(("newline", "bom"), [("\r\n", True), ("\r\n", False), ("\n", True)])
def test_bom_and_line_endings_are_kept(tmp_path, newline, bom):
    path = write(tmp_path, CARD, newline, bom)
    run_cli("--no-config", "--select", "CL1,CL506", "--fix", "README.md", cwd=tmp_path)
    assert path.read_bytes() == (b"\xef\xbb\xbf" if bom else b"") + FIXED.replace("\n", newline).encode()


def test_mixed_line_endings_are_kept_line_by_line(tmp_path):
    path = tmp_path / "README.md"
    path.write_bytes(b"---\r\nlicense: MIT\nlanguage: English\r\n---\n")
    run_cli("--no-config", "--select", "CL1,CL506", "--fix", "README.md", cwd=tmp_path)
    assert path.read_bytes() == b"---\r\nlicense: mit\nlanguage: en\r\n---\n"


def test_fix_twice_equals_fix_once_and_untouched_files_are_not_rewritten(tmp_path):
    path = write(tmp_path, CARD)
    run_cli("--no-config", "--fix", "README.md", cwd=tmp_path)
    once = path.read_bytes()
    before = os.stat(path)
    run_cli("--no-config", "--fix", "README.md", cwd=tmp_path)
    after = os.stat(path)
    assert path.read_bytes() == once
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_diff_prints_and_writes_nothing(tmp_path):
    path = write(tmp_path, "---\nlicense: MIT\n---\n# Card\n")
    result = run_cli("--no-config", "--diff", "README.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode() == "--- a/README.md\n+++ b/README.md\n@@ -1,4 +1,4 @@\n ---\n-license: MIT\n+license: mit\n ---\n # Card\n"
    assert result.stderr.decode() == "cardlint: 1 fix available in 1 file\n"
    assert path.read_text() == "---\nlicense: MIT\n---\n# Card\n"
    clean = write(tmp_path, "---\nlicense: mit\n---\n# Card\n")
    assert run_cli("--no-config", "--diff", "README.md", cwd=tmp_path).returncode == 0 and clean.exists()


def test_fix_and_diff_are_exclusive(tmp_path):
    write(tmp_path, CARD)
    result = run_cli("--fix", "--diff", "README.md", cwd=tmp_path)
    assert result.returncode == 2 and b"not allowed with argument" in result.stderr


def test_permissions_are_kept(tmp_path):
    path = write(tmp_path, "---\nlicense: MIT\n---\n")
    path.chmod(0o640)
    run_cli("--no-config", "--fix", "README.md", cwd=tmp_path)
    assert (path.read_text(), oct(path.stat().st_mode & 0o777)) == ("---\nlicense: mit\n---\n", "0o640")
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_guesses_are_not_applied(tmp_path):
    path = write(tmp_path, "---\nlicense: Apache Licence 2\nlanguage: [Englsh, zh-CN]\n---\n")
    run_cli("--no-config", "--fix", "README.md", cwd=tmp_path)
    assert path.read_text() == "---\nlicense: Apache Licence 2\nlanguage: [Englsh, zh-CN]\n---\n"


def _offsets(text):
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return lambda line, column: min(starts[line - 1] + column - 1, len(text)) if line <= len(starts) else len(text)


def _changed(old, new):
    """The ranges of ``old`` that differ in ``new``: lines are compared first, then characters within changed lines.

    A character-level comparison of whole cards is quadratic; a fix touches a few lines.
    """
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line))
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        for inner, a1, a2, _, _ in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if inner != "equal":
                yield starts[i1] + a1, starts[i1] + a2


@needs_shared
def test_fix_over_the_whole_corpus_changes_only_fixed_values():
    session = Session()
    fixed_cards = 0
    for card in sorted(CORPUS.glob("*.md")):
        rounds = []

        def lint(current):
            found = session.lint_card(current, None)
            rounds.append((current, found))
            return found

        result = fix.fix(lint, decode(card.read_bytes(), card.name))
        assert not [f for f in result.findings if f.fix], card.name
        for (before, found), (after, _) in zip(rounds, rounds[1:]):
            old, new = before.raw.decode("utf-8-sig"), after.raw.decode("utf-8-sig")
            offset = _offsets(old)
            allowed = [(offset(e.span.line, e.span.column), offset(e.span.end_line, e.span.end_column)) for f in found if f.fix for e in f.fix.edits]
            for i1, i2 in _changed(old, new):
                assert any(start <= i1 and i2 <= end for start, end in allowed), (card.name, old[max(i1 - 20, 0):i2 + 20])
            assert after.bom == before.bom
        if result.source is not None:
            fixed_cards += 1
            assert "CL001" not in {f.rule for f in result.findings}
    assert fixed_cards >= 5


def test_rename_only_when_the_value_fits_the_right_key(tmp_path):
    path = write(tmp_path, "---\nlanguages:\n  config_a: [en]\nlicenses: [mit]\n---\n")
    run_cli("--no-config", "--select", "CL107", "--fix", "README.md", cwd=tmp_path)
    assert path.read_text() == "---\nlanguages:\n  config_a: [en]\nlicense: [mit]\n---\n"


def test_stdin_is_fixed_to_standard_output_with_fix_and_diffed_with_diff(tmp_path):
    card = b"---\nlicense: MIT\n---\n# Card\n"
    fixed = run_cli("--no-config", "--select", "CL101", "--fix", "-", stdin=card, cwd=tmp_path)
    assert (fixed.returncode, fixed.stdout) == (0, card.replace(b"MIT", b"mit"))
    assert fixed.stderr.decode().splitlines() == ["Fixed 1 problem.", "All checks passed (1 card)."]
    diff = run_cli("--no-config", "--select", "CL101", "--diff", "-", stdin=card, cwd=tmp_path)
    assert diff.returncode == 1 and b"+license: mit" in diff.stdout


def test_diff_marks_a_last_line_without_newline_and_keeps_odd_breaks_inside_lines(tmp_path):
    write(tmp_path, "---\nlicense: MIT\n---\nA\u2028B\fC")
    result = run_cli("--no-config", "--select", "CL101", "--diff", "README.md", cwd=tmp_path)
    assert result.stdout.decode() == (
        "--- a/README.md\n+++ b/README.md\n@@ -1,4 +1,4 @@\n ---\n-license: MIT\n+license: mit\n ---\n"
        " A\u2028B\fC\n\\ No newline at end of file\n"
    )


SHARED_CARD = CARD.replace('licence: apache-2.0\n', 'licence: apache-2.0\ndefaults: &d {type: accuracy, value: "0.5"}\n').replace(
    "      value: '0.93'\n", "      value: '0.93'\n    - *d\n    - <<: *d\n      type: f1\n"
)


def test_values_shared_through_aliases_stay_and_the_rest_is_fixed(tmp_path):
    path = write(tmp_path, SHARED_CARD, "\r\n", bom=True)
    result = run_cli("--no-config", "--select", "CL1,CL506", "--fix", "README.md", cwd=tmp_path)
    expected = FIXED.replace('licence: apache-2.0\n', 'licence: apache-2.0\ndefaults: &d {type: accuracy, value: "0.5"}\n').replace(
        "      value: 0.93\n", "      value: 0.93\n    - *d\n    - <<: *d\n      type: f1\n"
    )
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()
    out = result.stdout.decode()
    assert "Fixed 4 problems." in out
    assert out.count("README.md:9:31: CL506 [info]") == 2
    assert out.count("help: write it without quotes: `0.5`; not fixed automatically: the value is shared through a YAML alias\n") == 2
    before = os.stat(path)
    again = run_cli("--no-config", "--select", "CL1,CL506", "--fix", "README.md", cwd=tmp_path)
    assert (before.st_ino, before.st_mtime_ns) == (os.stat(path).st_ino, os.stat(path).st_mtime_ns)
    assert again.returncode == 1 and "Fixed" not in again.stdout.decode()


@pytest.mark.parametrize(("error", "reason"), [(PermissionError(13, "Permission denied"), "the folder is read-only"), (OSError(30, "Read-only file system"), "the folder is read-only"), (OSError(28, "No space left on device"), "No space left on device")])
def test_a_card_that_cannot_be_written_says_why_in_one_line(tmp_path, monkeypatch, error, reason):
    path = write(tmp_path, "---\nlicense: MIT\n---\n")
    read = decode(path.read_bytes(), "cards/README.md")

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    with pytest.raises(fix.WriteError) as caught:
        fix.write(path, decode(b"---\nlicense: mit\n---\n", read.path), read)
    assert str(caught.value) == f"cards/README.md: cannot write the fixed card: {reason}"
    assert path.read_text() == "---\nlicense: MIT\n---\n"


def test_a_read_only_card_is_left_as_it_is(tmp_path, monkeypatch):
    path = write(tmp_path, "---\nlicense: MIT\n---\n")
    read = decode(path.read_bytes(), "README.md")
    monkeypatch.setattr(fix.os, "access", lambda *args: False)
    with pytest.raises(fix.WriteError, match=r"^README\.md: cannot write the fixed card: the file is read-only$"):
        fix.write(path, decode(b"---\nlicense: mit\n---\n", read.path), read)
    assert (path.read_text(), [p.name for p in tmp_path.iterdir()]) == ("---\nlicense: MIT\n---\n", ["README.md"])
