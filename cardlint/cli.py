"""The command line: options, configuration, the run over all cards, exit status.

This is the only module that prints or exits. Everything that can go wrong
below it arrives as a value or as one of the few exceptions whose message is
already a one-line, user-facing sentence naming the file; anything else is
reported as an internal error in one line (with the traceback only under
``CARDLINT_DEBUG=1``), never as a bare traceback. Those lines name files a
stranger may have named, so they pass through :mod:`cardlint.escape`; so does
the ``--diff`` output. A report that cannot be encoded for the terminal
degrades to backslash escapes, and one cut short by a closed pipe never ends
the run with status 0; nor does a run that found no card or enabled no rule.
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
        """One line, as every other failure is: the usage would bury it (``cardlint --help`` shows it)."""
        self.exit(EXIT_ERROR, f"{self.prog}: error: {visible(message)}\n")


def _parser() -> argparse.ArgumentParser:
    from cardlint.report import FORMATS

    parser = Parser(
        prog="cardlint",
        description="Lint Hugging Face model cards (README.md metadata and sections).",
        epilog="Also: `cardlint rules` lists every rule, `cardlint rule CL101` explains one, `cardlint clean` removes the result cache.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="cards or folders to lint (default: .); '-' reads standard input; hf://owner/name, hf://datasets/owner/name or hf://spaces/owner/name[@revision] fetches a card from the Hub")
    parser.add_argument("--format", default="text", choices=list(FORMATS), help="report format (default: text; github prints workflow annotations, gitlab a Code Quality report, junit JUnit XML)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--report", action="append", metavar="FORMAT=FILE", help="also write a report in FORMAT to FILE, from the same run (repeatable)")
    parser.add_argument("--sarif-category", metavar="NAME", type=_category, help="code scanning category to write into SARIF reports (default: none, so the uploader's applies)")
    parser.add_argument("--select", action="append", metavar="IDS", help="rule ids or prefixes to run, comma-separated (replaces the configured set)")
    parser.add_argument("--extend-select", action="append", metavar="IDS", help="rule ids or prefixes to run in addition")
    parser.add_argument("--ignore", action="append", metavar="IDS", help="rule ids or prefixes to skip")
    parser.add_argument("--kind", choices=["auto", "model", "dataset", "space"], help="what kind of card (default: judged from its metadata)")
    parser.add_argument("--profile", metavar="NAME", help="section checklist for CL2xx: hub (default), full, minimal, or one from a rule pack")
    parser.add_argument("--fail-on", choices=["error", "warning", "info"], help="lowest severity that makes the exit status 1 (default: error)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (a failed run still exits 2)")
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
    baselines = parser.add_mutually_exclusive_group()
    baselines.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE (see --write-baseline)")
    baselines.add_argument("--write-baseline", metavar="FILE", help="record every finding of this run in FILE, report none, and exit 0")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    parser.add_argument("--cache-dir", metavar="DIR", help="keep the result cache in DIR (default: $CARDLINT_CACHE_DIR, else .cardlint_cache beside the configuration, else here)")
    parser.add_argument("--jobs", "-j", type=_positive, metavar="N", help="lint in N processes (default: the number of cores)")
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only: no summary lines (nor, with --diff, the count of fixes)")
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


def _category(text: str) -> str:
    """``--sarif-category``: a name, not only slashes and spaces (code scanning would read those as no category)."""
    if not text.strip("/ "):
        raise argparse.ArgumentTypeError(f"{text!r} is not a category name")
    return text


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


def _refuse_contradictions(args) -> None:
    """Stop on options that cannot all be honoured, rather than silently drop one of them."""
    from cardlint.report import FORMATS, writer_class

    paths = args.paths or ["."]
    contradictions = [
        (args.no_config and args.config, "--no-config and --config contradict each other: use one"),
        (args.diff and args.format != "text", f"--diff prints a diff, not a report: drop --format {args.format}"),
        (args.diff and args.statistics, "--diff prints a diff, not a report: drop --statistics"),
        (args.fix and "-" in paths and len(paths) > 1, "--fix - prints the fixed card on standard output: lint standard input alone"),
    ]
    for contradiction, message in contradictions:
        if contradiction:
            raise _Fatal(message)
    if args.statistics and not writer_class(args.format).statistics:
        able = ", ".join(name for name in FORMATS if writer_class(name).statistics)
        raise _Fatal(f"--statistics is not available with --format {args.format} (it is with {able})")


def _first_card(targets, paths: list[str]):
    """``targets``, after checking that there is at least one card: a run that checks nothing must not pass.

    The one exception is a run whose paths all name files that ``force-exclude``
    keeps out (a pre-commit hook on a commit that changes only excluded cards):
    it has nothing to check by the user's own choice, says so, and passes
    (None), as ruff does.
    """
    import itertools

    targets = iter(targets)
    first = next(targets, None)
    if first is None and "-" not in paths:
        if all(os.path.isfile(path) for path in paths):
            _say(f"nothing to check: {'the file' if len(paths) == 1 else f'all {len(paths)} files'} named {'is' if len(paths) == 1 else 'are'} excluded (force-exclude)")
            return None
        raise _Fatal(f"no card found in {', '.join(paths)}: folders are searched for files named README.md (excluded and git-ignored ones left out); name a file to lint it")
    return itertools.chain([first], targets) if first is not None else targets


def _lint(args) -> int:
    from cardlint import discover, runner
    from cardlint.api import Sessions
    from cardlint.escape import diff, patch
    from cardlint.report import Tally, plural, writer

    _refuse_contradictions(args)
    resolver = _resolver(args)
    sessions = Sessions(_settle(lambda: resolver.for_folder(Path.cwd())))
    session = _settle(sessions.get)
    if args.show_settings:
        return _show_settings(args.paths or ["."], resolver, sessions)
    if not session.selection.enabled:
        raise _Fatal("no rule enabled: select, extend-select and ignore (on the command line or in the configuration) leave nothing to run")
    baseline = _baseline(args)
    paths = args.paths or ["."]
    report_file = _ReportFile(args.output) if args.output else None
    extras = _extra_reports(args, report_file)
    files = [file for file in (report_file, *(file for _, file in extras)) if file]
    for path in paths:
        named = args.stdin_filename if path == "-" else path
        if named:
            for file in files:
                file.refuse(Path(named), named)
    try:
        targets = _settle(lambda: discover.expand([path for path in paths if path != "-"], Path.cwd(), resolver, progress=not args.quiet))
    except discover.PathError as error:
        raise _Fatal(str(error)) from None
    if args.show_files:
        return _show_files(args, _settled(targets))
    targets = _settle(lambda: _first_card(targets, paths))
    if targets is None:
        return EXIT_OK
    for file in files:
        targets = file.refusing(targets)
    fix_stdin = args.fix and paths == ["-"]
    mode = runner.Mode(hashes="sarif" in (args.format, *(name for name, _ in extras)), fix="diff" if args.diff else "show" if fix_stdin else "write" if args.fix else None, cache=_cache(args, session.config))
    tally = Tally()
    if baseline:
        targets = baseline.watch(targets)
    outcomes = _settled(_outcomes(args, sessions, resolver, targets, mode))
    if baseline:
        outcomes = _hidden(baseline, outcomes, tally)
    fixed_card = None
    try:
        with contextlib.ExitStack() as stack:
            out = stack.enter_context(report_file.opened() if report_file else contextlib.nullcontext(sys.stderr if fix_stdin else sys.stdout))
            if args.diff:
                show = diff if out.isatty() else patch
                for _, outcome in outcomes:
                    _count(tally, outcome._replace(findings=[]))
                    out.write(show(outcome.diff))
            else:
                options = {"statistics": args.statistics, "quiet": args.quiet, "category": args.sarif_category}
                reports = [writer(args.format, out, sessions.rules, colour=_colour(args.output), **options)]
                reports += [writer(name, stack.enter_context(file.opened()), sessions.rules, **options) for name, file in extras]
                for name, outcome in outcomes:
                    _count(tally, outcome)
                    fixed_card = outcome.card
                    for report in reports:
                        report.card(name, outcome.error)
                        report.write(outcome.findings, outcome.context)
                for report in reports:
                    report.finish(tally)
            out.flush()
        if fix_stdin:
            _write_card(fixed_card)
    except BrokenPipeError:
        return _cut(_status(tally, args))
    if args.diff and not args.quiet:
        refused = f"; {tally.refused} not offered" if tally.refused else ""
        _say(f"{plural(tally.fixed, 'fix', 'fixes')} available in {plural(tally.affected, 'file')}{refused}")
    if baseline:
        _close_baseline(args, baseline)
    return _status(tally, args)


def _write_card(card: bytes | None) -> None:
    """``cardlint --fix -``: the card as fixed (or as read, when nothing was fixed) on standard output, byte for byte."""
    if card is not None:
        sys.stdout.buffer.write(card)
        sys.stdout.flush()


def _baseline(args):
    """The baseline named by ``--baseline`` or ``--write-baseline``, read (or checked writable) before any card is linted."""
    if args.diff and (args.baseline or args.write_baseline):
        raise _Fatal("--baseline and --write-baseline report findings; --diff reports none")
    name = args.baseline or args.write_baseline
    if not name:
        return None
    from cardlint import baseline

    if args.output and os.path.realpath(args.output) == os.path.realpath(name):
        raise _Fatal(f"{args.output}: --output is the baseline file; the report would overwrite it")
    try:
        if args.write_baseline:
            return baseline.Baseline.recording(args.write_baseline)
        return baseline.load(args.baseline) if args.baseline else None
    except baseline.BaselineError as error:
        raise _Fatal(str(error)) from None


def _hidden(baseline, outcomes, tally):
    """``outcomes`` (card name, outcome) without the findings ``baseline`` knows: the writer never sees them, and the tally counts them apart."""
    for name, outcome in outcomes:
        shown = baseline.hide(outcome.findings, outcome.context)
        tally.baselined += len(outcome.findings) - len(shown)
        yield name, outcome._replace(findings=shown)


def _close_baseline(args, baseline) -> None:
    """Write a recorded baseline; say what the baseline hid (the text summary line already did) and which entries are stale."""
    from cardlint.baseline import BaselineError
    from cardlint.report import plural

    if args.write_baseline:
        try:
            baseline.write()
        except BaselineError as error:
            raise _Fatal(str(error)) from None
        _say(f"wrote {plural(baseline.hidden, 'finding')} to the baseline {args.write_baseline}")
        return
    if args.format not in ("text", "concise") and not args.quiet:
        _say(f"{plural(baseline.hidden, 'finding')} hidden by the baseline")
    stale = baseline.stale()
    if stale:
        _say(f"{stale} baseline entr{'ies' if stale != 1 else 'y'} no longer match{'' if stale != 1 else 'es'} any finding: run --write-baseline {args.baseline} to drop them")


def _extra_reports(args, report_file) -> list[tuple[str, _ReportFile]]:
    """``--report FORMAT=FILE``: each extra report's format and file, checked before anything is linted.

    Each is written like ``--output`` (never over a card, in place only once
    the run has ended); two reports to one file would leave only the last.
    """
    from cardlint.report import FORMATS

    if args.report and args.diff:
        raise _Fatal("--report cannot be used with --diff, which reports no findings")
    extras = []
    for spec in args.report or ():
        name, equals, output = spec.partition("=")
        if not equals or not output or name not in FORMATS:
            raise _Fatal(f"--report {spec!r}: expected FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}")
        extras.append((name, _ReportFile(output, "--report")))
    taken = set()
    for file in (report_file, *(file for _, file in extras)):
        if file and not file.direct:
            if file.real in taken:
                raise _Fatal(f"{file.output}: two reports would be written to this file")
            taken.add(file.real)
    return extras


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


def _cache(args, config):
    """The result cache of this run; None with ``--no-cache`` and with ``--fix`` or ``--diff`` (which always lint). A folder that cannot be written only makes the run slower."""
    if args.no_cache or args.fix or args.diff:
        return None
    from cardlint import cache

    return cache.Cache.open(cache.default_folder(config, args.cache_dir))


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


def _status(tally, args) -> int:
    """The exit status for what the run has counted so far: each card against its own configuration's fail-on (``--exit-zero``: 0 unless the run failed)."""
    if tally.errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    if args.diff:
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
    """(card name, outcome) in report order: standard input first, then the cards found on the command line.

    A card read from standard input is fixed only when it is the only card
    (``show`` mode: the fixed card goes to standard output); next to other
    cards it is only linted (``--diff`` shows its fixes as for any card).
    Its configuration is the one for ``--stdin-filename``'s folder, else the
    current directory's.
    """
    from collections import deque

    from cardlint import runner, source
    from cardlint.repo import LocalRepo

    if "-" in (args.paths or []):
        name = args.stdin_filename or "-"
        try:
            text = source.decode(sys.stdin.buffer.read(), name)
            repo = LocalRepo(Path(args.stdin_filename).parent) if args.stdin_filename else None
            config = resolver.for_folder(os.path.realpath(Path(args.stdin_filename).parent)) if args.stdin_filename else None
            outcome = runner.lint_one(sessions.get(config), text, repo, mode._replace(fix=None) if mode.fix == "write" else mode)
            yield name, outcome._replace(card=outcome.card or text.raw) if mode.fix == "show" else outcome
        except source.SourceError as error:
            yield name, runner.Outcome([], {}, str(error))
    names: deque = deque()

    def named(each):
        for target in each:
            names.append(target.display)
            yield target

    for outcome in runner.run(sessions, named(targets), args.jobs or runner.default_jobs(), mode):
        yield names.popleft(), outcome


