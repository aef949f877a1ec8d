"""CL201-CL205: the checklist a profile asks for: sections, their content, task lists, metadata fields, items.

Profiles are rule-pack data (``rules/checklist.yaml``); this module only
matches them against the card, reading headings the way people write them
(see :func:`missing_section` for what counts) and labelled lines (see
:func:`missing_item`).
"""

import functools
import re
from typing import NamedTuple

from cardlint import leftovers, metrics
from cardlint.model import Problem, Span
from cardlint.patterns import lazy
from cardlint.rule import Option, rule

PROFILE = Option("profile", default="hub", help="the checklist for model cards: hub, full, minimal, checklist, eu-gpai, or a profile from a rule pack")
DATASET_PROFILE = Option("dataset-profile", default="dataset", help="the section checklist for dataset cards")

RESULTS_SECTION = "evaluation"
"""The profile section (by its compared form, see :func:`_key`) that ``model-index`` results or ``.eval_results/`` files provide."""

_MARKUP = lazy(r"!?\[([^\[\]]*)\]\([^)\]]*\)|[*_`~]|<[^<>]+>")
"""A link (its text kept), an emphasis mark or an HTML tag. A bracket, parenthesis or tag ends at the next opening of
its kind, so that a title full of ``[`` or ``<`` is read once (the inner ``[`` of ``[![badge](u)](v)`` starts the link)."""
_OPTIONAL = lazy(r"[\[(]\s*optional\s*[\])]", re.IGNORECASE)
_NUMBERING = lazy(r"^\s*(?:(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])[.)]|\d+(?:\.\d+)+|\d+)\s+", re.IGNORECASE)
_NON_WORD = lazy(r"[^\w]+")
_LATIN = lazy(r"\b\w*[a-z0-9]\w*\b")
"""A word with a Latin letter or a digit in it."""
_LONGEST_NAME = 12
"""Leading words of a heading compared with the profile's names, which are all shorter (a long heading costs no more)."""
_JOINER = lazy(r"[,&/;+]|\band\b", re.IGNORECASE)
"""What joins the names of several sections in one heading: ``Performance and Limitations``, ``Uses & Limitations``."""
_LABEL = lazy(
    r"^[ \t>]*(?P<marker>(?:[-*+]|\d+[.)])[ \t]+)?(?:\|[ \t]*)?"
    r"(?:(?:\*\*|__)(?P<bold>[^*_\n]+?)(?:\*\*|__)|(?P<plain>[^\s:|*_#<>\[\]`!{][^:|*\n]{0,60}?)(?=[ \t]*[:|]))"
    r"[ \t]*[:|]?(?P<rest>.*)$"
)
"""A labelled line: ``- **Developed by:** ...``, ``**License**: ...``, ``Developed by: ...``, ``| **Parameters** | 7B |``."""
_PARENTHESES = lazy(r"\([^()]*\)")
"""A unit or a note in a label, which it names the item without as well: ``Params (M): 50.2``."""


def _plain(text: str) -> str:
    """The text of a heading without its Markdown: links keep their text, emphasis and HTML tags go."""
    return _MARKUP.sub(lambda match: match.group(1) or "", text)


@functools.lru_cache(maxsize=4096)
def normalize_heading(text: str) -> str:
    """``## 3. 🚀 Bias, Risks & Limitations [optional]`` -> ``bias risks and limitations``."""
    text = _OPTIONAL.sub(" ", _plain(text)).replace("&", " and ")
    text = _NON_WORD.sub(" ", _NUMBERING.sub("", text.strip()).lower().replace("_", " "))
    return _NUMBERING.sub("", text.strip()).strip()


_AS_NOUNS = frozenset({"bias", "alias", "atlas", "canvas"})
"""Nouns in ``-as`` whose plural adds ``es`` (``biases``); other ``-ases`` words add an ``s`` (``releases``, ``use cases``)."""


