"""The schema's quick pass answers exactly as jsonschema does, so skipping jsonschema for valid metadata changes nothing."""

import datetime
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
