"""CL301-CL303: text a template or a generator left in the card."""

from cardlint import leftovers, suppress
from cardlint.model import Finding, Problem, Severity, Span
from cardlint.rule import rule

MORE_INFORMATION_NEEDED = "CL302"


def _span(found) -> Span:
    return Span(found.line, found.column, found.line, found.end_column)


@rule("CL301", "template-placeholder", "warning", "unrendered template syntax: `{{ var }}`, `{{#if}}`, `{% … %}`")
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


@rule(MORE_INFORMATION_NEEDED, "more-information-needed", "warning", "`[More Information Needed]` left from the Hub template")
def more_information_needed(card, options):
    """
    ## What it does
    Reports the `[More Information Needed]` placeholders (and the older
    `[Needs More Information]`, and the Trainer's bare "More information
    needed" line) left in the card: one finding per section, at the first
    placeholder, naming the lines of all of them ("3 template placeholders
    `[More Information Needed]` left in section `Uses` (lines 40, 44, 48)").
    Sections are the card's top-level ones (under a single title heading,
    its subsections), so the template's `Uses` with its three subsections is
    one finding.

    This rule, not CL202, reports a section whose only content is
    placeholders: the placeholders are what the author must replace, each at
    an exact line, and they are reported under any profile, while CL202
    knows only the sections its profile requires. CL202 keeps the sections
    that say nothing and hold no placeholder (only comments, bare labels or
    template boilerplate).

    A suppression comment acts on the placeholder it points at:
    `<!-- cardlint-disable-next-line CL302 -->` above one placeholder silences
    that one, and the section's finding names the others.

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
    found = [_stripped(leftover) for leftover in leftovers.find(card, leftovers.MORE_INFO)]
    silenced = _silenced(card, {leftover.line for leftover in found})
    groups: dict[int, list] = {}
    for leftover in found:
        part = _part(card, leftover.line)
        if leftover.line in silenced:
            yield _placeholders(card, [leftover], part)
        else:
            groups.setdefault(part.line if part else 0, []).append(leftover)
    for group in groups.values():
        yield _placeholders(card, group, _part(card, group[0].line))


def _stripped(found):
    """The placeholder without the spaces the pattern takes around the bare sentence."""
    text = found.text.strip()
    start = found.column + found.text.index(text)
    return leftovers.Leftover(found.line, start, start + len(text), text)


def _part(card, line: int):
    """The section a line is grouped under: a top-level section, or a subsection of the single title heading."""
    title = card.body.title
    sections = [*title.children, title] if title else card.body.sections
    return next((section for section in sections if section.line <= line <= section.end_line), None)


def _silenced(card, lines: set[int]) -> set[int]:
    """The lines on which a suppression comment silences this rule.

    A placeholder there is yielded on its own, so that the comment silences
    it (and counts as used), and it is left out of its section's finding.
    """
    if "cardlint" not in card.source.text:
        return set()
    probes = [Finding(MORE_INFORMATION_NEEDED, "", Severity.WARNING, "", card.path, Span.point(line)) for line in sorted(lines)]
    return lines - {probe.line for probe in suppress.apply(probes, suppress.directives(card))}


def _placeholders(card, group, part) -> Problem:
    """One problem for the placeholders of one section (``part``, None before any heading), at the first."""
    distinct: dict[str, str] = {}
    for found in group:
        distinct.setdefault(found.text.rstrip(".").lower(), found.text)
    texts = ", ".join(f"`{text}`" for text in distinct.values())
    if part is not None:
        where = f"in section `{part.title}`"
    else:
        where = "before the first heading" if card.body.sections else "in the card"
    if len(group) == 1:
        message = f"template placeholder {texts} left {where}"
    else:
        lines = ", ".join(str(line) for line in dict.fromkeys(found.line for found in group))
        message = f"{len(group)} template placeholders {texts} left {where} (lines {lines})"
    return Problem(_span(group[0]), message, help="write the information, or remove the line if it does not apply")


@rule("CL303", "default-value", "warning", "template defaults left in: `Your Name`, `username/model-name`, `TODO`, lorem ipsum")
def default_value(card, options):
    """
    ## What it does
    Reports defaults that templates and generators put in cards and that
    nobody replaced: `Your Name`, `username/model-name`, `<your-username>`,
    `YOUR_GITHUB` and `your-username` in links, the Trainer's "fine-tuned
    version of ... on the None dataset" (or "on an unknown dataset"),
    unfilled format fields (`{MODEL_NAME}`, `{0}` in a link target),
    `TODO`/`TBD`/`FIXME`, lorem ipsum, and the template's default titles
    ("Model Card for Model ID"). The list is data in
    `rules/data/template-defaults.yaml`.

    Not reported: code and inline code, placeholders the reader fills in
    (`YOUR_API_KEY`, `YOUR_HF_TOKEN`), LaTeX and BibTeX braces
    (`\\frac{1}{2}`, `year={2021}`), `{}` in prose, and `TBD` in a table
    cell or `TODO` alone in one (a status column's value).

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
