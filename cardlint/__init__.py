"""cardlint: lint Hugging Face model cards before they reach the Hub.

The public API is :func:`lint_text` and :func:`lint_file`; the command line is
built on them. Both are imported lazily so that ``import cardlint`` stays cheap
for tools that only want ``__version__``.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "lint_file", "lint_text"]


def __getattr__(name):
    if name in ("lint_file", "lint_text"):
        from cardlint import api

        return getattr(api, name)
    raise AttributeError(f"module 'cardlint' has no attribute {name!r}")
