#!/usr/bin/env python3
"""Write the Hub vocabularies into cardlint's schemas and rule data.

The enums in ``schemas/*.schema.json`` and the name tables in
``rules/data/vocab-names.json`` come from the fact sheet's vocabulary files
(``shared/reference/vocab/*.json``), never from hand edits. Each generated enum
records the file it came from, that file's stated source and version, and its
sha256, so a reader can tell where a value came from and a test can tell when
the two drifted apart.

The language enum adds what the Hub's own list (``@huggingface/languages``)
leaves out but its policy accepts: every ISO 639-1, 639-2 (B and T, collective
codes included) and 639-3 code (huggingface_hub#3862). Those codes, the
withdrawn codes and their replacements, and the ISO 639-5 group codes come
from the PyPI package ``iso639-lang``; which languages are official where
(to tell the region in ``pt-br`` from the pair in ``ru-en``) comes from CLDR
through ``babel``. Both are needed only to regenerate: the tables they give are
written into ``rules/data/vocab-names.json`` with the package versions and
data-file hashes, and are read back from there when the packages are absent,
so ``--check`` runs anywhere.

    pip install iso639-lang==2.6.3 babel==2.18.0   # to refresh the ISO 639 / CLDR tables
    python scripts/generate_vocab.py [--vocab ../shared/reference/vocab] [--snapshot] [--check]

``--check`` writes nothing and exits 1 when a generated file is out of date;
``--snapshot`` reads the ISO 639 and CLDR tables from the committed names file
even when the packages are installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VOCAB = ROOT.parent / "shared" / "reference" / "vocab"
NAMES = ROOT / "rules" / "data" / "vocab-names.json"

class Enum(NamedTuple):
    """Where one generated enum comes from: a vocabulary file, the dotted key of its values, the key of values appended (and of their source), values left out."""

    file: str
    key: str = "values"
    append: str | None = None
    append_source: str | None = None
    drop: tuple[str, ...] = ()


LANGUAGES = Enum("languages.json", append="special_values_documented", append_source="special_values_source")
GATED_FIELD_TYPES = Enum("extra_gated_field_types.json")

SCHEMA_ENUMS = {
    "modelcard.schema.json": {
        "languageCode": LANGUAGES,
        "licenseId": Enum("licenses.json"),
        "pipelineTag": Enum("pipeline_tags.json"),
        "libraryName": Enum("libraries.json"),
        "baseModelRelation": Enum("base_model_relation.json"),
        "gatedFieldType": GATED_FIELD_TYPES,
        "gatedFieldTypeName": GATED_FIELD_TYPES._replace(drop=("select",)),
    },
    "datasetcard.schema.json": {
        "languageCode": LANGUAGES,
        "licenseId": Enum("licenses.json"),
        "taskCategory": Enum("pipeline_tags.json"),
        "taskId": Enum("task_ids.json"),
        "sizeCategory": Enum("size_categories.json"),
        "annotationsCreator": Enum("annotations_creators.json"),
        "languageCreator": Enum("language_creators.json"),
        "multilinguality": Enum("multilinguality.json"),
        "gatedFieldType": GATED_FIELD_TYPES,
        "gatedFieldTypeName": GATED_FIELD_TYPES._replace(drop=("select",)),
    },
    "spacecard.schema.json": {
        "licenseId": Enum("licenses.json"),
        "spaceSdk": Enum("space_sdks.json"),
        "spaceColor": Enum("space_sdks.json", "space_colors.values"),
        "suggestedHardware": Enum("space_sdks.json", "suggested_hardware.values"),
    },
}
"""schema file -> $defs name -> the enum's source. ``select`` is a gated field type only in the mapping form, with options."""

OFFICIAL = ("official", "de_facto_official", "official_regional")
"""CLDR statuses that make ``xx-yy`` read as language ``xx`` in territory ``YY`` rather than a pair of languages."""


