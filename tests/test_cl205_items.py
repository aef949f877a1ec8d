"""CL205: checklist items (labelled lines, sub-headings, metadata fields), grouped per section, in profiles."""

import json
from pathlib import Path

import pytest
from conftest import SHARED, findings, needs_shared, run_cli

from cardlint.api import Session
from cardlint.config import Config
from cardlint.packs import PackError

PACK = """\
profiles:
  org:
    sections:
      - name: Model Details
        aliases: [Model Description]
      - name: Environmental Impact
    items:
      - name: Developed by
        section: Model Details
        aliases: [Developers, Authors]
      - name: Base model
        section: Model Details
        aliases: ["Finetuned from model [optional]", Finetuned from]
        fields: [base_model]
      - name: Direct use
        section: Model Details
      - name: Hardware type
        section: Environmental Impact
        aliases: [Hardware]
      - name: Release date
        legal: "Regulation (EU) 2024/1689, Annex XII, 1(c)"
"""

HEAD = "---\nlicense: mit\n---\n# My model\n\n"


def org(text, tmp_path, pack=PACK):
    (tmp_path / "org.yaml").write_text(pack)
    config = Config(select=("CL2",), rule_packs=(tmp_path / "org.yaml",), options={"profile": "org"})
    return Session(config).lint_source(_source(text), None)


def _source(text):
    from cardlint import source

    return source.decode(text.encode(), "<text>")


def triples(found):
    return [(f.rule, f.line, f.column) for f in found]


FILLED = HEAD + """## Model Details
- **Developed by:** Jane Doe
- **Finetuned from model [optional]:** distilbert-base-uncased

### Direct Use
Sentiment of reviews.

## Environmental Impact
- **Hardware:** 1 A100

Release date: 2024-05-01
"""


def test_filled_card_has_no_item_finding(tmp_path):
    assert org(FILLED, tmp_path) == []


@pytest.mark.parametrize(
    "line",
    [
        "- **Developed by:** Jane Doe",
        "**Developed by**: Jane Doe",
        "Developed by: Jane Doe",
        "| **Developers** | Jane Doe |",
        "* __Authors:__ Jane Doe",
        "**Developed by:**\n\nJane Doe and John Roe",
        "- Developers (core team): Jane Doe",
    ],
)
def test_labelled_line_forms_provide_the_item(tmp_path, line):
    assert org(FILLED.replace("- **Developed by:** Jane Doe", line), tmp_path) == []


@pytest.mark.parametrize(
    "line",
    [
        "- **Developed by:** [More Information Needed]",
        "- **Developed by:**",
        "- **Developed by:** <!-- your name -->",
        '- **Developed by:** {{ developers | default("[More Information Needed]", true)}}',
        "- Developed by a team of ten: Jane Doe",
        "- **Developers of note**",
        "",
    ],
)
def test_absent_placeholder_empty_or_other_label_is_missing(tmp_path, line):
    [finding] = org(FILLED.replace("- **Developed by:** Jane Doe", line), tmp_path)
    assert (finding.rule, finding.line, finding.column) == ("CL205", 6, 4)
    assert finding.message == "section `Model Details` lacks item `Developed by` (profile `org`)"
    assert finding.help.startswith("add each as a labelled line (`- **Developed by:** ...`) or a sub-heading (`### Developed by`) with real content")


def test_an_empty_label_does_not_take_the_next_list_item_as_its_value(tmp_path):
    text = FILLED.replace("- **Developed by:** Jane Doe\n", "- **Developed by:**\n- **Shared by:** ACME\n")
    assert triples(org(text, tmp_path)) == [("CL205", 6, 4)]


def test_missing_items_of_one_section_are_one_finding_at_its_heading(tmp_path):
    text = HEAD + "## Model Description\nA classifier.\n\n## Environmental Impact\n- **Hardware:** 1 A100\n\nRelease date: 2024\n"
    [finding] = org(text, tmp_path)
    assert (finding.rule, finding.line, finding.column) == ("CL205", 6, 4)
    assert finding.message == "section `Model Details` lacks items `Developed by`, `Base model`, `Direct use` (profile `org`)"
    assert "or in the metadata: `base_model` for Base model" in finding.help


def test_sub_heading_provides_the_item_only_with_content(tmp_path):
    assert org(FILLED.replace("- **Developed by:** Jane Doe\n", "\n### Developers\nJane Doe.\n"), tmp_path) == []
    text = FILLED.replace("### Direct Use\nSentiment of reviews.\n", "### Direct Use\n[More Information Needed]\n")
    assert [(f.line, f.message) for f in org(text, tmp_path)] == [(6, "section `Model Details` lacks item `Direct use` (profile `org`)")]


