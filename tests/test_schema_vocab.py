"""The generated enums match the Hub vocabulary files and the ISO 639 tables they were generated from."""

import json
import os
import subprocess
import sys
from importlib import metadata

import pytest
from conftest import ROOT, SHARED, needs_shared

from cardlint.resources import load_json
from cardlint.schema import schema_for

VOCAB = SHARED / "reference" / "vocab"
GENERATOR = ROOT / "scripts" / "generate_vocab.py"

GENERATED = {
    "languageCode": "languages.json",
    "licenseId": "licenses.json",
    "pipelineTag": "pipeline_tags.json",
    "libraryName": "libraries.json",
    "baseModelRelation": "base_model_relation.json",
    "gatedFieldType": "extra_gated_field_types.json",
    "gatedFieldTypeName": "extra_gated_field_types.json",
}


def test_schema_is_valid_2020_12():
    import jsonschema

    for name in ("modelcard", "datasetcard", "spacecard"):
        schema = schema_for(name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("definition", GENERATED)
def test_generated_enum_records_its_source(definition):
    provenance = schema_for("modelcard")["$defs"][definition]["x-generated-from"]
    assert provenance["file"] == f"shared/reference/vocab/{GENERATED[definition]}"
    assert provenance["version"] and provenance["source"] and len(provenance["sha256"]) == 64


def test_language_enum_records_the_iso_package_it_merged():
    provenance = schema_for("modelcard")["$defs"]["languageCode"]["x-generated-from"]
    package = load_json("rules", "data/vocab-names.json")["generated-from"]["iso639"]
    assert f"PyPI iso639-lang {package['version']}" in provenance["merged"] and "huggingface_hub#3862" in provenance["merged"]
    assert all(len(digest) == 64 for digest in package["files"].values())
    assert provenance["appended"].startswith("special_values_documented: huggingface_hub")


@needs_shared
@pytest.mark.parametrize("definition", GENERATED)
def test_enum_equals_the_vocabulary(definition):
    vocab = json.loads((VOCAB / GENERATED[definition]).read_text(encoding="utf-8"))
    enum = schema_for("modelcard")["$defs"][definition]["enum"]
    expected = list(vocab["values"])
    if definition == "languageCode":
        expected += [code for code in load_json("rules", "data/vocab-names.json")["iso639"]["codes"] if code not in set(vocab["values"])]
        expected += vocab["special_values_documented"]
    if definition == "gatedFieldTypeName":
        expected.remove("select")
    assert enum == expected


@pytest.mark.parametrize("code", ["en", "yue", "ger", "fre", "deu", "afa", "cpp", "cel", "mkh", "nds", "mul", "code", "multilingual"])
def test_language_enum_holds_iso_639_1_2_and_3_codes_and_the_specials(code):
    assert code in schema_for("modelcard")["$defs"]["languageCode"]["enum"]
    assert code in schema_for("datasetcard")["$defs"]["languageCode"]["enum"]


@pytest.mark.parametrize("code", ["jw", "iw", "zle", "trk", "qtd", "en-US", "EN", "english"])
def test_language_enum_leaves_out_withdrawn_group_and_local_codes(code):
    assert code not in schema_for("modelcard")["$defs"]["languageCode"]["enum"]


def test_withdrawn_codes_map_to_the_code_that_replaced_them():
    legacy = load_json("rules", "data/vocab-names.json")["iso639"]["legacy"]
    assert {code: legacy[code] for code in ("jw", "iw", "in", "ji", "mo", "sh")} == {"jw": "jv", "iw": "he", "in": "id", "ji": "yi", "mo": "ro", "sh": "hbs"}


def test_a_code_split_in_two_has_no_single_replacement():
    # ISO 639-3 split Aari [aiz] into Aari [aiw] and Gayil [gyl]: no fix can know which one was meant.
    assert "aiz" not in load_json("rules", "data/vocab-names.json")["iso639"]["legacy"]


def _check(*options, env=None):
    return subprocess.run([sys.executable, str(GENERATOR), "--check", "--vocab", str(VOCAB), *options], capture_output=True, text=True, env=env)


@needs_shared
def test_generator_has_nothing_to_change_from_the_committed_iso_tables():
    result = _check("--snapshot")
    assert (result.returncode, result.stdout) == (0, "")


@needs_shared
def test_generator_without_the_iso_packages_reads_the_committed_tables(tmp_path):
    (tmp_path / "iso639.py").write_text("raise ImportError('not installed', name='iso639')\n")
    result = _check(env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert (result.returncode, result.stdout) == (0, "")
    assert "note: iso639 is not installed; the ISO 639 and CLDR tables are read from rules/data/vocab-names.json" in result.stderr


def _installed(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


@needs_shared
def test_generator_has_nothing_to_change_from_the_iso_packages():
    recorded = load_json("rules", "data/vocab-names.json")["generated-from"]
    wanted = {"iso639-lang": recorded["iso639"]["version"], "babel": recorded["cldr"]["version"]}
    if any(_installed(package) != version for package, version in wanted.items()):
        pytest.skip(f"regenerating needs {', '.join(f'{p}=={v}' for p, v in wanted.items())} (generation-time only)")
    result = _check()
    assert (result.returncode, result.stdout) == (0, "")


def test_names_table_maps_names_to_ids():
    names = load_json("rules", "data/vocab-names.json")
    assert (names["language"]["english"], names["license"]["apache license 2.0"]) == ("en", "apache-2.0")
