"""CL201-CL204: the checklist a profile asks for: sections, their content, task lists, metadata fields.

Profiles are rule-pack data (``rules/checklist.yaml``); this module only
matches them against the card. Headings match loosely, as people write them:
case, punctuation, numbering (``## 3. Uses``), emoji, ``[optional]`` and the
profile's aliases do not matter, and a heading that starts with a known name
(``## Usage with transformers``) counts.
"""

import functools
import re

from cardlint import leftovers
from cardlint.model import Problem, Span
from cardlint.rule import Option, rule

PROFILE = Option("profile", default="hub", help="the section checklist for model cards: hub, full, minimal, or a profile from a rule pack")
DATASET_PROFILE = Option("dataset-profile", default="dataset", help="the section checklist for dataset cards")

_MARKUP = re.compile(r"!?\[([^\[\]]*)\]\([^)\]]*\)|[*_`~]|<[^<>]+>")
"""A link (its text kept), an emphasis mark or an HTML tag. A bracket, parenthesis or tag ends at the next opening of
its kind, so that a title full of ``[`` or ``<`` is read once (the inner ``[`` of ``[![badge](u)](v)`` starts the link)."""
_OPTIONAL = re.compile(r"[\[(]\s*optional\s*[\])]", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])[.)]|\d+(?:\.\d+)+|\d+)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=4096)
def normalize_heading(text: str) -> str:
    """``## 3. 🚀 Bias, Risks & Limitations [optional]`` -> ``bias risks and limitations``."""
    text = _MARKUP.sub(lambda match: match.group(1) or "", text)
    text = _OPTIONAL.sub(" ", text).replace("&", " and ")
    text = _NON_WORD.sub(" ", _NUMBERING.sub("", text.strip()).lower().replace("_", " "))
    return _NUMBERING.sub("", text.strip()).strip()


@functools.lru_cache(maxsize=256)
def _names(section) -> frozenset[str]:
    return frozenset(normalize_heading(name) for name in (section.name, *section.aliases)) - {""}


def _prefixes(title: str) -> frozenset[str]:
    """The normalised title and its leading words: a section named by any of them is there (``usage with transformers``)."""
    words = title.split(" ")
    return frozenset(" ".join(words[:count]) for count in range(1, len(words) + 1))


def _applies(card, options):
    """The active profile for this kind of card, or None for Space cards, which have no checklist."""
    name = {"model": options["profile"], "dataset": options["dataset-profile"]}.get(card.kind)
    return options["profiles"][name] if name else None


def _anchor(card) -> Span:
    """Where a whole-card problem points: the title heading, else the first text of the body, else line 1."""
    sections = card.body.sections
    if sections:
        first = sections[0]
        return card.line_span(first.line, first.column)
    start = card.front_matter.body_start_line
    line = next((number for number in range(start, len(card.lines) + 1) if card.line(number).strip()), 1)
    return card.line_span(line)


def _found(card, section):
    names = _names(section)
    return [found for found, prefixes in _titles(card) if not prefixes.isdisjoint(names)]


def _titles(card):
    """Every section with the prefixes of its normalised title, computed once per card."""
    titles = card.derived.get("title-prefixes")
    if titles is None:
        titles = card.derived["title-prefixes"] = [(found, _prefixes(normalize_heading(found.title))) for found in card.body.all_sections()]
    return titles


def _text(card, first: int, last: int, sections) -> str:
    """Lines ``first``..``last`` without the heading lines (ATX, or setext with its underline) of ``sections``."""
    headings = {s.line for s in sections} | {s.line + 1 for s in sections if s.content_line > s.line + 1}
    return "\n".join(card.body.line(number) for number in range(first, last + 1) if number not in headings)


def _section_text(card, section) -> str:
    return _text(card, section.line + 1, section.end_line, list(section.walk()))


