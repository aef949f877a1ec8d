"""The command line as users run it: formats, exit status, paths, stdin, configuration errors."""

import json
import os

import pytest

from conftest import CARDS, run_cli

BAD = "---\nlicense: MIT\n---\n# Card\n"
GOOD = "---\nlicense: mit\n---\n# Card\n"


def make_card(folder, text, name="README.md"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_text_report_has_position_source_caret_help_and_summary(tmp_path):
    make_card(tmp_path / "m", BAD)
    result = run_cli("--no-config", "--select", "CL101", "m/README.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        "m/README.md:2:10: CL101 [error] `license` is 'MIT', which is not a Hub license id",
        " 2 | license: MIT",
        "   |          ^^^",
        "   = help: use `mit` (Hub license ids are lower-case)",
        "",
        "Found 1 problem (1 error) in 1 file; 1 card checked.",
        "[*] 1 fixable with the `--fix` option.",
    ]


def test_clean_card_exits_zero(tmp_path):
    make_card(tmp_path, GOOD)
    result = run_cli("--no-config", "--select", "CL1", "README.md", cwd=tmp_path)
    assert (result.returncode, result.stdout.decode().strip()) == (0, "All checks passed (1 card).")


def test_json_report_fields(tmp_path):
    make_card(tmp_path, BAD)
    result = run_cli("--no-config", "--select", "CL101", "--format", "json", "README.md", cwd=tmp_path)
    [finding] = json.loads(result.stdout)
    assert finding == {
        "rule": "CL101",
        "name": "invalid-license",
        "severity": "error",
        "message": "`license` is 'MIT', which is not a Hub license id",
        "path": "README.md",
        "line": 2,
        "column": 10,
        "end_line": 2,
        "end_column": 13,
        "key_path": "license",
        "help": "use `mit` (Hub license ids are lower-case)",
        "fix": {"description": "replace `MIT` with `mit`", "edits": [{"line": 2, "column": 10, "end_line": 2, "end_column": 13, "text": "mit"}]},
    }


def test_fail_on_decides_the_exit_status(tmp_path):
    make_card(tmp_path, "---\nlicense: mit\nlibrary_name: pytorch\n---\n")
    assert run_cli("--no-config", "--select", "CL1", "README.md", cwd=tmp_path).returncode == 0
    assert run_cli("--no-config", "--select", "CL1", "--fail-on", "warning", "README.md", cwd=tmp_path).returncode == 1


def test_output_file_statistics_and_quiet(tmp_path):
    make_card(tmp_path, BAD)
    result = run_cli("--no-config", "--select", "CL1", "--statistics", "--quiet", "-o", "report.txt", "README.md", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == b""
    report = (tmp_path / "report.txt").read_text()
    assert "     1  CL101  invalid-license" in report
    assert "Found" not in report


def test_stdin_with_a_filename(tmp_path):
    result = run_cli("--no-config", "--select", "CL101", "-", "--stdin-filename", "models/x/README.md", stdin=BAD.encode(), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode().startswith("models/x/README.md:2:10: CL101")


def test_directory_is_searched_for_readme_files(tmp_path):
    make_card(tmp_path / "a", BAD)
    make_card(tmp_path / "b" / "c", BAD)
    make_card(tmp_path / "node_modules" / "pkg", BAD)
    make_card(tmp_path / ".venv", BAD)
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    make_card(tmp_path / "docs", BAD, name="guide.md")
    result = run_cli("--no-config", "--select", "CL101", "--format", "json", ".", cwd=tmp_path)
    assert sorted(f["path"] for f in json.loads(result.stdout)) == ["a/README.md", "b/c/README.md"]


def test_git_ignored_cards_are_skipped(tmp_path):
    if os.system(f"git init -q {tmp_path}") != 0:
        return
    make_card(tmp_path / "kept", BAD)
    make_card(tmp_path / "build", BAD)
    (tmp_path / ".gitignore").write_text("build/\n")
    result = run_cli("--no-config", "--select", "CL101", "--format", "json", ".", cwd=tmp_path)
    assert [f["path"] for f in json.loads(result.stdout)] == ["kept/README.md"]


def test_missing_path_is_one_line_and_exit_2(tmp_path):
    result = run_cli("--no-config", "nope/README.md", cwd=tmp_path)
    assert (result.returncode, result.stderr.decode()) == (2, "cardlint: error: nope/README.md: no such file or directory\n")


def test_binary_card_is_named_and_others_still_linted(tmp_path):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "README.md").write_bytes(b"\x00\x01\x02")
    make_card(tmp_path / "ok", BAD)
    result = run_cli("--no-config", "--select", "CL101", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "cardlint: error: bin/README.md: binary file (contains NUL bytes), not a model card\n"
    assert "ok/README.md:2:10: CL101" in result.stdout.decode()


def test_bad_config_is_exit_2_naming_the_key(tmp_path):
    make_card(tmp_path, GOOD)
    (tmp_path / ".cardlint.toml").write_text("selcet = ['CL1']\n")
    result = run_cli("README.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"cardlint: error: {tmp_path / '.cardlint.toml'}: key 'selcet' is not a cardlint setting")


def test_config_is_found_walking_up_and_cli_wins(tmp_path):
    make_card(tmp_path / "models" / "m", "---\nlicense: mit\nlibrary_name: pytorch\n---\n")
    (tmp_path / "pyproject.toml").write_text('[tool.cardlint]\nselect = ["CL104"]\nfail-on = "warning"\n')
    assert run_cli("README.md", cwd=tmp_path / "models" / "m").returncode == 1
    assert run_cli("--fail-on", "error", "README.md", cwd=tmp_path / "models" / "m").returncode == 0
    assert run_cli("--no-config", "--select", "CL101", "README.md", cwd=tmp_path / "models" / "m").returncode == 0


def test_unknown_selector_is_exit_2(tmp_path):
    make_card(tmp_path, GOOD)
    result = run_cli("--no-config", "--select", "XX9", "README.md", cwd=tmp_path)
    assert (result.returncode, result.stderr.decode().strip()) == (2, "cardlint: error: option select: 'XX9' matches no rule (see `cardlint rules`)")


def test_rules_and_rule_commands():
    listing = run_cli("rules").stdout.decode()
    assert "CL101   invalid-license" in listing and "CL009   unused-suppression" in listing
    page = run_cli("rule", "CL101").stdout.decode()
    assert page.startswith("# CL101 invalid-license\n") and "## Why is this bad?" in page
    missing = run_cli("rule", "CL999")
    assert (missing.returncode, missing.stderr.decode()) == (2, "cardlint: error: no rule 'CL999' (see `cardlint rules`)\n")


def test_colour_only_when_forced_and_never_with_no_color(tmp_path):
    make_card(tmp_path, BAD)
    coloured = run_cli("--no-config", "--select", "CL101", "README.md", cwd=tmp_path, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert b"\x1b[31m" in coloured.stdout
    plain = run_cli("--no-config", "--select", "CL101", "README.md", cwd=tmp_path)
    assert b"\x1b[" not in plain.stdout


def test_bundled_examples():
    assert run_cli("--no-config", "examples/README.md").returncode == 0
    broken = run_cli("--no-config", str(CARDS / "broken-card.md"))
    assert broken.returncode == 1
    assert "CL101" in broken.stdout.decode()


def test_parallel_output_is_identical_to_one_process(tmp_path):
    """Enough cards that the batches handed to workers grow from 4 to their largest, 32: order and content stay."""
    for index in range(1100):
        make_card(tmp_path / f"m{index:04d}", f"---\nlicense: MIT\nlanguage: English\n---\n# Card {index}\n\n[More Information Needed]\n")
    one = run_cli("--no-config", "--no-cache", "--jobs", "1", ".", cwd=tmp_path)
    two = run_cli("--no-config", "--no-cache", "--jobs", "2", ".", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stdout.count(b"CL101") == 1100


def stderr_line(result) -> str:
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_a_run_that_finds_no_card_fails(tmp_path):
    make_card(tmp_path / "docs", "# Notes\n", name="notes.md")
    result = run_cli("--no-config", "docs", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, b"")
    assert stderr_line(result).startswith("cardlint: error: no card found in docs: folders are searched for files named README.md")


def test_a_run_whose_cards_are_all_git_ignored_fails(tmp_path):
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    make_card(tmp_path / "build", BAD)
    (tmp_path / ".gitignore").write_text("build/\n")
    result = run_cli("--no-config", ".", cwd=tmp_path)
    assert result.returncode == 2 and stderr_line(result).startswith("cardlint: error: no card found in .:")


def test_a_run_with_no_rule_enabled_fails(tmp_path):
    make_card(tmp_path, BAD)
    for options in (["--ignore", "CL"], ["--select", ""], ["--select", "CL101", "--ignore", "CL101"]):
        result = run_cli("--no-config", *options, "README.md", cwd=tmp_path)
        assert (result.returncode, result.stdout) == (2, b""), options
        assert stderr_line(result) == "cardlint: error: no rule enabled: select, extend-select and ignore (on the command line or in the configuration) leave nothing to run"


def test_summary_never_counts_an_unreadable_card_as_checked(tmp_path):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "README.md").write_bytes(b"\x00\x01")
    make_card(tmp_path / "ok", BAD)
    result = run_cli("--no-config", "--select", "CL101", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "Found 1 problem (1 error) in 1 file; 1 card checked, 1 could not be checked." in result.stdout.decode().splitlines()
    make_card(tmp_path / "ok", GOOD)
    result = run_cli("--no-config", "--select", "CL101", ".", cwd=tmp_path)
    assert result.stdout.decode().splitlines() == ["No findings in 1 card; 1 could not be checked."]
    (tmp_path / "ok" / "README.md").write_bytes(b"\x00")
    result = run_cli("--no-config", "--select", "CL101", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout.decode()) == (2, "Nothing checked: 2 cards could not be checked.\n")
    github = run_cli("--no-config", "--select", "CL101", "--format", "github", ".", cwd=tmp_path)
    assert github.stdout.decode() == "cardlint: 0 findings in 0 cards; 2 could not be checked\n"


@pytest.mark.parametrize("format_name", ["text", "concise", "github", "json", "sarif", "gitlab", "junit", "markdown", "html"])
def test_quiet_leaves_out_every_summary_and_notice(tmp_path, format_name):
    make_card(tmp_path, GOOD)
    result = run_cli("--no-config", "--select", "CL101", "--quiet", "--format", format_name, "README.md", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    if format_name in ("text", "concise", "github"):
        assert result.stdout == b""
    make_card(tmp_path, BAD)
    diff = run_cli("--no-config", "--select", "CL101", "--quiet", "--diff", "README.md", cwd=tmp_path)
    assert diff.returncode == 1 and diff.stderr == b"" and b"+license: mit" in diff.stdout


@pytest.mark.parametrize(("format_name", "accepted"), [("text", True), ("concise", True), ("markdown", True), ("html", True), ("json", False), ("sarif", False), ("github", False), ("gitlab", False), ("junit", False)])
def test_statistics_works_or_is_refused_in_every_format(tmp_path, format_name, accepted):
    make_card(tmp_path, BAD)
    result = run_cli("--no-config", "--select", "CL101", "--statistics", "--format", format_name, "README.md", cwd=tmp_path)
    if accepted:
        assert result.returncode == 1 and b"CL101" in result.stdout
    else:
        assert (result.returncode, result.stdout) == (2, b"")
        assert stderr_line(result) == f"cardlint: error: --statistics is not available with --format {format_name} (it is with text, concise, markdown, html)"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--no-config", "--config", "x.toml"], "--no-config and --config contradict each other: use one"),
        (["--diff", "--format", "json"], "--diff prints a diff, not a report: drop --format json"),
        (["--diff", "--statistics"], "--diff prints a diff, not a report: drop --statistics"),
        (["--fix", "-", "README.md"], "--fix - prints the fixed card on standard output: lint standard input alone"),
    ],
)
def test_contradictory_options_are_refused(tmp_path, options, message):
    path = make_card(tmp_path, BAD)
    result = run_cli(*options, *([] if "README.md" in options else ["README.md"]), cwd=tmp_path, stdin=BAD.encode())
    assert (result.returncode, result.stdout, stderr_line(result)) == (2, b"", f"cardlint: error: {message}")
    assert path.read_text() == BAD


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--fail-on", "bogus"], "argument --fail-on: invalid choice: 'bogus' (choose from 'error', 'warning', 'info')"),
        (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["--jobs", "0"], "argument --jobs/-j: '0' is not a positive whole number"),
        (["--fix", "--diff"], "argument --diff: not allowed with argument --fix"),
    ],
)
def test_a_bad_option_is_one_line(tmp_path, options, message):
    make_card(tmp_path, BAD)
    result = run_cli("--no-config", *options, "README.md", cwd=tmp_path)
    assert result.returncode == 2
    assert stderr_line(result).startswith(f"cardlint: error: {message}")


def test_exit_zero_passes_findings_but_not_a_failed_run(tmp_path):
    make_card(tmp_path / "m", BAD)
    result = run_cli("--no-config", "--select", "CL101", "--exit-zero", "m", cwd=tmp_path)
    assert result.returncode == 0 and b"CL101" in result.stdout
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "README.md").write_bytes(b"\x00")
    assert run_cli("--no-config", "--select", "CL101", "--exit-zero", ".", cwd=tmp_path).returncode == 2
    assert run_cli("--no-config", "--exit-zero", "missing", cwd=tmp_path).returncode == 2
    assert run_cli("--no-config", "--select", "CL101", "--exit-zero", "--diff", "m", cwd=tmp_path).returncode == 0


def test_summary_counts_fixable_findings(tmp_path):
    make_card(tmp_path, "---\nlicense: MIT\nlanguage: English\nlibrary_name: pytorch\n---\n")
    result = run_cli("--no-config", "--select", "CL1", "README.md", cwd=tmp_path)
    assert result.stdout.decode().splitlines()[-2:] == [
        "Found 3 problems (2 errors, 1 warning) in 1 file; 1 card checked.",
        "[*] 2 fixable with the `--fix` option.",
    ]
    concise = run_cli("--no-config", "--select", "CL1", "--format", "concise", "README.md", cwd=tmp_path)
    assert concise.stdout.decode().splitlines()[-1] == "[*] 2 fixable with the `--fix` option."


def test_fix_of_standard_input_prints_the_fixed_card_byte_for_byte(tmp_path):
    card = b"\xef\xbb\xbf---\r\nlicense: MIT\r\nlibrary_name: pytorch\r\n---\r\n# Card"
    result = run_cli("--no-config", "--select", "CL1", "--fail-on", "warning", "--fix", "-", "--stdin-filename", "m/README.md", stdin=card, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, card.replace(b"MIT", b"mit"))
    report = result.stderr.decode()
    assert "m/README.md:3:15: CL104 [warning]" in report and "Fixed 1 problem." in report
    untouched = b"---\nlicense: mit\n---\n"
    result = run_cli("--no-config", "--select", "CL1", "--fix", "-", stdin=untouched, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr.decode()) == (0, untouched, "All checks passed (1 card).\n")
    result = run_cli("--no-config", "--select", "CL1", "--fix", "--format", "json", "-o", "report.json", "-", stdin=card, cwd=tmp_path)
    assert result.stdout == card.replace(b"MIT", b"mit") and json.loads((tmp_path / "report.json").read_text())[0]["rule"] == "CL104"


ALIASED = "---\nx: &l MIT\nlicense: *l\nlanguage: English\n---\n# Card\n"


def test_fixes_withheld_are_counted_with_fix_and_diff(tmp_path):
    path = make_card(tmp_path, ALIASED)
    diff = run_cli("--no-config", "--select", "CL101,CL102", "--diff", "README.md", cwd=tmp_path)
    assert diff.stderr.decode() == "cardlint: 1 fix available in 1 file; 1 not offered\n"
    fixed = run_cli("--no-config", "--select", "CL101,CL102", "--fix", "README.md", cwd=tmp_path)
    assert fixed.stdout.decode().splitlines()[-3:] == [
        "Fixed 1 problem.",
        "1 fix not applied (see each finding's help)",
        "Found 1 problem (1 error) in 1 file; 1 card checked.",
    ]
    assert "language: en\n" in path.read_text() and "license: *l\n" in path.read_text()


def test_a_run_whose_named_files_are_all_force_excluded_passes_and_says_so(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("---\nlicense: MIT\n---\n")
    (tmp_path / ".cardlint.toml").write_text('extend-exclude = ["docs/"]\n')
    result = run_cli("--force-exclude", "docs/README.md", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"cardlint: nothing to check: the file named is excluded (force-exclude)\n")
    assert run_cli("--force-exclude", "docs", cwd=tmp_path).returncode == 2
