"""The integrations as users set them up: the README's snippets, the hook manifest, action.yml, the API."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from test_sarif import assert_valid

from cardlint.api import Session

README = (ROOT / "README.md").read_text(encoding="utf-8")
BAD = "---\nlicense: MIT\n---\n# Bad card\n"
GOOD = "---\nlicense: mit\n---\n# Good card\n"


def snippet(name: str) -> str:
    match = re.search(rf"<!-- snippet: {name} -->\n```\w*\n(.*?)^```", README, re.DOTALL | re.MULTILINE)
    assert match, f"README has no snippet {name!r}"
    return match.group(1)


def yaml(text: str):
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text)


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is installed with the test extras"
    return found


def test_hook_manifest_is_valid_for_pre_commit():
    result = subprocess.run([tool("pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_pre_commit_config_names_our_hook(tmp_path):
    config = snippet("pre-commit-config")
    (tmp_path / ".pre-commit-config.yaml").write_text(config)
    result = subprocess.run([tool("pre-commit"), "validate-config", ".pre-commit-config.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    hook_ids = {hook["id"] for hook in yaml((ROOT / ".pre-commit-hooks.yaml").read_text())}
    [hook] = yaml(config)["repos"][0]["hooks"]
    assert hook["id"] in hook_ids
    assert subprocess.run([sys.executable, "-m", "cardlint", *hook["args"], "--no-config", str(ROOT / "examples" / "README.md")], cwd=ROOT).returncode == 0


def test_action_passes_the_github_actions_schema():
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ROOT / "action.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def git_tags() -> set[str]:
    result = subprocess.run(["git", "-C", str(ROOT), "tag", "--list"], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    return set(result.stdout.split())


def assert_real_ref(ref: str) -> None:
    """A version-like ref must be a tag of this repository: the README never names a release that does not exist."""
    assert ref == "main" or ref in git_tags(), ref


def test_readme_workflow_is_valid_and_uses_the_action_inputs(tmp_path):
    workflow = snippet("workflow")
    (tmp_path / "workflow.yml").write_text(workflow)
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(tmp_path / "workflow.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml(workflow)
    assert data["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    steps = data["jobs"]["cardlint"]["steps"]
    [ours] = [step for step in steps if step.get("uses", "").startswith("cardlint/cardlint@")]
    [upload] = [step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert set(ours["with"]) <= set(yaml((ROOT / "action.yml").read_text())["inputs"])
    assert_real_ref(ours["uses"].split("@", 1)[1].split()[0])
    assert upload["with"] == {"sarif_file": f"${{{{ steps.{ours['id']}.outputs.sarif-file }}}}", "category": "cardlint"}
    assert "always()" in upload["if"] and f"steps.{ours['id']}.outputs.sarif-file != ''" in upload["if"] and "head.repo.full_name == github.repository" in upload["if"]


def test_readme_pre_commit_rev_is_real():
    assert_real_ref(yaml(snippet("pre-commit-config"))["repos"][0]["rev"])


def test_action_format_input_names_only_real_formats():
    from cardlint.report import FORMATS

    described = yaml((ROOT / "action.yml").read_text())["inputs"]["format"]["description"]
    listed = re.split(r", | or ", described.split(": ", 1)[1].split(" (any")[0].replace(" (annotations)", ""))
    assert set(listed) == set(FORMATS), listed


def run_action_step(tmp_path, fail_on="error", sarif="cardlint.sarif", paths="models", category="", summary=True):
    """Run the action's lint step as the runner would, with cardlint from this checkout on PATH.

    Returns the finished step, its outputs, the job summary (``None`` when the
    runner gives none) and the argument lists cardlint was called with: the
    cardlint on PATH logs each call.
    """
    step = next(step for step in yaml((ROOT / "action.yml").read_text())["runs"]["steps"] if step.get("id") == "lint")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    calls = tmp_path / "calls"
    calls.write_text("")
    log_call = f"{sys.executable} -c 'import json, sys; print(json.dumps(sys.argv[1:]))' \"$@\" >> {shlex.quote(str(calls))}"
    (bin_dir / "cardlint").write_text(f"#!/bin/sh\n{log_call}\nPYTHONPATH={shlex.quote(str(ROOT))} exec {shlex.quote(sys.executable)} -m cardlint \"$@\"\n")
    (bin_dir / "cardlint").chmod(0o755)
    output = tmp_path / "github_output"
    output.write_text("")
    runner_temp = tmp_path / "runner_temp"
    runner_temp.mkdir(exist_ok=True)
    step_summary = tmp_path / "step_summary"
    step_summary.write_text("Earlier step.")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(runner_temp),
        "CL_PATHS": paths,
        "CL_FORMAT": "github",
        "CL_FAIL_ON": fail_on,
        "CL_CONFIG": "",
        "CL_SARIF": sarif,
        "CL_CATEGORY": category,
    }
    if summary:
        env["GITHUB_STEP_SUMMARY"] = str(step_summary)
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert os.listdir(runner_temp) == [], "the step removes its temporary files"
    return result, outputs, step_summary.read_text() if summary else None, [json.loads(line) for line in calls.read_text().splitlines()]


def make_cards(root, *folders, text="---\nlicense: mit\nlibrary_name: pytorch\n---\n# M\n"):
    for folder in folders:
        (root / folder).mkdir(parents=True)
        (root / folder / "README.md").write_text(text)


def annotated_files(stdout: str) -> list[str]:
    return sorted(re.findall(r"^::\w+ file=([^,]*),", stdout, re.MULTILINE))


def test_action_step_writes_sarif_annotates_summarises_and_fails_at_fail_on_in_one_run(tmp_path):
    make_cards(tmp_path, "models/m")
    result, outputs, summary, calls = run_action_step(tmp_path, "warning")
    assert len(calls) == 1
    assert result.returncode == 1
    assert result.stdout.count("::warning file=models/m/README.md,line=3,col=15") == 1
    assert outputs == {"sarif-file": "cardlint.sarif", "exit-code": "1"}
    log = json.loads((tmp_path / "cardlint.sarif").read_text())
    assert_valid(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["CL104", "CL201"]
    assert "automationDetails" not in log["runs"][0]
    assert summary.startswith("Earlier step.\n## cardlint report\n\n2 findings in 1 file; 1 card checked.\n")
    assert "| 1 | 1 | 0 | 2 | 0 |" in summary and "| [CL104](" in summary and "| 3:15 | [CL104](" in summary
    result, outputs, summary, calls = run_action_step(tmp_path, "error", sarif="", summary=False)
    assert (result.returncode, outputs, len(calls)) == (0, {"sarif-file": "", "exit-code": "0"}, 1)
    assert not any(arg.startswith(("sarif=", "markdown=")) for arg in calls[0])


@pytest.mark.parametrize(("paths", "linted"), [
    ("models/a card\n  models/--quiet  \r\n\nmodels/b\n", ["models/--quiet/README.md", "models/a card/README.md", "models/b/README.md"]),
    ("models/a card\n", ["models/a card/README.md"]),
    ("models/b  models/--quiet", ["models/--quiet/README.md", "models/b/README.md"]),
    ("", ["elsewhere/README.md", "models/--quiet/README.md", "models/a card/README.md", "models/b/README.md"]),
])
def test_action_step_reads_paths_one_per_line_or_split_on_one_line(tmp_path, paths, linted):
    make_cards(tmp_path, "models/a card", "models/b", "models/--quiet", "elsewhere")
    result, outputs, summary, calls = run_action_step(tmp_path, paths=paths)
    assert len(calls) == 1 and result.returncode == 0, result.stderr
    assert annotated_files(result.stdout) == sorted(file for file in linted for _ in range(2))
    assert summary.count("\n#### ") == len(linted)


def test_action_step_fails_and_names_no_sarif_file_when_the_log_cannot_be_written(tmp_path):
    make_cards(tmp_path, "models/m")
    result, outputs, summary, calls = run_action_step(tmp_path, sarif="missing/cardlint.sarif")
    assert len(calls) == 1
    assert (result.returncode, outputs) == (2, {"sarif-file": "", "exit-code": "2"})
    assert result.stderr.splitlines() == ["cardlint: error: missing/cardlint.sarif: cannot write the report: No such file or directory"]
    assert summary == "Earlier step."


def test_action_step_names_no_stale_sarif_file(tmp_path):
    make_cards(tmp_path, "models/m")
    (tmp_path / "cardlint.sarif").write_text("an earlier step's log\n")
    result, outputs, summary, calls = run_action_step(tmp_path, paths="models\nno-such-folder\n")
    assert (result.returncode, outputs) == (2, {"sarif-file": "", "exit-code": "2"})
    assert (tmp_path / "cardlint.sarif").read_text() == "an earlier step's log\n"
    result, outputs, summary, calls = run_action_step(tmp_path)
    assert (result.returncode, outputs["sarif-file"]) == (0, "cardlint.sarif")
    assert_valid(json.loads((tmp_path / "cardlint.sarif").read_text()))


def test_action_step_writes_the_category_input_into_the_log(tmp_path):
    make_cards(tmp_path, "models/m")
    result, outputs, summary, calls = run_action_step(tmp_path, category="model-cards/models")
    assert (result.returncode, len(calls)) == (0, 1)
    log = json.loads((tmp_path / outputs["sarif-file"]).read_text())
    assert_valid(log)
    assert log["runs"][0]["automationDetails"] == {"id": "model-cards/models/"}


def test_readme_python_api_snippet_runs(capsys):
    exec(compile(snippet("python-api"), "README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines()[0] == "CL101 error 2 10 `license` is 'MIT', which is not a Hub license id use `mit` (Hub license ids are lower-case)"


def test_api_as_a_library_uses_it(tmp_path):
    import cardlint

    (tmp_path / "README.md").write_text(BAD)
    config = cardlint.Config(select=("CL101",))
    [from_file] = cardlint.lint_file(tmp_path / "README.md", config=config)
    [from_text] = cardlint.lint_text(BAD, config=config)
    assert isinstance(from_file, cardlint.Finding) and from_file.severity is cardlint.Severity.ERROR
    assert (from_file.rule, from_file.line, from_file.column, from_file.help) == ("CL101", 2, 10, "use `mit` (Hub license ids are lower-case)")
    assert (from_text.path, from_text.message) == ("<text>", from_file.message)
    assert cardlint.lint_text(BAD, config=config._replace(select=("CL104",))) == []
    assert config.select == ("CL101",) and config.root == Path.cwd()
    (tmp_path / "cardlint.toml").write_text('select = ["CL104"]\n')
    assert cardlint.lint_text(BAD, config=tmp_path / "cardlint.toml") == []
    with pytest.raises(cardlint.SourceError, match="no such file"):
        cardlint.lint_file(tmp_path / "missing.md")
    assert "CL101" in Session().rules


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    """One pre-commit store for both runs, so the hook's environment is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="pre-commit try-repo needs this checkout to be a git repository")
@pytest.mark.parametrize(
    ("card", "extra", "code", "fragment"),
    [(BAD, "", 1, "CL101 [error] `license` is 'MIT'"), (GOOD, "", 0, "Passed"), (BAD, 'extend-exclude = ["/m/"]\n', 0, "Passed")],
)
def test_real_pre_commit_try_repo(tmp_path, pre_commit_home, card, extra, code, fragment):
    """The last case: the hook passes --force-exclude, so a card the configuration leaves out stays out."""
    repo = tmp_path / "models"
    (repo / "m").mkdir(parents=True)
    (repo / "m" / "README.md").write_text(card)
    (repo / ".cardlint.toml").write_text('select = ["CL1"]\n' + extra)
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    result = subprocess.run([tool("pre-commit"), "try-repo", str(ROOT), "cardlint", "--files", "m/README.md"], cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == code, result.stdout + result.stderr
    assert fragment in result.stdout


def readme_project(tmp_path, config_name: str, config_text: str):
    """A project laid out as the README's Configuration and Writing rules sections describe it."""
    (tmp_path / config_name).write_text(config_text)
    (tmp_path / "policies" / "rules").mkdir(parents=True)
    (tmp_path / "policies" / "org.yaml").write_text(snippet("rule-pack"))
    (tmp_path / "policies" / "rules" / "acme.py").write_text(snippet("plugin"))
    (tmp_path / "models" / "nc").mkdir(parents=True)
    (tmp_path / "models" / "nc" / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n# Card\n")
    return tmp_path


@pytest.mark.parametrize(("config_name", "name"), [(".cardlint.toml", "cardlint-toml"), ("pyproject.toml", "pyproject-toml")])
def test_readme_configuration_rule_pack_and_plugin_work_as_printed(tmp_path, config_name, name):
    from cardlint import config

    project = readme_project(tmp_path, config_name, snippet(name))
    loaded = config.load(project / config_name)
    session = Session(loaded)
    assert (loaded.fail_on.value, loaded.ignore) == ("warning", ("CL107",))
    assert {"ACME001", "ORG001"} <= session.selection.enabled and "CL107" not in session.selection.enabled
    found = {(f.rule, f.line, f.column) for f in session.lint_path(project / "models" / "nc" / "README.md")}
    assert {("ACME001", 2, 10), ("ORG001", 2, 10)} <= found


def test_readme_full_configuration_keys_are_read(tmp_path):
    from cardlint import config

    project = readme_project(tmp_path, ".cardlint.toml", snippet("cardlint-toml"))
    options = Session(config.load(project / ".cardlint.toml")).options
    assert (options["profile"], options["dataset-profile"], options["custom-code"]) == ("hub", "dataset", False)
    assert options["metric-ranges"]["bleurt"].min == -1


def test_readme_plugin_example_fires_without_select_and_ignore_turns_it_off(tmp_path):
    project = readme_project(tmp_path, ".cardlint.toml", 'plugins = ["policies/rules"]\n')
    result = run_cli("--format", "concise", "models", cwd=project)
    assert result.returncode == 1
    assert "models/nc/README.md:2:10: ACME001 license cc-by-nc-4.0 is non-commercial" in result.stdout.decode().splitlines()
    result = run_cli("--format", "concise", "--ignore", "ACME", "models", cwd=project)
    assert "ACME001" not in result.stdout.decode()


def test_readme_gitlab_ci_job_writes_both_reports(tmp_path):
    import json
    import xml.etree.ElementTree as ET

    job = yaml(snippet("gitlab-ci"))["cardlint"]
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "README.md").write_text(BAD)
    (tmp_path / ".cardlint.toml").write_text('select = ["CL101"]\n')
    statuses = [run_cli(*line.split()[1:], cwd=tmp_path).returncode for line in job["script"] if line.startswith("cardlint ")]
    assert statuses == [0, 1]
    reports = job["artifacts"]["reports"]
    [issue] = json.loads((tmp_path / reports["codequality"]).read_text())
    assert (issue["check_name"], issue["location"]) == ("CL101", {"path": "m/README.md", "lines": {"begin": 2, "end": 2}})
    assert ET.parse(tmp_path / reports["junit"]).getroot().get("failures") == "1"
