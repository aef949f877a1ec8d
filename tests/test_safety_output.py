"""Output that a hostile repository cannot turn against the terminal, the CI runner or the files it names.

The classes (SPEC, "Trust"): text from a card or a path never starts a line
(``::error``, ``::stop-commands::`` are workflow commands to the GitHub
runner, which trims leading whitespace first) and never reaches the terminal
raw (ESC sequences, bidi overrides, C1 controls); the report never replaces a
card; a cut-short report never exits 0; a terminal that cannot encode a
character gets an escape, not a crash; a long line does not make the report
grow with its square; ``--no-config`` imports nothing from the working tree.
"""

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, run_cli

from cardlint import __version__, cli
from cardlint.escape import diff, guard, json_text, lines, visible

INJECTED = "x\n::error file=app.py,line=1::pwned\n::stop-commands::tok"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
BAD = "---\nlicense: MIT\n---\n# Card\n"


def card(folder, text, name="README.md"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def commands(output: str) -> list[str]:
    """Lines the GitHub runner would read as workflow commands."""
    return [line for line in output.split("\n") if line.lstrip().startswith("::")]


# --- the escaping itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("one\ntwo\rthree", "one\\ntwo\\rthree"),
        ("del\x7f nel\x85 csi\x9b", "del\\x7f nel\\x85 csi\\x9b"),
        ("abc\u202edef \u2066x\u2069 \u200f", "abc<U+202E>def <U+2066>x<U+2069> <U+200F>"),
        ("line\u2028para\u2029", "line<U+2028>para<U+2029>"),
        ("name\udcff.md", "name\\xff.md"),
        ("lone\ud800", "lone<U+D800>"),
        ("tab\tstays é 😀 👨\u200d👩\u200d👧 ünïcode", "tab\tstays é 😀 👨\u200d👩\u200d👧 ünïcode"),
    ],
)
def test_visible_writes_out_what_a_terminal_would_act_on(text, shown):
    assert visible(text) == shown


@pytest.mark.parametrize(
    ("line", "guarded"),
    [
        ("::error::x", "\\x3a:error::x"),
        ("   ::warning::x", "   \\x3a:warning::x"),
        ("\t\u00a0::notice::x", "\t\u00a0\\x3a:notice::x"),
        ("a::b", "a::b"),
        (":x", ":x"),
        ("", ""),
    ],
)
def test_guard_neutralises_a_workflow_command_at_a_line_start(line, guarded):
    assert guard(line) == guarded


def test_lines_keeps_line_ends_and_escapes_each_line():
    assert lines("::a\r\nb\x1bc\n\n  ::d") == "\\x3a:a\r\nb\\x1bc\n\n  \\x3a:d"


def test_json_text_keeps_the_data_and_prints_nothing_raw():
    value = {"m": "a\u2028b\u2029c\x85d\x9be\u202ef\x7fg\udcffh é 😀\n\x1b"}
    document = json_text(json.dumps(value, ensure_ascii=False, indent=2))
    assert not RAW_CONTROL.search(document)
    assert json.loads(document) == value


def test_diff_joins_a_file_name_broken_by_a_newline_and_guards_card_lines():
    text = "--- a/x\n::error f\n+++ b/x\n::error f\n@@ -1,2 +1,2 @@\n ::warning::z\r\n-a\x85+b\x1b\n"
    assert diff(text).split("\n") == [
        "--- a/x\\n::error f",
        "+++ b/x\\n::error f",
        "@@ -1,2 +1,2 @@",
        " \\x3a:warning::z\r",
        "-a\\x85",
        "+b\\x1b",
        "",
    ]


# --- workflow commands and controls, through the command line ------------------------------


