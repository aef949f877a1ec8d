"""CL301-CL303: text a template or a generator left in the card."""

from cardlint import leftovers
from cardlint.model import Problem, Span
from cardlint.rule import rule


def _span(found) -> Span:
    return Span(found.line, found.column, found.line, found.end_column)


@rule("CL301", "template-placeholder", "error", "unrendered template syntax: `{{ var }}`, `{{#if}}`, `{% … %}`")
def template_placeholder(card, options):
    """
    ## What it does
    Reports Jinja or Handlebars syntax that was never rendered: `{{ model_id }}`,
    `{{#if author_name}}`, `{% if %}`, `{# note #}`, in the metadata or the body.
    Code blocks and inline code are skipped: a chat template in an example is
    code, not a leftover.

    ## Why is this bad?
    The card was published from a template without filling it in: readers see
    `{{ model_id }}` where the model's name should be, and in the metadata the
    braces usually break the YAML.

    ## Example
    ```markdown
    ---
    license: mit
    ---
    # Model Card for {{ model_id }}
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    # Model Card for distilbert-imdb
    ```
    """
    for found in leftovers.find(card, leftovers.TEMPLATE_SYNTAX, templates=True):
        yield Problem(_span(found), f"unrendered template syntax `{found.text}`", help="render the template, or replace the placeholder with the real text")


@rule("CL302", "more-information-needed", "warning", "`[More Information Needed]` left from the Hub template")
def more_information_needed(card, options):
    """
    ## What it does
    Reports every `[More Information Needed]` (and the older
    `[Needs More Information]`, and the Trainer's bare "More information
    needed" line) left in the card.

    ## Why is this bad?
    These are the Hub template's defaults for fields nobody filled in. A
    card full of them looks complete at a glance and tells users nothing.

    ## Example
    ```markdown
    ---
    license: mit
    ---
    # My model

    - **Developed by:** [More Information Needed]
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    # My model

    - **Developed by:** the Example Lab
    ```
    """
    for found in leftovers.find(card, leftovers.MORE_INFO):
        stripped = found.text.strip()
        start = found.column + found.text.index(stripped)
        span = Span(found.line, start, found.line, start + len(stripped))
        yield Problem(span, f"template placeholder `{stripped}` left in the card", help="write the information, or remove the line if it does not apply")


@rule("CL303", "default-value", "warning", "template defaults left in: `Your Name`, `username/model-name`, `TODO`, lorem ipsum")
def default_value(card, options):
    """
    ## What it does
    Reports defaults that templates and examples put in cards and that
    nobody replaced: `Your Name`, `username/model-name`, `<your-username>`,
    `TODO`/`TBD`/`FIXME`, lorem ipsum, and the template's default titles
    ("Model Card for Model ID"). The list is data in
    `rules/data/template-defaults.yaml`.

    ## Why is this bad?
    A card that credits "Your Name" or tells users to load
    `username/model-name` misleads them and gives broken instructions.

    ## Example
    ```markdown
    ---
    license: mit
    ---
    # My model

    Developed by Your Name.
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    # My model

    Developed by the Example Lab.
    ```
    """
    for default, found in leftovers.find_defaults(card):
        yield Problem(_span(found), f"{default.message} is still in the card: {found.text.strip()!r}", help=default.help)
