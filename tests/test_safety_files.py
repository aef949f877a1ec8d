"""Hostile repositories: links out of the tree, folders that cannot be listed, bad files next to a card.

cardlint runs on pull requests from strangers and on repositories just
cloned. Nothing outside the folder being linted (the git work tree holding
it, else the folder itself) is read through a link, a bad file next to a
card is a finding about that file, and a folder that cannot be walked is one
line naming it, exit 2. Every file these tests make is under ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

from cardlint import cli, discover
from cardlint.repo import LocalRepo
from cardlint.source import SourceError

SECRET = "TOPSECRET-do-not-print"
CARD = "---\nlicense: MIT\n---\n# Model\n"


def write(path, content: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def secret_file(tmp_path, name="secret.txt"):
    """A file outside every folder a test lints, holding something that must never be printed."""
    return write(tmp_path / "outside" / name, f"---\nlicense: {SECRET}\n---\n{SECRET}\n")


def cardlint(*args, cwd):
    result = run_cli("--no-config", "--jobs", "1", *args, cwd=cwd)
    assert SECRET.encode() not in result.stdout + result.stderr
    return result


def findings(result):
    return [(f["path"], f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(result.stdout)]


def real(path) -> str:
    return os.path.realpath(path)


# --- links out of the tree ------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["repo", "repo/README.md"])
def test_a_card_linked_to_a_file_outside_the_folder_is_not_read(tmp_path, given):
    os.symlink(secret_file(tmp_path), write(tmp_path / "repo" / "docs" / "x", "").parent.parent / "README.md")
    result = cardlint(given, cwd=tmp_path)
    assert (result.returncode, result.stderr.decode()) == (2, f"cardlint: error: repo/README.md: not read: a symbolic link leads outside {real(tmp_path / 'repo')}\n")


def test_a_card_linked_up_and_out_with_dots_is_not_read(tmp_path):
    secret_file(tmp_path)
    (tmp_path / "repo" / "a").mkdir(parents=True)
    os.symlink("../../outside/secret.txt", tmp_path / "repo" / "a" / "README.md")
    result = cardlint("repo", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("cardlint: error: repo/a/README.md: not read: a symbolic link leads outside ")


def test_inside_a_git_work_tree_links_within_the_tree_are_followed(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    write(tmp_path / "repo" / "models" / "README.md", CARD)
    (tmp_path / "repo" / "docs").mkdir()
    os.symlink("../models/README.md", tmp_path / "repo" / "docs" / "README.md")
    result = cardlint("--select", "CL101", "--format", "json", "repo/docs", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert [f[:4] for f in findings(result)] == [("repo/docs/README.md", "CL101", 2, 10)]


def test_an_eval_results_file_linked_outside_is_a_finding_and_is_not_read(tmp_path):
    write(tmp_path / "repo" / "README.md", "---\nlicense: mit\n---\n# M\n")
    (tmp_path / "repo" / ".eval_results").mkdir()
    os.symlink(secret_file(tmp_path), tmp_path / "repo" / ".eval_results" / "x.yaml")
    result = cardlint("--select", "CL5", "--format", "json", "repo", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert findings(result) == [("repo/.eval_results/x.yaml", "CL507", 1, 1, f"not read: a symbolic link leads outside {real(tmp_path / 'repo')}")]
    text = cardlint("--select", "CL5", "repo", cwd=tmp_path)
    assert text.stdout.decode().startswith("repo/.eval_results/x.yaml:1:1: CL507 [error] not read: a symbolic link leads outside")


def test_an_eval_results_folder_linked_outside_is_not_listed(tmp_path):
    write(tmp_path / "repo" / "README.md", CARD)
    secret_file(tmp_path, "mmlu.yaml")
    os.symlink(tmp_path / "outside", tmp_path / "repo" / ".eval_results")
    result = cardlint("--select", "CL101,CL5", "--format", "json", "repo", cwd=tmp_path)
    assert result.returncode == 2
    assert [f[:4] for f in findings(result)] == [("repo/README.md", "CL101", 2, 10)]
    assert result.stderr.decode() == f"cardlint: error: repo/.eval_results: not listed: a symbolic link leads outside {real(tmp_path / 'repo')}\n"


def test_a_config_linked_outside_is_not_read_and_the_run_says_so(tmp_path):
    write(tmp_path / "repo" / "README.md", "---\nlicense: mit\nlibrary_name: transformers\n---\n# M\n")
    write(tmp_path / "repo" / "model.safetensors", "weights")
    os.symlink(secret_file(tmp_path), tmp_path / "repo" / "config.json")
    os.symlink(secret_file(tmp_path), tmp_path / "repo" / "modeling.py")
    result = cardlint("--select", "CL401", "repo", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == f"cardlint: error: repo/config.json: not read: a symbolic link leads outside {real(tmp_path / 'repo')} (and 1 more)\n"


def test_a_link_out_of_the_tree_tells_nothing_about_what_it_points_at(tmp_path):
    write(tmp_path / "repo" / "README.md", "---\nlicense: mit\n---\n# M\n\n![a](a.png) ![b](b.png) ![up](../outside/up.png)\n")
    write(tmp_path / "outside" / "a.png", "png")
    os.symlink(tmp_path / "outside" / "a.png", tmp_path / "repo" / "a.png")
    os.symlink(tmp_path / "outside" / "missing.png", tmp_path / "repo" / "b.png")
    before = cardlint("--select", "CL601", "--format", "json", "repo", cwd=tmp_path)
    write(tmp_path / "outside" / "up.png", "png")
    after = cardlint("--select", "CL601", "--format", "json", "repo", cwd=tmp_path)
    assert before.returncode == after.returncode == 0
    assert findings(before) == findings(after) == [("repo/README.md", "CL601", 6, 31, "image points at `../outside/up.png`, which is not next to the card")]


def test_the_repository_refuses_what_leads_outside_its_boundary(tmp_path):
    write(tmp_path / "repo" / "inside.txt", "hello")
    os.symlink(secret_file(tmp_path), tmp_path / "repo" / "out.txt")
    os.symlink("inside.txt", tmp_path / "repo" / "in.txt")
    repo = LocalRepo(tmp_path / "repo")
    assert repo.files() == ["in.txt", "inside.txt", "out.txt"]
    assert (repo.read_text("in.txt"), repo.read_text("out.txt"), repo.read_text("../outside/secret.txt")) == ("hello", None, None)
    assert (repo.exists("out.txt"), repo.exists("../outside/secret.txt"), repo.exists("nope\0")) == (True, False, False)
    assert repo.unanswered == [("out.txt", f"not read: a symbolic link leads outside {real(tmp_path / 'repo')}")]
    os.mkfifo(tmp_path / "repo" / "fifo")
    with pytest.raises(SourceError, match="^fifo: not a regular file$"):
        repo.load("fifo")


# --- bad files next to a card -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"- dataset: {id: cais/mmlu, task_id: mmlu}\n  value: 0.5\x00\n", 2, "binary file (contains NUL bytes), not a text file"),
        (b"- dataset: {id: cais/mmlu, task_id: mmlu}\n  value: caf\xe9\n", 2, "not valid UTF-8 (byte 0xe9 at offset 54); the Hub reads cards as UTF-8: re-save the file as UTF-8"),
        (b"\xff\xfe" + "- value: 1\n".encode("utf-16-le"), 1, "file is UTF-16 (byte-order mark found); the Hub reads cards as UTF-8: re-save it as UTF-8"),
        (b"#" * (1024 * 1024 + 512 * 1024), 1, "file is 1.5 MB, larger than the 1 MB cardlint reads"),
    ],
)
def test_a_bad_eval_results_file_is_a_finding_and_the_run_goes_on(tmp_path, content, line, message):
    write(tmp_path / "a" / "README.md", "---\nlicense: mit\n---\n# A\n")
    write(tmp_path / "a" / ".eval_results" / "bad.yaml", content)
    write(tmp_path / "b" / "README.md", "---\nlicense: MIT\n---\n# B\n")
    result = cardlint("--select", "CL101,CL5", "--format", "json", "a", "b", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, b"")
    assert findings(result) == [("a/.eval_results/bad.yaml", "CL507", line, 1, message), ("b/README.md", "CL101", 2, 10, "`license` is 'MIT', which is not a Hub license id")]


def test_a_nul_byte_in_an_eval_results_file_keeps_the_text_report_whole(tmp_path):
    write(tmp_path / "README.md", "---\nlicense: mit\n---\n# A\n")
    write(tmp_path / ".eval_results" / "bad.yaml", b"- value: 1\x00\n")
    result = cardlint("--select", "CL5", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, b"")
    out = result.stdout.decode()
    assert out.startswith(".eval_results/bad.yaml:1:1: CL507 [error] binary file (contains NUL bytes), not a text file\n")
    assert out.rstrip().endswith("1 card checked.")


@pytest.mark.parametrize("name", [".eval_results/x.yaml", "config.json", "modeling.py"])
def test_a_fifo_next_to_a_card_never_hangs_the_run(tmp_path, name):
    write(tmp_path / "README.md", "---\nlicense: mit\nlibrary_name: transformers\n---\n# A\n")
    write(tmp_path / "model.pt", "weights")
    (tmp_path / name).parent.mkdir(exist_ok=True)
    os.mkfifo(tmp_path / name)
    result = cardlint("--select", "CL401,CL5", "--fail-on", "warning", "--format", "json", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, b"")
    assert [f[:4] for f in findings(result)] == [("README.md", "CL401", 3, 15)]


def test_a_fifo_named_readme_in_a_walk_is_one_line(tmp_path):
    (tmp_path / "models").mkdir()
    os.mkfifo(tmp_path / "models" / "README.md")
    result = cardlint("models", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, b"cardlint: error: models/README.md: not a regular file\n")


def test_a_folder_named_readme_is_walked_not_read(tmp_path):
    write(tmp_path / "models" / "README.md" / "README.md", CARD)
    result = cardlint("--select", "CL101", "--format", "json", "models", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, b"")
    assert [f[0] for f in findings(result)] == ["models/README.md/README.md"]


# --- walking folders ----------------------------------------------------------------------------


def test_linked_sibling_folders_lint_each_card_once(tmp_path):
    write(tmp_path / "a" / "README.md", CARD)
    write(tmp_path / "b" / "README.md", CARD)
    for name in ("x", "y"):
        os.symlink("../b", tmp_path / "a" / name)
        os.symlink("../a", tmp_path / "b" / name)
    result = cardlint("--select", "CL101", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert [f[0] for f in findings(result)] == ["a/README.md", "b/README.md"]


def test_a_link_up_the_tree_is_a_loop_and_is_not_walked(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write(repo / "README.md", CARD)
    write(repo / "models" / "a" / "README.md", CARD)
    os.symlink("../..", repo / "models" / "a" / "up")
    os.symlink("..", repo / "models" / "a" / "parent")
    result = cardlint("--select", "CL101", "--format", "json", "models", cwd=repo)
    assert (result.returncode, result.stderr) == (1, b"")
    assert [f[0] for f in findings(result)] == ["models/a/README.md"]


def test_a_link_to_a_folder_not_walked_otherwise_is_walked_under_its_own_name(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write(repo / "shared" / "README.md", CARD)
    write(repo / "models" / "README.md", CARD)
    write(repo / "shared" / "inner" / "README.md", CARD)
    os.symlink("../shared/inner", repo / "models" / "inner")
    os.symlink("../shared", repo / "models" / "linked")
    os.symlink(write(tmp_path / "outside" / "README.md", CARD).parent, repo / "models" / "out")
    result = cardlint("--select", "CL101", "--format", "json", "models", "models/linked", cwd=repo)
    assert (result.returncode, result.stderr) == (1, b"")
    assert [f[0] for f in findings(result)] == ["models/README.md", "models/inner/README.md", "models/linked/README.md"]


def test_a_deep_tree_is_walked(tmp_path):
    folders = [str(tmp_path / "t")]
    for _ in range(1500):
        folders.append(folders[-1] + "/d")
    try:
        for folder in folders:
            os.mkdir(folder)
        write(Path(folders[-1], "README.md"), CARD)
        result = cardlint("--select", "CL101", "--format", "json", "t", cwd=tmp_path)
    finally:
        remove_bottom_up(folders)
    assert result.returncode == 1, result.stderr[:300]
    assert [f[0] for f in findings(result)] == ["t/" + "d/" * 1500 + "README.md"]


def remove_bottom_up(folders):
    """Remove a tree too deep for shutil.rmtree (which recurses), so pytest's clean-up never meets it."""
    for folder in reversed(folders):
        for name in os.listdir(folder) if os.path.isdir(folder) else []:
            if not os.path.isdir(os.path.join(folder, name)):
                os.remove(os.path.join(folder, name))
        if os.path.isdir(folder):
            os.rmdir(folder)


