#!/usr/bin/env python3
"""Write the Hub vocabularies into cardlint's schemas and rule data.

The enums in ``schemas/*.schema.json`` and the name tables in
``rules/data/vocab-names.json`` come from the fact sheet's vocabulary files
(``shared/reference/vocab/*.json``), never from hand edits. Each generated enum
records the file it came from, that file's stated source and version, and its
sha256, so a reader can tell where a value came from and a test can tell when
the two drifted apart.

    python scripts/generate_vocab.py [--vocab ../shared/reference/vocab] [--check]

``--check`` writes nothing and exits 1 when a generated file is out of date.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VOCAB = ROOT.parent / "shared" / "reference" / "vocab"

SCHEMA_ENUMS = {
    "modelcard.schema.json": {
        "languageCode": ("languages.json", "values", "special_values_documented"),
        "licenseId": ("licenses.json", "values", None),
        "pipelineTag": ("pipeline_tags.json", "values", None),
        "libraryName": ("libraries.json", "values", None),
        "baseModelRelation": ("base_model_relation.json", "values", None),
    },
    "datasetcard.schema.json": {
        "languageCode": ("languages.json", "values", "special_values_documented"),
        "licenseId": ("licenses.json", "values", None),
        "taskCategory": ("pipeline_tags.json", "values", None),
        "taskId": ("task_ids.json", "values", None),
        "sizeCategory": ("size_categories.json", "values", None),
        "annotationsCreator": ("annotations_creators.json", "values", None),
        "languageCreator": ("language_creators.json", "values", None),
        "multilinguality": ("multilinguality.json", "values", None),
    },
    "spacecard.schema.json": {
        "licenseId": ("licenses.json", "values", None),
        "spaceSdk": ("space_sdks.json", "values", None),
        "spaceColor": ("space_sdks.json", "space_colors.values", None),
        "suggestedHardware": ("space_sdks.json", "suggested_hardware.values", None),
    },
}
"""schema file -> $defs name -> (vocabulary file, dotted key of the values in it, key whose values are appended)."""


def _vocab(directory: Path, name: str) -> tuple[dict, str]:
    raw = (directory / name).read_bytes()
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def _provenance(name: str, vocab: dict, digest: str, extra: str | None, key: str = "values") -> dict:
    section = _lookup(vocab, key.rsplit(".", 1)[0]) if "." in key else vocab
    note = {
        "file": f"shared/reference/vocab/{name}" + (f" ({key})" if key != "values" else ""),
        "source": section.get("source", vocab["source"]),
        "version": vocab["version"],
        "sha256": digest,
    }
    if extra:
        note["appended"] = f"{extra}: {vocab.get(extra + '_source', vocab['source'])}"
    return note


def render_schema(path: Path, vocab_dir: Path) -> str:
    schema = json.loads(path.read_text(encoding="utf-8"))
    for definition, (name, key, extra) in SCHEMA_ENUMS[path.name].items():
        vocab, digest = _vocab(vocab_dir, name)
        values = list(_lookup(vocab, key))
        if extra:
            values += [value for value in vocab[extra] if value not in values]
        target = schema["$defs"][definition]
        target["enum"] = values
        target["x-generated-from"] = _provenance(name, vocab, digest, extra, key)
    return _dump(schema)


def _lookup(data: dict, dotted: str):
    for part in dotted.split("."):
        data = data[part]
    return data


def render_names(vocab_dir: Path) -> str:
    """Names people write instead of ids, lower-cased, mapped to the id: 'english' -> 'en'."""
    licenses, license_digest = _vocab(vocab_dir, "licenses.json")
    languages, language_digest = _vocab(vocab_dir, "languages.json")
    iso1 = set(languages["iso639_1"])
    language_names: dict[str, str] = {}
    for code, name in sorted(languages["names"].items(), key=lambda item: (item[0] not in iso1, item[0])):
        for alias in str(name).split(";"):
            language_names.setdefault(alias.strip().lower(), code)
    data = {
        "generated-from": {
            "licenses": _provenance("licenses.json", licenses, license_digest, None),
            "languages": _provenance("languages.json", languages, language_digest, None),
        },
        "license": {str(name).lower(): license_id for license_id, name in licenses["full_names"].items()},
        "language": language_names,
        "iso639-1": languages["iso639_1"],
    }
    return _dump(data)


def _dump(data) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def outputs(vocab_dir: Path) -> dict[Path, str]:
    """Every generated file and the text it should have."""
    result = {ROOT / "schemas" / name: render_schema(ROOT / "schemas" / name, vocab_dir) for name in SCHEMA_ENUMS}
    result[ROOT / "rules" / "data" / "vocab-names.json"] = render_names(vocab_dir)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocab", type=Path, default=DEFAULT_VOCAB, help="folder of the vocabulary JSON files")
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is out of date; write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs(args.vocab).items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'wrote'}: {path}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
