"""Reading evaluation values: which are numbers, and every metric value a card reports.

A value may be a number, or a string holding a number with its uncertainty
(``"20.0 ± 1.2"``, huggingface_hub's own example): both count as numbers. The
values come from the card's ``model-index`` and from the ``.eval_results``
files next to it, each with the path and file where it was written.

Values may be of any size: a 400-digit integer or ``1e309`` is a number too
large for a float, read as an infinite one, and shown shortened in messages.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from cardlint.patterns import lazy

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_PLAIN = lazy(rf"^\s*({_NUMBER})\s*$")
_UNCERTAIN = lazy(rf"^\s*({_NUMBER})\s*(?:±|\+/-|\+-)\s*{_NUMBER}\s*$")
_PERCENT = lazy(rf"^\s*(?:[~≈]\s*)?({_NUMBER})\s*%\s*$")
"""``50%``, ``~ 50 %``; the spaces before and after ``~`` are one run when it is missing, read by one quantifier."""
_AT_CUTOFF = lazy(r"(?:_at_|@)\s*(?:\d+|k)\b", re.IGNORECASE)
_SHOWN = 40


class MetricValue(NamedTuple):
    """One reported value. ``file`` is None for the card's model-index, else an ``.eval_results`` file;
    ``metric`` is the model-index metric mapping the value belongs to."""

    path: tuple
    metric_type: str | None
    raw: Any
    file: str | None = None
    metric: dict | None = None

    @property
    def number(self) -> float | None:
        return number(self.raw)


def number(value: Any) -> float | None:
    """The numeric value, or None when ``value`` is not a number (booleans and NaN are not).

    A number beyond a float's range (``1e309``, a 400-digit integer) is infinite, so it
    still compares with every range.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, str):
        match = _PLAIN.match(value) or _UNCERTAIN.match(value)
        if match:
            return float(match.group(1))
    return None


def shown(value: Any) -> str:
    """``value`` for a message: a number as written, YAML's words for empty and booleans, anything else quoted; long ones shortened."""
    if value is None or isinstance(value, bool):
        return {None: "empty", True: "true", False: "false"}[value]
    if isinstance(value, int):
        try:
            text = str(value)
        except ValueError:
            return "a number of more than 4300 digits"
        digits = len(text.lstrip("-"))
        return text if digits <= 20 else f"{text[:8]}... ({digits} digits)"
    if isinstance(value, float):
        return f"{value:g}"
    return repr(_shortened(value)) if isinstance(value, str) else _shortened(repr(value))


def as_written(value: Any) -> str:
    """A number as the card writes it, unquoted: ``0.93`` for ``"0.93"``, ``20.0 ± 1.2`` stays whole."""
    return _shortened(value.strip()) if isinstance(value, str) else shown(value)


def _shortened(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def at_cutoff(metric_type: str) -> bool:
    """A retrieval metric at a cutoff (``ndcg_at_10``, ``precision_at_1000``, ``recall@5``, ``pass@k``).

    Across tasks their values legitimately run from well under 1% to near 100%, so a value
    below 1 says nothing about its scale.
    """
    return _AT_CUTOFF.search(metric_type) is not None


def quoted_number(value: Any) -> bool:
    """True for a plain number written as a string: ``"0.91"`` (not ``"20.0 ± 1.2"``)."""
    return isinstance(value, str) and _PLAIN.match(value) is not None


def percent_text(value: Any) -> str | None:
    """The number in ``"50%"`` or ``"~50%"``, as written, else None."""
    match = _PERCENT.match(value) if isinstance(value, str) else None
    return match.group(1) if match else None


def model_index_results(metadata: dict):
    """(path, result) for every ``model-index[i].results[j]`` mapping."""
    entries = metadata.get("model-index")
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        results = entry.get("results") if isinstance(entry, dict) else None
        for j, result in enumerate(results if isinstance(results, list) else []):
            if isinstance(result, dict):
                yield ("model-index", i, "results", j), result


def model_index_values(metadata: dict):
    """Every ``model-index[i].results[j].metrics[k].value`` that is present, with its metric mapping."""
    for path, result in model_index_results(metadata):
        metrics = result.get("metrics")
        for k, metric in enumerate(metrics if isinstance(metrics, list) else []):
            if isinstance(metric, dict) and "value" in metric:
                metric_type = metric.get("type")
                yield MetricValue((*path, "metrics", k, "value"), metric_type if isinstance(metric_type, str) else None, metric["value"], None, metric)


def eval_results_values(file: str, data: Any):
    """Every ``value`` of an ``.eval_results`` file (these carry no metric type)."""
    for index, item in enumerate(data if isinstance(data, list) else []):
        if isinstance(item, dict) and "value" in item:
            yield MetricValue((index, "value"), None, item["value"], file)
