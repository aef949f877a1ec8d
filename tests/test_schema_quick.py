"""The schema's quick pass and walk answer exactly as jsonschema does, so skipping jsonschema changes nothing."""

import copy
import datetime
import random
from pathlib import Path

import pytest
from conftest import SHARED

from cardlint import schema, source
from cardlint.card import Card

CORPORA = [SHARED / "corpus" / "cards", SHARED / "corpus-hub" / "cards"]
KINDS = ["modelcard", "datasetcard", "spacecard"]


def both(data, name):
    """(the quick pass's answer, or "unsure"; jsonschema's)."""
    root = schema.schema_for(name)
    try:
        quick = schema.quick_valid(data, root, root)
    except schema._Unsure:
        quick = "unsure"
    return quick, schema._validator(name).is_valid(data)


def violations_both(data, name):
    """(the walk's violations, or "unsure"; jsonschema's), each sorted: jsonschema takes extra keys from a set."""
    root = schema.schema_for(name)

    def ordered(violations):
        return sorted(violations, key=repr)

    try:
        quick = ordered(schema._reduce(list(schema._failures(data, root, root, (), ())), root))
    except schema._Unsure:
        quick = "unsure"
    return quick, ordered(schema._reduce(schema._jsonschema_failures(data, name), root))


def corpus_metadata(corpus):
    for path in sorted(corpus.glob("*.md")):
        try:
            card = Card.parse(source.read(path, path.name))
        except source.SourceError:
            continue
        if card.has_metadata:
            yield path.name, card.metadata


WRONG_VALUES = [None, 0, -1, 1.5, True, "", "MIT", "English", "text-generator", "a b/c", [], [None], ["en", 3], {}, {"x": None}, {"type": 1}, [{"name": "x"}], datetime.date(2024, 2, 3)]


def mutations(data, rng, count):
    """``count`` copies of ``data``, each with one value somewhere replaced by a wrong one, or one key added."""
    for _ in range(count):
        mutated = copy.deepcopy(data)
        places = [mutated]
        stack = [mutated]
        while stack:
            node = stack.pop()
            children = list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []
            for child in children:
                if isinstance(child, (dict, list)):
                    places.append(child)
                    stack.append(child)
        place = rng.choice(places)
        value = copy.deepcopy(rng.choice(WRONG_VALUES))
        if isinstance(place, dict) and (not place or rng.random() < 0.3):
            place[rng.choice(["licence", "extra", "type", "name", "results", "metrics", "value", "emissions"])] = value
        elif isinstance(place, dict):
            place[rng.choice(list(place))] = value
        elif place:
            place[rng.randrange(len(place))] = value
        else:
            place.append(value)
        yield mutated


@pytest.mark.parametrize("corpus", CORPORA, ids=["corpus", "corpus-hub"])
def test_walk_finds_what_jsonschema_finds_on_every_card_and_its_mutations(corpus):
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is not here (set CARDLINT_SHARED)")
    rng = random.Random(20261202)
    compared = failing = 0
    for card_name, metadata in corpus_metadata(corpus):
        for data in [metadata, *mutations(metadata, rng, 3)]:
            for name in KINDS:
                quick, full = violations_both(data, name)
                if quick == "unsure":
                    continue
                assert quick == full, (card_name, name, data)
                compared += 1
                failing += bool(full)
    assert compared > 1500 and failing > 500


@pytest.mark.parametrize("corpus", CORPORA, ids=["corpus", "corpus-hub"])
def test_quick_pass_equals_jsonschema_on_every_card(corpus):
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is not here (set CARDLINT_SHARED)")
    cards = sorted(corpus.glob("*.md"))
    assert len(cards) >= 200
    checked = valid = 0
    for path in cards:
        try:
            card = Card.parse(source.read(path, path.name))
        except source.SourceError:
            continue
        if not card.has_metadata:
            continue
        for name in KINDS:
            quick, full = both(card.metadata, name)
            assert quick == full, (path.name, name)
        checked += 1
        valid += both(card.metadata, f"{card.kind}card")[1]
    assert checked > 150 and 0 < valid < checked


@pytest.mark.parametrize(
    "data",
    [
        {"license": True},
        {"license": "MIT"},
        {"license": "mit", "tags": ["a", 1]},
        {"tags": "one"},
        {"language": ["en", None]},
        {"datasets": [{"name": "x"}]},
        {"model-index": [{"name": "m", "results": [{"task": {"type": "text-classification"}, "metrics": [{"type": "accuracy", "value": 0.9}]}]}]},
        {"model-index": [{"name": "m", "results": [{"task": {}, "metrics": []}]}]},
        {"model-index": [{"results": "none"}]},
        {"base_model": 3.0},
        {"thumbnail": datetime.date(2024, 1, 2)},
        {1: "a", "license": "apache-2.0"},
        {"co2_eq_emissions": {"emissions": True}},
        {"co2_eq_emissions": {"emissions": 2.0}},
        {"co2_eq_emissions": -1},
        {"license": "other", "license_name": ""},
        {"pipeline_tag": "text-generation", "library_name": "transformers", "inference": False},
        {"widget": [{"text": "hi"}, "bare"]},
        {"sdk": "gradio", "app_port": 7860.0, "colorFrom": "pink"},
        {"task_categories": ["text-classification"], "size_categories": "n<1K", "configs": [{"config_name": "default", "data_files": 4}]},
    ],
)
def test_quick_pass_equals_jsonschema_on_made_up_metadata(data):
    for name in KINDS:
        quick, full = both(data, name)
        assert quick == full, name
        walked, reported = violations_both(data, name)
        assert walked == reported, name