def test_metadata_field_provides_the_item(tmp_path):
    text = FILLED.replace("- **Finetuned from model [optional]:** distilbert-base-uncased\n", "")
    assert "`Base model`" in org(text, tmp_path)[0].message
    assert org(text.replace("license: mit\n", "license: mit\nbase_model: distilbert/distilbert-base-uncased\n"), tmp_path) == []


def test_item_is_looked_for_under_its_section(tmp_path):
    text = FILLED.replace("- **Hardware:** 1 A100\n", "Trained in a day.\n") + "\n## Notes\n- **Hardware:** 1 A100\n"
    [finding] = org(text, tmp_path)
    assert (finding.line, finding.message) == (13, "section `Environmental Impact` lacks item `Hardware type` (profile `org`)")


def test_item_of_a_missing_section_is_found_anywhere_and_cl201_names_the_rest(tmp_path):
    text = HEAD + "## Model Details\n- **Developed by:** Jane\n- **Finetuned from:** bert\n\n### Direct Use\nReviews.\n\nRelease date: 2024\n"
    [cl201] = org(text, tmp_path)
    assert (cl201.rule, cl201.line, cl201.column) == ("CL201", 4, 3)
    assert cl201.help == "add a `## Environmental Impact` section, with `Hardware type`"
    assert org(text + "\n**Hardware:** 1 A100\n", tmp_path)[0].help == "add a `## Environmental Impact` section"


def test_empty_section_is_left_to_cl202_whose_help_names_the_items(tmp_path):
    text = FILLED.replace("# My model\n", "# My model\nRelease date: 2024-05-01\n").replace("- **Hardware:** 1 A100\n\nRelease date: 2024-05-01\n", "<!-- fill in -->\n")
    [cl202] = org(text, tmp_path)
    assert (cl202.rule, cl202.line, cl202.column) == ("CL202", 14, 4)
    assert cl202.help == "write the section (`Hardware type`), or remove its heading"


def test_items_of_no_section_are_one_finding_at_the_title_with_their_legal_reference(tmp_path):
    [finding] = org(FILLED.replace("Release date: 2024-05-01\n", ""), tmp_path)
    assert (finding.rule, finding.line, finding.column) == ("CL205", 4, 3)
    assert finding.message == "the card lacks item `Release date` (profile `org`)"
    assert finding.help.endswith("; asked for by Regulation (EU) 2024/1689, Annex XII, 1(c) (Release date)")


def test_labels_in_code_are_not_items(tmp_path):
    text = FILLED.replace("Release date: 2024-05-01\n", "```\nRelease date: 2024-05-01\n```\n")
    assert [f.message for f in org(text, tmp_path)] == ["the card lacks item `Release date` (profile `org`)"]


def test_default_profile_has_no_items():
    assert findings(HEAD + "## Model Details\nA classifier.\n", select=["CL205"]) == []


TEMPLATE_FILLED = """---
license: apache-2.0
language: [en]
tags: [text-classification]
datasets: [stanfordnlp/imdb]
metrics: [accuracy]
base_model: distilbert/distilbert-base-uncased
pipeline_tag: text-classification
library_name: transformers
---

# Model Card for acme/review-sentiment

A sentiment classifier for English product reviews.

## Model Details

### Model Description

DistilBERT fine-tuned on IMDB.

- **Developed by:** ACME Research
- **Model type:** Transformer encoder, sequence classification
- **Language(s) (NLP):** English
- **License:** apache-2.0
- **Finetuned from model [optional]:** distilbert-base-uncased
- **Version:** 1.2 (released 2024-05-01)

### Model Sources [optional]

- **Repository:** https://github.com/acme/review-sentiment
- **Paper [optional]:** https://arxiv.org/abs/1910.01108
- **Demo [optional]:** https://huggingface.co/spaces/acme/review-sentiment

## Uses

### Direct Use

Classify the sentiment of English product reviews.

### Downstream Use [optional]

Fine-tune on other review domains.

### Out-of-Scope Use

Not for medical or legal text; prohibited for surveillance.

## Bias, Risks, and Limitations

Sarcasm is often misread.

### Recommendations

Review low-confidence predictions by hand.

## How to Get Started with the Model

```python
pipeline("text-classification", model="acme/review-sentiment")
```

## Training Details

### Training Data

IMDB, 25,000 labelled movie reviews.

### Training Procedure

#### Preprocessing [optional]

Lower-cased, truncated to 512 tokens.

#### Training Hyperparameters

- **Training regime:** fp16 mixed precision, 3 epochs, learning rate 2e-5

#### Speeds, Sizes, Times [optional]

40 minutes on one A100; checkpoint 268 MB.

## Evaluation

### Testing Data, Factors & Metrics

#### Testing Data

The IMDB test split.

#### Factors

Review length.

#### Metrics

Accuracy, the share of reviews classified right.

### Results

Accuracy 0.93.

## Model Examination [optional]

Attention maps show the model reads negations.

## Environmental Impact

- **Hardware Type:** A100
- **Hours used:** 0.7
- **Cloud Provider:** AWS
- **Compute Region:** eu-west-1
- **Carbon Emitted:** 0.1 kg CO2eq

## Technical Specifications [optional]

### Model Architecture and Objective

6-layer Transformer encoder (66M parameters) with a classification head; inputs are English text up to 512 tokens, output is a label and a score.

### Compute Infrastructure

#### Hardware

One A100.

#### Software

transformers 4.40, PyTorch 2.3.

## Citation [optional]

**BibTeX:**

```bibtex
@misc{acme2024, title={Review sentiment}}
```

## Acknowledgements

Funded by ACME.

## Glossary [optional]

Accuracy: the share of right answers.

## Model Card Authors [optional]

Jane Doe

## Model Card Contact

jane@acme.example
"""