def _singular(word: str) -> str:
    """``evaluations`` -> ``evaluation``, ``biases`` -> ``bias``, ``uses`` -> ``use``; ``bias`` and ``class`` stay.

    Applied to both the card's headings and the profile's names, so it only
    has to map a plural and its singular to the same word, not to English.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ses") and (word[:-2].endswith("ss") or word[:-2] in _AS_NOUNS):
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
    """Lines ``first``..``last`` without the heading lines (ATX, or setext with its underline) of ``sections``.

    Sliced between the few heading lines, not filtered line by line: a
    section's text is asked for by several rules on every card.
    """
    headings = sorted({s.line for s in sections} | {s.line + 1 for s in sections if s.content_line > s.line + 1})
    lines = card.body.lines
    kept = []
    start = first
    for number in headings:
        if start <= number <= last:
            kept += lines[start - 1:number - 1]
            start = number + 1
    kept += lines[start - 1:last]
    return "\n".join(kept)


def _section_text(card, section) -> str:
    return _text(card, section.line + 1, section.end_line, list(section.walk()))


def _empty(card, found) -> bool:
    """True when the headings ``found`` for one section say nothing, not even a placeholder (which CL301/CL302 report)."""
    texts = [_section_text(card, match) for match in found]
    return not any(map(leftovers.has_content, texts)) and not any(map(leftovers.has_placeholder, texts))


class _Label(NamedTuple):
    line: int
    keys: frozenset[str]
    value: str


def _labels(card) -> list[_Label]:
    """Every labelled line of the body outside code and comments, with the names it provides and its value.

    The value is the text after the label; when nothing follows it on the
    line, the lines below: the indented ones for a list item, else up to the
    next heading or bold label (``**BibTeX:**`` over a code block). A bold
    label provides what its leading words name, as a heading does; a plain
    ``Label: value`` only its whole label, since a sentence can end in a
    colon too. Computed once per card.
    """
    if "labels" in card.derived:
        return card.derived["labels"]
    body = card.body
    hidden = set(body.code_lines)
    for comment in body.comments:
        hidden.update(range(comment.line + 1, comment.end_line + 1))
    headings = {section.line for section in body.all_sections()}
    last = len(card.lines)
    found = []
    for number in range(card.front_matter.body_start_line, last + 1):
        match = _LABEL.match(body.line(number)) if number not in hidden and number not in headings else None
        if match:
            found.append((number, match))
    stops = headings | {number for number, match in found if match.group("bold")}
    labels = []
    for number, match in found:
        label = (match.group("bold") or match.group("plain")).strip().rstrip(":").strip()
        leading = match.group("bold") is not None
        keys = _heading_keys(label, leading) | _heading_keys(_PARENTHESES.sub("", label), leading)
        value = match.group("rest")
        if not value.strip(" \t|"):
            end = number + 1
            if match.group("marker"):
                while end <= last and (not body.line(end).strip() or body.line(end)[:1] in " \t"):
                    end += 1
            else:
                while end <= last and end not in stops:
                    end += 1
            value = "\n".join(body.line(line) for line in range(number + 1, end))
        labels.append(_Label(number, keys, value))
    card.derived["labels"] = labels
    return labels


def _field(metadata, key: str):
    """The metadata value at a dotted ``key`` (``co2_eq_emissions.hardware_used``), None when absent."""
    value = metadata
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _title(card):
    """The heading that names the model: the first one, when it is level 1 or nothing is written above it (``### opus-mt-de-en``)."""
    sections = list(card.body.all_sections())
    if not sections:
        return None
    first = sections[0]
    above = _text(card, card.front_matter.body_start_line, first.line - 1, sections)
    return first if first.level == 1 or not leftovers.has_content(above) else None


def _introduction(card) -> str:
    """The text before the card's first section: under its title, or before any heading."""
    sections = list(card.body.all_sections())
    rest = sections[1:] if sections and sections[0] is _title(card) else sections
    end = rest[0].line - 1 if rest else len(card.lines)
    return _text(card, card.front_matter.body_start_line, end, sections)


_PROVIDERS = {
    "title": lambda card: _title(card) is not None and leftovers.has_content(_title(card).title),
    "introduction": lambda card: leftovers.has_content(_introduction(card)),
    "results": _has_results,
}
"""The parts of a card that can provide an item instead of a label (an item's ``provided-by``)."""


def _provides(card, item, ranges) -> bool:
    """True when a metadata field, a part of the card, or a label or heading within ``ranges`` with real content provides ``item``."""
    if any(_field(card.metadata, key) not in (None, "", [], {}) for key in item.fields):
        return True
    if any(_PROVIDERS[name](card) for name in item.provided_by):
        return True
    names = _names(item)

    def inside(line):
        return any(first <= line <= last for first, last in ranges)

    if any(inside(label.line) and not label.keys.isdisjoint(names) and leftovers.has_content(label.value) for label in _labels(card)):
        return True
    title = card.body.title
    return any(
        inside(found.line) and not _heading_keys(found.title, found is not title).isdisjoint(names) and leftovers.has_content(_section_text(card, found))
        for found in card.body.all_sections()
    )


def _missing_items(card, profile, section, found) -> list:
    """The items of ``section`` (None: the card's own items) that the card does not provide, looked for under
    the headings ``found`` for it, else anywhere. An item that a required metadata field would provide is left
    to CL204 while that field is missing."""
    reported = {field for field in profile.fields if card.has_metadata and card.metadata.get(field) in (None, "", [])}
    ranges = [(match.line, match.end_line) for match in found] or [(card.front_matter.body_start_line, len(card.lines))]
    name = section.name if section else None
    return [
        item for item in profile.items
        if item.section == name and reported.isdisjoint(item.fields) and not _provides(card, item, ranges)
    ]


def _item_names(items) -> str:
    return ", ".join(f"`{item.name}`" for item in items)


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
    if profile.description_required and not leftovers.has_content(_text(card, card.front_matter.body_start_line, len(card.lines), list(card.body.all_sections()))):
        yield Problem(_anchor(card), "the card has no description", help="add a few sentences saying what the model is and does")
    missing = [section for section in profile.sections if not _present(card, section)]
    if missing:
        names = ", ".join(f"`{section.name}`" for section in missing)
        plural = "s" if len(missing) > 1 else ""
        items = [item for section in missing for item in _missing_items(card, profile, section, [])]
        help_text = f"add a `## {missing[0].name}` section" + (" and the others" if plural else "") + (f", with {_item_names(items)}" if items else "")
        yield Problem(_anchor(card), f"missing section{plural} {names} (profile `{profile.name}`)", help=help_text)


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
        if found and found[0].line not in reported and _empty(card, found):
            first = found[0]
            reported.add(first.line)
            what = "is empty" if not _section_text(card, first).strip() else "holds only comments, bare labels or boilerplate"
            items = _missing_items(card, profile, section, found)
            yield Problem(
                card.line_span(first.line, first.column),
                f"section `{first.title}` {what}",
                help="write the section" + (f" ({_item_names(items)})" if items else "") + ", or remove its heading",
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


@rule("CL205", "missing-item", "warning", "an item of the active profile's checklist is absent or has no real content", options=(PROFILE, DATASET_PROFILE))
def missing_item(card, options):
    """
    ## What it does
    Checks that the card has every item of the active profile's checklist:
    the `checklist` profile asks for each item of the common model card
    checklist (Developed by, Model type, Direct use, Hardware type, ...),
    `eu-gpai` for what Annex XII of the EU AI Act asks providers of
    general-purpose AI models to document; `hub`, `full` and `minimal` have
    no items, so this rule says nothing under them. An item is provided by:

    - a labelled line whose label is the item's name or one of its aliases:
      `- **Developed by:** Jane Doe`, `**License**: MIT`,
      `| **Parameters** | 7B |`, or without bold `Developed by: Jane Doe`
      (then the whole label must be a name, as a sentence can end in a
      colon too). A bold label counts when it starts with a name, the way
      headings do (`**Training data and preprocessing:**` is Training data);
      with nothing after it, its value is the lines below it (the indented
      lines of a list item, else up to the next heading or bold label);
    - a sub-heading with the item's name or alias (`### Direct Use`), which
      is compared as section headings are (see CL201);
    - a metadata field the profile names for it (`license` for License,
      `base_model` for Base model, `language`, `datasets`, `metrics`), or
      for some items the card's title, its introduction, or `model-index`
      results.

    A label or heading counts only with real content: a placeholder such as
    `[More Information Needed]`, an empty label, an HTML comment or template
    boilerplate does not. An item is looked for under its section when the
    card has that section, else anywhere in the card.

    One finding per section lists the items it lacks, at the section's
    heading (or the bold line standing as one, or the `model-index` key when
    its results are the Evaluation); items that belong to no section are
    listed at the card's title.
    A section that is missing is reported by CL201 and an empty one by CL202,
    whose help names the items the section should hold: this rule does not
    repeat them. Likewise an item that a required metadata field provides
    (`license`) is left to CL204 while the field is missing.

    ## Why is this bad?
    A checklist is what a reader, a reviewer or a regulator goes through
    item by item: a card with a `Model Details` heading but no developer,
    model type or version leaves exactly those questions open.

    ## Example
    With a team's profile that asks for two items of Model Details:

    ```toml file=.cardlint.toml
    rule-packs = ["org.yaml"]
    profile = "org"
    ```

    ```yaml file=org.yaml
    profiles:
      org:
        sections:
          - name: Model Details
        items:
          - {name: Developed by, section: Model Details, aliases: [Developers, Authors]}
          - {name: Base model, section: Model Details, aliases: [Finetuned from], fields: [base_model]}
    ```

    ```markdown
    ---
    license: mit
    ---
    # My model

    ## Model Details
    - **Developed by:** [More Information Needed]
    - **Model type:** text classifier
    ```

    reports "section `Model Details` lacks items `Developed by`, `Base model`".

    ## Use instead
    ```toml file=.cardlint.toml
    rule-packs = ["org.yaml"]
    profile = "org"
    ```

    ```yaml file=org.yaml
    profiles:
      org:
        sections:
          - name: Model Details
        items:
          - {name: Developed by, section: Model Details, aliases: [Developers, Authors]}
          - {name: Base model, section: Model Details, aliases: [Finetuned from], fields: [base_model]}
    ```

    ```markdown
    ---
    license: mit
    base_model: distilbert/distilbert-base-uncased
    ---
    # My model

    ## Model Details
    - **Developed by:** Jane Doe
    - **Model type:** text classifier
    ```
    """
    profile = _applies(card, options)
    if profile is None or not profile.items:
        return
    for section in (*profile.sections, None):
        found = _found(card, section) if section else []
        if section and not found and not _present(card, section):
            continue
        if found and _empty(card, found):
            continue
        missing = _missing_items(card, profile, section, found)
        if not missing:
            continue
        plural = "s" if len(missing) > 1 else ""
        where = f"section `{section.name}`" if section else "the card"
        span = _where_section(card, section, found) if section else _anchor(card)
        yield Problem(span, f"{where} lacks item{plural} {_item_names(missing)} (profile `{profile.name}`)", help=_item_help(missing))


def _where_section(card, section, found) -> Span:
    """What provides ``section``: its first heading, else a bold line standing as its heading, else the
    ``model-index`` key whose results provide Evaluation, else the card's title."""
    if found:
        return card.line_span(found[0].line, found[0].column)
    names = _names(section)
    bold = next((bold for bold in card.body.bold_headings if not _heading_keys(bold.title, leading=False).isdisjoint(names)), None)
    if bold:
        return card.line_span(bold.line, bold.column)
    if _key(section.name) == RESULTS_SECTION and "model-index" in card.metadata:
        return card.locate(("model-index",), key=True)
    return _anchor(card)


def _item_help(items) -> str:
    """How to add ``items``, with the metadata fields that would do and the provisions that ask for them
    (``Regulation (EU) 2024/1689, Annex XII, 1(c) (Release date); 1(f) (Parameters)``: a shared prefix once)."""
    first = items[0].name
    parts = [f"add each as a labelled line (`- **{first}:** ...`) or a sub-heading (`### {first}`) with real content"]
    fields = [f"`{item.fields[0]}` for {item.name}" for item in items if item.fields]
    if fields:
        parts.append("or in the metadata: " + ", ".join(fields))
    legal: dict[str, list[str]] = {}
    for item in items:
        if item.legal:
            legal.setdefault(item.legal, []).append(item.name)
    if legal:
        prefixes = {text.rpartition(", ")[0] for text in legal}
        prefix = prefixes.pop() if len(prefixes) == 1 else ""
        cut = len(prefix) + 2 if prefix else 0
        cited = "; ".join(f"{text[cut:]} ({', '.join(names)})" for text, names in legal.items())
        parts.append(f"asked for by {prefix + ', ' if prefix else ''}{cited}")
    return "; ".join(parts)
