"""CL001-CL005: problems found while reading the metadata block, before any rule looks at its values."""

from cardlint.frontmatter import Status
from cardlint.model import Problem, Span
from cardlint.rule import rule


def _parse_problems(card, rule_id):
    for found_id, problem in card.meta.problems:
        if found_id == rule_id:
            yield problem


@rule("CL001", "yaml-syntax", "error", "metadata block is not valid YAML")
def yaml_syntax(card, options):
    """
    ## What it does
    Reports a metadata block that YAML cannot parse, at the position where the
    parser gave up, with the parser's reason.

    ## Why is this bad?
    The Hub rejects the push ("YAML Metadata Error") and shows none of the
    metadata: no license, no tags, no widget, no evaluation results.

    ## Example
    ```markdown
    ---
    license: mit
    tags: [a, b
    ---
    # My model
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    tags: [a, b]
    ---
    # My model
    ```
    """
    yield from _parse_problems(card, "CL001")


@rule("CL002", "metadata-missing", "warning", "no metadata block at all, or an empty one")
def metadata_missing(card, options):
    """
    ## What it does
    Reports a card without a metadata block, with an empty one, or with one the
    Hub will not see (an opening `---` with trailing spaces, or a block that
    does not start the file).

    ## Why is this bad?
    Without metadata the Hub cannot show a license, filter the model by task or
    library, or render a widget; it warns "Repo card metadata block was not found".

    ## Example
    ```markdown
    # My model

    A model.
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    # My model

    A model.
    ```
    """
    block = card.front_matter
    line = block.opener_line
    span = card.line_span(line)
    if block.status is Status.MISSING:
        yield Problem(Span.point(1), "the card has no metadata block", help="start the file with a `---` line, `key: value` lines such as `license: mit`, and a closing `---`")
    elif block.status is Status.EMPTY or (block.status is Status.FOUND and card.meta.data is None and not card.meta.problems):
        yield Problem(span, "the metadata block is empty", help="add at least `license: ...` between the `---` lines")
    elif block.status is Status.OPENER_TRAILING_SPACE:
        yield Problem(span, "the opening `---` has trailing whitespace, so the Hub does not see a metadata block", help="remove the spaces after `---`")
    elif block.status is Status.NOT_AT_START:
        yield Problem(span, f"a metadata block starts on line {line}, but the Hub only reads one at the very start of the file", help="move the block (with its `---` lines) to the top of the file")


@rule("CL003", "metadata-unclosed", "error", "an opening `---` with no closing `---`")
def metadata_unclosed(card, options):
    """
    ## What it does
    Reports an opening `---` line that no closing `---` line follows.

    ## Why is this bad?
    The Hub does not find a metadata block at all, so everything meant as
    metadata is shown as text at the top of the card and none of it is used.

    ## Example
    ```markdown
    ---
    license: mit

    # My model
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---

    # My model
    ```
    """
    if card.front_matter.status is Status.UNCLOSED:
        line = card.front_matter.opener_line
        yield Problem(Span(line, 1, line, 4), "the metadata block opened here is never closed", help="add a line with `---` after the last metadata line")


@rule("CL004", "duplicate-key", "error", "a key repeated in one mapping")
def duplicate_key(card, options):
    """
    ## What it does
    Reports a key that appears twice in the same mapping, at the second one.

    ## Why is this bad?
    The Hub's YAML reader refuses duplicate keys, and huggingface_hub silently
    keeps only the last value, so one of the two values is lost either way.

    ## Example
    ```markdown
    ---
    license: mit
    tags: [vision]
    license: apache-2.0
    ---
    ```

    ## Use instead
    ```markdown
    ---
    license: apache-2.0
    tags: [vision]
    ---
    ```
    """
    yield from _parse_problems(card, "CL004")


@rule("CL005", "metadata-not-mapping", "error", "the block is a list or a scalar, or uses YAML tags/anchors the Hub cannot read")
def metadata_not_mapping(card, options):
    """
    ## What it does
    Reports a metadata block that is a list or a single value instead of a
    mapping, YAML tags that would construct objects (`!!python/object`),
    aliases that expand without bound (an alias bomb), and nesting too deep to read.

    ## Why is this bad?
    huggingface_hub raises "repo card metadata block should be a dict", and
    the Hub's safe YAML loader refuses tags; an alias bomb hangs naive readers.
    cardlint reads such values as plain text and never executes anything.

    ## Example
    ```markdown
    ---
    - license: mit
    - tags: [vision]
    ---
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    tags: [vision]
    ---
    ```
    """
    yield from _parse_problems(card, "CL005")
