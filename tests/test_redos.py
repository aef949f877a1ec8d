"""Cardlint's regular expressions take time linear in the text they read, whatever the text.

A backtracking regex can spend minutes on a few kilobytes: a heading and then a
line of 4,000 spaces took two minutes in CL202's label pattern. Two nets catch
such a pattern, each in a child process killed after LIMIT_SECONDS (a linear
pattern needs a small part of that, a backtracking one minutes; nothing is
timed otherwise):

- a card built to reach one pattern is linted through the real command line,
  so that the case keeps covering the text's way to the pattern after a
  refactoring, and its findings are checked;
- every pattern at the top level of a module in ``cardlint/`` and ``rules/``
  (compiled, or declared with :func:`cardlint.patterns.lazy`), and every ``pattern`` in the rule data and schemas, runs on 50 KB
  of each generic adversarial string, so that a pattern added later is covered
  without a new test.
"""

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

LIMIT_SECONDS = 20
SIZE = 50_000
UNITS = [" ", "[", "{", "<", "*", "-", "`", "#", ":", "\t", "\n", "a", "0", "%", "!", "<!--", "{{", "[](", "]("]
"""Repeated to SIZE characters, alone and followed by an ``x`` that makes a pattern fail at the very end."""

FRONT = "---\nlicense: mit\n---\n# Model\n\n"


def _child(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    try:
        result = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=LIMIT_SECONDS, env=env)
    except subprocess.TimeoutExpired as expired:
        last = (expired.stdout or b"").decode() if isinstance(expired.stdout, bytes) else expired.stdout or ""
        pytest.fail(f"still running after {LIMIT_SECONDS} s; last started: {last.strip().splitlines()[-1:] or 'nothing'}")
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