def _vocab(directory: Path, name: str) -> tuple[dict, str]:
    raw = (directory / name).read_bytes()
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def _provenance(source: Enum, vocab: dict, digest: str) -> dict:
    key = source.key
    section = _lookup(vocab, key.rsplit(".", 1)[0]) if "." in key else vocab
    note = {
        "file": f"shared/reference/vocab/{source.file}" + (f" ({key})" if key != "values" else ""),
        "source": section.get("source", vocab["source"]),
        "version": vocab["version"],
        "sha256": digest,
    }
    if source.append:
        note["appended"] = f"{source.append}: {vocab[source.append_source] if source.append_source else vocab['source']}"
    if source.drop:
        note["left out"] = list(source.drop)
    return note


def render_schema(path: Path, vocab_dir: Path, tables: dict) -> str:
    schema = json.loads(path.read_text(encoding="utf-8"))
    for definition, source in SCHEMA_ENUMS[path.name].items():
        vocab, digest = _vocab(vocab_dir, source.file)
        values = [value for value in _lookup(vocab, source.key) if value not in source.drop]
        provenance = _provenance(source, vocab, digest)
        if source is LANGUAGES:
            known = set(values)
            values += [code for code in tables["iso639"]["codes"] if code not in known]
            provenance["merged"] = f"every ISO 639-1, 639-2/B, 639-2/T and 639-3 code of {_describe_package(tables['generated-from']['iso639'])} (the Hub accepts ISO 639-1, 639-2 or 639-3: huggingface_hub#3862)"
        if source.append:
            values += [value for value in vocab[source.append] if value not in values]
        target = schema["$defs"][definition]
        target["enum"] = values
        target["x-generated-from"] = provenance
    return _dump(schema)


def _describe_package(note: dict) -> str:
    return f"PyPI {note['package']} {note['version']}"


def _lookup(data: dict, dotted: str):
    for part in dotted.split("."):
        data = data[part]
    return data


def iso_tables(vocab_dir: Path, snapshot: bool) -> dict:
    """The ISO 639 and CLDR tables with their provenance: from the installed packages, or else from the committed names file."""
    if not snapshot:
        try:
            iso, iso_note = _iso639_tables(vocab_dir)
            official, cldr_note = _cldr_tables()
        except ImportError as error:
            print(f"note: {error.name} is not installed; the ISO 639 and CLDR tables are read from {NAMES.relative_to(ROOT)}", file=sys.stderr)
        else:
            return {"generated-from": {"iso639": iso_note, "cldr": cldr_note}, "iso639": iso, "official-languages": official}
    committed = json.loads(NAMES.read_text(encoding="utf-8"))
    provenance = committed["generated-from"]
    return {"generated-from": {"iso639": provenance["iso639"], "cldr": provenance["cldr"]}, "iso639": committed["iso639"], "official-languages": committed["official-languages"]}


