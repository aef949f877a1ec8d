"""Hostile input ends in bounded time and memory with a finding or a one-line error naming the file.

Each case runs the real command line in a child process with an address-space
cap and a time limit that only catches a hang (speed is measured in benchmarks/), and checks the exit status and the exact first words
of what it printed; a traceback anywhere fails the test.
"""

import codecs
import json
import os
import resource
import subprocess
import sys

import pytest
from conftest import ROOT

LIMIT_SECONDS = 20
LIMIT_BYTES = 1536 * 1024 * 1024


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def cardlint(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "cardlint", "--no-config", "--jobs", "1", *args],
        cwd=cwd, capture_output=True, text=True, timeout=LIMIT_SECONDS, env=env, preexec_fn=_cap_memory,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


def write(folder, data, name="README.md"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def rules_of(result):
    return [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "README.md: binary file (contains NUL bytes), not a model card"),
        (b"---\nlicense: mit\n---\n# A\x00B\n", "README.md: binary file (contains NUL bytes), not a model card"),
        ("---\nauthor: José\n---\n".encode("latin-1"), "README.md:2: not valid UTF-8 (byte 0xe9 at offset 15)"),
        (codecs.BOM_UTF16_LE + "---\nlicense: mit\n---\n".encode("utf-16-le"), "README.md: file is UTF-16 (byte-order mark found)"),
    ],
)
def test_undecodable_files_are_one_line_errors(tmp_path, data, message):
    write(tmp_path, data)
    result = cardlint("README.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"cardlint: error: {message}") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(("data", "expected"), [("", [("CL002", 1, 1)]), ("---\n---\n", [("CL002", 1, 1)]), ("\n\n\n", [("CL002", 1, 1)])])
def test_empty_cards_get_a_finding(tmp_path, data, expected):
    write(tmp_path, data)
    result = cardlint("--select", "CL0", "--format", "json", "README.md", cwd=tmp_path)
    assert (result.returncode, rules_of(result)) == (0, expected)


def test_twenty_megabyte_card_is_refused_quickly(tmp_path):
    write(tmp_path, "---\nlicense: mit\n---\n" + "x" * (20 * 1024 * 1024))
    result = cardlint("README.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "cardlint: error: README.md: file is 20 MB, larger than the 10 MB cardlint reads\n"


def test_fifty_thousand_keys(tmp_path):
    write(tmp_path, "---\nlicense: MIT\n" + "".join(f"key{i}: value{i}\n" for i in range(50_000)) + "---\n# K\n")
    result = cardlint("--select", "CL1", "--format", "json", "README.md", cwd=tmp_path)
    assert (result.returncode, rules_of(result)) == (1, [("CL101", 2, 10)])


@pytest.mark.parametrize(
    "body",
    ["a: " + "[" * 5000 + "]" * 5000, "a: " + "{b: " * 5000 + "1" + "}" * 5000, "a:\n" + "".join(f"{' ' * i}- \n" for i in range(1, 5000, 2))],
    ids=["flow-sequences", "flow-mappings", "block-sequences"],
)
def test_five_thousand_levels_of_nesting(tmp_path, body):
    write(tmp_path, "---\n" + body + "\n---\n")
    result = cardlint("--select", "CL0", "--format", "json", "README.md", cwd=tmp_path)
    assert result.returncode == 1
    [(rule, line, _)] = rules_of(result)
    assert rule == "CL005"


def test_billion_laughs(tmp_path):
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]" for p, n in zip("abcdefgh", "bcdefghi")]
    write(tmp_path, "---\n" + "\n".join(rows) + "\n---\n")
    result = cardlint("--format", "json", "README.md", cwd=tmp_path)
    assert result.returncode == 1
    assert ("CL005", 6, 1) in rules_of(result)


def test_python_tags_are_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    write(tmp_path, f"---\nlicense: !!python/object/apply:os.system ['touch {marker}']\nx: !!python/name:os.system\n---\n")
    result = cardlint("--select", "CL005", "--format", "json", "README.md", cwd=tmp_path)
    assert rules_of(result) == [("CL005", 2, 10), ("CL005", 3, 4)]
    assert not marker.exists()


def test_tab_indentation(tmp_path):
    write(tmp_path, "---\nmodel-index:\n\t- name: x\n---\n")
    result = cardlint("--select", "CL001", "README.md", cwd=tmp_path)
    assert result.returncode == 1
    assert "README.md:3:1: CL001 [error] invalid YAML" in result.stdout and "indent with spaces" in result.stdout


def test_mixed_line_endings(tmp_path):
    write(tmp_path, b"---\r\nlicense: mit\nlanguage: English\r\n---\r\n# T\n")
    result = cardlint("--select", "CL1", "--format", "json", "README.md", cwd=tmp_path)
    assert rules_of(result) == [("CL102", 3, 11)]


def test_symlink_loop_in_a_directory(tmp_path):
    write(tmp_path / "models" / "a", "---\nlicense: MIT\n---\n")
    os.symlink(tmp_path / "models", tmp_path / "models" / "a" / "loop")
    os.symlink("self", tmp_path / "models" / "self")
    result = cardlint("--select", "CL101", "--format", "json", "models", cwd=tmp_path)
    assert result.returncode == 1
    assert [f["path"] for f in json.loads(result.stdout)] == ["models/a/README.md"]


def test_path_that_does_not_exist(tmp_path):
    result = cardlint("missing/README.md", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "cardlint: error: missing/README.md: no such file or directory\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; the unit test below covers the message")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "---\nlicense: mit\n---\n")
    path.chmod(0)
    result = cardlint("README.md", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "cardlint: error: README.md: permission denied\n")