CARDS = {
    "label-then-spaces": (FRONT + "## Uses\n" + " " * SIZE + "x\n", "CL202", []),
    "tabs-in-a-section": (FRONT + "## Uses\n\n" + "\t" * SIZE + "x\n", "CL202", []),
    "disable-comment-spaces": (FRONT + "<!-- cardlint-disable" + " " * SIZE + "! -->\n", "CL009", []),
    "disable-comment-letters": (FRONT + "<!-- cardlint-disable " + "a" * SIZE + " -->\n", "CL009", [("CL009", 6, 1)]),
    "yaml-disable-comment": (FRONT.replace("mit\n", "mit # cardlint: disable=" + " " * SIZE + "!\n"), "CL009", []),
    "open-braces": (FRONT + "{{" * (SIZE // 2) + "\n", "CL301", []),
    "mixed-open-braces": (FRONT + "{{{%{#" * (SIZE // 6) + "\n", "CL301", []),
    "open-comments": (FRONT + "<!-- cardlint-disable -->\n" + "<!--" * (SIZE // 2) + "\n", "CL009", [("CL009", 6, 1)]),
    "open-img-tags": (FRONT + "<img " * (SIZE // 5) + "\n", "CL601", []),
    "link-to-spaces": (FRONT + "[a](" + " " * 4 * SIZE + ")\n", "CL601", []),
    "backticks": (FRONT + "a" + "`" * SIZE + "\n", "CL301", []),
    "heading-of-brackets": (FRONT + "## " + "[" * SIZE + "\n", "CL201", [("CL201", 4, 3)]),
    "heading-of-tags": (FRONT + "## " + "<" * 4 * SIZE + "\n", "CL201", [("CL201", 4, 3)]),
    "metric-spaces": (
        "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-classification}\n    dataset: {name: d, type: d}\n"
        f"    metrics:\n    - type: accuracy\n      value: \"{' ' * SIZE}x\"\n---\n",
        "CL501",
        [("CL501", 9, 14)],
    ),
    "deep-yaml": ("---\na:\n" + "- " * SIZE + "x\n---\n", "CL005", [("CL005", 2, 1)]),
}


@pytest.mark.parametrize(("text", "select", "expected"), list(CARDS.values()), ids=list(CARDS))
def test_hostile_card_is_linted_in_linear_time(tmp_path, text, select, expected):
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    result = _child("-m", "cardlint", "--no-config", "--jobs", "1", "--select", select, "--format", "json", "README.md", cwd=tmp_path)
    assert [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)] == expected


def test_hostile_custom_code_is_read_in_linear_time(tmp_path):
    (tmp_path / "README.md").write_text(
        "---\nlibrary_name: transformers\n---\n# M\n\n```python\n" + "\n" * SIZE + "import torch\nimport model\n```\n", encoding="utf-8",
    )
    (tmp_path / "config.json").write_text("[" * SIZE + "]" * SIZE)
    (tmp_path / "model.py").write_text("class Net(nn.Module):\n    pass\n" + "class A(\n" * (SIZE // 9) + "from " + "a" * SIZE)
    result = _child("-m", "cardlint", "--no-config", "--jobs", "1", "--select", "CL401", "--format", "json", "README.md", cwd=tmp_path)
    [finding] = json.loads(result.stdout)
    assert (finding["rule"], finding["line"]) == ("CL401", 2)
    assert "config.json has no model_type" in finding["message"] and "local module(s) model" in finding["message"]


def _sources():
    """Every module whose top-level patterns are checked: cardlint's own, the rules (loaded by path) and "data"."""
    package = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts) for path in (ROOT / "cardlint").rglob("*.py"))
    return [name for name in package if not name.endswith("__main__")] + sorted(f"rules/{path.name}" for path in (ROOT / "rules").glob("*.py")) + ["data"]


def _data_patterns():
    """Every ``pattern`` string in the rule data (``rules/**/*.yaml``) and the schemas, compiled as cardlint compiles them."""
    import re

    from cardlint import yamlload

    documents = [yamlload.load_data_file(path) for path in sorted((ROOT / "rules").rglob("*.yaml"))]
    documents += [json.loads(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "schemas").glob("*.json"))]
    found, pending = [], documents
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if isinstance(item.get("pattern"), str):
                flags = re.MULTILINE | (re.IGNORECASE if "i" in str(item.get("flags", "")) else 0)
                found.append((item["pattern"], re.compile(item["pattern"], flags)))
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


def run_patterns(source: str) -> None:
    """In the child: run each pattern of ``source`` over every adversarial string, naming it first."""
    import importlib
    import importlib.util
    import re

    if source == "data":
        patterns = _data_patterns()
    else:
        if source.startswith("rules/"):
            spec = importlib.util.spec_from_file_location(f"cardlint_rules_{source[6:-3]}", ROOT / source)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(source)
        from cardlint.patterns import LazyPattern

        patterns = [(name, value) for name, value in vars(module).items() if isinstance(value, (re.Pattern, LazyPattern))]
    for name, pattern in patterns:
        print(f"{source} {name}", flush=True)
        for unit in UNITS:
            text = unit * (SIZE // len(unit))
            for candidate in (text, text + "x"):
                for _ in pattern.finditer(candidate):
                    pass
    print(f"{source}: {len(patterns)} patterns", flush=True)


@pytest.mark.parametrize("source", _sources())
def test_every_pattern_is_linear_on_adversarial_strings(source):
    result = _child("-c", f"import test_redos; test_redos.run_patterns({source!r})", cwd=ROOT / "tests")
    assert result.returncode == 0 and result.stdout.splitlines()[-1].startswith(f"{source}: "), result.stderr


def test_patterns_compiled_on_first_use_are_run_too():
    result = _child("-c", "import test_redos; test_redos.run_patterns('cardlint.escape')", cwd=ROOT / "tests")
    assert "cardlint.escape _UNSAFE\n" in result.stdout and result.returncode == 0, result.stderr


def test_the_pattern_sources_are_found():
    assert {"cardlint.leftovers", "cardlint.suppress", "rules/checklist.py", "rules/local_files.py", "data"} <= set(_sources())
    assert any("Your Name" in text for text, _ in _data_patterns())