def test_folder_name_with_a_newline_cannot_inject_commands_on_stderr(tmp_path):
    card(tmp_path / INJECTED, b"\x00binary")
    result = run_cli("--no-config", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().split("\n") == [
        "cardlint: error: x\\n::error file=app.py,line=1::pwned\\n::stop-commands::tok/README.md: binary file (contains NUL bytes), not a model card",
        "",
    ]


@pytest.mark.parametrize("format_name", ["text", "json", "sarif", "github"])
def test_no_output_line_starts_with_a_command_cardlint_did_not_mean(tmp_path, format_name):
    card(tmp_path / INJECTED, "---\nlicense: MIT\n---\n# Card\n\n[notes](notes%0A::error%20file=app.py,line=1::pwned)\n")
    result = run_cli("--no-config", "--select", "CL101,CL601", "--format", format_name, ".", cwd=tmp_path)
    assert result.returncode == 1
    out = result.stdout.decode()
    expected = 2 if format_name == "github" else 0
    assert len(commands(out)) == expected and all(line.startswith(("::error file=", "::warning file=")) for line in commands(out))
    assert commands(result.stderr.decode()) == []
    assert not RAW_CONTROL.search(out)


def test_decoded_link_target_stays_on_its_line_in_text(tmp_path):
    card(tmp_path, "---\nlicense: mit\n---\n# Card\n\n[n](notes%0A::error%20file=app.py,line=1::pwned)\n")
    result = run_cli("--no-config", "--select", "CL601", "README.md", cwd=tmp_path)
    assert result.stdout.decode().split("\n")[:4] == [
        "README.md:6:5: CL601 [warning] link points at `notes\\n::error file=app.py,line=1::pwned`, which is not next to the card",
        " 6 | [n](notes%0A::error%20file=app.py,line=1::pwned)",
        "   |     " + "^" * len("notes%0A::error%20file=app.py,line=1::pwned"),
        "   = help: commit the file, fix the path, or use an absolute URL",
    ]


def test_path_that_starts_with_a_command_is_guarded_in_the_text_headline(tmp_path):
    card(tmp_path / "::error file=app.py::x", BAD)
    result = run_cli("--no-config", "--select", "CL101", ".", cwd=tmp_path)
    assert result.stdout.decode().split("\n")[0] == "\\x3a:error file=app.py::x/README.md:2:10: CL101 [error] `license` is 'MIT', which is not a Hub license id"


def test_github_properties_escape_commas_colons_and_newlines_in_paths(tmp_path):
    card(tmp_path / "a,b:c\n::error file=app.py::pwn", BAD)
    result = run_cli("--no-config", "--select", "CL101", "--format", "github", ".", cwd=tmp_path)
    assert result.stdout.decode().split("\n") == [
        "::error file=a%2Cb%3Ac\\n%3A%3Aerror file=app.py%3A%3Apwn/README.md,line=2,col=10,endLine=2,endColumn=13,"
        "title=CL101 invalid-license::`license` is 'MIT', which is not a Hub license id%0Ahelp: use `mit` (Hub license ids are lower-case)",
        "cardlint: 1 finding (1 error) in 1 card",
        "",
    ]


def test_terminal_controls_are_shown_and_the_caret_stays_under_the_span(tmp_path):
    card(tmp_path, "---\nlicense: mit\n---\n# Card \x1b[2J\n\n\x1b]0;t\x07\t[a](b.md) \u202e end\x9b\n")
    result = run_cli("--no-config", "--select", "CL201,CL601", "README.md", cwd=tmp_path)
    assert result.stdout.decode().split("\n")[:9] == [
        "README.md:4:3: CL201 [warning] missing sections `Model Details`, `Uses`, `Bias, Risks, and Limitations`, `How to Get Started with the Model`, `Training Details`, `Evaluation` (profile `hub`)",
        " 4 | # Card \\x1b[2J",
        "   |   ^^^^^^^^^^^^",
        "   = help: add a `## Model Details` section and the others",
        "",
        "README.md:6:12: CL601 [warning] link points at `b.md`, which is not next to the card",
        " 6 | \\x1b]0;t\\x07    [a](b.md) <U+202E> end\\x9b",
        "   |                     ^^^^",
        "   = help: commit the file, fix the path, or use an absolute URL",
    ]


def test_json_escapes_line_separators_that_ensure_ascii_false_writes_raw(tmp_path):
    card(tmp_path, "---\nlicense: mit\n---\n# Card\n\n[a](x\u2028y\u202e.md)\n")
    result = run_cli("--no-config", "--select", "CL601", "--format", "json", "README.md", cwd=tmp_path)
    out = result.stdout.decode()
    assert "\u2028" not in out and "\u202e" not in out and "x\\u2028y\\u202e.md" in out
    assert json.loads(out)[0]["message"] == "link points at `x\u2028y\u202e.md`, which is not next to the card"


@pytest.mark.parametrize(
    ("format_name", "shown"),
    [
        ("text", "bad\\xffname/README.md:2:10: CL101 [error]"),
        ("json", '"path": "bad\\udcffname/README.md"'),
        ("sarif", '"uri": "bad%FFname/README.md"'),
        ("github", "::error file=bad\\xffname/README.md,line=2"),
    ],
)
def test_file_name_that_is_not_utf8_is_shown_by_its_bytes(tmp_path, format_name, shown):
    os.makedirs(os.path.join(os.fsencode(tmp_path), b"bad\xffname"))
    path = os.fsdecode(b"bad\xffname/README.md")
    (tmp_path / path).write_text(BAD)
    result = run_cli("--no-config", "--select", "CL101", "--format", format_name, path, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, b"")
    assert shown in result.stdout.decode()


def test_unrecognised_argument_is_escaped_on_stderr(tmp_path):
    result = run_cli("--no-config", "--x\n::error::pwn", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().split("\n")[-2] == "cardlint: error: unrecognized arguments: --x\\n::error::pwn"


def test_diff_output_escapes_the_file_name_and_card_lines(tmp_path):
    card(tmp_path / "m\n::error::x", "---\nlicense: MIT\n---\n::warning::y\n")
    result = run_cli("--no-config", "--select", "CL101", "--diff", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode().split("\n") == [
        "--- a/m\\n::error::x/README.md",
        "+++ b/m\\n::error::x/README.md",
        "@@ -1,4 +1,4 @@",
        " ---",
        "-license: MIT",
        "+license: mit",
        " ---",
        " \\x3a:warning::y",
        "",
    ]


PACK = """\
forbidden:
  - id: ORG001
    name: no-nc
    key: "license\\n::error::pack"
    values: [x]
    message: "bad\\e[2J\\n::warning::summary"
"""


@pytest.mark.parametrize("command", [["rule", "ORG001"], ["rules"], ["rules", "--format", "markdown"]])
def test_rule_docs_from_a_pack_cannot_inject_commands(tmp_path, command):
    (tmp_path / "org.yaml").write_text(PACK)
    (tmp_path / "cfg.toml").write_text('rule-packs = ["org.yaml"]\n')
    result = run_cli(*command, "--config", "cfg.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "ORG001" in out and commands(out) == [] and not RAW_CONTROL.search(out)


# --- the report never replaces a card ------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "args"),
    [
        ("m/README.md", ["m/README.md"]),
        ("./m/../m/README.md", ["m/README.md"]),
        ("link.md", ["m/README.md"]),
        ("m/README.md", ["m"]),
        ("hard.md", ["."]),
        ("m/README.md", ["--fix", "m/README.md"]),
    ],
)
def test_output_that_is_one_of_the_cards_is_refused_before_anything_is_written(tmp_path, output, args):
    original = card(tmp_path / "m", BAD)
    (tmp_path / "link.md").symlink_to("m/README.md")
    os.link(original, tmp_path / "hard.md")
    result = run_cli("--no-config", "-o", output, *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == f"cardlint: error: {output}: --output is the card m/README.md; the report would overwrite it\n"
    assert original.read_text() == BAD
    assert sorted(path.name for path in (tmp_path / "m").iterdir()) == ["README.md"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["hard.md", "link.md", "m"]


def test_output_that_is_the_file_standard_input_stands_for_is_refused(tmp_path):
    original = card(tmp_path, BAD)
    result = run_cli("--no-config", "-o", "README.md", "-", "--stdin-filename", "README.md", stdin=BAD.encode(), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, b"cardlint: error: README.md: --output is the card README.md; the report would overwrite it\n")
    assert original.read_text() == BAD


def test_report_file_is_written_whole_with_the_usual_mode(tmp_path):
    card(tmp_path / "m", BAD)
    (tmp_path / "report.txt").write_text("old report\n")
    os.chmod(tmp_path / "report.txt", 0o640)
    result = run_cli("--no-config", "--select", "CL101", "-o", "report.txt", "m", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == b""
    assert (tmp_path / "report.txt").read_text().startswith("m/README.md:2:10: CL101 [error]")
    assert oct(os.stat(tmp_path / "report.txt").st_mode & 0o777) == oct(0o640)
    assert sorted(path.name for path in tmp_path.iterdir() if path.name != ".cardlint_cache") == ["m", "report.txt"]
    assert run_cli("--no-config", "--select", "CL101", "-o", "new.txt", "m", cwd=tmp_path).returncode == 1
    umask = os.umask(0)
    os.umask(umask)
    assert oct(os.stat(tmp_path / "new.txt").st_mode & 0o777) == oct(0o666 & ~umask)


def test_output_to_the_null_device_is_written_directly(tmp_path):
    card(tmp_path, BAD)
    assert run_cli("--no-config", "-o", os.devnull, "README.md", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize(("output", "asked"), [(os.devnull, ["."]), ("report.txt", [".", "m/README.md"])])
def test_only_a_regular_output_file_is_compared_with_every_card_found(tmp_path, monkeypatch, output, asked):
    """A report written to a device or a pipe overwrites no card, so a walk of thousands of cards is not slowed by asking."""
    card(tmp_path / "m", BAD)
    (tmp_path / "report.txt").write_text("")
    seen = []
    monkeypatch.setattr(cli._ReportFile, "refuse", lambda self, path, display: seen.append(display))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--no-config", "--no-cache", "-o", output, "."]) == 1
    assert seen == asked


# --- a cut-short report, an encoding that cannot show everything, a long line ----------


def pipeline(tmp_path, *args, stderr="2>stderr.txt"):
    """cardlint's own exit status and standard error when ``head -1`` reads its output."""
    (tmp_path / "stderr.txt").write_text("")
    command = f"set -o pipefail; {sys.executable} -m cardlint {' '.join(args)} {stderr} | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return int(result.stdout.strip()), (tmp_path / "stderr.txt").read_text()


MANY_LINKS = "".join(f"[l{i}](missing{i}.md)\n" for i in range(6000))


def test_closed_pipe_after_a_failing_finding_exits_1(tmp_path):
    card(tmp_path, BAD + MANY_LINKS)
    status, stderr = pipeline(tmp_path, "--no-config", "--jobs", "1", "README.md")
    assert (status, stderr) == (1, "cardlint: standard output was closed before the report was complete\n")


def test_closed_pipe_before_the_outcome_is_known_exits_2_not_0(tmp_path):
    card(tmp_path, "---\nlicense: mit\n---\n# Card\n" + MANY_LINKS)
    status, stderr = pipeline(tmp_path, "--no-config", "--jobs", "1", "--select", "CL601", "README.md")
    assert (status, stderr) == (2, "cardlint: error: standard output was closed before the report was complete\n")


def test_closed_pipe_that_also_took_standard_error_still_exits_2(tmp_path):
    card(tmp_path, "---\nlicense: mit\n---\n# Card\n" + MANY_LINKS)
    assert pipeline(tmp_path, "--no-config", "--jobs", "1", "--select", "CL601", "README.md", stderr="2>&1") == (2, "")


@pytest.mark.parametrize("format_name", ["text", "json", "sarif", "github"])
def test_ascii_only_output_degrades_to_escapes(tmp_path, format_name):
    card(tmp_path / "modèle", "---\nlicense: MIT\n---\n# Card\n\n[a](é…😀.md)\n")
    result = run_cli("--no-config", "--select", "CL101,CL601", "--format", format_name, ".", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert (result.returncode, result.stderr) == (1, b"")
    out = result.stdout.decode("ascii")
    if format_name in ("json", "sarif"):
        assert "é…😀.md" in json.dumps(json.loads(out), ensure_ascii=False)
    else:
        assert "mod\\xe8le/README.md" in out and "\\xe9\\u2026\\U0001f600.md" in out


def test_ascii_only_excerpt_keeps_the_caret_under_the_span(tmp_path):
    card(tmp_path, "---\nlicense: mit\n---\n# Card\n\n" + " ".join(f"é[l{i}](m{i}.md)" for i in range(40)) + "\n")
    result = run_cli("--no-config", "--select", "CL601", "README.md", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    shown = result.stdout.decode("ascii").split("\n")
    at = shown.index("README.md:6:111: CL601 [warning] link points at `m8.md`, which is not next to the card")
    excerpt, carets = shown[at + 1 : at + 3]
    assert excerpt.startswith(" 6 | \\u2026\\xe9[l5](m5.md)") and excerpt.endswith("\\u2026")
    assert excerpt[carets.index("^") : carets.rindex("^") + 1] == "m8.md"


def test_ascii_only_stderr_degrades_to_escapes(tmp_path):
    card(tmp_path / "modèle", b"\x00")
    result = run_cli("--no-config", ".", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert (result.returncode, result.stderr) == (2, b"cardlint: error: mod\\xe8le/README.md: binary file (contains NUL bytes), not a model card\n")


def test_long_line_is_shown_as_a_window_so_the_report_grows_linearly(tmp_path):
    line = " ".join(f"[l{i}](missing{i}.md)" for i in range(4000))
    card(tmp_path, "---\nlicense: mit\n---\n# Card\n\n" + line + "\n")
    result = run_cli("--no-config", "--select", "CL601", "README.md", cwd=tmp_path)
    out = result.stdout.decode()
    assert out.count("CL601") == 4000
    assert len(out) < 400 * 4000
    assert max(len(each) for each in out.split("\n")) < 200
    shown = out.split("\n")
    at = shown.index("README.md:6:45789: CL601 [warning] link points at `missing2000.md`, which is not next to the card")
    assert shown[at + 1 : at + 3] == [
        " 6 | …998](missing1998.md) [l1999](missing1999.md) [l2000](missing2000.md) [l2001](missing2001.md) [l2002](missing2002.md) [l2…",
        "   |                                                       ^^^^^^^^^^^^^^",
    ]
    assert shown[at + 1][shown[at + 2].index("^") : shown[at + 2].rindex("^") + 1] == "missing2000.md"


def test_span_wider_than_the_window_is_shown_from_its_start(tmp_path):
    target = "a" * 300 + ".md"
    card(tmp_path, f"---\nlicense: mit\n---\n# Card\n\n{'x' * 200} [l]({target}) tail\n")
    result = run_cli("--no-config", "--select", "CL601", "README.md", cwd=tmp_path)
    excerpt, carets = result.stdout.decode().split("\n")[1:3]
    assert excerpt == " 6 | …" + "a" * 120 + "…"
    assert carets == "   |  " + "^" * 120


# --- --no-config imports nothing from the working tree -------------------------------------


PLUGIN = textwrap.dedent('''
    import pathlib
    pathlib.Path({marker!r}).write_text("imported")

    from cardlint.model import Problem
    from cardlint.rule import rule


    @rule("EVIL001", "evil", "error", "runs code from the checkout")
    def evil(card, options):
        """
        ## What it does
        Nothing.

        ## Why is this bad?
        Nothing.

        ## Example
        ```markdown
        ---
        license: x
        ---
        ```

        ## Use instead
        ```markdown
        ---
        license: mit
        ---
        ```
        """
        if card.metadata.get("license") == "x":
            yield Problem(card.locate(("license",)), "evil")
''')


def plant(folder, marker, module="evil_rules"):
    """A ``*.dist-info`` with a ``cardlint.rules`` entry point, and its module, in ``folder``."""
    dist = folder / f"{module}-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[cardlint.rules]\nevil = {module}\n")
    (folder / f"{module}.py").write_text(PLUGIN.format(marker=str(marker)))


@pytest.mark.parametrize("where", [".", "venv/lib/python3/site-packages"])
def test_no_config_loads_no_entry_point_from_the_working_tree(tmp_path, where):
    work, marker = tmp_path / "work", tmp_path / "marker"
    card(work, "---\nlicense: mit\n---\n# Card\n")
    plant(work / where, marker)
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), str((work / where).resolve())])}
    for args in (["--no-config", "README.md"], ["rules", "--no-config"]):
        result = run_cli(*args, cwd=work, env=env)
        assert result.returncode in (0, 1) and "EVIL001" not in result.stdout.decode()
        assert not marker.exists()
    assert "EVIL001" in run_cli("rules", cwd=work, env=env).stdout.decode()
    assert marker.exists()


def test_python_m_does_not_import_from_the_current_directory(tmp_path):
    marker = tmp_path / "marker"
    card(tmp_path, "---\nlicense: mit\n---\n# Card\n")
    plant(tmp_path, marker)
    (tmp_path / "json.py").write_text(f"import pathlib\npathlib.Path({str(marker)!r}).write_text('json')\n")
    for args in (["--no-config", "README.md"], ["rules"], ["--format", "json", "README.md"]):
        result = run_cli(*args, cwd=tmp_path)
        assert "EVIL001" not in result.stdout.decode()
        assert not marker.exists(), args


def test_python_m_still_starts_in_a_working_directory_that_is_gone(tmp_path):
    (tmp_path / "gone").mkdir()
    command = f"cd gone && rmdir ../gone && exec {sys.executable} -m cardlint --version"
    result = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (result.returncode, result.stdout) == (0, f"cardlint {__version__}\n")


def test_no_config_skips_an_installed_entry_point_whose_module_is_in_the_working_tree(tmp_path):
    site, work, marker = tmp_path / "site", tmp_path / "work", tmp_path / "marker"
    plant(site, marker)
    (site / "evil_rules.py").unlink()
    card(work, "---\nlicense: mit\n---\n# Card\n")
    (work / "src").mkdir()
    (work / "src" / "evil_rules.py").write_text(PLUGIN.format(marker=str(marker)))
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), str(site), str(work / "src")])}
    assert "EVIL001" not in run_cli("rules", "--no-config", cwd=work, env=env).stdout.decode()
    assert not marker.exists()
    assert "EVIL001" in run_cli("rules", cwd=work, env=env).stdout.decode()