def test_checklist_profile_on_the_hub_template_filled_in():
    assert findings(TEMPLATE_FILLED, select=["CL2"], profile="checklist") == []


def test_checklist_profile_names_what_the_template_left_out():
    text = TEMPLATE_FILLED.replace("- **Version:** 1.2 (released 2024-05-01)\n", "").replace("- **Hours used:** 0.7\n", "- **Hours used:** [More Information Needed]\n")
    got = [(f.rule, f.line, f.column, f.message) for f in findings(text, select=["CL205"], profile="checklist")]
    assert got == [
        ("CL205", 16, 4, "section `Model Details` lacks item `Version` (profile `checklist`)"),
        ("CL205", 106, 4, "section `Environmental Impact` lacks item `Hours used` (profile `checklist`)"),
    ]


EU_FILLED = """---
license: apache-2.0
---
# acme/review-sentiment

## Intended uses
Sentiment classification in review moderation systems.

## Acceptable use policy
No surveillance, no decisions about individuals.

- **Release date:** 2024-05-01
- **Distribution:** the Hugging Face Hub, as safetensors weights
- **Architecture:** DistilBERT encoder
- **Parameters:** 66M
- **Input:** English text (UTF-8 string)
- **Output:** a label and a score
- **Context length:** 512 tokens

## Hardware and software
Runs on CPU or any CUDA GPU through transformers.

### Framework versions
- Transformers 4.40.0

## How to use
`pipeline("text-classification", model="acme/review-sentiment")`

## Training data
IMDB movie reviews, scraped in 2011.

## Evaluation data
The IMDB test split.

## Data curation
Duplicates and HTML removed.
"""


def test_eu_gpai_profile_on_a_complete_card():
    assert findings(EU_FILLED, select=["CL2"], profile="eu-gpai") == []


def test_eu_gpai_profile_names_items_with_their_legal_references():
    text = EU_FILLED.replace("- **Parameters:** 66M\n", "").replace("license: apache-2.0\n", "tags: [x]\n")
    [finding] = findings(text, select=["CL205"], profile="eu-gpai")
    assert (finding.line, finding.column) == (4, 3)
    assert finding.message == "the card lacks items `Parameters`, `License` (profile `eu-gpai`)"
    assert finding.help.endswith("; asked for by Regulation (EU) 2024/1689, Annex XII, 1(f) (Parameters); 1(h) (License)")


def test_required_field_missing_is_left_to_cl204():
    text = TEMPLATE_FILLED.replace("license: apache-2.0\n", "").replace("- **License:** apache-2.0\n", "")
    assert [f.rule for f in findings(text, select=["CL204", "CL205"], profile="checklist")] == ["CL204"]


@pytest.mark.parametrize(
    ("pack", "message"),
    [
        ("profiles:\n  org:\n    items:\n      - aliases: [x]\n", "org.yaml:4:9: `profiles.org.items[0]` is missing the required key `name`"),
        ("profiles:\n  org:\n    items:\n      - name: X\n        section: [a]\n", "org.yaml:5:18: `profiles.org.items[0].section` must be a string"),
        ("profiles:\n  org:\n    items:\n      - name: X\n        provided-by: [footer]\n", "org.yaml:5:23:"),
        ("profiles:\n  org:\n    items:\n      - name: X\n        sectoin: Uses\n", "org.yaml:5:9: `sectoin` is not a key of `profiles.org.items[0]`"),
        (
            "profiles:\n  org:\n    items:\n      - name: X\n        section: Uses\n",
            "org.yaml:5:18: item `X` belongs to section `Uses`, which profile `org` does not have (its sections: none)",
        ),
        ("profiles:\n  org:\n    items:\n      - name: X\n      - name: x\n", "org.yaml:5:15: profile `org` lists item `x` twice"),
    ],
)
def test_bad_items_name_the_file_line_and_column(tmp_path, pack, message):
    (tmp_path / "org.yaml").write_text(pack)
    with pytest.raises(PackError) as raised:
        Session(Config(rule_packs=(tmp_path / "org.yaml",)))
    assert message in str(raised.value)


