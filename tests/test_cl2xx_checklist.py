"""CL201-CL204: profiles, loose heading matching, emptiness, task items, fields."""

import importlib.resources
import sys

import pytest
from conftest import findings, lint

from cardlint.api import Session

FULL_CARD = """---
license: mit
---
# My model

## Model Details
A classifier.

## Uses
Reviews.

## Bias, Risks, and Limitations
Sarcasm.

## How to Get Started with the Model
Call the pipeline.

## Training Details
Three epochs.

## Evaluation
Accuracy 0.93.
"""


def checklist_rule():
    return Session().rules["CL201"]


def normalize(text):
    import sys

    return sys.modules[checklist_rule().check.__module__].normalize_heading(text)


@pytest.mark.parametrize(
    ("heading", "normal"),
    [
        ("## 3. Uses", "uses"),
        ("Bias, Risks, and Limitations [optional]", "bias risks and limitations"),
        ("🚀 Quick start", "quick start"),
        ("**Training** _Details_", "training details"),
        ("IV) Evaluation", "evaluation"),
        ("1.2 Model Card Contact", "model card contact"),
        ("Intended uses & limitations", "intended uses and limitations"),
    ],
)
def test_headings_are_normalised(heading, normal):
    assert normalize(heading) == normal


def test_complete_card_passes_hub_profile():
    assert lint(FULL_CARD, select=["CL2"]) == []


def test_missing_sections_are_one_finding_at_the_title():
    text = "---\nlicense: mit\n---\n\n# My model\n\n## Model Details\nA classifier.\n"
    [finding] = findings(text, select=["CL201"])
    assert (finding.line, finding.column) == (5, 3)
    assert finding.message == (
        "missing sections `Uses`, `Bias, Risks, and Limitations`, `How to Get Started with the Model`, "
        "`Training Details`, `Evaluation` (profile `hub`)"
    )


def test_synonyms_and_numbering_count():
    text = FULL_CARD.replace("## Bias, Risks, and Limitations", "## 4. ⚠️ Limitations").replace("## How to Get Started with the Model", "### Usage with transformers")
    assert lint(text, select=["CL201"]) == []


def test_full_profile_asks_for_more_and_minimal_for_less():
    [full] = findings(FULL_CARD, select=["CL201"], profile="full")
    assert full.rule == "CL201" and "`Environmental Impact`" in full.message and "`Model Card Contact`" in full.message
    assert lint("---\nlicense: mit\n---\n# Title\n\nA small model for reviews.\n", select=["CL2"], profile="minimal") == []
    assert lint("---\nlicense: mit\n---\n# Title\n", select=["CL201"], profile="minimal") == [("CL201", 4, 3)]


def test_full_profile_fields():
    messages = [f.message for f in findings(FULL_CARD, select=["CL204"], profile="full")]
    assert messages == ["the metadata has no `language`", "the metadata has no `library_name`", "the metadata has no `pipeline_tag`"]


def test_empty_section_with_comments_labels_and_boilerplate():
    text = FULL_CARD.replace("Call the pipeline.", "<!-- How is it used? -->\n- **Direct use:**\n\nUse the code below to get started with the model.")
    [finding] = findings(text, select=["CL202"])
    assert (finding.line, finding.column) == (15, 4)
    assert finding.message == "section `How to Get Started with the Model` holds only comments, bare labels or boilerplate"
    assert finding.help == "write the section, or remove its heading"


def test_blank_section_is_empty():
    [finding] = findings(FULL_CARD.replace("Three epochs.", ""), select=["CL202"])
    assert (finding.line, finding.column, finding.message) == (18, 4, "section `Training Details` is empty")


@pytest.mark.parametrize(("placeholder", "rule_id"), [("[More Information Needed]", "CL302"), ("More information needed", "CL302"), ("{{ direct_use }}", "CL301")])
def test_section_holding_only_placeholders_is_left_to_the_template_rules(placeholder, rule_id):
    text = FULL_CARD.replace("Reviews.", f"<!-- How is it used? -->\n- **Direct use:** {placeholder}")
    assert lint(text, select=["CL202", "CL301", "CL302"]) == [(rule_id, 11, 19)]


def test_section_filled_by_a_subsection():
    text = FULL_CARD.replace("## Evaluation\nAccuracy 0.93.", "## Evaluation\n<!-- todo -->\n### Results\nAccuracy 0.93.")
    assert lint(text, select=["CL202"]) == []


def test_one_heading_matching_two_sections_is_reported_once():
    text = FULL_CARD.replace("## Uses\nReviews.", "## Intended uses & limitations\n\n<!-- nothing yet -->")
    assert lint(text, select=["CL202"]) == [("CL202", 9, 4)]


def test_unchecked_items_outside_code():
    text = FULL_CARD + "\n- [ ] publish weights\n- [x] write card\n\n```\n- [ ] not a task\n```\n"
    [finding] = findings(text, select=["CL203"])
    assert (finding.line, finding.column, finding.end_column) == (24, 3, 6)
    assert finding.message == "unchecked task-list item: 'publish weights'"


