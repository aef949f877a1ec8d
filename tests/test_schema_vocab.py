"""The generated enums match the Hub vocabulary files they were generated from."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED, needs_shared

from cardlint.resources import load_json
from cardlint.schema import schema_for

VOCAB = SHARED / "reference" / "vocab"

GENERATED = {
    "languageCode": "languages.json",
    "licenseId": "licenses.json",
    "pipelineTag": "pipeline_tags.json",
    "libraryName": "libraries.json",
    "baseModelRelation": "base_model_relation.json",
}


def test_schema_is_valid_2020_12():
    import jsonschema

    schema = schema_for("modelcard")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("definition", GENERATED)
def test_generated_enum_records_its_source(definition):
    provenance = schema_for("modelcard")["$defs"][definition]["x-generated-from"]
    assert provenance["file"] == f"shared/reference/vocab/{GENERATED[definition]}"
    assert provenance["version"] and provenance["source"] and len(provenance["sha256"]) == 64


@needs_shared
@pytest.mark.parametrize("definition", GENERATED)
def test_enum_equals_the_vocabulary(definition):
    vocab = json.loads((VOCAB / GENERATED[definition]).read_text(encoding="utf-8"))
    enum = schema_for("modelcard")["$defs"][definition]["enum"]
    extra = vocab.get("special_values_documented", []) if definition == "languageCode" else []
    assert enum == vocab["values"] + extra


@needs_shared
def test_generator_has_nothing_to_change():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_vocab.py"), "--check", "--vocab", str(VOCAB)], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")


def test_names_table_maps_names_to_ids():
    names = load_json("rules", "data/vocab-names.json")
    assert (names["language"]["english"], names["license"]["apache license 2.0"]) == ("en", "apache-2.0")
