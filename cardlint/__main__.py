"""``python -m cardlint`` runs the same entry point as the console script.

``python -m`` puts the current directory first on ``sys.path``, where the
console script puts its own folder. Unless cardlint itself was found there
(a source checkout), it is dropped, as ``python -P`` would, so that a
checkout's ``json.py`` or ``*.dist-info`` folder is not imported in place of
the installed one.
"""

import os
import sys


def _drop_working_directory() -> None:
    if not sys.path or sys.flags.safe_path:
        return
    try:
        first, here = os.path.abspath(sys.path[0] or os.curdir), os.getcwd()
    except OSError:  # the working directory is gone, and nothing can be imported from it
        return
    if first == here and os.path.dirname(os.path.dirname(os.path.abspath(__file__))) != first:
        del sys.path[0]


_drop_working_directory()

from cardlint.cli import main  # noqa: E402

raise SystemExit(main())
