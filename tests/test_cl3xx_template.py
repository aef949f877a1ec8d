"""CL301-CL303: template leftovers at their exact place, never inside code."""

import pytest
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
        "left in the card (lines 4, 5, 7, 8)"
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


TEMPLATE_USES = HEAD + """# Model Card for x

## Uses

### Direct Use

[More Information Needed]

### Downstream Use [optional]

[More Information Needed]

### Out-of-Scope Use

[More Information Needed]

## Citation

**BibTeX:**

[More Information Needed]
"""


def test_placeholders_of_one_section_are_one_finding_naming_their_lines():
    first, second = findings(TEMPLATE_USES, select=["CL302"])
    assert (first.line, first.column, first.end_column) == (10, 1, 26)
    assert first.message == "3 template placeholders `[More Information Needed]` left in section `Uses` (lines 10, 14, 18)"
    assert (second.line, second.message) == (24, "template placeholder `[More Information Needed]` left in section `Citation`")


def test_top_level_sections_group_when_there_is_no_single_title():
    text = HEAD + "[More Information Needed]\n\n# Uses\n[More Information Needed]\n\n# Training\n[More Information Needed]\n"
    assert [f.message for f in findings(text, select=["CL302"])] == [
        "template placeholder `[More Information Needed]` left before the first heading",
        "template placeholder `[More Information Needed]` left in section `Uses`",
        "template placeholder `[More Information Needed]` left in section `Training`",
    ]


def test_disable_next_line_silences_the_placeholder_it_points_at():
    text = TEMPLATE_USES.replace("### Downstream Use [optional]\n\n", "### Downstream Use [optional]\n\n<!-- cardlint-disable-next-line CL302 -->\n")
    first, second = findings(text, select=["CL302", "CL009"])
    assert (first.rule, first.line) == ("CL302", 10)
    assert first.message == "2 template placeholders `[More Information Needed]` left in section `Uses` (lines 10, 19)"
    assert (second.rule, second.line) == ("CL302", 25)


def test_disable_next_line_on_the_first_placeholder_moves_the_finding_to_the_next():
    text = TEMPLATE_USES.replace("### Direct Use\n\n", "### Direct Use\n\n<!-- cardlint-disable-next-line CL302 -->\n")
    first, _ = findings(text, select=["CL302", "CL009"])
    assert (first.rule, first.line, first.column) == ("CL302", 15, 1)
    assert first.message == "2 template placeholders `[More Information Needed]` left in section `Uses` (lines 15, 19)"


def test_disabled_block_around_a_section():
    text = TEMPLATE_USES.replace("## Uses\n", "<!-- cardlint-disable CL302 -->\n## Uses\n").replace("## Citation\n", "<!-- cardlint-enable CL302 -->\n## Citation\n")
    assert lint(text, select=["CL302", "CL009"]) == [("CL302", 26, 1)]


@pytest.mark.parametrize(
    ("line", "column", "text"),
    [
        ("This model is a fine-tuned version of [bert-base-cased](https://huggingface.co/bert-base-cased) on the None dataset.", 100, "the None dataset"),
        ("This model is a fine-tuned version of [x](https://huggingface.co/x) on an unknown dataset.", 72, "an unknown dataset"),
        ("This model was trained from scratch on the None dataset.", 40, "the None dataset"),
        ("Code: [repo](https://github.com/YOUR_GITHUB/my-model)", 33, "YOUR_GITHUB"),
        ("See https://huggingface.co/your-username/my-model for the weights.", 28, "your-username"),
        ("Contact YOUR_HF_USERNAME on the Hub.", 9, "YOUR_HF_USERNAME"),
        ("[Benchmark](https://seb.sbert.net?model_name={MODEL_NAME})", 46, "{MODEL_NAME}"),
        ("[Weights](https://example.org/models/{0}/weights)", 38, "{0}"),
        ("[Weights](https://example.org/models/{}/weights)", 38, "{}"),
        ("# {MODEL_NAME}", 3, "{MODEL_NAME}"),
        ("The model can be evaluated on the {language} test data.", 35, "{language}"),
        ("TBD", 1, "TBD"),
        ("| accuracy | TODO: rerun |", 14, "TODO"),
        ("**Code:** <TBD>", 12, "TBD"),
    ],
)
def test_more_defaults(line, column, text):
    [found] = findings(HEAD + line + "\n", select=["CL303"])
    assert (found.line, found.column, found.end_column) == (4, column, column + len(text))
    assert found.message.endswith(f"is still in the card: {text!r}")


def test_messages_say_what_to_write_instead():
    none, username, field = findings(HEAD + "This model was trained from scratch on the None dataset.\n\nBy your-username.\n\n# {MODEL_NAME}\n", select=["CL303"])
    assert none.message == "the Trainer's placeholder for a dataset it was not told is still in the card: 'the None dataset'"
    assert none.help == "name the dataset the model was trained on, and list it under `datasets` in the metadata"
    assert username.help == "write the real user, organisation or repository name"
    assert field.help == "write the value a generator should have filled in (e.g. the model's name)"


@pytest.mark.parametrize(
    "line",
    [
        "| Feature | Status |\n|---|---|\n| ONNX export | TBD |\n| Quantised | TODO |",  # status values in a table
        "| Metric | Value\n|---|---\n| accuracy | TBD",  # the last cell, no closing pipe
        "| Model | Size |\n|---|---|\n| 待定 TBD | 124M |",  # "to be determined", in two languages
        "| accuracy | TBD: after the rerun |",
        "Set `YOUR_HF_TOKEN` first.",  # code
        "Replace YOUR_API_KEY with your own key.",  # the reader's own secret, not the author's leftover
        "See [the post](https://huggingface.co/blog/how-to-train-your-model-name).",  # a slug, not a placeholder
        "[CC-0](https://creativecommons.org/share-your-work/public-domain/cc0/)",
        "We use \\\\(\\frac{1}{2}\\\\) and \\\\(\\beta_{1} = 0.9\\\\) and $x^{2}$ and \\\\(F_{1}\\\\).",  # LaTeX
        'The widget sends {"inputs": "text"} as JSON.',
        "The hypothesis template is `This example is {}.` or This example is {}.",
        "Contact me at m{dot}laurer{at}vu{dot}nl.",
        "@article{x, year={2021}, title={BERT}}",  # BibTeX outside a code block
        "Prompt: USER: {prompt} ASSISTANT:",  # a prompt template's field, which the reader fills
        "Checkpoints are in **unlearn/{method}/**.",  # a family of paths
        'instruction = f"Translate into {target_language}: {text}"',  # unfenced code
        "The model was evaluated on an unknown dataset of tweets we collected.",  # not the Trainer's sentence
    ],
)
def test_not_defaults(line):
    assert lint(HEAD + line + "\n", select=["CL303"]) == []


def test_format_fields_in_the_metadata_are_values():
    text = "---\nlicense: mit\nprompt_template: 'USER: {prompt} {MODEL_NAME}'\nmodel_name: '{model_name}'\n---\n# {model_name}\n"
    assert lint(text, select=["CL303"]) == [("CL303", 6, 3)]
