"""CL108: a `model-index` huggingface_hub cannot parse, one finding per entry."""

from cardlint.model import Problem, format_key_path
from cardlint.rule import rule
from cardlint.schema import describe

_HELP = "each result needs `task: {type}`, `dataset: {type, name}` and `metrics: [{type, value}]`; see https://huggingface.co/docs/hub/model-cards#evaluation-results"

_REQUIRED_INSIDE = {"task": ("type",), "dataset": ("type", "name")}
"""What huggingface_hub reads with ``[]`` inside a result's mapping: a missing ``dataset`` is a missing type and name."""


@rule("CL108", "model-index-shape", "error", "`model-index` that huggingface_hub cannot parse")
def model_index_shape(card, options):
    """
    ## What it does
    Checks the shape of `model-index`: a non-empty list of entries with a
    `name` and `results`, each result with `task.type`, `dataset.type` and
    `dataset.name`, and `metrics` whose items have a `type` and a `value`.
    Each entry gets one finding that lists everything it lacks (`results[0]
    lacks dataset.type, dataset.name; results[1] lacks metrics[0].value`),
    at the one place that is wrong, else at the one result that is, else at
    the entry.

    ## Why is this bad?
    huggingface_hub fails with "Invalid `model_index` in metadata cannot be
    parsed" (or silently drops every result with `ignore_metadata_errors`),
    so every tool built on it (leaderboards, scripts that read or update the
    card) gets no evaluation results.

    ## Example
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task:
          type: text-classification
        metrics:
        - type: accuracy
          value: 0.91
    ---
    ```

    ## Use instead
    ```markdown
    ---
    model-index:
    - name: my-model
      results:
      - task:
          type: text-classification
        dataset:
          type: stanfordnlp/imdb
          name: IMDB
        metrics:
        - type: accuracy
          value: 0.91
    ---
    ```
    """
    entries: dict[int, list] = {}
    for violation in card.violations:
        if violation.rule != "CL108":
            continue
        if len(violation.path) > 2:
            entries.setdefault(violation.path[1], []).append(violation)
        else:
            yield Problem(card.locate(violation.path), describe(violation), key_path=violation.key_path, help=_HELP)
    for index, found in entries.items():
        entry = ("model-index", index)
        path = found[0].path if len(found) == 1 else _common_place(found, entry)
        message = f"`{format_key_path(entry)}` cannot be parsed by huggingface_hub (`ModelCard.load` raises): {_defects(found, _result_count(card.metadata, index))}"
        yield Problem(card.locate(path), message, key_path=format_key_path(path), help=_HELP)


def _common_place(violations, entry: tuple) -> tuple:
    """The one result all the violations are in, else the entry."""
    places = [violation.path[:-1] if violation.keyword == "required" else violation.path for violation in violations]
    result = places[0][:4]
    return result if len(result) == 4 and all(place[:4] == result for place in places) else entry


def _result_count(metadata: dict, index: int) -> int:
    results = metadata["model-index"][index].get("results")
    return len(results) if isinstance(results, list) else 0


def _defects(violations, result_count: int) -> str:
    """What one entry lacks, result by result; results that lack the same keys are named together."""
    missing: dict[tuple, list[str]] = {}
    others = []
    for violation in violations:
        inside = violation.path[2:]
        if violation.keyword == "minItems":
            others.append(f"`{format_key_path(inside)}` is an empty list")
            continue
        if violation.keyword != "required":
            others.append(describe(violation._replace(path=inside)))
            continue
        scope = inside[:2] if len(inside) > 2 and inside[0] == "results" else inside[:-1]
        key = inside[len(scope):]
        expanded = [(*key, part) for part in _REQUIRED_INSIDE.get(key[-1], ())] if len(key) == 1 else []
        missing.setdefault(scope, []).extend(f"`{format_key_path(item)}`" for item in expanded or [key])
    by_keys: dict[tuple, list[tuple]] = {}
    for scope, keys in missing.items():
        by_keys.setdefault(tuple(keys), []).append(scope)
    parts = [f"{_scopes(scopes, result_count)} {'lacks' if len(scopes) == 1 else 'lack'} {', '.join(keys)}" for keys, scopes in by_keys.items()]
    return "; ".join(parts + others)


def _scopes(scopes: list[tuple], result_count: int) -> str:
    if scopes == [()]:
        return "the entry"
    if len(scopes) > 2 and len(scopes) == result_count:
        return f"all {result_count} results"
    return ", ".join(format_key_path(scope) for scope in scopes)