def _iso639_tables(vocab_dir: Path) -> tuple[dict, dict]:
    """Every ISO 639-1/2/3 code; withdrawn codes with their one replacement; ISO 639-5 group codes that are no 639-2 code.

    A withdrawn code is mapped only when ISO names one replacement: its own
    ``change_to`` (a retired ISO 639-3 code that was changed, merged or a
    duplicate; never one that was split), or, for a withdrawn ISO 639-1 code,
    the ``change_to`` of the retired three-letter code of the same language
    (``mo`` -> ``mol`` -> ``ron``) or the current code of the same name (``sh``,
    Serbo-Croatian -> ``hbs``). The replacement is written in its
    ISO 639-1 form when it has one (``ron`` -> ``ro``), as the Hub prefers.
    """
    import iso639

    folder = Path(iso639.__file__).parent / "data"
    files = {name: (folder / name).read_bytes() for name in ("iso-639.json", "iso-639_deprecated.json")}
    data = json.loads(files["iso-639.json"])
    retired = json.loads(files["iso-639_deprecated.json"])["id"]
    codes = sorted({code for part in ("pt1", "pt2b", "pt2t", "pt3") for code in data[part]})
    hub = set(json.loads((vocab_dir / "languages.json").read_bytes())["values"])
    valid = set(codes) | hub

    def shortest(code: str) -> str:
        for part in ("pt3", "pt2t", "pt2b"):
            if code in data[part]:
                return data[part][code]["pt1"] or code
        return code

    by_name = {entry["name"]: code for code, entry in retired.items() if len(code) == 3}
    legacy = {}
    for code, entry in sorted(retired.items()):
        if code in valid:
            continue
        target = entry["change_to"]
        if not target and len(code) == 2:
            target = retired.get(by_name.get(entry["name"], ""), {}).get("change_to") or data["name"].get(entry["name"], {}).get("pt3", "")
        if target in valid:
            legacy[code] = shortest(target)
    groups = {code: entry["name"] for code, entry in sorted(data["pt5"].items()) if code not in valid}
    note = {
        "package": "iso639-lang",
        "version": metadata.version("iso639-lang"),
        "files": {f"iso639/data/{name}": hashlib.sha256(raw).hexdigest() for name, raw in files.items()},
    }
    return {"codes": codes, "legacy": legacy, "groups": groups}, note


def _cldr_tables() -> tuple[dict, dict]:
    """Language -> the territories where CLDR gives it an official status (``pt`` -> ``BR``, ...)."""
    import babel
    from babel.core import get_global

    official: dict[str, set] = {}
    for territory, languages in get_global("territory_languages").items():
        for language, info in languages.items():
            if info.get("official_status") in OFFICIAL:
                official.setdefault(language.split("_")[0], set()).add(territory)
    global_data = Path(babel.__file__).parent / "global.dat"
    note = {
        "package": "babel",
        "version": metadata.version("babel"),
        "cldr": babel.core.get_cldr_version(),
        "files": {"babel/global.dat (territory_languages)": hashlib.sha256(global_data.read_bytes()).hexdigest()},
    }
    return {language: sorted(territories) for language, territories in sorted(official.items())}, note


def render_names(vocab_dir: Path, tables: dict) -> str:
    """Names people write instead of ids, lower-cased, mapped to the id ('english' -> 'en'), and the ISO 639 / CLDR tables."""
    licenses, license_digest = _vocab(vocab_dir, "licenses.json")
    languages, language_digest = _vocab(vocab_dir, "languages.json")
    iso1 = set(languages["iso639_1"])
    language_names: dict[str, str] = {}
    for code, name in sorted(languages["names"].items(), key=lambda item: (item[0] not in iso1, item[0])):
        for alias in str(name).split(";"):
            language_names.setdefault(alias.strip().lower(), code)
    data = {
        "generated-from": {
            "licenses": _provenance(Enum("licenses.json"), licenses, license_digest),
            "languages": _provenance(Enum("languages.json"), languages, language_digest),
            **tables["generated-from"],
        },
        "license": {str(name).lower(): license_id for license_id, name in licenses["full_names"].items()},
        "language": language_names,
        "iso639-1": languages["iso639_1"],
        "iso639": tables["iso639"],
        "official-languages": tables["official-languages"],
    }
    return _dump(data)


def _dump(data) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def outputs(vocab_dir: Path, snapshot: bool = False) -> dict[Path, str]:
    """Every generated file and the text it should have."""
    tables = iso_tables(vocab_dir, snapshot)
    result = {ROOT / "schemas" / name: render_schema(ROOT / "schemas" / name, vocab_dir, tables) for name in SCHEMA_ENUMS}
    result[NAMES] = render_names(vocab_dir, tables)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocab", type=Path, default=DEFAULT_VOCAB, help="folder of the vocabulary JSON files")
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is out of date; write nothing")
    parser.add_argument("--snapshot", action="store_true", help="read the ISO 639 and CLDR tables from the committed names file, not from iso639-lang and babel")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs(args.vocab, args.snapshot).items():
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
