"""Configuration found per card, as in ruff: the closest file above each card, ``--config`` for all, the command line over both."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_cli

from cardlint import config as config_module
from cardlint import discover
from cardlint.config import Config, Overrides, Resolver, load

CARD = "---\nlicense: MIT\nlicence: mit\n---\n# Model\n"
"""CL101 at 2:10 (upper-case license id) and CL107 at 3:1 (misspelled key)."""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def tree(tmp_path: Path) -> Path:
    """repo/ with a configuration selecting CL101 and CL107, and repo/sub/ with its own that ignores CL101."""
    repo = tmp_path / "repo"
    write(repo / ".cardlint.toml", 'select = ["CL101", "CL107"]\n')
    write(repo / "README.md", CARD)
    write(repo / "sub" / ".cardlint.toml", 'select = ["CL101", "CL107"]\nignore = ["CL101"]\n')
    write(repo / "sub" / "README.md", CARD)
    write(repo / "sub" / "deeper" / "README.md", CARD)
    return repo


def found(result) -> list[tuple[str, str, int, int]]:
    assert result.returncode in (0, 1), result.stderr
    return [(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)]


def test_each_card_gets_the_closest_configuration(tmp_path):
    tree(tmp_path)
    result = run_cli("--format", "json", "--jobs", "1", "repo", cwd=tmp_path)
    assert found(result) == [
        ("repo/README.md", "CL101", 2, 10),
        ("repo/README.md", "CL107", 3, 1),
        ("repo/sub/README.md", "CL107", 3, 1),
        ("repo/sub/deeper/README.md", "CL107", 3, 1),
    ]


@pytest.mark.parametrize("where", ["root", "elsewhere"])
def test_the_current_directory_does_not_matter(tmp_path, where):
    repo = tree(tmp_path)
    cwd = Path("/") if where == "root" else tmp_path / "elsewhere"
    cwd.mkdir(exist_ok=True)
    write(tmp_path / "elsewhere" / ".cardlint.toml", 'select = ["CL2"]\n')
    result = run_cli("--format", "json", str(repo / "sub" / "README.md"), str(repo / "README.md"), cwd=cwd)
    shown = os.path.relpath(repo, cwd) if where == "root" else str(repo)
    assert found(result) == [
        (f"{shown}/sub/README.md", "CL107", 3, 1),
        (f"{shown}/README.md", "CL101", 2, 10),
        (f"{shown}/README.md", "CL107", 3, 1),
    ]


def test_config_option_applies_one_file_to_every_card(tmp_path):
    tree(tmp_path)
    write(tmp_path / "only101.toml", 'select = ["CL101"]\n')
    result = run_cli("--format", "json", "--config", "only101.toml", "repo", cwd=tmp_path)
    assert found(result) == [("repo/README.md", "CL101", 2, 10), ("repo/sub/README.md", "CL101", 2, 10), ("repo/sub/deeper/README.md", "CL101", 2, 10)]


def test_the_command_line_wins_over_every_file(tmp_path):
    tree(tmp_path)
    result = run_cli("--format", "json", "--select", "CL107", "repo", cwd=tmp_path)
    assert found(result) == [("repo/README.md", "CL107", 3, 1), ("repo/sub/README.md", "CL107", 3, 1), ("repo/sub/deeper/README.md", "CL107", 3, 1)]
    result = run_cli("--format", "json", "--ignore", "CL107", "repo", cwd=tmp_path)
    assert found(result) == [("repo/README.md", "CL101", 2, 10)]


def test_a_pyproject_without_the_table_is_passed_over(tmp_path):
    repo = tree(tmp_path)
    write(repo / "other" / "pyproject.toml", '[project]\nname = "x"\n')
    write(repo / "other" / "README.md", CARD)
    write(repo / "mine" / "pyproject.toml", '[tool.cardlint]\nselect = ["CL107"]\n')
    write(repo / "mine" / "README.md", CARD)
    result = run_cli("--format", "json", "repo/other", "repo/mine", cwd=tmp_path)
    assert found(result) == [("repo/other/README.md", "CL101", 2, 10), ("repo/other/README.md", "CL107", 3, 1), ("repo/mine/README.md", "CL107", 3, 1)]


def test_per_file_ignores_are_relative_to_their_own_file(tmp_path):
    repo = tree(tmp_path)
    write(repo / "sub" / ".cardlint.toml", 'select = ["CL101", "CL107"]\nper-file-ignores = { "deeper/README.md" = ["CL107"] }\n')
    result = run_cli("--format", "json", "repo", cwd=tmp_path)
    assert found(result)[2:] == [("repo/sub/README.md", "CL101", 2, 10), ("repo/sub/README.md", "CL107", 3, 1), ("repo/sub/deeper/README.md", "CL101", 2, 10)]


def test_fail_on_is_each_cards_own(tmp_path):
    write(tmp_path / "strict" / ".cardlint.toml", 'select = ["CL107"]\nfail-on = "warning"\n')
    write(tmp_path / "strict" / "README.md", CARD)
    write(tmp_path / "lax" / ".cardlint.toml", 'select = ["CL107"]\n')
    write(tmp_path / "lax" / "README.md", CARD)
    assert run_cli("-q", "lax", cwd=tmp_path).returncode == 0
    assert run_cli("-q", "lax", "strict", cwd=tmp_path).returncode == 1
    assert run_cli("-q", "--fail-on", "error", "lax", "strict", cwd=tmp_path).returncode == 0


def test_standard_input_takes_the_configuration_of_its_filename(tmp_path):
    repo = tree(tmp_path)
    result = run_cli("--format", "json", "--stdin-filename", str(repo / "sub" / "README.md"), "-", cwd=tmp_path / "..", stdin=CARD.encode())
    assert [(f["rule"], f["line"]) for f in json.loads(result.stdout)] == [("CL107", 3)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("selcet = ['CL1']\n", "key 'selcet' is not a cardlint setting"),
        ("select = [\n", "invalid TOML"),
        ("extend-exclude = ['[ab']\n", "key 'extend-exclude' pattern '[ab' has an unclosed '['"),
        ("exclude = '/README.md'\n", "key 'exclude' must be an array of gitignore-style patterns"),
        ("force-exclude = 'yes'\n", "key 'force-exclude' must be true or false"),
    ],
)
def test_a_broken_configuration_in_a_subfolder_is_one_line_naming_it(tmp_path, text, message):
    repo = tree(tmp_path)
    broken = write(repo / "sub" / ".cardlint.toml", text)
    result = run_cli("-q", "repo", cwd=tmp_path)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2
    assert len(lines) == 1 and lines[0].startswith(f"cardlint: error: {broken}: ") and message in lines[0], lines


def test_jobs_do_not_change_the_output_with_several_configurations(tmp_path):
    """The last configuration is met only after the workers have started: they build its session themselves."""
    repo = tree(tmp_path)
    for number in range(40):
        write(repo / ("sub" if number % 2 else "top") / f"m{number:02}" / "README.md", CARD)
    write(repo / "zz" / ".cardlint.toml", 'select = ["CL107"]\nseverity = { CL107 = "info" }\n')
    for number in range(10):
        write(repo / "zz" / f"m{number}" / "README.md", CARD)
    one = run_cli("--format", "json", "--jobs", "1", "repo", cwd=tmp_path)
    two = run_cli("--format", "json", "--jobs", "2", "repo", cwd=tmp_path)
    assert one.stdout == two.stdout and one.stderr == two.stderr == b""
    pairs = found(two)
    assert ("repo/top/m00/README.md", "CL101", 2, 10) in pairs and ("repo/sub/m01/README.md", "CL101", 2, 10) not in pairs
    assert len(pairs) == 2 + 20 * 2 + 2 + 20 + 10
    assert [f["severity"] for f in json.loads(two.stdout) if "/zz/" in f["path"]] == ["info"] * 10


def test_show_settings_names_the_file_and_every_key(tmp_path):
    repo = tree(tmp_path)
    write(repo / "sub" / ".cardlint.toml", 'select = ["CL1"]\nignore = ["CL101"]\nextend-exclude = ["/drafts/"]\nseverity = { CL104 = "error" }\nfail-on = "warning"\n')
    result = run_cli("--show-settings", "repo/sub", cwd=tmp_path)
    sub = (repo / "sub").resolve()
    defaults = ", ".join(f'"{name}"' for name in config_module.exclude.DEFAULT)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode().splitlines() == [
        "# settings for repo/sub/README.md",
        f"# configuration: {repo / 'sub' / '.cardlint.toml'}",
        f"# relative paths and anchored patterns: {sub}",
        'select = ["CL1"]',
        "extend-select = []",
        'ignore = ["CL101"]',
        'fail-on = "warning"',
        'kind = "auto"',
        'severity = { CL104 = "error" }',
        "per-file-ignores = {}",
        "rule-packs = []",
        "plugins = []",
        f"exclude = [{defaults}]",
        'extend-exclude = ["/drafts/"]',
        "force-exclude = false",
        "custom-code = (not set)",
        'dataset-profile = "dataset"',
        "metric-ranges = {}",
        'profile = "hub"',
        "# rules enabled (11)",
        'rules = ["CL100", "CL102", "CL103", "CL104", "CL105", "CL106", "CL107", "CL108", "CL109", "CL110", "CL111"]',
    ]


def test_show_settings_without_a_file_says_defaults_and_shows_the_command_line(tmp_path):
    write(tmp_path / "README.md", CARD)
    result = run_cli("--show-settings", "--select", "CL5", "--ignore", "CL50", "--extend-exclude", "/x,y/", "README.md", cwd=tmp_path)
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0
    assert lines[1:3] == ["# configuration: defaults (no configuration file found)", f"# relative paths and anchored patterns: {tmp_path.resolve()}"]
    assert lines[3:6] == ['select = ["CL5"]', "extend-select = []", 'ignore = ["CL50"]']
    assert 'extend-exclude = ["/x", "y/"]' in lines
    assert lines[-2:] == ["# rules enabled (0)", "rules = []"]


def test_show_settings_takes_one_path(tmp_path):
    result = run_cli("--show-settings", "a", "b", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, b"cardlint: error: --show-settings takes one path, not 2\n")


def test_show_files_lists_the_cards_after_exclusion(tmp_path):
    repo = tree(tmp_path)
    write(repo / ".cardlint.toml", 'extend-exclude = ["/README.md"]\n')
    write(repo / "build" / "README.md", CARD)
    result = run_cli("--show-files", "repo", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"repo/sub/README.md\nrepo/sub/deeper/README.md\n", b"")


def test_show_files_with_nothing_to_lint_is_exit_2(tmp_path):
    write(tmp_path / "build" / "README.md", CARD)
    result = run_cli("--show-files", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == b"cardlint: error: no card found: every path is excluded or holds no README.md\n"


# --- the resolver and identities, in process -----------------------------------------------------------


def test_each_folder_is_looked_at_once(tmp_path, monkeypatch):
    repo = tree(tmp_path)
    looked = []
    original = config_module._own_file
    monkeypatch.setattr(config_module, "_own_file", lambda folder, names=None: looked.append(folder) or original(folder, names))
    resolver = Resolver()
    for folder in ("sub/deeper", "sub", "a/b", "a", "sub/deeper"):
        (repo / folder).mkdir(parents=True, exist_ok=True)
        resolver.for_folder(repo / folder)
    assert resolver.for_folder(repo / "sub" / "deeper").path == repo / "sub" / ".cardlint.toml"
    assert resolver.for_folder(repo / "a" / "b").path == repo / ".cardlint.toml"
    assert sorted(looked) == sorted(str(repo / folder) for folder in ("sub/deeper", "sub", "a/b", "a", "."))


def test_a_walk_passes_configurations_down_and_remembers_no_folder_below_its_top(tmp_path):
    repo = tree(tmp_path)
    for number in range(5):
        (repo / "sub" / "deeper" / f"empty{number}").mkdir()
    resolver = Resolver()
    cards = list(discover.expand([str(repo)], tmp_path, resolver))
    assert [card.config.path for card in cards] == [repo / ".cardlint.toml", repo / "sub" / ".cardlint.toml", repo / "sub" / ".cardlint.toml"]
    assert sorted(resolver._nearest) == sorted(str(folder) for folder in (repo, *repo.parents))


def test_each_file_is_loaded_once_and_the_command_line_applies_to_it(tmp_path):
    repo = tree(tmp_path)
    resolver = Resolver(Overrides(ignore=("CL107",)))
    assert resolver.for_folder(repo / "sub") is resolver.for_folder(repo / "sub" / "deeper")
    assert resolver.for_folder(repo / "sub").ignore == ("CL101", "CL107")


def test_identity_follows_the_file_and_the_command_line(tmp_path):
    path = write(tmp_path / ".cardlint.toml", 'select = ["CL1"]\n')
    first = load(path).identity
    assert load(path).identity == first
    assert Overrides(fail_on=None).apply(load(path)).identity == first
    assert Overrides(select=("CL2",)).apply(load(path)).identity != first
    write(path, 'select = ["CL1"]  # same settings, other text\n')
    assert load(path).identity != first
    assert Config().identity != first


def test_a_cold_run_under_a_configuration_loads_no_openssl(tmp_path):
    """Reading a configuration file tells its versions apart without hashlib, which loads OpenSSL; the run still obeys it."""
    import subprocess
    import sys

    write(tmp_path / "pyproject.toml", '[tool.cardlint]\nselect = ["CL107"]\n')
    write(tmp_path / "README.md", CARD)
    probe = (
        "import sys; from cardlint import cli\n"
        "try:\n    cli.main(['--no-cache', '--format', 'json', 'README.md'])\nexcept SystemExit:\n    pass\n"
        "print('hashlib' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert [finding["rule"] for finding in json.loads(result.stdout)] == ["CL107"]
    assert result.stderr.split() == ["False"]
