"""Validating metadata against the JSON Schemas in ``schemas/`` and keeping one violation per root cause.

The schemas' keywords are walked here (see :func:`validate`); jsonschema's
validator, built once per process, answers only where the walk is unsure.
Each violation carries the id of the rule that owns it, read from the nearest
``x-cardlint-rule`` annotation on the schema path, so the schema alone
decides which rule reports what (and an ``x-cardlint-help`` annotation what
to write instead, see :func:`hint`). An annotation is a rule id for every
keyword below it, or a mapping from keyword to rule id (``{"enum": "CL101"}``:
a wrong type there stays a CL100 finding). Errors are reduced before they
reach rules: a wrong type hides the other errors at the same place, and
``anyOf``/``oneOf`` failures are replaced by the errors of the branch that
came closest, instead of a cascade of alternatives.
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

    Most metadata is valid, and a quick pass (:func:`quick_valid`) says so
    without jsonschema. The rest is walked by :func:`_failures`, which finds
    what jsonschema's ``iter_errors`` finds for the keywords cardlint's
    schemas use; importing jsonschema and building its validator costs more
    than linting a card does, so jsonschema is asked only where that walk is
    unsure. A test holds both answers equal on every card of both corpora and
    on mutations of them.
    """
    schema = schema_for(name)
    try:
        if quick_valid(data, schema, schema):
            return []
        failures = list(_failures(data, schema, schema, (), ()))
    except _Unsure:
        failures = _jsonschema_failures(data, name)
    return _reduce(failures, schema)


class _Failure(NamedTuple):
    """One failing keyword, whichever walk found it: what :func:`_reduce` needs of a jsonschema ``ValidationError``."""

    keyword: str
    path: tuple
    """Where in the instance, from its root."""
    instance: Any
    schema: dict
    """The subschema that holds ``keyword``."""
    schema_path: tuple
    """Where in the schema, from its root, named as jsonschema's ``absolute_schema_path`` names it: ``then``/``else`` appear, ``$ref`` and ``if`` do not."""
    missing: str | None = None
    """The key a ``required`` failure misses."""
    context: tuple = ()
    """The failures of every branch, for ``anyOf`` and ``oneOf``."""


def _jsonschema_failures(data: Any, name: str) -> list[_Failure]:
    return [_from_jsonschema(error) for error in _validator(name).iter_errors(data)]


def _from_jsonschema(error) -> _Failure:
    missing = _missing_key(error.message) if error.validator == "required" else None
    context = tuple(_from_jsonschema(sub) for sub in error.context)
    return _Failure(error.validator, tuple(error.absolute_path), error.instance, error.schema, tuple(error.absolute_schema_path), missing, context)


def _reduce(failures: list[_Failure], schema: dict) -> list[Violation]:
    """One violation per root cause: a wrong type hides the rest at its place, alike list items are counted once."""
    leaves = [leaf for failure in failures for leaf in _leaves(failure)]
    typed = {leaf.path for leaf in leaves if leaf.keyword == "type"}
    violations: list[Violation] = []
    first_of: dict = {}
    seen = set()
    for leaf in leaves:
        path = leaf.path
        if leaf.keyword != "type" and any(path[: len(prefix)] == prefix for prefix in typed if len(prefix) <= len(path)):
            continue
        if leaf.keyword == "required":
            path = (*path, leaf.missing)
        elif leaf.keyword == "additionalProperties" and isinstance(leaf.instance, dict):
            known = leaf.schema.get("properties", {})
            path = (*path, next((key for key in leaf.instance if key not in known), ""))
        key = (path, leaf.keyword)
        if key in seen:
            continue
        seen.add(key)
        sibling = _sibling_key(path, leaf)
        if sibling is not None and sibling in first_of:
            index = first_of[sibling]
            violations[index] = violations[index]._replace(alike=violations[index].alike + 1)
            continue
        if sibling is not None:
            first_of[sibling] = len(violations)
        violations.append(Violation(path, leaf.keyword, leaf.instance, leaf.schema, _owner(schema, leaf)))
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
    for keyword, value in _judging(node):
        check = _QUICK.get(keyword)
        if check is None:
            raise _Unsure(keyword)
        if not check(instance, value, node, root):
            return False
    return True


def _judging(node: Any) -> tuple:
    """(keyword, value) of each keyword of the schema ``node`` that judges an instance.

    Annotations and ``x-`` keys judge nothing; ``then`` and ``else`` are read
    by ``if``. A node that is not a mapping (``false`` among them) is left to
    jsonschema. Read once per node and kept (with the node, so that an id is
    never taken for another node's): every card walks the same nodes, and
    filtering their keys again cost a third of validating one.
    """
    known = _JUDGING.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    if not isinstance(node, dict):
        raise _Unsure(type(node).__name__)
    pairs = tuple((keyword, value) for keyword, value in node.items() if keyword not in _ANNOTATIONS and not keyword.startswith("x-") and keyword not in ("then", "else"))
    _JUDGING[id(node)] = (node, pairs)
    return pairs


_JUDGING: dict[int, tuple[dict, tuple]] = {}


def _local(root: dict, ref: str) -> Any:
    """The subschema a ``#/...`` reference names in ``root``; any other reference is left to jsonschema."""
    if not ref.startswith("#/") or "~" in ref or "%" in ref:
        raise _Unsure(ref)
    return _resolve(root, ref)


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
    if isinstance(value, str):
        return _is_type(instance, value)
    return any(_is_type(instance, name) for name in value)


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
    return quick_valid(instance, _local(root, value), root)


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


