"""CL201-CL204: the checklist a profile asks for: sections, their content, task lists, metadata fields.

Profiles are rule-pack data (``rules/checklist.yaml``); this module only
matches them against the card, reading headings the way people write them
(see :func:`missing_section` for what counts).
"""

import functools
import re

from cardlint import leftovers, metrics
from cardlint.model import Problem, Span
from cardlint.rule import Option, rule

PROFILE = Option("profile", default="hub", help="the section checklist for model cards: hub, full, minimal, or a profile from a rule pack")
DATASET_PROFILE = Option("dataset-profile", default="dataset", help="the section checklist for dataset cards")

RESULTS_SECTION = "evaluation"
"""The profile section (by its compared form, see :func:`_key`) that ``model-index`` results or ``.eval_results/`` files provide."""

_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`~]|<[^>]+>")
_OPTIONAL = re.compile(r"[\[(]\s*optional\s*[\])]", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])[.)]|\d+(?:\.\d+)+|\d+)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")
_LATIN = re.compile(r"\b\w*[a-z0-9]\w*\b")
"""A word with a Latin letter or a digit in it."""
_LONGEST_NAME = 12
"""Leading words of a heading compared with the profile's names, which are all shorter (a long heading costs no more)."""
_JOINER = re.compile(r"[,&/;+]|\band\b", re.IGNORECASE)
"""What joins the names of several sections in one heading: ``Performance and Limitations``, ``Uses & Limitations``."""


def _plain(text: str) -> str:
    """The text of a heading without its Markdown: links keep their text, emphasis and HTML tags go."""
    return _MARKUP.sub(lambda match: match.group(1) or "", text)


@functools.lru_cache(maxsize=4096)
def normalize_heading(text: str) -> str:
    """``## 3. 🚀 Bias, Risks & Limitations [optional]`` -> ``bias risks and limitations``."""
    text = _OPTIONAL.sub(" ", _plain(text)).replace("&", " and ")
    text = _NON_WORD.sub(" ", _NUMBERING.sub("", text.strip()).lower().replace("_", " "))
    return _NUMBERING.sub("", text.strip()).strip()


def _singular(word: str) -> str:
    """``evaluations`` -> ``evaluation``, ``biases`` -> ``bias``, ``uses`` -> ``use``; ``bias`` and ``class`` stay.

    Applied to both the card's headings and the profile's names, so it only
    has to map a plural and its singular to the same word, not to English.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ses") and word[:-2].endswith(("ss", "as")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """The form headings and names are compared in: normalised, each word singular."""
    return " ".join(_singular(word) for word in normalize_heading(text).split())


@functools.lru_cache(maxsize=256)
def _names(section) -> frozenset[str]:
    return frozenset(_key(name) for name in (section.name, *section.aliases)) - {""}


@functools.lru_cache(maxsize=4096)
def _heading_keys(title: str, leading: bool = True) -> frozenset[str]:
    """Every name a heading provides: its leading words (``usage with transformers`` -> ``usage``), each
    further name joined to the first (``Performance and Limitations`` -> ``limitation`` too), and the
    same for its Latin words alone in a bilingual heading (``模型信息 Model Information``).

    Without ``leading`` only the whole heading counts: the card's title names
    the model (``# finetuning-imdb``), and is a section only when it is one
    by name (``# Evaluation`` over its subsections); a bold line is as often
    a label (``**Example 1:**`` over a picture) as a heading.
    """
    keys = set()
    for key in {_key(title), " ".join(_LATIN.findall(_key(title)))}:
        keys.add(key)
        if leading:
            words = key.split(" ", _LONGEST_NAME)
            keys.update(" ".join(words[:count]) for count in range(1, min(len(words), _LONGEST_NAME) + 1))
    keys.update(_key(part) for part in _JOINER.split(_plain(title))[1:])
    return frozenset(keys) - {""}


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
    """The card's headings that provide ``section`` (the title only by its whole name, see :func:`_heading_keys`)."""
    names = _names(section)
    return [found for found, keys in _headings(card) if not keys.isdisjoint(names)]


def _headings(card) -> list:
    """Every heading of the card with the names it provides, gathered once per card for all the profile's sections and rules."""
    headings = card.derived.get("checklist-headings")
    if headings is None:
        title = card.body.title
        headings = card.derived["checklist-headings"] = [(found, _heading_keys(found.title, found is not title)) for found in card.body.all_sections()]
    return headings


def _present(card, section) -> bool:
    """True when a heading, a bold line standing as a heading, or (for Evaluation) reported results provide ``section``."""
    names = _names(section)
    if _found(card, section) or any(not _heading_keys(bold.title, leading=False).isdisjoint(names) for bold in card.body.bold_headings):
        return True
    return _key(section.name) == RESULTS_SECTION and _has_results(card)


def _has_results(card) -> bool:
    """``model-index`` results, else ``.eval_results/`` files (read only when the metadata has none)."""
    return next(metrics.model_index_results(card.metadata), None) is not None or bool(card.eval_results)


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
    Started, Training Details, Evaluation). The `minimal` profile asks only
    for some description. A section counts when the card provides it by:

    - a heading with the section's name or one of the profile's synonyms
      (`## Limitations` for Bias, Risks, and Limitations, `## Usage` or
      `## Quick start` for How to Get Started). Case, punctuation,
      numbering (`## 3. Uses`), emoji, `[optional]` and plurals
      (`## Evaluations`) do not matter, and a heading that starts with a
      name counts (`## Usage with transformers`);
    - a heading that joins several names with `and`, `&`, `,` or `/`: it
      provides each of them (`## Performance and Limitations` is Evaluation
      and Bias, Risks, and Limitations; `## Intended uses & limitations` is
      Uses and Limitations);
    - a bold line standing alone as a paragraph that is a name or joins
      names (`**Usage**`, `__Usage__`, `**Usage:**`); a bold label inside a
      list item (`- **Usage:** ...`) or at the start of a sentence is not
      one, and neither is a longer bold line (`**Example 1:**`);
    - the card's title heading, only when it is a name (`# Evaluation`
      over its subsections), not when it names the model (`# finetuning-imdb`);
    - in a bilingual heading, its Latin words alone (`## 使用 Usage`);
    - for Evaluation, results in the `model-index` metadata or
      `.eval_results/` files next to the card: the Hub shows them as the
      model's evaluation.

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
    missing = [section.name for section in profile.sections if not _present(card, section)]
    if missing:
        names = ", ".join(f"`{name}`" for name in missing)
        plural = "s" if len(missing) > 1 else ""
        yield Problem(_anchor(card), f"missing section{plural} {names} (profile `{profile.name}`)", help=f"add a `## {missing[0]}` section" + (" and the others" if plural else ""))


