"""The command line: options, configuration, the run over all cards, exit status.

This is the only module that prints or exits. Everything that can go wrong
below it arrives as a value or as one of the few exceptions whose message is
already a one-line, user-facing sentence naming the file; anything else is
reported as an internal error in one line (with the traceback only under
``CARDLINT_DEBUG=1``), never as a bare traceback. Those lines name files a
stranger may have named, so they pass through :mod:`cardlint.escape`; so does
the ``--diff`` output. A report that cannot be encoded for the terminal
degrades to backslash escapes, and one cut short by a closed pipe never ends
the run with status 0.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import stat
import sys
from pathlib import Path

from cardlint import __version__
from cardlint.escape import visible

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse, with its error line made safe: the argument it quotes may be a file name from a pull request."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {visible(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="cardlint",
        description="Lint Hugging Face model cards (README.md metadata and sections).",
        epilog="Also: `cardlint rules` lists every rule, `cardlint rule CL101` explains one, `cardlint clean` removes the result cache.",
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
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    parser.add_argument("--cache-dir", metavar="DIR", help="keep the result cache in DIR (default: $CARDLINT_CACHE_DIR, else .cardlint_cache beside the configuration, else here)")
    parser.add_argument("--jobs", "-j", type=_positive, metavar="N", help="lint in N processes (default: the number of cores)")
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    parser.add_argument("--version", action="version", version=f"cardlint {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _tolerate_encoding()
    try:
        try:
            if argv and argv[0] in ("rule", "rules"):
                from cardlint import explain

                return explain.main(argv)
            if argv and argv[0] == "clean":
                return _clean(argv[1:])
            return _lint(_parser().parse_args(argv))
        finally:
            sys.stdout.flush()
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        return _cut(EXIT_ERROR)
    except _Fatal as fatal:
        _say(f"error: {fatal}")
        return EXIT_ERROR
    except Exception as error:
        if os.environ.get("CARDLINT_DEBUG"):
            import traceback

            traceback.print_exc()
        _say(f"internal error: {type(error).__name__}: {error} (set CARDLINT_DEBUG=1 for details)")
        return EXIT_ERROR


def _say(message: str) -> None:
    """One line on standard error, whatever file names it quotes; nothing when standard error is a closed pipe."""
    try:
        print(f"cardlint: {visible(message)}", file=sys.stderr)
    except BrokenPipeError:
        _discard(sys.stderr)


def _discard(stream) -> None:
    """Point ``stream`` at the null device, so that the flush at exit does not fail on a closed pipe again.

    This is the Python documentation's advice for SIGPIPE (the signal module's
    "Note on SIGPIPE"): without it, the interpreter prints "Exception ignored
    ... BrokenPipeError" on its way out and exits with status 120.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def _tolerate_encoding() -> None:
    """Let a terminal that cannot show some character (``PYTHONIOENCODING=ascii``, a Windows console) get ``\\u2026`` instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")


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
            isolated=True if args.no_config else None,
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
    from cardlint.escape import diff
    from cardlint.report import Tally, writer

    config = load_config(args)
    session = _session(config)
    paths = args.paths or ["."]
    report_file = _ReportFile(args.output) if args.output else None
    if report_file:
        for path in paths:
            named = args.stdin_filename if path == "-" else path
            if named:
                report_file.refuse(Path(named), named)
    try:
        targets = discover.expand([path for path in paths if path != "-"], Path.cwd())
    except discover.PathError as error:
        raise _Fatal(str(error)) from None
    if report_file:
        targets = report_file.refusing(targets)
    mode = runner.Mode(hashes=args.format == "sarif", fix="diff" if args.diff else "write" if args.fix else None, cache=_cache(args, config))
    outcomes = _outcomes(args, session, targets, mode)
    tally = Tally()
    try:
        with report_file.opened() if report_file else contextlib.nullcontext(sys.stdout) as out:
            if args.diff:
                for outcome in outcomes:
                    _count(tally, outcome._replace(findings=[]))
                    out.write(diff(outcome.diff))
            else:
                report = writer(args.format, out, session.rules, colour=_colour(args.output), statistics=args.statistics, quiet=args.quiet)
                for outcome in outcomes:
                    _count(tally, outcome)
                    report.write(outcome.findings, outcome.context)
                report.finish(tally)
            out.flush()
    except BrokenPipeError:
        return _cut(_status(tally, config.fail_on, args.diff))
    if args.diff:
        _say(f"{tally.fixed} fix{'es' if tally.fixed != 1 else ''} available in {tally.affected} file{'s' if tally.affected != 1 else ''}")
    return _status(tally, config.fail_on, args.diff)


def _cache(args, config):
    """The result cache of this run; None with ``--no-cache`` and with ``--fix`` or ``--diff`` (which always lint). A folder that cannot be written only makes the run slower."""
    from cardlint import cache

    return None if args.no_cache or args.fix or args.diff else cache.Cache.open(cache.default_folder(config, args.cache_dir))


def _clean(argv: list[str]) -> int:
    """``cardlint clean``: remove the result cache this folder's runs use."""
    from cardlint import cache

    parser = Parser(prog="cardlint clean", description="Remove the result cache (a folder holding cardlint's CACHEDIR.TAG).")
    parser.add_argument("--cache-dir", metavar="DIR", help="the cache to remove (default: as a lint run here would use)")
    parser.add_argument("--config", metavar="FILE", help="the configuration whose folder holds the cache")
    parser.add_argument("--no-config", action="store_true", help="the cache of runs with --no-config (in this folder)")
    args = parser.parse_args(argv)
    folder = cache.default_folder(load_config(args), args.cache_dir)
    try:
        removed = cache.clean(folder)
    except OSError as error:
        raise _Fatal(error.strerror and f"{folder}: cannot remove: {error.strerror}" or str(error)) from None
    print(f"Removed the cache at {visible(str(folder))}" if removed else f"No cache at {visible(str(folder))}")
    return EXIT_OK


