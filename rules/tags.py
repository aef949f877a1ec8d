"""CL109: the same tag listed twice."""

import re

from cardlint.model import Edit, Fix, Problem, Span
from cardlint.rule import rule


@rule("CL109", "duplicate-tag", "info", "a tag listed more than once in `tags`", fix="delete the repeated tag")
def duplicate_tag(card, options):
    """
    ## What it does
    Reports a `tags` entry that repeats an earlier one.

    ## Why is this bad?
    A repeated tag adds nothing (huggingface_hub keeps one of each when it
    reads the card) and is usually a merge or generator mistake; removing it
    is a tidy-up, so this is a suggestion.

    ## Example
    ```markdown
    ---
    tags:
    - vision
    - vision
    ---
    ```

    ## Use instead
    ```markdown
    ---
    tags:
    - vision
    ---
    ```
    """
    tags = card.metadata.get("tags")
    if not isinstance(tags, list):
        return
    seen: dict = {}
    for index, tag in enumerate(tags):
        if not isinstance(tag, (str, int, float)):
            continue
        if tag not in seen:
            seen[tag] = index
            continue
        span = card.locate(("tags", index))
        first = card.locate(("tags", seen[tag])).line
        edit = _deletion(card, span)
        yield Problem(
            span,
            f"tag {tag!r} is listed again (first on line {first})",
            key_path=f"tags[{index}]",
            help="delete the repeated entry",
            fix=Fix(f"delete the repeated tag {tag!r}", (edit,)) if edit else None,
        )


def _deletion(card, span: Span) -> Edit | None:
    """The edit that removes one list item: its whole line in a block list, or ``, item`` in a flow list."""
    line = card.line(span.line)
    item = card.text_at(span)
    if span.line != span.end_line or not item:
        return None
    if re.fullmatch(r"\s*-\s+" + re.escape(item) + r"\s*(?:#.*)?", line):
        return Edit(Span(span.line, 1, span.line + 1, 1), "")
    before = line[: span.column - 1].rstrip()
    if before.endswith(","):
        return Edit(Span(span.line, len(before), span.line, span.end_column), "")
    return None