def test_unreadable_file_message(tmp_path, monkeypatch):
    from cardlint.source import SourceError, read

    path = write(tmp_path, "---\nlicense: mit\n---\n")

    def refuse(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(SourceError, match="^README.md: permission denied$"):
        read(path, "README.md")


def test_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "README.md")
    result = cardlint("README.md", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "cardlint: error: README.md: not a regular file\n")


def test_hundred_kilobytes_of_nested_dashes_with_jobs(tmp_path):
    """libyaml's composer recursed once per level and crashed the process (a BrokenProcessPool with --jobs)."""
    write(tmp_path / "deep", "---\na:\n" + "- " * 50_000 + "x\n---\n")
    write(tmp_path / "plain", "---\nlicense: MIT\n---\n")
    result = cardlint("--jobs", "2", "--select", "CL005,CL101", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert [(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)] == [
        ("deep/README.md", "CL005", 2, 1), ("plain/README.md", "CL101", 2, 10),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "a:\n" + "- " * 201 + "x",
        "a: " + "[" * 201 + "]" * 201,
        "a: " + "[b: " * 201 + "1" + "]" * 201,
        "a:\n" + "".join(" " * i + "k:\n" for i in range(1, 202)),
        "a:\n" + "".join(" " * (2 * i) + "- b:\n" for i in range(101)),
        "- " * 201 + "x",
    ],
    ids=["dashes", "brackets", "pairs", "indented-keys", "items-of-mappings", "top-level-list"],
)
def test_depth_is_refused_before_parsing_where_the_converter_would_refuse_it(body, monkeypatch):
    from cardlint import yamlload

    before = yamlload.load(body, 2)
    monkeypatch.setattr(yamlload, "depth_problem", lambda text, first_line: None)
    after = yamlload.load(body, 2)
    assert [(rule, p.span.line, p.span.column, p.message) for rule, p in before.problems][:1] == [
        (rule, p.span.line, p.span.column, p.message) for rule, p in after.problems
    ][:1]
    assert before.problems[0][0] == "CL005" and "nested more than 200 levels" in before.problems[0][1].message


def test_two_hundred_levels_are_read():
    from cardlint import yamlload

    assert yamlload.depth_problem("a:\n" + "- " * 199 + "x\n", 2) is None
    assert yamlload.load("a: " + "[" * 200 + "]" * 200, 2).problems == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("> " * 100_000 + "[a](x.md)\n", []),
        ("".join("  " * i + "- [a](x.md)\n" for i in range(300)), [("CL601", 6 + i, 7 + 2 * i) for i in range(9)]),
        ("![" * 30_000 + "x" + "](x.md)" * 30_000 + "\n", [("CL601", 6, 60_004 + 7 * i) for i in range(12)]),
    ],
    ids=["blockquotes", "list-items", "images-in-descriptions"],
)
def test_deeply_nested_markdown(tmp_path, body, expected):
    """markdown-it stops nesting blocks and images at its maxNesting (20): what lies deeper is not read, quickly."""
    write(tmp_path, "---\nlicense: mit\n---\n# M\n\n" + body)
    result = cardlint("--select", "CL601", "--format", "json", "README.md", cwd=tmp_path)
    assert (result.returncode, rules_of(result)) == (0, expected)
