"""The built wheel, installed in a fresh virtualenv with no editable install, carries every schema and rule.

The wheel is built without build isolation, and a ``.pth`` file lets the new
virtualenv import cardlint's dependencies from the test environment (after its
own site-packages, so cardlint itself comes from the wheel): nothing is
fetched, what is under test is the wheel, and the registry cannot make it fail.
"""

import site
import subprocess
import sys
import venv
import zipfile

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work / "dist"), str(ROOT)], check=True, capture_output=True, timeout=600)
    [wheel] = (work / "dist").glob("cardlint-*.whl")
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    [own] = (work / "venv" / "lib").glob("python*/site-packages")
    (own / "test-environment.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--ignore-installed", str(wheel)], check=True, capture_output=True, timeout=600)
    return wheel, work / "venv" / "bin"


def test_wheel_ships_rules_and_schemas(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    rule_files = {p.name for p in (ROOT / "rules").glob("*.py")}
    assert {f"cardlint/_data/rules/{name}" for name in rule_files} <= names
    assert "cardlint/_data/rules/data/vocab-names.json" in names
    assert "cardlint/_data/schemas/modelcard.schema.json" in names
    assert not any("__pycache__" in name for name in names)
    assert "cardlint/py.typed" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_sdist_ships_the_license(tmp_path):
    import tarfile

    subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=600)
    [sdist] = tmp_path.glob("cardlint-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(name.endswith("/LICENSE") for name in names)
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_api_exports_its_documented_names():
    import cardlint
    from cardlint.config import ConfigError
    from cardlint.model import Finding

    assert cardlint.ConfigError is ConfigError
    assert issubclass(Finding, tuple) and hasattr(Finding, "_fields")


def test_installed_wheel_lints_a_card_outside_the_checkout(installed, tmp_path):
    _, bin_dir = installed
    (tmp_path / "README.md").write_text("---\nlicense: MIT\nlanguage: English\n---\n# Card\n")
    result = subprocess.run([str(bin_dir / "cardlint"), "--no-config", "--select", "CL1", "README.md"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "README.md:2:10: CL101 [error]" in result.stdout and "README.md:3:11: CL102 [error]" in result.stdout
    listing = subprocess.run([str(bin_dir / "cardlint"), "rules"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert len(listing.splitlines()) == len(subprocess.run([sys.executable, "-m", "cardlint", "rules"], cwd=ROOT, capture_output=True, text=True).stdout.splitlines())
    module = subprocess.run([str(bin_dir / "python"), "-c", "import cardlint.resources as r; print(r.data_dir('rules'))"], cwd=tmp_path, capture_output=True, text=True)
    assert module.stdout.startswith(str(bin_dir.parent)) and "site-packages/cardlint/_data/rules" in module.stdout
