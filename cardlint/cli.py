"""The command line: options, configuration, the run over all cards, exit status.

This is the only module that prints or exits. Everything that can go wrong
below it arrives as a value or as one of the few exceptions whose message is
already a one-line, user-facing sentence naming the file; anything else is
reported as an internal error in one line (with the traceback only under
``CARDLINT_DEBUG=1``), never as a bare traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
from pathlib import Path

from cardlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cardlint",
        description="Lint Hugging Face model cards (README.md metadata and sections).",
        epilog="Also: `cardlint rules` lists every rule, `cardlint rule CL101` explains one.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="cards or folders to lint (default: .); '-' reads standard input; hf://owner/name, hf://datasets/owner/name or hf://spaces/owner/name[@revision] fetches a card from the Hub")
    parser.add_argument("--format", default="text", choices=["text", "json", "sarif", "github", "markdown", "html"], help="report format (default: text; github prints workflow annotations)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--select", action="append", metavar="IDS", help="rule ids or prefixes to run, comma-separated (replaces the configured set)")
    parser.add_argument("--extend-select", action="append", metavar="IDS", help="rule ids or prefixes to run in addition")
    parser.add_argument("--ignore", action="append", metavar="IDS", help="rule ids or prefixes to skip")
    parser.add_argument("--kind", choices=["auto", "model", "dataset", "space"], help="what kind of card (default: judged from its metadata)")
    parser.add_argument("--profile", metavar="NAME", help="section checklist for CL2xx: hub (default), full, minimal, or one from a rule pack")
    parser.add_argument("--fail-on", choices=["error", "warning", "info"], help="lowest severity that makes the exit status 1 (default: error)")
    parser.add_argument("--config", metavar="FILE", help="use this configuration file instead of searching for one")
    parser.add_argument("--no-config", action="store_true", help="ignore every configuration file")
    parser.add_argument("--stdin-filename", metavar="PATH", help="the name to report for a card read from standard input")
    fixing = parser.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="apply the safe fixes in place, then report what remains")
    fixing.add_argument("--diff", action="store_true", help="print the safe fixes as a unified diff and change nothing")
    parser.add_argument("--jobs", "-j", type=_positive, metavar="N", help="lint in N processes (default: the number of cores)")
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    parser.add_argument("--version", action="version", version=f"cardlint {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in ("rule", "rules"):
            from cardlint import explain

            return explain.main(argv)
        return _lint(_parser().parse_args(argv))
    except KeyboardInterrupt:
        print("cardlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except _Fatal as fatal:
        print(f"cardlint: error: {fatal}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:
        if os.environ.get("CARDLINT_DEBUG"):
            import traceback

            traceback.print_exc()
        print(f"cardlint: internal error: {type(error).__name__}: {error} (set CARDLINT_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_ERROR


class _Fatal(Exception):
    """A run that cannot start: bad configuration, bad option, missing path."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(part.strip().upper() for value in values for part in value.split(",") if part.strip())


def load_config(args):
    """The configuration for this run: the file (found, given or none) with the command line applied."""
    from cardlint import config as config_module
    from cardlint.model import Severity

    try:
        if args.no_config:
            path = None
        elif args.config:
            path = Path(args.config)
            if not path.is_file():
                raise _Fatal(f"{args.config}: configuration file not found")
        else:
            path = config_module.find(Path.cwd())
        config = config_module.load(path)
        if getattr(args, "profile", None):
            config = config.override(options={**config.options, "profile": args.profile})
        extend = _split(getattr(args, "extend_select", None))
        ignore = _split(getattr(args, "ignore", None))
        fail_on = getattr(args, "fail_on", None)
        if getattr(args, "kind", None):
            config = dataclasses.replace(config, kind=config_module.read_kind(args.kind))
        return config.override(
            select=_split(getattr(args, "select", None)),
            extend_select=(*config.extend_select, *extend) if extend else None,
            ignore=(*config.ignore, *ignore) if ignore else None,
            fail_on=Severity.parse(fail_on) if fail_on else None,
        )
    except config_module.ConfigError as error:
        raise _Fatal(str(error)) from None


def _session(config):
    from cardlint.api import Session
    from cardlint.config import ConfigError
    from cardlint.packs import PackError
    from cardlint.registry import RegistryError

    try:
        return Session(config)
    except (ConfigError, RegistryError, PackError) as error:
        raise _Fatal(str(error)) from None


def _lint(args) -> int:
    from cardlint import discover, runner
    from cardlint.report import Tally, writer

    config = load_config(args)
    session = _session(config)
    paths = args.paths or ["."]
    try:
        targets = discover.expand([path for path in paths if path != "-"], Path.cwd(), progress=not args.quiet)
    except discover.PathError as error:
        raise _Fatal(str(error)) from None
    mode = runner.Mode(hashes=args.format == "sarif", fix="diff" if args.diff else "write" if args.fix else None)
    outcomes = _outcomes(args, session, targets, mode)
    tally = Tally()
    with _opened(args.output) as out:
        if args.diff:
            for outcome in outcomes:
                _count(tally, outcome._replace(findings=[]))
                out.write(outcome.diff)
        else:
            report = writer(args.format, out, session.rules, colour=_colour(args.output), statistics=args.statistics, quiet=args.quiet)
            for outcome in outcomes:
                _count(tally, outcome)
                report.write(outcome.findings, outcome.context)
            report.finish(tally)
    if args.diff:
        print(f"cardlint: {tally.fixed} fix{'es' if tally.fixed != 1 else ''} available in {tally.affected} file{'s' if tally.affected != 1 else ''}", file=sys.stderr)
        return EXIT_ERROR if tally.errors else EXIT_FINDINGS if tally.fixed else EXIT_OK
    if tally.errors:
        return EXIT_ERROR
    worst = tally.worst()
    return EXIT_FINDINGS if worst is not None and worst.rank >= config.fail_on.rank else EXIT_OK


def _outcomes(args, session, targets, mode):
    """Outcomes in report order: standard input first, then the cards found on the command line.

    A card read from standard input has nowhere to be written back, so with
    ``--fix`` it is only linted (``--diff`` shows its fixes as for any card).
    """
    from cardlint import runner, source
    from cardlint.repo import LocalRepo

    if "-" in (args.paths or []):
        try:
            text = source.decode(sys.stdin.buffer.read(), args.stdin_filename or "-")
            repo = LocalRepo(Path(args.stdin_filename).parent) if args.stdin_filename else None
            yield runner.lint_one(session, text, repo, mode._replace(fix=None) if mode.fix == "write" else mode)
        except source.SourceError as error:
            yield runner.Outcome([], {}, str(error))
    yield from runner.run(session, targets, args.jobs or runner.default_jobs(), mode)


def _count(tally, outcome) -> None:
    """Add one card's outcome to the tally; its error goes to standard error at once."""
    tally.files += 1
    tally.fixed += outcome.fixed
    if outcome.error:
        tally.errors.append(outcome.error)
        print(f"cardlint: error: {outcome.error}", file=sys.stderr)
    if outcome.diff:
        tally.affected += 1
    tally.add(outcome.findings)


@contextlib.contextmanager
def _opened(output: str | None):
    """Standard output, or the report file (written as the run goes)."""
    if output is None:
        yield sys.stdout
        return
    try:
        handle = open(output, "w", encoding="utf-8")
    except OSError as error:
        raise _Fatal(f"{output}: cannot write the report: {error.strerror or error}") from None
    with handle:
        yield handle


def _colour(output: str | None) -> bool:
    if output or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()