def _count(tally, outcome) -> None:
    """Add one card's outcome to the tally; its error goes to standard error at once."""
    tally.files += 1
    tally.fixed += outcome.fixed
    tally.refused += outcome.refused
    if outcome.error:
        tally.errors.append(outcome.error)
        _say(f"error: {outcome.error}")
    if outcome.diff:
        tally.affected += 1
    tally.add(outcome.findings, outcome.fail_on)


class _ReportFile:
    """``--output FILE`` or a ``--report`` file, which must never be one of the cards (``cardlint -o README.md README.md``).

    Cards found in folders are only known as the walk reaches them, so the
    report goes to a temporary file next to FILE and replaces it when the run
    ends: a run stopped for any reason, such as meeting FILE among the cards,
    leaves FILE as it was. A FILE that is not a regular file (``/dev/null``, a
    pipe) cannot be a card and is written directly.
    """

    def __init__(self, output: str, option: str = "--output") -> None:
        self.output = output
        self.option = option
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
            raise _Fatal(f"{self.output}: {self.option} is the card {display}; the report would overwrite it")

    def refusing(self, targets):
        """``targets``, each checked by :meth:`refuse` before it is linted.

        Writing to a FILE that is not a regular file (``/dev/null``, a pipe)
        overwrites no card, so then the cards found are not asked about.
        """
        if self.direct:
            yield from targets
            return
        for target in targets:
            if hasattr(target, "path"):
                self.refuse(target.path, target.display)
            yield target

    @contextlib.contextmanager
    def opened(self):
        """The handle to write the report to; FILE holds it once the run has ended."""
        temporary = None
        try:
            if self.direct:
                handle = open(self.output, "w", encoding="utf-8")
            else:
                import tempfile

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
