"""Generated cards: cardlint always answers with findings or a clean error, at positions inside the file,
and whatever a card, its file name or its links hold, no report line starts a workflow command or carries a raw control."""

import json
import os
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardlint import runner
from cardlint.api import Session
from cardlint.escape import diff
from cardlint.report import Report, render
from cardlint.schema import schema_for
from cardlint.source import SourceError, decode

SESSION = Session()
KEYS = sorted(schema_for("modelcard")["properties"]) + ["licence", "pipeline-tag", "model_creator", "x"]
# The suite replays the same 120 examples per strategy, so a run is repeatable;
# CARDLINT_FUZZ_EXAMPLES=N explores N fresh random ones instead.
EXPLORE = int(os.environ.get("CARDLINT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXPLORE or 120, derandomize=not EXPLORE, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.sampled_from(["MIT", "en", "English", "transformers", "text-generation", "other", "Faster", "20.0 ± 1.2", "150"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["name", "type", "value", "results", "metrics", "task", "dataset", "split", "verified", "src", "x"]), inner, max_size=4), max_leaves=12)
fragments = st.sampled_from([
    "# Title", "## Uses", "## 3. Limitations", "### Training Data", "Some text.", "- [ ] todo", "- [x] done", "```python\nimport torch\ntorch.load('m.pt')\n```",
    "[link](docs/a.md)", "![img](a.png)", "<img src=\"b.png\">", "<!-- cardlint-disable CL302 -->", "[More Information Needed]", "{{ model_id }}", "{% if x %}",
    "TODO", "| a | b |\n|---|---|\n| 1 | 2 |", "> quote", "    indented code", "\t\ttabs", "Setext\n---", "", "\r\n", "\u2028", "😀 emoji", "[ref]: ./x.md",
])


def metadata_text(items):
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in items)


def check_positions(text: str):
    try:
        source = decode(text.encode("utf-8", errors="surrogatepass"), "README.md")
    except (SourceError, UnicodeEncodeError):
        return
    lines = source.text.split("\n")
    for finding in SESSION.lint_source(source, None):
        assert 1 <= finding.line <= len(lines), finding
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, finding
        assert (finding.end_line, finding.end_column) >= (finding.line, finding.column), finding
        assert finding.message and finding.rule in SESSION.rules


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(KEYS), values), max_size=8), st.lists(fragments, max_size=12), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_generated_cards(items, body, newline, bom):
    text = "---\n" + metadata_text(items) + "---\n" + "\n".join(body) + "\n"
    check_positions(("\ufeff" if bom else "") + text.replace("\n", newline))


@FUZZ
@given(st.text(alphabet=string.printable + "-:[]{}#&*!|>'\"%@`ü😀\u0085", max_size=300))
def test_random_text_after_a_fence(text):
    check_positions("---\n" + text + "\n---\n" + text)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(data):
    try:
        source = decode(data, "README.md")
    except SourceError as error:
        assert str(error).startswith("README.md") and "\n" not in str(error)
        return
    check_positions(source.text)


PIECES = ["a", "é", " ", ":", "::", ",", "%", "%0A", "%0D", "/", "\t", "\n", "\r", "\x1b", "\x1b[2J", "\x07", "\x7f", "\x85", "\x9b",
          "\u202e", "\u2066", "\u2028", "\u2029", "\u00a0", "::error file=x.py::pwn", "::stop-commands::t"]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
HOSTILE_NAME = st.lists(st.sampled_from([*PIECES, "\udcff"]), max_size=8).map("".join)  # a file name may hold any byte but NUL
RUNNER_LINE_BREAK = re.compile(r"\r\n|\r|\n")
RAW_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
ANNOTATION = re.compile(r"::(error|warning|notice) file=[^\n]*::")


def check_output(text: str, findings: int, annotations: bool = False) -> None:
    """No line the runner would split off starts with ``::`` but cardlint's annotations; no raw control but line ends."""
    commands = [line for line in RUNNER_LINE_BREAK.split(text) if line.lstrip().startswith("::")]
    if annotations:
        assert len(commands) == findings and all(ANNOTATION.match(line) for line in commands), commands
    else:
        assert commands == [], commands
    assert not RAW_CONTROL.search(text.replace("\r\n", "").replace("\n", "")), text


@FUZZ
@given(HOSTILE_NAME, HOSTILE, HOSTILE, st.sampled_from(["\n", "\r\n"]))
def test_hostile_names_links_and_values_never_reach_a_line_start_or_the_terminal(folder, target, value, newline):
    text = "---\n" + metadata_text([("license", value), ("tags", [value, "x"]), ("base_model", value)]) + f"---\n# {value}\n\n[l]({target}) ![i]({target}.png) {value}\n"
    for path in (f"{folder}/README.md", f"m{folder}/README.md"):  # as given, and surely relative to the working directory
        check_card(text.replace("\n", newline), path, value)


def check_card(text: str, path: str, value: str) -> None:
    try:
        source = decode(text.encode("utf-8"), path)
    except SourceError:
        return
    findings = SESSION.lint_source(source, None)
    report = Report(findings, 1, SESSION.rules, errors=[f"{path}: {value}"], context=runner.context(findings, source, None, hashes=True))
    for format_name in ("text", "json", "sarif", "github"):
        output = render(report, format_name)
        check_output(output, len(findings), annotations=format_name == "github")
        if format_name == "json":
            assert {finding["path"] for finding in json.loads(output)} <= {path}
        if format_name == "sarif":
            assert json.loads(output)["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == f"{path}: {value}"
    check_output(diff(runner.lint_one(SESSION, source, None, runner.Mode(fix="diff")).diff), 0)


def test_lint_path_of_a_missing_folder_file(tmp_path):
    with pytest.raises(SourceError):
        SESSION.lint_path(Path(tmp_path / "nope.md"))