def test_extending_a_profile_adds_and_replaces_items(tmp_path):
    from cardlint.packs import load

    (tmp_path / "org.yaml").write_text("profiles:\n  org:\n    extends: eu-gpai\n    items:\n      - {name: License, fields: [license, license_name]}\n      - {name: Safety}\n")
    [profile] = [load([tmp_path / "org.yaml"], trusted=[Path(__file__).parent.parent / "rules" / "checklist.yaml"]).profiles["org"]]
    names = [item.name for item in profile.items]
    assert names[-2:] == ["License", "Safety"] and names.count("License") == 1 and len(names) == 17
    assert profile.items[-2].fields == ("license", "license_name") and profile.items[-2].legal is None


def test_cli_profile_option_and_rule_page(tmp_path):
    (tmp_path / "README.md").write_text(TEMPLATE_FILLED.replace("- **Version:** 1.2 (released 2024-05-01)\n", ""))
    result = run_cli("--no-config", "--profile", "checklist", "--select", "CL205", "--format", "json", "README.md", cwd=tmp_path)
    assert result.returncode == 0
    assert [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)] == [("CL205", 16, 4)]
    page = run_cli("rule", "CL205").stdout.decode()
    assert "a labelled line whose label is the item's name or one of its aliases" in page and "`### Direct Use`" in page


@needs_shared
def test_checklist_names_every_label_of_the_hub_template():
    """Every `**Label:**` of the Hub's template (but Funded/Shared by and More Information) is an alias of a checklist item."""
    import re

    template = (SHARED / "reference" / "hf-templates" / "modelcard_template.md").read_text()
    labels = set(re.findall(r"^- \*\*(.+?):\*\*", template, re.MULTILINE)) - {"Funded by [optional]", "Shared by [optional]"}
    aliases = {alias for item in Session().packs.profiles["checklist"].items for alias in item.aliases}
    assert labels - aliases == {"Language(s) (NLP)", "License", "Training regime"} - aliases
    assert labels <= aliases


def test_readme_items_pack_snippet_adds_items_to_the_checklist(tmp_path):
    from test_integrations import snippet

    (tmp_path / "org.yaml").write_text(snippet("items-pack"))
    config = Config(select=("CL2",), rule_packs=(tmp_path / "org.yaml",), options={"profile": "org-checklist"})
    text = TEMPLATE_FILLED + "\n## Safety\nRed-teamed for toxic output.\n"
    got = [(f.rule, f.line, f.column, f.message) for f in Session(config).lint_source(_source(text), None)]
    assert got == [
        ("CL205", 12, 3, "the card lacks items `Model owner`, `Data protection review` (profile `org-checklist`)"),
        ("CL205", 155, 4, "section `Safety` lacks item `Red-team report` (profile `org-checklist`)"),
    ]
    text = text.replace("library_name: transformers\n", "library_name: transformers\ndpia_link: https://acme.example/dpia\n")
    text += "\n- **Red teaming report:** https://acme.example/red-team\n\nOwner: ACME ML team\n"
    assert Session(config).lint_source(_source(text), None) == []


@pytest.mark.parametrize(("plural", "singular"), [("Releases", "Release"), ("Use Cases", "Use case"), ("Databases", "Database"), ("Biases", "Bias"), ("Classes", "Class")])
def test_plural_labels_compare_equal_to_their_singular(plural, singular):
    import sys

    module = sys.modules[Session().rules["CL205"].check.__module__]
    assert module._key(plural) == module._key(singular)


RESULTS = """---
license: mit
model-index:
- name: my-model
  results:
  - task: {type: text-classification}
    dataset: {type: stanfordnlp/imdb, name: IMDB, split: test}
    metrics: [{type: accuracy, value: 0.93}]
---
# My model
"""


def test_model_index_results_give_testing_data_and_metrics_and_take_the_finding():
    [finding] = [f for f in findings(RESULTS, select=["CL205"], profile="checklist") if "Evaluation" in f.message]
    assert (finding.line, finding.column) == (3, 1)
    assert finding.message == "section `Evaluation` lacks item `Factors` (profile `checklist`)"


def test_a_bold_line_standing_as_the_heading_takes_the_finding():
    text = RESULTS.replace("model-index:", "x-index:") + "\n**Evaluation**\n\nAccuracy 0.93 on IMDB.\n"
    [finding] = [f for f in findings(text, select=["CL205"], profile="checklist") if "Evaluation" in f.message]
    assert (finding.line, finding.column) == (12, 1)
    assert finding.message == "section `Evaluation` lacks items `Testing data`, `Factors`, `Evaluation metrics`, `Results` (profile `checklist`)"
