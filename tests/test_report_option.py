"""``--report FORMAT=FILE``: extra reports from the same run, written like ``--output``; and ``--sarif-category``."""

import json
import os

import pytest
from conftest import run_cli
from test_sarif import assert_valid

from cardlint.report import FORMATS

CARD = "---\nlicense: MIT\nlibrary_name: pytorch\n---\n# M\n"


@pytest.fixture
def repo(tmp_path):
    """A folder with two cards (one in a folder whose name has a space) and an empty folder for reports."""
    for folder in ("models/a card", "models/b"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "README.md").write_text(CARD)
    (tmp_path / "reports").mkdir()
    return tmp_path


def lint(repo, *args):
    return run_cli("--no-config", *args, cwd=repo)


def stderr_lines(result) -> list[str]:
    return result.stderr.decode().splitlines()


def test_each_report_is_what_its_own_run_writes_and_nothing_else_is_left(repo):
    extra = ["json", "sarif", "markdown", "text", "html"]
    result = lint(repo, "--format", "github", *[f"--report={name}=reports/{name}.out" for name in extra], "models")
    assert result.returncode == 1
    assert sorted(os.listdir(repo / "reports")) == sorted(f"{name}.out" for name in extra)
    assert sorted(os.listdir(repo)) == [".cardlint_cache", "models", "reports"]  # the result cache, by design
    assert result.stdout == lint(repo, "--format", "github", "models").stdout
    for name in extra:
        alone = lint(repo, "--format", name, "models")
        assert (repo / "reports" / f"{name}.out").read_bytes() == alone.stdout, name
    log = json.loads((repo / "reports" / "sarif.out").read_text())
    assert_valid(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["CL101", "CL104", "CL201"] * 2
    assert all("primaryLocationLineHash" in r["partialFingerprints"] for r in log["runs"][0]["results"])


def test_main_report_to_a_file_beside_extra_reports(repo):
    result = lint(repo, "--format", "json", "-o", "reports/main.json", "--report", "markdown=reports/summary.md", "models/b")
    assert (result.returncode, result.stdout) == (1, b"")
    assert sorted(os.listdir(repo / "reports")) == ["main.json", "summary.md"]
    assert "| 1 | 1 | 1 | 2 | 0 |" in (repo / "reports" / "summary.md").read_text()


@pytest.mark.parametrize("named", ["models/b/README.md", "models", "link.md"])
def test_report_over_a_card_is_refused_and_nothing_is_written(repo, named):
    os.link(repo / "models" / "b" / "README.md", repo / "link.md")
    target = "link.md" if named == "link.md" else "models/b/README.md"
    result = lint(repo, "--report", "json=reports/ok.json", "--report", f"sarif={target}", named)
    assert result.returncode == 2
    [line] = stderr_lines(result)
    assert line.startswith(f"cardlint: error: {target}: --report is the card ") and line.endswith("; the report would overwrite it")
    assert (repo / "models" / "b" / "README.md").read_text() == CARD
    assert os.listdir(repo / "reports") == []


@pytest.mark.parametrize("spec", ["sarif", "sarif=", "=out.sarif", "yaml=out.yaml", "SARIF=out.sarif"])
def test_bad_report_spec_is_one_line_and_exit_2(repo, spec):
    result = lint(repo, "--report", spec, "models")
    assert result.returncode == 2
    assert stderr_lines(result) == [f"cardlint: error: --report '{spec}': expected FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}"]
    assert result.stdout == b"" and sorted(os.listdir(repo)) == ["models", "reports"]


def test_unwritable_report_fails_the_run_before_any_output(repo):
    result = lint(repo, "--format", "github", "--report", "sarif=missing/cardlint.sarif", "models")
    assert (result.returncode, result.stdout) == (2, b"")
    assert stderr_lines(result) == ["cardlint: error: missing/cardlint.sarif: cannot write the report: No such file or directory"]


def test_a_failed_run_leaves_an_earlier_report_as_it_was(repo):
    (repo / "reports" / "old.sarif").write_text("earlier log\n")
    result = lint(repo, "--report", "sarif=reports/old.sarif", "models", "no-such-folder")
    assert result.returncode == 2
    assert (repo / "reports" / "old.sarif").read_text() == "earlier log\n"
    assert os.listdir(repo / "reports") == ["old.sarif"]


@pytest.mark.parametrize("args", [
    ["--report", "sarif=reports/x", "--report", "json=reports/./x"],
    ["-o", "reports/x", "--report", "json=reports/x"],
])
def test_two_reports_to_one_file_are_refused(repo, args):
    result = lint(repo, *args, "models")
    assert result.returncode == 2
    assert stderr_lines(result) == [f"cardlint: error: {args[-1].split('=')[-1]}: two reports would be written to this file"]


def test_report_with_diff_is_refused(repo):
    result = lint(repo, "--diff", "--report", "sarif=reports/x.sarif", "models")
    assert result.returncode == 2
    assert stderr_lines(result) == ["cardlint: error: --report cannot be used with --diff, which reports no findings"]


@pytest.mark.parametrize(("category", "written"), [(None, None), ("models", "models/"), ("cardlint/models", "cardlint/models/"), ("models/", "models/")])
def test_sarif_category_is_written_as_upload_sarif_would(repo, category, written):
    args = ["--sarif-category", category] if category else []
    result = lint(repo, *args, "--report", "sarif=reports/out.sarif", "--format", "sarif", "models")
    for text in (result.stdout.decode(), (repo / "reports" / "out.sarif").read_text()):
        log = json.loads(text)
        assert_valid(log)
        assert log["runs"][0].get("automationDetails") == ({"id": written} if written else None)


@pytest.mark.parametrize("category", ["", "/", " "])
def test_sarif_category_needs_a_name(repo, category):
    result = lint(repo, "--sarif-category", category, "models")
    assert result.returncode == 2
    assert stderr_lines(result)[-1] == f"cardlint: error: argument --sarif-category: {category!r} is not a category name"
