"""cardlint: lint Hugging Face model cards before they reach the Hub.

The public API is :func:`lint_text` and :func:`lint_file`; the command line is
built on them. Both are imported lazily so that ``import cardlint`` stays cheap
for tools that only want ``__version__``.
"""

__version__ = "0.1.0"

__all__ = ["Config", "ConfigError", "Finding", "Severity", "SourceError", "__version__", "lint_file", "lint_text"]

_LAZY = {
    "lint_file": "cardlint.api",
    "lint_text": "cardlint.api",
    "Config": "cardlint.config",
    "ConfigError": "cardlint.config",
    "Finding": "cardlint.model",
    "Severity": "cardlint.model",
    "SourceError": "cardlint.source",
}


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cardlint' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
