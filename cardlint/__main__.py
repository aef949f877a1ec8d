"""``python -m cardlint`` runs the same entry point as the console script.

``python -m`` puts the current directory first on ``sys.path``, where the
console script puts its own folder. Unless cardlint itself was found there
(a source checkout), it is dropped, as ``python -P`` would, so that a
checkout's ``json.py`` or ``*.dist-info`` folder is not imported in place of
the installed one.
"""

import os
import sys

_FIRST = os.path.abspath(sys.path[0] or os.curdir) if sys.path else None
if _FIRST == os.getcwd() and not sys.flags.safe_path and os.path.dirname(os.path.dirname(os.path.abspath(__file__))) != _FIRST:
    del sys.path[0]

from cardlint.cli import main  # noqa: E402

raise SystemExit(main())
