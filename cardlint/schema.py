"""Validating metadata against the JSON Schemas in ``schemas/`` and keeping one violation per root cause.

The validator is built once per process. Each violation carries the id of
the rule that owns it, read from the nearest ``x-cardlint-rule`` annotation on
the schema path, so the schema alone decides which rule reports what (and an
``x-cardlint-help`` annotation what to write instead, see :func:`hint`). An
annotation is a rule id for every keyword below it, or a mapping from keyword
to rule id (``{"enum": "CL101"}``: a wrong type there stays a CL100 finding). Errors
are reduced before they reach rules: a wrong type hides the other errors at
the same place, and ``anyOf``/``oneOf`` failures are replaced by the errors of
the branch that came closest, instead of a cascade of alternatives.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from cardlint.model import format_key_path
from cardlint.resources import load_json

GENERIC_RULE = "CL100"
_OWNER = "x-cardlint-rule"


class Violation(NamedTuple):
    """One schema violation at ``path`` (the missing key's path for ``required``).

    ``alike`` counts the further items of the same list that fail the same way
    (a list of 300 config names in the old format is one finding, not 300).
    """

    path: tuple
    keyword: str
    instance: Any
    schema: dict
    rule: str
    alike: int = 0

    @property
    def key_path(self) -> str:
        return format_key_path(self.path)


def schema_for(name: str) -> dict:
    """The schema ``schemas/<name>.schema.json``: ``modelcard``, ``rulepack``, ..."""
    return load_json("schemas", f"{name}.schema.json")


@functools.cache
def _validator(name: str):
    import jsonschema

    def enum(validator, enums, instance, schema):
        members = _string_set(enums)
        if members is not None and isinstance(instance, str):
            if instance not in members:
                yield jsonschema.ValidationError(f"{instance!r} is not one of the allowed values")
            return
        yield from jsonschema.Draft202012Validator.VALIDATORS["enum"](validator, enums, instance, schema)

    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"enum": enum})
    return cls(schema_for(name))


_STRING_SETS: dict[int, frozenset | None] = {}


def _string_set(values: list) -> frozenset | None:
    """An all-string enum as a set, built once: the language enum has 8,000 codes and a scan per value is slow."""
    key = id(values)
    if key not in _STRING_SETS:
        _STRING_SETS[key] = frozenset(values) if set(map(type, values)) == {str} else None
    return _STRING_SETS[key]


def validate(data: Any, name: str) -> list[Violation]:
    """Violations of ``data`` against schema ``name``, one per root cause.

    Most metadata is valid: a quick pass (:func:`quick_valid`) says so
    without jsonschema, which is imported and run only for the rest.
    """
    schema = schema_for(name)
    try:
        if quick_valid(data, schema, schema):
            return []
    except _Unsure:
        pass
    validator = _validator(name)
    schema = validator.schema
    errors = [leaf for error in validator.iter_errors(data) for leaf in _leaves(error)]
    typed = {tuple(error.absolute_path) for error in errors if error.validator == "type"}
    violations: list[Violation] = []
    first_of: dict = {}
    seen = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator != "type" and any(path[: len(prefix)] == prefix for prefix in typed if len(prefix) <= len(path)):
            continue
        if error.validator == "required":
            path = (*path, _missing_key(error))
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            path = (*path, next((key for key in error.instance if key not in known), ""))
        key = (path, error.validator)
        if key in seen:
            continue
        seen.add(key)
        sibling = _sibling_key(path, error)
        if sibling is not None and sibling in first_of:
            index = first_of[sibling]
            violations[index] = violations[index]._replace(alike=violations[index].alike + 1)
            continue
        if sibling is not None:
            first_of[sibling] = len(violations)
        violations.append(Violation(path, error.validator, error.instance, error.schema, _owner(schema, error)))
    return violations


class _Unsure(Exception):
    """The quick pass met a keyword or value whose meaning it does not reproduce exactly; jsonschema decides."""


_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated", "format"})
"""Keywords that never make an instance invalid (``format`` only annotates: the validator has no format checker)."""


def quick_valid(instance: Any, node: Any, root: dict) -> bool:
    """True when ``instance`` is valid against the schema ``node`` (in ``root``), exactly as jsonschema's Draft 2020-12 judges.

    Only the keywords cardlint's schemas use are reproduced, for the values
    they use (string enums and consts, local ``$ref``); anything else raises
    :class:`_Unsure`. A test holds the answer equal to jsonschema's on every
    card of both corpora. Types follow jsonschema's checker: a bool is not a
    number, a whole float is an integer, a date is none of the types.
    """
    if node is True:
        return True
    if node is False:
        return False
    if not isinstance(node, dict):
        raise _Unsure(type(node).__name__)
    for keyword, value in node.items():
        if keyword in _ANNOTATIONS or keyword.startswith("x-") or keyword in ("then", "else"):
            continue
        check = _QUICK.get(keyword)
        if check is None:
            raise _Unsure(keyword)
        if not check(instance, value, node, root):
            return False
    return True


def _is_type(instance: Any, name: str) -> bool:
    if name == "integer":
        return (isinstance(instance, int) and not isinstance(instance, bool)) or (isinstance(instance, float) and instance.is_integer())
    if name == "number":
        return isinstance(instance, (int, float)) and not isinstance(instance, bool)
    kind = _PYTHON_TYPES.get(name)
    if kind is None:
        raise _Unsure(name)
    return isinstance(instance, kind) and (name == "boolean" or not isinstance(instance, bool))


_PYTHON_TYPES = {"string": str, "boolean": bool, "null": type(None), "object": dict, "array": list}


def _quick_type(instance, value, node, root) -> bool:
    return any(_is_type(instance, name) for name in ([value] if isinstance(value, str) else value))


def _quick_enum(instance, value, node, root) -> bool:
    members = _string_set(value)
    if members is None:
        raise _Unsure("enum")
    return isinstance(instance, str) and instance in members


def _quick_const(instance, value, node, root) -> bool:
    if not isinstance(value, str):
        raise _Unsure("const")
    return isinstance(instance, str) and instance == value


def _quick_ref(instance, value, node, root) -> bool:
    if not value.startswith("#/") or "~" in value or "%" in value:
        raise _Unsure(value)
    return quick_valid(instance, _resolve(root, value), root)


def _quick_properties(instance, value, node, root) -> bool:
    return not isinstance(instance, dict) or all(quick_valid(instance[key], sub, root) for key, sub in value.items() if key in instance)


def _quick_additional(instance, value, node, root) -> bool:
    if "patternProperties" in node:
        raise _Unsure("patternProperties")
    known = node.get("properties", {})
    return not isinstance(instance, dict) or all(quick_valid(item, value, root) for key, item in instance.items() if key not in known)


def _quick_items(instance, value, node, root) -> bool:
    if "prefixItems" in node:
        raise _Unsure("prefixItems")
    return not isinstance(instance, list) or all(quick_valid(item, value, root) for item in instance)


def _quick_contains(instance, value, node, root) -> bool:
    if "minContains" in node or "maxContains" in node:
        raise _Unsure("minContains")
    return not isinstance(instance, list) or any(quick_valid(item, value, root) for item in instance)


def _quick_if(instance, value, node, root) -> bool:
    branch = "then" if quick_valid(instance, value, root) else "else"
    return quick_valid(instance, node.get(branch, True), root)


def _quick_pattern(instance, value, node, root) -> bool:
    return not isinstance(instance, str) or _pattern(value).search(instance) is not None


@functools.cache
def _pattern(text: str):
    import re

    return re.compile(text)


def _numeric(instance) -> bool:
    return isinstance(instance, (int, float)) and not isinstance(instance, bool)


_QUICK = {
    "type": _quick_type,
    "enum": _quick_enum,
    "const": _quick_const,
    "$ref": _quick_ref,
    "properties": _quick_properties,
    "additionalProperties": _quick_additional,
    "required": lambda instance, value, node, root: not isinstance(instance, dict) or all(key in instance for key in value),
    "items": _quick_items,
    "contains": _quick_contains,
    "minItems": lambda instance, value, node, root: not isinstance(instance, list) or len(instance) >= value,
    "maxItems": lambda instance, value, node, root: not isinstance(instance, list) or len(instance) <= value,
    "minLength": lambda instance, value, node, root: not isinstance(instance, str) or len(instance) >= value,
    "maxLength": lambda instance, value, node, root: not isinstance(instance, str) or len(instance) <= value,
    "minimum": lambda instance, value, node, root: not _numeric(instance) or instance >= value,
    "maximum": lambda instance, value, node, root: not _numeric(instance) or instance <= value,
    "pattern": _quick_pattern,
    "if": _quick_if,
    "allOf": lambda instance, value, node, root: all(quick_valid(instance, sub, root) for sub in value),
    "anyOf": lambda instance, value, node, root: any(quick_valid(instance, sub, root) for sub in value),
    "oneOf": lambda instance, value, node, root: sum(quick_valid(instance, sub, root) for sub in value) == 1,
    "not": lambda instance, value, node, root: not quick_valid(instance, value, root),
}


def _sibling_key(path: tuple, error):
    """What list items failing in the same way share: the list, the schema keyword, the item's type."""
    if not path or not isinstance(path[-1], int) or error.validator not in ("type", "required"):
        return None
    required = _missing_key(error) if error.validator == "required" else None
    return (path[:-1], tuple(error.relative_schema_path), type_name(error.instance) if error.validator == "type" else required)


def _leaves(error):
    """The errors worth reporting: for anyOf/oneOf, those of the branch that got furthest."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[int, list] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        best = min(branches.values(), key=lambda subs: (all(sub.validator == "type" for sub in subs), -max(len(sub.absolute_path) for sub in subs)))
        for sub in best:
            yield from _leaves(sub)
        return
    yield error


def _missing_key(error) -> str:
    import ast

    text = error.message.split(" is a required property")[0]
    try:
        return str(ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return text


def _owner(schema: dict, error) -> str:
    """The deepest ``x-cardlint-rule`` along the error's schema path.

    jsonschema's schema path steps through ``$ref`` without naming it, so a
    step that is not in the current subschema is looked up in its reference.
    """
    keyword = error.validator
    owner = _annotation(schema, keyword, GENERIC_RULE)
    node: Any = schema
    for part in error.schema_path:
        while isinstance(node, dict) and part not in node and "$ref" in node:
            node = _resolve(schema, node["$ref"])
            owner = _annotation(node, keyword, owner)
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            break
        if isinstance(node, dict):
            owner = _annotation(node, keyword, owner)
    return owner


def _annotation(node: dict, keyword: str, inherited: str) -> str:
    """A rule id for every keyword (``"CL108"``), or per keyword (``{"enum": "CL101"}``)."""
    annotation = node.get(_OWNER)
    if isinstance(annotation, dict):
        return annotation.get(keyword, inherited)
    return annotation or inherited


def _resolve(schema: dict, ref: str) -> Any:
    node: Any = schema
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


_TYPE_NAMES = {
    "string": "a string",
    "array": "a list",
    "object": "a mapping",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "empty",
}


def type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _looks_like_placeholder(value: Any) -> bool:
    """``{license}`` or ``[model_name]``: YAML reads a template slot as a one-item mapping or list."""
    if isinstance(value, dict):
        return len(value) == 1 and next(iter(value.values())) is None
    if isinstance(value, list):
        return len(value) == 1 and isinstance(value[0], str) and value[0].replace("_", "").isalnum()
    return False


_JSON_TYPES = {"a string": "string", "a list": "array", "a mapping": "object", "a number": "number", "true/false": "boolean", "empty": "null"}


def hint(violation: Violation) -> str | None:
    """What to write instead, from the ``x-cardlint-help`` annotation of the failing subschema, keyed by the JSON type found there.

    The schema keeps such advice next to the definition it explains (the list
    form of ``widget`` for skops' ``structuredData`` mapping), so no rule has to
    know about one key.
    """
    advice = violation.schema.get("x-cardlint-help")
    if not isinstance(advice, dict):
        return None
    return advice.get(_JSON_TYPES.get(type_name(violation.instance), ""))


def describe(violation: Violation) -> str:
    """A plain-language message for any violation, used by CL100 and as a fallback."""
    message = _describe(violation)
    if violation.alike:
        message += f" (and {violation.alike} more item{'s' if violation.alike != 1 else ''} of `{format_key_path(violation.path[:-1])}` like it)"
    return message


def _describe(violation: Violation) -> str:
    where = f"`{violation.key_path}`" if violation.path else "the metadata"
    schema = violation.schema
    keyword = violation.keyword
    if keyword == "type":
        expected = schema.get("type")
        names = [_TYPE_NAMES.get(name, name) for name in (expected if isinstance(expected, list) else [expected])]
        wanted = " or ".join(names)
        if violation.instance is None:
            return f"{where} has no value; it must be {wanted} (the Hub rejects empty values: fill it in or remove the key)"
        message = f"{where} must be {wanted}, not {type_name(violation.instance)}"
        if _looks_like_placeholder(violation.instance):
            message += " (an unrendered template placeholder?)"
        return message
    if keyword == "required":
        parent = format_key_path(violation.path[:-1]) or "the metadata"
        return f"`{parent}` is missing the required key `{violation.path[-1]}`"
    if keyword == "enum":
        allowed = schema.get("enum", [])
        shown = ", ".join(repr(value) for value in allowed[:12]) + (", ..." if len(allowed) > 12 else "")
        return f"{where} is {violation.instance!r}, which is not one of the allowed values ({shown})"
    if keyword == "pattern":
        return f"{where} is {violation.instance!r}, which does not have the expected form"
    if keyword == "additionalProperties":
        from cardlint.suggest import closest

        parent = format_key_path(violation.path[:-1]) or "the top level"
        known = list(schema.get("properties", {}))
        guess = closest(str(violation.path[-1]), known, cutoff=0.6)
        hint = f"; did you mean `{guess}`?" if guess else f" (known: {', '.join(known)})"
        return f"`{violation.path[-1]}` is not a key of `{parent}`{hint}"
    if keyword == "minItems":
        return f"{where} is an empty list; give at least one item or remove the key"
    if keyword == "minLength":
        return f"{where} is an empty string; fill it in or remove the key"
    return f"{where} is not valid: {keyword} {schema.get(keyword)!r}"