def _status(tally, fail_on, diff: bool) -> int:
    """The exit status for what the run has counted so far."""
    if tally.errors:
        return EXIT_ERROR
    if diff:
        return EXIT_FINDINGS if tally.fixed else EXIT_OK
    worst = tally.worst()
    return EXIT_FINDINGS if worst is not None and worst.rank >= fail_on.rank else EXIT_OK


def _cut(status: int) -> int:
    """End a run whose standard output was closed (``cardlint . | head -1``): never with 0.

    The findings counted before the pipe closed already decide a 1; otherwise
    the outcome is unknown, which is a failed run (2).
    """
    _discard(sys.stdout)
    if status == EXIT_FINDINGS:
        _say("standard output was closed before the report was complete")
        return status
    _say("error: standard output was closed before the report was complete")
    return EXIT_ERROR


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
        _say(f"error: {outcome.error}")
    if outcome.diff:
        tally.affected += 1
    tally.add(outcome.findings)


class _ReportFile:
    """``--output FILE``, which must never be one of the cards (``cardlint -o README.md README.md``).

    Cards found in folders are only known as the walk reaches them, so the
    report goes to a temporary file next to FILE and replaces it when the run
    ends: a run stopped for any reason, such as meeting FILE among the cards,
    leaves FILE as it was. A FILE that is not a regular file (``/dev/null``, a
    pipe) cannot be a card and is written directly.
    """

    def __init__(self, output: str) -> None:
        self.output = output
        self.real = os.path.realpath(output)
        try:
            info = os.stat(self.real)
        except OSError:
            info = None
        self.identity = (info.st_dev, info.st_ino) if info else None
        self.mode = stat.S_IMODE(info.st_mode) if info else None
        self.direct = info is not None and not stat.S_ISREG(info.st_mode)

    def refuse(self, path: Path, display: str) -> None:
        """Stop the run if ``path`` is FILE, under whatever name, link or symbolic link."""
        if self.identity is None:
            return
        try:
            info = os.stat(path)
        except OSError:
            return
        if (info.st_dev, info.st_ino) == self.identity:
            raise _Fatal(f"{self.output}: --output is the card {display}; the report would overwrite it")

    def refusing(self, targets):
        """``targets``, each checked by :meth:`refuse` before it is linted."""
        for target in targets:
            if hasattr(target, "path"):
                self.refuse(target.path, target.display)
            yield target

    @contextlib.contextmanager
    def opened(self):
        """The handle to write the report to; FILE holds it once the run has ended."""
        import tempfile

        temporary = None
        try:
            if self.direct:
                handle = open(self.output, "w", encoding="utf-8")
            else:
                descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(self.real), prefix=f".{os.path.basename(self.real)}.", suffix=".cardlint")
                handle = open(descriptor, "w", encoding="utf-8")
        except OSError as error:
            raise _Fatal(f"{self.output}: cannot write the report: {error.strerror or error}") from None
        try:
            with handle:
                yield handle
        except BaseException:
            _remove(temporary)
            raise
        if temporary:
            try:
                os.chmod(temporary, self.mode if self.mode is not None else 0o666 & ~_umask())
                os.replace(temporary, self.real)
            except OSError as error:
                _remove(temporary)
                raise _Fatal(f"{self.output}: cannot write the report: {error.strerror or error}") from None


def _remove(path: str | None) -> None:
    if path:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _colour(output: str | None) -> bool:
    if output or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()