@rule("CL202", "empty-section", "warning", "a required section with no content beyond comments, bare labels or boilerplate", options=(PROFILE, DATASET_PROFILE))
def empty_section(card, options):
    """
    ## What it does
    Reports a section of the active profile that is there but says nothing:
    only HTML comments, template boilerplate or bare labels like
    `- **Developed by:**`. A section whose subsections have content counts
    as filled. A section that holds template placeholders
    (`[More Information Needed]`, `{{ var }}`) is left to CL302 and CL301,
    which report them at their lines: one defect, one finding. An empty
    Evaluation heading (the Trainer's `### Training results`) is not reported
    when the card's `model-index` or `.eval_results/` files hold results:
    the Hub shows those results, so the section's question is answered.

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
    - **Direct use:**
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
    answered = {match.line for section in profile.sections if _key(section.name) == RESULTS_SECTION for match in _found(card, section)} if _has_results(card) else set()
    for section in profile.sections:
        found = [match for match in _found(card, section) if match.line not in answered]
        texts = [_section_text(card, match) for match in found]
        if found and found[0].line not in reported and not any(map(leftovers.has_content, texts)) and not any(map(leftovers.has_placeholder, texts)):
            first = found[0]
            reported.add(first.line)
            what = "is empty" if not texts[0].strip() else "holds only comments, bare labels or boilerplate"
            yield Problem(
                card.line_span(first.line, first.column),
                f"section `{first.title}` {what}",
                help="write the section, or remove its heading",
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