@rule("CL201", "missing-section", "warning", "a section the active profile requires is absent", options=(PROFILE, DATASET_PROFILE))
def missing_section(card, options):
    """
    ## What it does
    Checks that the card has every section of the active profile (`hub` by
    default: Model Details, Uses, Bias/Risks/Limitations, How to Get
    Started, Training Details, Evaluation). Headings match loosely, and
    common synonyms count: `## Limitations` for Bias, Risks, and Limitations,
    `## Usage` or `## Quick start` for How to Get Started. The `minimal`
    profile asks only for some description.

    ## Why is this bad?
    Users look for these sections to decide whether a model fits their use and
    what can go wrong; the Hub's template and the model-card checklist name
    them so that every card answers the same questions.

    ## Example
    ```markdown
    ---
    license: mit
    ---
    # My model

    ## Model Details
    A text classifier.
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    # My model

    ## Model Details
    A text classifier fine-tuned from DistilBERT.

    ## Uses
    Sentiment of English product reviews.

    ## Limitations
    Sarcasm is often misread.

    ## Usage
    `pipeline("text-classification", model="me/my-model")`

    ## Training
    Three epochs on IMDB.

    ## Evaluation
    Accuracy 0.93 on the IMDB test split.
    ```
    """
    profile = _applies(card, options)
    if profile is None:
        return
    body_text = _text(card, card.front_matter.body_start_line, len(card.lines), list(card.body.all_sections()))
    if profile.description_required and not leftovers.has_content(body_text):
        yield Problem(_anchor(card), "the card has no description", help="add a few sentences saying what the model is and does")
    missing = [section.name for section in profile.sections if not _found(card, section)]
    if missing:
        names = ", ".join(f"`{name}`" for name in missing)
        plural = "s" if len(missing) > 1 else ""
        yield Problem(_anchor(card), f"missing section{plural} {names} (profile `{profile.name}`)", help=f"add a `## {missing[0]}` section" + (" and the others" if plural else ""))


@rule("CL202", "empty-section", "warning", "a required section with no content beyond comments/placeholders", options=(PROFILE, DATASET_PROFILE))
def empty_section(card, options):
    """
    ## What it does
    Reports a section of the active profile that is there but says nothing:
    only HTML comments, `[More Information Needed]`, template boilerplate or
    bare labels like `- **Developed by:**`. A section whose subsections have
    content counts as filled.

    ## Why is this bad?
    An empty section looks complete in a table of contents while telling
    users nothing; cards generated from the Hub template are full of them.

    ## Example
    ```markdown
    ---
    license: mit
    ---
    # My model

    ## Uses
    <!-- Address questions around how the model is intended to be used. -->
    [More Information Needed]
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    # My model

    ## Uses
    Classify the sentiment of English product reviews.
    ```
    """
    profile = _applies(card, options)
    if profile is None:
        return
    reported = set()
    for section in profile.sections:
        found = _found(card, section)
        if found and found[0].line not in reported and not any(leftovers.has_content(_section_text(card, match)) for match in found):
            first = found[0]
            reported.add(first.line)
            yield Problem(
                card.line_span(first.line, first.column),
                f"section `{first.title}` is empty (only comments or placeholders)",
                help=f"write what the `{section.name}` section asks for, or remove the placeholder text",
            )


@rule("CL203", "unchecked-item", "warning", "a `- [ ]` task-list item left in the card")
def unchecked_item(card, options):
    """
    ## What it does
    Reports each unchecked task-list item (`- [ ] ...`) in the card's
    Markdown; items in code blocks do not count.

    ## Why is this bad?
    An open checklist in a published card reads as unfinished work: a release
    checklist or a template's to-do list that was never completed or removed.

    ## Example
    ```markdown
    ---
    license: mit
    ---
    # My model

    - [ ] add evaluation results
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    # My model

    - [x] add evaluation results
    ```
    """
    for item in card.body.task_items:
        if not item.checked:
            span = Span(item.line, item.column, item.line, item.column + 3)
            yield Problem(span, f"unchecked task-list item: {item.text!r}", help="do the task and check it (`[x]`), or remove the item")


@rule("CL204", "missing-field", "warning", "a metadata field the active profile requires is absent (e.g. `license`)", options=(PROFILE, DATASET_PROFILE))
def missing_field(card, options):
    """
    ## What it does
    Checks that the metadata has every field of the active profile (`hub`:
    `license`; `full` adds `language`, `pipeline_tag` and `library_name`).
    An empty value counts as missing. Cards without a metadata block are
    left to CL002.

    ## Why is this bad?
    Without a license, users cannot tell whether they may use the model, and
    the Hub cannot show it or filter by it; the other fields drive the task
    and library filters and the widget.

    ## Example
    ```markdown
    ---
    tags: [vision]
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
    profile = _applies(card, options)
    if profile is None or not card.has_metadata:
        return
    for field in profile.fields:
        if card.metadata.get(field) in (None, "", []):
            yield Problem(card.metadata_span(), f"the metadata has no `{field}`", key_path=field, help=f"add `{field}: ...` to the metadata block")
