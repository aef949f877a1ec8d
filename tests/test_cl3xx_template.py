"""CL301-CL303: template leftovers at their exact place, never inside code."""

from conftest import findings, lint

HEAD = "---\nlicense: mit\n---\n"


def test_jinja_and_handlebars_are_found_with_columns():
    text = HEAD + "# Model Card for {{ model_id }}\n\n{{#if author_name}}By {{author_name}}{{/if}}\n{% if x %}y{% endif %}\n"
    assert lint(text, select=["CL301"]) == [("CL301", 4, 18), ("CL301", 6, 1), ("CL301", 6, 23), ("CL301", 6, 38), ("CL301", 7, 1), ("CL301", 7, 12)]


def test_code_blocks_and_inline_code_are_not_leftovers():
    text = HEAD + "# Chat\n\n```jinja\n{% for m in messages %}{{ m.content }}{% endfor %}\n```\n\nUse `{{ name }}` in templates.\n\n    {{ indented }}\n"
    assert lint(text, select=["CL301"]) == []


def test_placeholder_in_metadata_value():
    assert lint("---\nlicense: mit\nmodel_name: \"{{ model_id }}\"\n---\n", select=["CL301"]) == [("CL301", 3, 14)]


def test_more_information_needed_variants():
    text = HEAD + "- **Developed by:** [More Information Needed]\n[Needs More Information]\n\nMore information needed\n- **Hours used:** More information needed.\n"
    [found] = findings(text, select=["CL302"])
    assert (found.line, found.column, found.end_column) == (4, 21, 46)
    assert found.message == (
        "4 template placeholders `[More Information Needed]`, `[Needs More Information]`, `More information needed` "
        "left before the first heading (lines 4, 5, 7, 8)"
    )


def test_each_variant_alone_is_found_where_it_is():
    for text, column, end_column in [
        ("- **Developed by:** [More Information Needed]", 21, 46),
        ("[Needs More Information]", 1, 25),
        ("More information needed", 1, 24),
        ("- **Hours used:** More information needed.", 19, 43),
    ]:
        [found] = findings(HEAD + text + "\n", select=["CL302"])
        assert (found.line, found.column, found.end_column) == (4, column, end_column)
        assert found.message.startswith("template placeholder `") and found.message.endswith("` left in the card")


def test_default_inside_template_syntax_is_reported_once():
    text = HEAD + '{{ developers | default("[More Information Needed]", true) }}\n'
    assert lint(text, select=["CL301", "CL302"]) == [("CL301", 4, 1)]


def test_template_sentence_is_not_the_placeholder():
    text = HEAD + "Users should be made aware of the risks. More information needed for further recommendations.\n"
    assert lint(text, select=["CL302"]) == []


def test_defaults():
    text = HEAD + "# Model Card for Model ID\n\nBy Your Name. Load `x` from username/model-name.\nTODO: results\nLorem ipsum dolor.\n<your-username>\n"
    got = findings(text, select=["CL303"])
    assert [(f.line, f.column) for f in got] == [(4, 1), (6, 4), (6, 29), (7, 1), (8, 1), (9, 1)]
    assert "username/model-name" in got[2].message


def test_todo_in_code_or_lowercase_is_fine():
    text = HEAD + "Shows a todo list app.\n\n```python\n# TODO: speed up\n```\n"
    assert lint(text, select=["CL303"]) == []


def test_crlf_bom_positions():
    text = ("\ufeff" + HEAD + "# {{ model_id }}\n[More Information Needed]\nTODO\n").replace("\n", "\r\n")
    assert lint(text, select=["CL3"]) == [("CL301", 4, 3), ("CL302", 5, 1), ("CL303", 6, 1)]