def test_unknown_keywords_are_left_to_jsonschema():
    with pytest.raises(schema._Unsure):
        schema.quick_valid([1, 1], {"uniqueItems": True}, {})
    with pytest.raises(schema._Unsure):
        schema.quick_valid("x", {"enum": ["x", 1]}, {})
    with pytest.raises(schema._Unsure):
        schema.quick_valid("x", {"$ref": "other.json#/x"}, {})


def test_valid_metadata_does_not_build_the_validator(monkeypatch):
    monkeypatch.setattr(schema, "_validator", lambda name: pytest.fail("jsonschema was asked"))
    assert schema.validate({"license": "mit", "tags": ["a"]}, "modelcard") == []
    assert Path(schema.__file__).is_file()


def test_common_violations_are_found_without_jsonschema(monkeypatch):
    monkeypatch.setattr(schema, "_validator", lambda name: pytest.fail("jsonschema was asked"))
    violations = schema.validate({"license": "MIT", "language": ["en", "English"], "widget": {"text": "hi"}, "model-index": [{"name": "m"}]}, "modelcard")
    assert [(v.key_path, v.keyword, v.rule) for v in violations] == [
        ("language[1]", "enum", "CL102"),
        ("license", "enum", "CL101"),
        ("model-index[0].results", "required", "CL108"),
        ("widget", "type", "CL100"),
    ]


def test_a_failing_one_of_is_left_to_jsonschema():
    root = {"oneOf": [{"type": "string"}, {"type": "string", "minLength": 1}]}
    with pytest.raises(schema._Unsure):
        list(schema._failures("x", root, root, (), ()))
    assert list(schema._failures(3, {"anyOf": [{"type": "string"}]}, {}, (), ()))[0].context[0].keyword == "type"


MADE_UP_SCHEMA = {
    "type": "object",
    "properties": {
        "a": {"anyOf": [{"type": "string", "enum": ["x", "y"]}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]},
        "b": {"allOf": [{"type": "object", "required": ["k"]}, {"properties": {"k": {"type": "integer", "minimum": 0}}}]},
        "c": {"not": {"const": "bad"}},
        "d": {"type": "array", "contains": {"const": "must"}},
        "e": {"type": "object", "additionalProperties": {"type": "array", "maxItems": 2}},
    },
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    "data",
    [
        {"a": "z"}, {"a": [1, "s", 2]}, {"a": []}, {"a": 3}, {"a": ["ok"]},
        {"b": {}}, {"b": {"k": -1}}, {"b": {"k": "one"}}, {"b": []},
        {"c": "bad"}, {"c": "good"}, {"d": ["x"]}, {"d": ["must"]}, {"d": "must"},
        {"e": {"p": [1, 2, 3], "q": "no", "r": []}}, {"extra": 1, "a": "x"}, {"a": "z", "b": {"k": 1.5}, "c": "bad", "zz": None},
    ],
)
def test_walk_equals_jsonschema_on_the_applicators_the_schemas_use_little(data):
    """anyOf with its closest branch, allOf, not, contains, additionalProperties both ways: none fails on the real schemas' cards."""
    import jsonschema

    walked = sorted(schema._reduce(list(schema._failures(data, MADE_UP_SCHEMA, MADE_UP_SCHEMA, (), ())), MADE_UP_SCHEMA), key=repr)
    errors = jsonschema.Draft202012Validator(MADE_UP_SCHEMA).iter_errors(data)
    reported = sorted(schema._reduce([schema._from_jsonschema(error) for error in errors], MADE_UP_SCHEMA), key=repr)
    assert walked == reported and (walked != []) == (not jsonschema.Draft202012Validator(MADE_UP_SCHEMA).is_valid(data))


def test_the_parent_readies_parsers_for_its_workers_without_importing_jsonschema():
    """Forked workers share what the parent imported: the parsers every card needs, not jsonschema, which few need."""
    import subprocess
    import sys

    probe = (
        "import sys; from cardlint import runner; runner._preload(runner.Mode()); "
        "print(' '.join(name for name in ('jsonschema', 'markdown_it', 'ruamel.yaml') if name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["markdown_it", "ruamel.yaml"]
