"""The precision audit: labels are well formed, and the README's table is what the script prints today."""

import csv
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

HUB = SHARED / "corpus-hub"
LABELS = ROOT / "benchmarks" / "precision" / "labels.tsv"


def test_every_label_is_a_verdict_with_a_reason():
    with open(LABELS, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) >= 200
    for row in rows:
        assert row["verdict"] in ("TP", "FP", "noise"), row
        assert row["reason"].strip() and len(row["reason"]) <= 160, row
        assert row["card"].endswith("_README.md") and row["rule"].startswith("CL"), row
    assert len({(r["card"], r["rule"], r["line"], r["column"]) for r in rows}) == len(rows)


@pytest.mark.skipif(not (HUB / "cards").is_dir(), reason=f"the Hub slice is not at {HUB} (set CARDLINT_SHARED); CI always has it")
def test_readme_table_is_the_scripts_output_and_every_target_is_met():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "precision.py"), "--hub", str(HUB)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- precision:start -->\n", 1)[1].split("<!-- precision:end -->", 1)[0]
    assert table == result.stdout, "run python benchmarks/precision.py --update-readme"
    assert "labels match no finding" not in result.stderr
