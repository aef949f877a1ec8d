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
    parser.add_argument("--exclude", action="append", metavar="PATTERNS", help="gitignore-style patterns to leave out, comma-separated (replaces the configured and default list)")
    parser.add_argument("--extend-exclude", action="append", metavar="PATTERNS", help="gitignore-style patterns to leave out in addition")
    parser.add_argument("--force-exclude", action="store_true", help="leave out excluded paths even when named on the command line")
    parser.add_argument("--show-settings", action="store_true", help="print the settings that apply to PATH (one path) and exit")
    parser.add_argument("--show-files", action="store_true", help="print the cards a run would lint and exit")
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
    _tolerate_encoding()
    try:
        try:
            if argv and argv[0] in ("rule", "rules"):
                from cardlint import explain

                return explain.main(argv)
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
    """The configuration that applies in the current directory (for ``cardlint rules``, the Hub and standard input)."""
    return _settle(lambda: _resolver(args).for_folder(Path.cwd()))


def _resolver(args):
    """Which configuration applies to each card: the closest file, ``--config`` or none, with the command line applied."""
    from cardlint import config as config_module
    from cardlint.model import Severity

    if args.config and not args.no_config and not Path(args.config).is_file():
        raise _Fatal(f"{args.config}: configuration file not found")
    fail_on = getattr(args, "fail_on", None)
    overrides = config_module.Overrides(
        select=_split(getattr(args, "select", None)),
        extend_select=_split(getattr(args, "extend_select", None)) or (),
        ignore=_split(getattr(args, "ignore", None)) or (),
        fail_on=Severity.parse(fail_on) if fail_on else None,
        kind=getattr(args, "kind", None),
        profile=getattr(args, "profile", None),
        exclude=_patterns("--exclude", getattr(args, "exclude", None)),
        extend_exclude=_patterns("--extend-exclude", getattr(args, "extend_exclude", None)) or (),
        force_exclude=getattr(args, "force_exclude", False),
        isolated=args.no_config,
    )
    search = not (args.no_config or args.config)
    return _settle(lambda: config_module.Resolver(overrides, search, None if args.no_config or not args.config else Path(args.config)))


def _patterns(option: str, values: list[str] | None):
    """Command-line patterns, comma-separated or repeated, anchored to the current directory."""
    from cardlint.exclude import compile_pattern

    if values is None:
        return None
    try:
        return tuple(compile_pattern(part.strip(), Path.cwd()) for value in values for part in value.split(",") if part.strip())
    except ValueError as error:
        raise _Fatal(f"{option}: {error}") from None


def _settle(build):
    """``build()``, with a configuration, plugin or rule pack that cannot be used ending the run in one line."""
    from cardlint.api import SETTINGS_ERRORS

    try:
        return build()
    except SETTINGS_ERRORS as error:
        raise _Fatal(str(error)) from None


def _settled(items):
    """``items``, read as :func:`_settle` reads one: a nested configuration is met as the walk reaches it."""
    from cardlint.api import SETTINGS_ERRORS

    try:
        yield from items
    except SETTINGS_ERRORS as error:
        raise _Fatal(str(error)) from None


def _session(config):
    from cardlint.api import Session

    return _settle(lambda: Session(config))


def _lint(args) -> int:
    from cardlint import discover, runner
    from cardlint.api import Sessions
    from cardlint.escape import diff
    from cardlint.report import Tally, writer

    resolver = _resolver(args)
    sessions = Sessions(_settle(lambda: resolver.for_folder(Path.cwd())))
    _settle(sessions.get)
    paths = args.paths or ["."]
    if args.show_settings:
        return _show_settings(paths, resolver, sessions)
    report_file = _ReportFile(args.output) if args.output else None
    if report_file:
        for path in paths:
            named = args.stdin_filename if path == "-" else path
            if named:
                report_file.refuse(Path(named), named)
    try:
        targets = _settle(lambda: discover.expand([path for path in paths if path != "-"], Path.cwd(), resolver))
    except discover.PathError as error:
        raise _Fatal(str(error)) from None
    if args.show_files:
        return _show_files(args, _settled(targets))
    if report_file:
        targets = report_file.refusing(targets)
    mode = runner.Mode(hashes=args.format == "sarif", fix="diff" if args.diff else "write" if args.fix else None)
    outcomes = _settled(_outcomes(args, sessions, resolver, targets, mode))
    tally = Tally()
    try:
        with report_file.opened() if report_file else contextlib.nullcontext(sys.stdout) as out:
            if args.diff:
                for outcome in outcomes:
                    _count(tally, outcome._replace(findings=[]))
                    out.write(diff(outcome.diff))
            else:
                report = writer(args.format, out, sessions.rules, colour=_colour(args.output), statistics=args.statistics, quiet=args.quiet)
                for outcome in outcomes:
                    _count(tally, outcome)
                    report.write(outcome.findings, outcome.context)
                report.finish(tally)
            out.flush()
    except BrokenPipeError:
        return _cut(_status(tally, args.diff))
    if args.diff:
        _say(f"{tally.fixed} fix{'es' if tally.fixed != 1 else ''} available in {tally.affected} file{'s' if tally.affected != 1 else ''}")
    return _status(tally, args.diff)


