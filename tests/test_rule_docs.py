"""Every rule's documentation is complete, its Example fires and its Use instead does not."""

import pytest

from cardlint.api import Session, lint_file
from cardlint.rule import DOC_SECTIONS

RULES = list(Session().rules.values())


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_documentation_has_every_section(rule):
    assert list(rule.sections)[: len(DOC_SECTIONS)] == list(DOC_SECTIONS)
    assert rule.summary and rule.summary[0].islower() or rule.summary[0] in "`"


def fired(rule, section, folder):
    """Rule ids found in the example card of ``section``, written with its files into ``folder``; a ``.cardlint.toml`` among them applies."""
    card = rule.example(section)
    assert card, f"{rule.id} has no fenced card in {section!r}"
    for name, text in rule.example_files(section).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "README.md").write_text(card, encoding="utf-8")
    config = folder / ".cardlint.toml"
    return {finding.rule for finding in lint_file(folder / "README.md", config=config if config.exists() else None)}


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_example_fires(rule, tmp_path):
    assert rule.id in fired(rule, "Example", tmp_path)


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_use_instead_does_not_fire(rule, tmp_path):
    assert rule.id not in fired(rule, "Use instead", tmp_path)


def test_readme_rule_table_is_the_generated_one():
    from conftest import ROOT

    from cardlint.explain import catalogue

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == catalogue(RULES, "markdown"), "run scripts/update_rule_docs.py"


def test_every_rule_has_its_generated_page():
    from conftest import ROOT

    from cardlint.explain import index, page

    pages = ROOT / "docs" / "rules"
    assert {path.name for path in pages.glob("*.md")} == {f"{rule.id}.md" for rule in RULES} | {"README.md"}, "run scripts/update_rule_docs.py"
    for rule in RULES:
        assert (pages / f"{rule.id}.md").read_text(encoding="utf-8") == page(rule), f"{rule.id}: run scripts/update_rule_docs.py"
    assert (pages / "README.md").read_text(encoding="utf-8") == index(RULES)


def test_sarif_help_uri_names_each_rules_own_page():
    from cardlint.explain import DOCS_URL
    from cardlint.report.sarif import _rule

    assert _rule(RULES[0])["helpUri"] == f"{DOCS_URL}/{RULES[0].id}.md"