def test_missing_license_points_at_the_metadata():
    assert lint("---\ntags: [a]\n---\n# x\n", select=["CL204"]) == [("CL204", 1, 1)]
    assert lint("---\nlicense:\n---\n# x\n", select=["CL204"]) == [("CL204", 1, 1)]


def test_no_metadata_is_left_to_cl002():
    assert lint("# x\n", select=["CL204"]) == []


def test_dataset_cards_get_the_dataset_profile_and_spaces_none():
    [finding] = findings("---\nlicense: mit\ntask_categories: [text-classification]\n---\n# Data\n\n## Dataset Structure\nCSV.\n", select=["CL201", "CL204"])
    assert finding.message == (
        "missing sections `Dataset Details`, `Uses`, `Dataset Creation`, `Bias, Risks, and Limitations`, `Dataset Card Contact` (profile `dataset`)"
    )
    assert lint("---\nsdk: gradio\n---\n# Space\n", select=["CL2"]) == []


def test_kind_can_be_forced():
    assert lint("---\nlicense: mit\n---\n# Data\n", select=["CL201"], kind="dataset") == [("CL201", 4, 3)]


def test_dataset_profile_matches_the_dataset_template_huggingface_hub_installs():
    template = (importlib.resources.files("huggingface_hub") / "templates" / "datasetcard_template.md").read_text(encoding="utf-8")
    required = {normalize(line[3:]) for line in template.splitlines() if line.startswith("## ") and "[optional]" not in line}
    assert required == {normalize(s.name) for s in Session().packs.profiles["dataset"].sections}


def test_unknown_profile_is_a_config_error():
    from cardlint.config import Config, ConfigError

    with pytest.raises(ConfigError, match="names unknown profile 'strict' \\(known: checklist, dataset, eu-gpai, full, hub, minimal\\)"):
        Session(Config(options={"profile": "strict"}))


def test_crlf_bom_positions():
    text = ("\ufeff" + FULL_CARD.replace("Three epochs.", "<!-- x -->") + "- [ ] x\n").replace("\n", "\r\n")
    assert lint(text, select=["CL202", "CL203"]) == [("CL202", 18, 4), ("CL203", 23, 3)]


def test_profiles_match_the_template_huggingface_hub_installs():
    template = (importlib.resources.files("huggingface_hub") / "templates" / "modelcard_template.md").read_text(encoding="utf-8")
    headings = {normalize(line.lstrip("#")) for line in template.splitlines() if line.startswith("## ")}
    profiles = Session().packs.profiles
    required = [s for s in profiles["full"].sections if s.template]
    assert {normalize(s.name) for s in required} <= headings
    template_h2 = [line[3:] for line in template.splitlines() if line.startswith("## ") and "[optional]" not in line]
    assert {normalize(h) for h in template_h2} <= {normalize(s.name) for s in profiles["full"].sections}


def _without(text, heading, body):
    """FULL_CARD without the section ``heading`` (and its one line of text)."""
    return text.replace(f"{heading}\n{body}\n", "")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("## Evaluation\n", "## Evaluations\n"),
        ("## Uses\n", "## 2. Intended Uses\n"),
        ("## Training Details\n", "## Training procedures\n"),
        ("## How to Get Started with the Model\n", "**Usage**\n\n"),
        ("## How to Get Started with the Model\n", "__Usage__\n\n"),
        ("## How to Get Started with the Model\n", "**Usage:**\n\n"),
        ("## How to Get Started with the Model\n", "**Usage**:\n\n"),
        ("## Evaluation\n", "## Validation Metrics\n"),
        ("## Evaluation\n", "### Training results\n"),
        ("## Training Details\n", "## Hyperparameters\n"),
        ("## Training Details\n", "## Training and evaluation data\n"),
        ("## Bias, Risks, and Limitations\n", "## Disclaimer\n"),
        ("## How to Get Started with the Model\n", "## 使用 Usage\n"),
        ("## Model Details\n", "## 模型信息 Model Information\n"),
    ],
)
def test_headings_as_people_write_them(old, new):
    assert old in FULL_CARD
    assert lint(FULL_CARD.replace(old, new), select=["CL201"]) == []


def test_a_heading_joining_two_names_provides_both():
    text = _without(FULL_CARD, "## Bias, Risks, and Limitations", "Sarcasm.").replace("## Evaluation\n", "## Performance and Limitations\n")
    assert lint(text, select=["CL201"]) == []
    text = _without(FULL_CARD, "## Bias, Risks, and Limitations", "Sarcasm.").replace("## Uses\n", "## Intended uses & limitations\n")
    assert lint(text, select=["CL201"]) == []


