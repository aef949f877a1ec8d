"""The integrations as users set them up: the README's snippets, the hook manifest, action.yml, the API."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

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


def test_readme_workflow_is_valid_and_uses_the_action_inputs(tmp_path):
    workflow = snippet("workflow")
    (tmp_path / "workflow.yml").write_text(workflow)
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(tmp_path / "workflow.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml(workflow)
    assert data["permissions"]["security-events"] == "write"
    steps = data["jobs"]["cardlint"]["steps"]
    [ours] = [step for step in steps if step.get("uses", "").startswith("cardlint/cardlint@")]
    [upload] = [step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert set(ours["with"]) <= set(yaml((ROOT / "action.yml").read_text())["inputs"])
    assert upload["with"]["sarif_file"] == ours["with"]["sarif-file"] and upload["with"]["category"] == "cardlint"
    assert "always()" in upload["if"] and "head.repo.full_name == github.repository" in upload["if"]


def run_action_step(tmp_path, fail_on, sarif="cardlint.sarif"):
    """Run the action's lint step as the runner would, with cardlint from this checkout on PATH."""
    step = next(step for step in yaml((ROOT / "action.yml").read_text())["runs"]["steps"] if step.get("id") == "lint")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "cardlint").write_text(f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m cardlint \"$@\"\n")
    (bin_dir / "cardlint").chmod(0o755)
    output = tmp_path / "github_output"
    output.write_text("")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "CL_PATHS": "models",
        "CL_FORMAT": "github",
        "CL_FAIL_ON": fail_on,
        "CL_CONFIG": "",
        "CL_SARIF": sarif,
    }
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return result, outputs


def test_action_step_writes_sarif_annotates_and_fails_at_fail_on(tmp_path):
    (tmp_path / "models" / "m").mkdir(parents=True)
    (tmp_path / "models" / "m" / "README.md").write_text("---\nlicense: mit\nlibrary_name: pytorch\n---\n# M\n")
    result, outputs = run_action_step(tmp_path, "warning")
    assert result.returncode == 1
    assert "::warning file=models/m/README.md,line=3,col=15" in result.stdout
    assert outputs == {"sarif-file": "cardlint.sarif", "exit-code": "1"}
    assert '"ruleId": "CL104"' in (tmp_path / "cardlint.sarif").read_text()
    result, outputs = run_action_step(tmp_path, "error", sarif="")
    assert (result.returncode, outputs) == (0, {"sarif-file": "", "exit-code": "0"})


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


def test_readme_configuration_and_rule_pack_are_valid(tmp_path):
    from cardlint import config
    from cardlint.packs import load
    from cardlint.resources import data_dir

    (tmp_path / "pyproject.toml").write_text(snippet("config"))
    loaded = config.load(tmp_path / "pyproject.toml")
    options = config.rule_options(loaded, Session().rules.values())
    assert (options["profile"], options["custom-code"], loaded.fail_on.value) == ("hub", False, "warning")
    (tmp_path / "org.yaml").write_text(snippet("rule-pack"))
    pack = load([tmp_path / "org.yaml"], trusted=sorted(data_dir("rules").glob("*.yaml")))
    assert [rule.id for rule in pack.rules] == ["ORG001"] and "org" in pack.profiles
