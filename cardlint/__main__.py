"""``python -m cardlint`` runs the same entry point as the console script."""

from cardlint.cli import main

raise SystemExit(main())
