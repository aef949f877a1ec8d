"""Which cards a run lints: ``exclude`` / ``extend-exclude`` patterns, their defaults, ``--force-exclude``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

from cardlint.exclude import DEFAULT, compile_pattern, excluded

CARD = "---\nlicense: mit\n---\n# Model\n"


def write(path: Path, text: str = CARD) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def shown(*args: str, cwd: Path) -> list[str]:
    """The cards ``--show-files`` lists (it lists what a run lints)."""
    result = run_cli("--show-files", *args, cwd=cwd)
    assert result.returncode in (0, 2), result.stderr
    return result.stdout.decode().splitlines()


# --- the patterns themselves ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "path", "is_dir", "expected"),
    [
        (["/README.md"], "/r/README.md", False, True),
        (["/README.md"], "/r/a/README.md", False, False),
        (["README.md"], "/r/a/README.md", False, True),
        (["docs/"], "/r/a/docs", True, True),
        (["docs/"], "/r/a/docs", False, False),
        (["docs"], "/r/a/docs", False, True),
        (["a/docs"], "/r/a/docs", True, True),
        (["a/docs"], "/r/x/a/docs", True, False),
        (["**/drafts/*"], "/r/drafts/README.md", False, True),
        (["**/drafts/*"], "/r/x/y/drafts/README.md", False, True),
        (["**/drafts/*"], "/r/x/drafts", True, False),
        (["a/**"], "/r/a/b/c", True, True),
        (["a/**"], "/r/a", True, False),
        (["a/**/z"], "/r/a/z", True, True),
        (["a/**/z"], "/r/a/b/c/z", True, True),
        (["m*"], "/r/x/models", True, True),
        (["m*"], "/r/x/am", True, False),
        (["m?del"], "/r/model", True, True),
        (["[mn]odel"], "/r/node", True, False),
        (["[!mn]odel"], "/r/bodel", True, True),
        (["[a-c]x"], "/r/bx", True, True),
        (["*.md", "!README.md"], "/r/guide.md", False, True),
        (["*.md", "!README.md"], "/r/README.md", False, False),
        (["!README.md", "*.md"], "/r/README.md", False, True),
        (["\\!x"], "/r/!x", True, True),
        (["a\\*"], "/r/ab", True, False),
        (["a\\*"], "/r/a*", True, True),
        (["/README.md"], "/elsewhere/README.md", False, False),
    ],
)
def test_pattern_matches_as_in_gitignore(patterns, path, is_dir, expected):
    assert excluded([compile_pattern(text, "/r") for text in patterns], path, is_dir) is expected


def test_defaults_are_plain_names_with_no_regular_expression():
    compiled = [compile_pattern(name, "/") for name in DEFAULT]
    assert all(pattern.literal == name and pattern.regex is None for pattern, name in zip(compiled, DEFAULT))
    assert {".git", "node_modules", ".venv", "build", "dist", ".cardlint_cache"} <= set(DEFAULT)


@pytest.mark.parametrize(("text", "message"), [("", "pattern '' matches nothing"), ("!/", "pattern '!/' matches nothing"), ("a[b", "pattern 'a[b' has an unclosed '['")])
def test_a_bad_pattern_says_why(text, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        compile_pattern(text, "/r")


# --- in a run ----------------------------------------------------------------------------------------------


def layout(tmp_path: Path) -> None:
    for folder in ("", "docs", "models/a", "models/a/drafts", "models/docs", "build", "models/node_modules/x"):
        write(tmp_path / folder / "README.md")


def test_defaults_leave_out_build_output_and_vendored_folders(tmp_path):
    layout(tmp_path)
    assert shown(".", cwd=tmp_path) == ["README.md", "docs/README.md", "models/a/README.md", "models/a/drafts/README.md", "models/docs/README.md"]


def test_anchored_folder_and_double_star_patterns_from_the_configuration(tmp_path):
    layout(tmp_path)
    write(tmp_path / ".cardlint.toml", 'extend-exclude = ["/README.md", "docs/", "**/drafts/*"]\n')
    assert shown(".", cwd=tmp_path) == ["models/a/README.md"]


def test_anchored_patterns_are_relative_to_their_configuration_file(tmp_path):
    layout(tmp_path)
    write(tmp_path / "models" / ".cardlint.toml", 'extend-exclude = ["/docs/"]\n')
    assert shown(".", cwd=tmp_path) == ["README.md", "docs/README.md", "models/a/README.md", "models/a/drafts/README.md"]


def test_negation_takes_back_a_default(tmp_path):
    layout(tmp_path)
    write(tmp_path / ".cardlint.toml", 'extend-exclude = ["!build/", "drafts/"]\n')
    assert shown(".", cwd=tmp_path) == ["README.md", "build/README.md", "docs/README.md", "models/a/README.md", "models/docs/README.md"]


def test_exclude_in_a_configuration_replaces_the_defaults(tmp_path):
    layout(tmp_path)
    write(tmp_path / ".cardlint.toml", 'exclude = ["docs"]\n')
    assert shown(".", cwd=tmp_path) == ["README.md", "build/README.md", "models/a/README.md", "models/a/drafts/README.md", "models/node_modules/x/README.md"]


def test_command_line_patterns_comma_separated_or_repeated(tmp_path):
    layout(tmp_path)
    assert shown("--exclude", "docs/,drafts", "--exclude", "/README.md", ".", cwd=tmp_path) == ["build/README.md", "models/a/README.md", "models/node_modules/x/README.md"]
    assert shown("--extend-exclude", "/models/a/", "--extend-exclude", "docs", ".", cwd=tmp_path) == ["README.md"]


def test_command_line_patterns_are_anchored_to_the_current_directory(tmp_path):
    layout(tmp_path)
    assert shown("--extend-exclude", "/docs/", "models", cwd=tmp_path) == ["models/a/README.md", "models/a/drafts/README.md", "models/docs/README.md"]
    assert shown("--extend-exclude", "/docs/", ".", cwd=tmp_path / "models") == ["a/README.md", "a/drafts/README.md"]


def test_a_path_named_on_the_command_line_is_linted_even_if_excluded(tmp_path):
    layout(tmp_path)
    write(tmp_path / ".cardlint.toml", 'extend-exclude = ["/README.md"]\n')
    assert shown("README.md", "build/README.md", "build", cwd=tmp_path) == ["README.md", "build/README.md"]
    result = run_cli("--select", "CL101", "README.md", cwd=tmp_path)
    assert (result.returncode, result.stdout.decode().splitlines()[-1]) == (0, "All checks passed (1 card).")


@pytest.mark.parametrize("where", ["option", "configuration"])
def test_force_exclude_keeps_out_named_paths_and_paths_under_excluded_folders(tmp_path, where):
    layout(tmp_path)
    write(tmp_path / ".cardlint.toml", 'extend-exclude = ["/README.md"]\n' + ("force-exclude = true\n" if where == "configuration" else ""))
    option = ["--force-exclude"] if where == "option" else []
    assert shown(*option, "README.md", "build/README.md", "build", "models/a/README.md", "models/node_modules/x", cwd=tmp_path) == ["models/a/README.md"]


def test_force_exclude_looks_no_higher_than_the_configuration(tmp_path):
    project = tmp_path / "build" / "project"
    write(project / ".cardlint.toml", "force-exclude = true\n")
    write(project / "README.md")
    assert shown("README.md", cwd=project) == ["README.md"]
    assert shown(str(project / "README.md"), cwd=tmp_path) == ["build/project/README.md"]


def test_force_exclude_without_a_configuration_looks_up_to_the_current_directory(tmp_path):
    write(tmp_path / "build" / "README.md")
    write(tmp_path / "models" / "README.md")
    assert shown("--force-exclude", "build/README.md", "models/README.md", cwd=tmp_path) == ["models/README.md"]
    assert shown("--force-exclude", "README.md", cwd=tmp_path / "build") == ["README.md"]


def test_a_pyvenv_folder_is_still_skipped_whatever_its_name(tmp_path):
    write(tmp_path / "env38" / "pyvenv.cfg", "home = /usr\n")
    write(tmp_path / "env38" / "README.md")
    write(tmp_path / "m" / "README.md")
    assert shown(".", cwd=tmp_path) == ["m/README.md"]


def test_a_pyvenv_folder_is_left_out_with_its_configuration_unread_but_walked_when_named(tmp_path):
    write(tmp_path / "env38" / "pyvenv.cfg", "home = /usr\n")
    write(tmp_path / "env38" / ".cardlint.toml", "not [toml")
    write(tmp_path / "env38" / "README.md")
    write(tmp_path / "m" / "pyvenv.cfg" / "README.md")
    (tmp_path / "linked").symlink_to(tmp_path / "env38")
    assert shown(".", cwd=tmp_path) == ["m/pyvenv.cfg/README.md"]
    assert shown("--no-config", "env38", cwd=tmp_path) == ["env38/README.md"]


def test_a_bad_command_line_pattern_is_one_line(tmp_path):
    result = run_cli("--extend-exclude", "a[b", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, b"cardlint: error: --extend-exclude: pattern 'a[b' has an unclosed '['\n")


def test_the_readme_exclude_snippet_does_what_it_says(tmp_path):
    from test_integrations import snippet

    layout(tmp_path)
    write(tmp_path / "models" / "a" / "drafts" / "deeper" / "README.md")
    write(tmp_path / "pyproject.toml", snippet("exclude"))
    assert shown(".", cwd=tmp_path) == ["build/README.md", "models/a/README.md"]


@pytest.mark.parametrize("named", ["docs/README.md", "docs", "models/README.md", "."])
def test_a_linked_card_reads_its_neighbours_from_the_links_folder(tmp_path, named):
    """The files next to a card are those next to where it was found: a link's folder, not its target's."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "models").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "models" / "README.md").write_text("---\nlicense: mit\n---\n# Card\n\n![plot](plot.png)\n", encoding="utf-8")
    (tmp_path / "models" / "plot.png").write_bytes(b"")
    (tmp_path / "docs" / "README.md").symlink_to("../models/README.md")
    result = run_cli("--no-config", "--no-cache", "--select", "CL601", "--fail-on", "warning", "--format", "json", named, cwd=tmp_path)
    found = [(item["path"], item["rule"], item["line"]) for item in json.loads(result.stdout)]
    expected = [] if named == "models/README.md" else [("docs/README.md", "CL601", 6)]
    assert (result.returncode, found) == (1 if expected else 0, expected), result.stderr


