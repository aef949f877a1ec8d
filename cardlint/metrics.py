"""Reading evaluation values: which are numbers, and every metric value a card reports.

A value may be a number, or a string holding a number with its uncertainty
(``"20.0 ± 1.2"``, huggingface_hub's own example): both count as numbers. The
values come from the card's ``model-index`` and from the ``.eval_results``
files next to it, each with the path and file where it was written.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_PLAIN = re.compile(rf"^\s*({_NUMBER})\s*$")
_UNCERTAIN = re.compile(rf"^\s*({_NUMBER})\s*(?:±|\+/-|\+-)\s*{_NUMBER}\s*$")
_PERCENT = re.compile(rf"^\s*(?:[~≈]\s*)?({_NUMBER})\s*%\s*$")
"""``50%``, ``~ 50 %``; the spaces before and after ``~`` are one run when it is missing, read by one quantifier."""


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
    """The numeric value, or None when ``value`` is not a number (booleans are not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        match = _PLAIN.match(value) or _UNCERTAIN.match(value)
        if match:
            return float(match.group(1))
    return None


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
