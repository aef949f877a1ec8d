"""Third-party rules arrive through the same loader as the built-ins: entry points and configured folders."""

import json
import textwrap

from conftest import run_cli

PLUGIN = textwrap.dedent('''
    from cardlint.model import Problem, Span
    from cardlint.rule import Option, rule


    @rule("ACME001", "no-cc-by-nc", "error", "non-commercial licenses are not allowed here",
          options=(Option("acme-allowed", default=["mit"], help="licenses allowed", type=list),))
    def no_cc_by_nc(card, options):
        """
        ## What it does
        Refuses licenses outside the allowed list.

        ## Why is this bad?
        Policy.

        ## Example
        ```markdown
        ---
        license: cc-by-nc-4.0
        ---
        ```

        ## Use instead
        ```markdown
        ---
        license: mit
        ---
        ```
        """
        license = card.metadata.get("license")
        if isinstance(license, str) and license not in options["acme-allowed"]:
            yield Problem(card.locate(("license",)), f"license {license} is not allowed")
''')

CARD = "---\nlicense: cc-by-nc-4.0\n---\n# Card\n"


def test_entry_point_plugin_is_listed_and_runs(tmp_path):
    site, work = tmp_path / "site", tmp_path / "work"
    dist = site / "acme_rules-0.1.dist-info"
    dist.mkdir(parents=True)
    (site / "acme_rules.py").write_text(PLUGIN)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rules\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[cardlint.rules]\nacme = acme_rules\n")
    work.mkdir()
    (work / "README.md").write_text(CARD)
    env = {"PYTHONPATH": str(site)}
    assert "ACME001 no-cc-by-nc" in run_cli("rules", cwd=work, env=env).stdout.decode()
    result = run_cli("--no-config", "--select", "ACME", "--format", "json", "README.md", cwd=work, env=env)
    assert [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)] == [("ACME001", 2, 10)]


def test_configured_folder_plugin_with_its_option(tmp_path):
    (tmp_path / "org_rules").mkdir()
    (tmp_path / "org_rules" / "licenses.py").write_text(PLUGIN)
    (tmp_path / ".cardlint.toml").write_text('plugins = ["org_rules"]\nselect = ["ACME"]\nacme-allowed = ["mit", "cc-by-nc-4.0"]\n')
    (tmp_path / "README.md").write_text(CARD)
    assert run_cli("README.md", cwd=tmp_path).returncode == 0
    (tmp_path / ".cardlint.toml").write_text('plugins = ["org_rules"]\nselect = ["ACME"]\n')
    assert run_cli("README.md", cwd=tmp_path).returncode == 1
    (tmp_path / ".cardlint.toml").write_text('plugins = ["org_rules"]\nacme-allowed = "mit"\n')
    bad = run_cli("README.md", cwd=tmp_path)
    assert bad.returncode == 2
    assert "key 'acme-allowed' must be an array, not str" in bad.stderr.decode()


def test_broken_plugin_is_one_line(tmp_path):
    (tmp_path / "org_rules").mkdir()
    (tmp_path / "org_rules" / "bad.py").write_text("raise ImportError('no module named acme_internal')\n")
    (tmp_path / ".cardlint.toml").write_text('plugins = ["org_rules"]\n')
    (tmp_path / "README.md").write_text(CARD)
    result = run_cli("README.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1
    assert f"cannot load rule module {tmp_path / 'org_rules' / 'bad.py'}: ImportError: no module named acme_internal" in result.stderr.decode()


def test_duplicate_rule_id_is_refused(tmp_path):
    (tmp_path / "org_rules").mkdir()
    (tmp_path / "org_rules" / "clash.py").write_text(PLUGIN.replace('"ACME001"', '"CL101"'))
    (tmp_path / ".cardlint.toml").write_text('plugins = ["org_rules"]\n')
    (tmp_path / "README.md").write_text(CARD)
    result = run_cli("README.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "rule CL101 is defined twice: by built-in and by" in result.stderr.decode()