def _show_settings(paths: list[str], resolver, sessions) -> int:
    """Print the settings that apply to the one path given (to a card in it, for a folder)."""
    from cardlint import config as config_module
    from cardlint.discover import CARD_NAME

    if len(paths) != 1:
        raise _Fatal(f"--show-settings takes one path, not {len(paths)}")
    path = Path(paths[0])
    if path.is_dir():
        path = path / CARD_NAME
    elif not path.exists():
        raise _Fatal(f"{paths[0]}: no such file or directory")
    config = _settle(lambda: resolver.for_folder(os.path.realpath(path.parent)))
    session = _settle(lambda: sessions.get(config))
    options = config_module.rule_options(config, session.rules.values())
    lines = [f"# settings for {path.as_posix()}", *config_module.describe(config, options, session.selection.for_path(str(path)))]
    sys.stdout.write("".join(f"{visible(line)}\n" for line in lines))
    return EXIT_OK


def _show_files(args, targets) -> int:
    """Print the cards a run would lint, one per line; none, or a folder that cannot be listed, is a failed run."""
    from cardlint.discover import Unlisted
    from cardlint.source import SourceError

    names = [args.stdin_filename or "-"] if "-" in args.paths else []
    for name in names:
        sys.stdout.write(f"{visible(name)}\n")
    unlisted = 0
    for target in targets:
        if isinstance(target, Unlisted):
            unlisted += 1
            try:
                target.load()
            except SourceError as error:
                _say(f"error: {error}")
            continue
        names.append(target.display)
        sys.stdout.write(f"{visible(target.display)}\n")
    if not names and not unlisted:
        raise _Fatal("no card found: every path is excluded or holds no README.md")
    return EXIT_ERROR if unlisted else EXIT_OK


def _status(tally, diff: bool) -> int:
    """The exit status for what the run has counted so far (each card against its own configuration's fail-on)."""
    if tally.errors:
        return EXIT_ERROR
    if diff:
        return EXIT_FINDINGS if tally.fixed else EXIT_OK
    return EXIT_FINDINGS if tally.failing else EXIT_OK


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


def _outcomes(args, sessions, resolver, targets, mode):
    """Outcomes in report order: standard input first, then the cards found on the command line.

    A card read from standard input has nowhere to be written back, so with
    ``--fix`` it is only linted (``--diff`` shows its fixes as for any card).
    Its configuration is the one for ``--stdin-filename``'s folder, else the
    current directory's.
    """
    from cardlint import runner, source
    from cardlint.repo import LocalRepo

    if "-" in (args.paths or []):
        try:
            text = source.decode(sys.stdin.buffer.read(), args.stdin_filename or "-")
            repo = LocalRepo(Path(args.stdin_filename).parent) if args.stdin_filename else None
            config = resolver.for_folder(os.path.realpath(Path(args.stdin_filename).parent)) if args.stdin_filename else None
            yield runner.lint_one(sessions.get(config), text, repo, mode._replace(fix=None) if mode.fix == "write" else mode)
        except source.SourceError as error:
            yield runner.Outcome([], {}, str(error))
    yield from runner.run(sessions, targets, args.jobs or runner.default_jobs(), mode)


def _count(tally, outcome) -> None:
    """Add one card's outcome to the tally; its error goes to standard error at once."""
    tally.files += 1
    tally.fixed += outcome.fixed
    if outcome.error:
        tally.errors.append(outcome.error)
        _say(f"error: {outcome.error}")
    if outcome.diff:
        tally.affected += 1
    tally.add(outcome.findings, outcome.fail_on)


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