def lint_in_process(tmp_path, monkeypatch, capsys, *args):
    monkeypatch.chdir(tmp_path)
    status = cli.main(["--no-config", "--jobs", "1", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def refuse_scandir(monkeypatch, locked, error):
    scandir = os.scandir

    def guarded(path="."):
        if os.path.realpath(path) == os.path.realpath(locked):
            raise error
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)


@pytest.mark.parametrize(
    ("error", "why"),
    [(PermissionError(13, "Permission denied"), "Permission denied"), (OSError(5, "Input/output error"), "Input/output error")],
)
def test_a_folder_that_cannot_be_listed_is_one_line_and_the_walk_goes_on(tmp_path, monkeypatch, capsys, error, why):
    write(tmp_path / "models" / "a" / "README.md", CARD)
    write(tmp_path / "models" / "locked" / "README.md", CARD)
    write(tmp_path / "models" / "z" / "README.md", CARD)
    refuse_scandir(monkeypatch, tmp_path / "models" / "locked", error)
    status, out, err = lint_in_process(tmp_path, monkeypatch, capsys, "--select", "CL101", "--format", "json", "models")
    assert (status, err) == (2, f"cardlint: error: models/locked: cannot list the folder: {why}\n")
    assert [f["path"] for f in json.loads(out)] == ["models/a/README.md", "models/z/README.md"]


def test_show_files_names_a_folder_that_cannot_be_listed_and_exits_2(tmp_path, monkeypatch, capsys):
    write(tmp_path / "models" / "a" / "README.md", CARD)
    write(tmp_path / "models" / "locked" / "README.md", CARD)
    refuse_scandir(monkeypatch, tmp_path / "models" / "locked", PermissionError(13, "Permission denied"))
    status, out, err = lint_in_process(tmp_path, monkeypatch, capsys, "--show-files", "models")
    assert (status, out, err) == (2, "models/a/README.md\n", "cardlint: error: models/locked: cannot list the folder: Permission denied\n")


def test_the_walk_reports_in_walk_order(tmp_path, monkeypatch):
    write(tmp_path / "m" / "a" / "README.md", CARD)
    (tmp_path / "m" / "b").mkdir()
    refuse_scandir(monkeypatch, tmp_path / "m" / "b", PermissionError(13, "Permission denied"))
    found = list(discover.expand([str(tmp_path / "m")], tmp_path))
    assert [(type(each).__name__, each.display) for each in found] == [("Target", "m/a/README.md"), ("Unlisted", "m/b")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists any folder whatever its mode; the monkeypatched test above covers it")
def test_a_folder_that_can_be_entered_but_not_listed(tmp_path):
    write(tmp_path / "models" / "a" / "README.md", CARD)
    locked = write(tmp_path / "models" / "locked" / "README.md", CARD).parent
    locked.chmod(0o111)
    try:
        result = cardlint("--select", "CL101", "models", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.decode() == "cardlint: error: models/locked: cannot list the folder: Permission denied\n"