def test_training_and_evaluation_data_is_no_evaluation():
    text = _without(FULL_CARD, "## Evaluation", "Accuracy 0.93.").replace("## Training Details\n", "## Training and evaluation data\n")
    [finding] = findings(text, select=["CL201"])
    assert (finding.line, finding.column, finding.message) == (4, 3, "missing section `Evaluation` (profile `hub`)")


@pytest.mark.parametrize(
    "label",
    [
        "- **Usage:** see below",  # a label in a list item
        "**Usage** is simple: call the pipeline.",  # bold words that start a sentence
        "**Usage\nnotes**",  # bold over two lines
        "> **Usage**",  # inside a block quote
        "**Example 1:**",  # a bold label over a picture: not a section's name
    ],
)
def test_bold_text_that_is_no_heading(label):
    text = FULL_CARD.replace("## How to Get Started with the Model\nCall the pipeline.\n", label + "\n\nText.\n")
    [finding] = findings(text, select=["CL201"])
    assert finding.message == "missing section `How to Get Started with the Model` (profile `hub`)"


MODEL_INDEX = """model-index:
- name: my-model
  results:
  - task: {type: text-classification}
    dataset: {name: IMDB, type: imdb}
    metrics:
    - {type: accuracy, value: 0.93}
"""


def test_model_index_results_provide_evaluation():
    text = _without(FULL_CARD, "## Evaluation", "Accuracy 0.93.")
    assert [f.message for f in findings(text, select=["CL201"])] == ["missing section `Evaluation` (profile `hub`)"]
    assert lint(text.replace("license: mit\n", "license: mit\n" + MODEL_INDEX), select=["CL201"]) == []
    empty = "model-index:\n- name: my-model\n  results: []\n"
    assert lint(text.replace("license: mit\n", "license: mit\n" + empty), select=["CL201"]) == [("CL201", 7, 3)]


def test_eval_results_files_provide_evaluation(tmp_path):
    from cardlint.api import lint_file
    from cardlint.config import Config

    (tmp_path / "README.md").write_text(_without(FULL_CARD, "## Evaluation", "Accuracy 0.93."))
    [finding] = lint_file(tmp_path / "README.md", Config(select=("CL201",)))
    assert finding.message == "missing section `Evaluation` (profile `hub`)"
    (tmp_path / ".eval_results").mkdir()
    (tmp_path / ".eval_results" / "imdb.yaml").write_text("- dataset: {id: stanfordnlp/imdb}\n  value: 0.93\n")
    assert lint_file(tmp_path / "README.md", Config(select=("CL201",))) == []


def test_an_empty_evaluation_heading_is_answered_by_the_results():
    text = FULL_CARD.replace("Accuracy 0.93.", "<!-- results -->")
    assert lint(text, select=["CL201", "CL202"]) == [("CL202", 21, 4)]
    assert lint(text.replace("license: mit\n", "license: mit\n" + MODEL_INDEX), select=["CL201", "CL202"]) == []


@pytest.mark.parametrize(("word", "singular"), [("evaluations", "evaluation"), ("biases", "bias"), ("bias", "bias"), ("uses", "use"), ("class", "class"), ("studies", "study"), ("analysis", "analysis")])
def test_plurals_compare_equal_to_their_singular(word, singular):
    module = sys.modules[checklist_rule().check.__module__]
    assert module._singular(word) == singular


def test_the_title_names_the_model_not_a_section():
    text = FULL_CARD.replace("# My model\n", "# finetuning-imdb\n").replace("## Training Details\nThree epochs.\n", "")
    [finding] = findings(text, select=["CL201"])
    assert finding.message == "missing section `Training Details` (profile `hub`)"


def test_a_title_that_is_a_section_name_is_that_section():
    text = "---\nlicense: mit\n---\n# Evaluation\n\n## Time metrics\n12 ms.\n"
    [finding] = findings(text, select=["CL201"])
    assert "`Evaluation`" not in finding.message and "`Uses`" in finding.message


def test_an_empty_results_heading_is_not_empty_when_the_model_index_holds_results():
    card = """---
license: mit
model-index:
- name: m
  results:
  - task: {type: text-classification}
    dataset: {type: imdb, name: IMDB}
    metrics: [{type: accuracy, value: 0.9}]
---
# m

### Training results

## Framework versions
"""
    assert lint(card, select=["CL202"]) == []
    assert lint(card.replace("  results:\n  - task: {type: text-classification}\n    dataset: {type: imdb, name: IMDB}\n    metrics: [{type: accuracy, value: 0.9}]\n", "  results: []\n"), select=["CL202"]) == [("CL202", 9, 5)]


def test_an_opus_mt_system_info_block_is_the_model_details():
    card = "---\nlicense: apache-2.0\n---\n### bul-epo\n\n* source group: Bulgarian\n\n### System Info:\n- hf_name: bul-epo\n- src_alpha3: bul\n"
    [finding] = findings(card, select=["CL201"])
    assert "`Model Details`" not in finding.message and "`Uses`" in finding.message
