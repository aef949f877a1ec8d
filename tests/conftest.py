"""Shared helpers: lint a snippet and compare (rule, line, column) triples, find ../shared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cardlint.api import lint_text
from cardlint.config import Config

ROOT = Path(__file__).resolve().parent.parent
CARDS = Path(__file__).resolve().parent / "cards"
SHARED = Path(os.environ.get("CARDLINT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "cards"

# Every test, and every command it starts, sees a plain terminal's environment,
# whatever the CI around the suite sets: no forced colour, no Hub endpoint,
# token or offline mode, no workflow variables, no debugging switch.
for _name in [name for name in os.environ if name in {"FORCE_COLOR", "CLICOLOR_FORCE", "PRE_COMMIT_COLOR", "CARDLINT_DEBUG"} or name.startswith(("HF_", "HUGGINGFACE_", "GITHUB_", "RUNNER_"))]:
    del os.environ[_name]
os.environ["NO_COLOR"] = "1"

needs_shared = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"the shared reference folder is not at {SHARED} (set CARDLINT_SHARED); CI always has it",
)


def lint(text: str, select=None, path: str | None = None, kind: str | None = None, **settings) -> list[tuple[str, int, int]]:
    """(rule, line, column) of every finding, the way yamllint's tests compare problems."""
    return [(f.rule, f.line, f.column) for f in findings(text, select, path, kind, **settings)]


def findings(text: str, select=None, path: str | None = None, kind: str | None = None, **settings):
    config = Config(select=tuple(select) if select else None, kind=kind, options=settings)
    return lint_text(text, path=path, config=config)


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m cardlint`` as a user would, and capture what it prints."""
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "cardlint", *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        env=environment,
        timeout=120,
    )


def pytest_make_parametrize_id(config, val, argname):
    """A long string parameter is named by its argument, as pytest 9.2 does and older versions do not.

    Older pytest puts the whole value into the test's name, and from there into the
    PYTEST_CURRENT_TEST variable every child process inherits: a 6 MB value makes
    that environment too large to start the child at all (E2BIG).
    """
    if isinstance(val, (str, bytes)) and len(val) > 100:
        return argname
    return None


def pytest_unconfigure(config):
    """CI keeps only the last line of a run: when tests failed, that line names them."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    failed = [f"{report.nodeid[:300]} ({_crash(report)})" for report in reporter.stats.get("failed", []) + reporter.stats.get("error", [])]
    if failed:
        reporter.write_line(f"failed: {'; '.join(failed)}")


def _crash(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    message = crash.message if crash else str(report.longrepr)
    return message.splitlines()[0][:300] if message else "no message"