def _failures(instance: Any, node: Any, root: dict, path: tuple, at: tuple):
    """The failing keywords of ``instance`` against ``node`` (at ``at`` in ``root``), in the order jsonschema's ``iter_errors`` yields them.

    Leaf keywords are judged by the quick pass's checks; the applicators
    descend as jsonschema's do (``$ref`` and ``if`` do not appear in the
    schema path, ``then``/``else`` do). Extra keys under a schema-valued
    ``additionalProperties`` come in the order the card wrote them, where
    jsonschema takes them from a set. Anything the quick pass is unsure of
    raises :class:`_Unsure`, and jsonschema is asked instead.
    """
    if node is True:
        return
    for keyword, value in _judging(node):
        descend = _DESCEND.get(keyword)
        if descend is not None:
            yield from descend(instance, value, node, root, path, at)
            continue
        check = _QUICK.get(keyword)
        if check is None:
            raise _Unsure(keyword)
        if keyword == "required":
            if isinstance(instance, dict):
                for key in value:
                    if key not in instance:
                        yield _Failure(keyword, path, instance, node, (*at, keyword), missing=key)
        elif not check(instance, value, node, root):
            if keyword == "oneOf":
                raise _Unsure("oneOf")
            yield _Failure(keyword, path, instance, node, (*at, keyword))


def _descend_ref(instance, value, node, root, path, at):
    yield from _failures(instance, _local(root, value), root, path, at)


def _descend_properties(instance, value, node, root, path, at):
    if isinstance(instance, dict):
        for key, sub in value.items():
            if key in instance:
                yield from _failures(instance[key], sub, root, (*path, key), (*at, "properties", key))


def _descend_additional(instance, value, node, root, path, at):
    if "patternProperties" in node:
        raise _Unsure("patternProperties")
    if not isinstance(instance, dict):
        return
    known = node.get("properties", {})
    extras = [key for key in instance if key not in known]
    if isinstance(value, dict):
        for key in extras:
            yield from _failures(instance[key], value, root, (*path, key), (*at, "additionalProperties"))
    elif value is False:
        if extras:
            yield _Failure("additionalProperties", path, instance, node, (*at, "additionalProperties"))
    elif value is not True:
        raise _Unsure("additionalProperties")


def _descend_items(instance, value, node, root, path, at):
    if "prefixItems" in node or value is False:
        raise _Unsure("items")
    if isinstance(instance, list):
        for index, item in enumerate(instance):
            yield from _failures(item, value, root, (*path, index), (*at, "items"))


def _descend_if(instance, value, node, root, path, at):
    branch = "then" if quick_valid(instance, value, root) else "else"
    if branch in node:
        yield from _failures(instance, node[branch], root, path, (*at, branch))


def _descend_all_of(instance, value, node, root, path, at):
    for index, sub in enumerate(value):
        yield from _failures(instance, sub, root, path, (*at, "allOf", index))


def _descend_any_of(instance, value, node, root, path, at):
    context: list[_Failure] = []
    for index, sub in enumerate(value):
        found = list(_failures(instance, sub, root, path, (*at, "anyOf", index)))
        if not found:
            return
        context += found
    yield _Failure("anyOf", path, instance, node, (*at, "anyOf"), context=tuple(context))


_DESCEND = {
    "$ref": _descend_ref,
    "properties": _descend_properties,
    "additionalProperties": _descend_additional,
    "items": _descend_items,
    "if": _descend_if,
    "allOf": _descend_all_of,
    "anyOf": _descend_any_of,
}
"""Keywords that apply subschemas, each yielding the failures under it.

A failing ``oneOf`` is left to jsonschema (its report depends on how many
branches pass); ``not`` and ``contains`` fail as one keyword, like a leaf."""


def _sibling_key(path: tuple, leaf: _Failure):
    """What list items failing in the same way share: the list, the schema keyword, the item's type."""
    if not path or not isinstance(path[-1], int) or leaf.keyword not in ("type", "required"):
        return None
    return (path[:-1], leaf.schema_path, type_name(leaf.instance) if leaf.keyword == "type" else leaf.missing)


def _leaves(failure: _Failure):
    """The failures worth reporting: for anyOf/oneOf, those of the branch that got furthest."""
    if failure.keyword in ("anyOf", "oneOf") and failure.context:
        depth = len(failure.schema_path)
        branches: dict[int, list] = {}
        for sub in failure.context:
            branches.setdefault(sub.schema_path[depth], []).append(sub)
        best = min(branches.values(), key=lambda subs: (all(sub.keyword == "type" for sub in subs), -max(len(sub.path) for sub in subs)))
        for sub in best:
            yield from _leaves(sub)
        return
    yield failure


def _missing_key(message: str) -> str:
    import ast

    text = message.split(" is a required property")[0]
    try:
        return str(ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return text


def _owner(schema: dict, leaf: _Failure) -> str:
    """The deepest ``x-cardlint-rule`` along the failure's schema path.

    jsonschema's schema path steps through ``$ref`` without naming it, so a
    step that is not in the current subschema is looked up in its reference.
    """
    keyword = leaf.keyword
    owner = _annotation(schema, keyword, GENERIC_RULE)
    node: Any = schema
    for part in leaf.schema_path:
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
