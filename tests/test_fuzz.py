"""Generated cards: cardlint always answers with findings or a clean error, at positions inside the file."""

import json
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardlint.api import Session
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


def test_lint_path_of_a_missing_folder_file(tmp_path):
    with pytest.raises(SourceError):
        SESSION.lint_path(Path(tmp_path / "nope.md"))