@pytest.mark.parametrize("shown", [".", "models", "models/bert", "/", "//", "/abs/path", "../up", "-odd name"])
def test_walk_names_cards_and_folders_as_pure_posix_paths_do(shown):
    from pathlib import PurePosixPath

    from cardlint.discover import _child

    for name in ("README.md", "sub", "with space", ".hidden"):
        assert _child(str(PurePosixPath(shown)), name) == str(PurePosixPath(shown) / name)


def test_git_is_asked_about_ignored_cards_only_where_it_can_answer(tmp_path, monkeypatch):
    """Outside a work tree (no ``.git`` above, no GIT_DIR) no git process starts; inside one, what it ignores stays out."""
    from cardlint import discover
    from cardlint.repo import boundary_of

    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    plain = tmp_path / "plain"
    write(plain / "m" / "README.md")
    if (Path(boundary_of(plain)) / ".git").exists():
        pytest.skip("the temporary folder is inside a git work tree")
    asked = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: asked.append(args[0]) or real_run(*args, **kwargs))
    assert [target.display for target in discover.expand([str(plain)], tmp_path, progress=False)] == ["plain/m/README.md"]
    assert asked == []
    repo = tmp_path / "repo"
    if real_run(["git", "init", "-q", str(repo)]).returncode != 0:
        pytest.skip("git is not installed")
    write(repo / "kept" / "README.md")
    write(repo / "build" / "README.md")
    (repo / ".gitignore").write_text("build/\n")
    assert [target.display for target in discover.expand([str(repo)], tmp_path, progress=False)] == ["repo/kept/README.md"]
    assert [command[:4] for command in asked] == [["git", "-C", str(repo), "check-ignore"]]
