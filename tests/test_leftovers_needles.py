"""The needle tests in front of the leftover patterns never hide a match: they only skip searches that would find nothing."""

import random
import re

import pytest

from cardlint import leftovers

TEXTS = [
    "[More Information Needed]",
    "- **Developed by:** More information needed.",
    "ınformatıon needed",
    "İNFORMATION NEEDED",
    "[Needſ More Informatıon]",
    "Needs More İnformation",
    "{{ card_data }}",
    "{<!-- x -->{ rendered }}",
    "<!-- only a comment -->",
    "More information about the model is needed.",
    "plain prose",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_pattern_that_matches_always_passes_its_needle(text):
    for pattern in (leftovers.MORE_INFO, leftovers.TEMPLATE_SYNTAX, leftovers._COMMENT):
        if pattern.search(text):
            assert leftovers.may_match(pattern, text), pattern.pattern


def content_by_removal(text: str) -> bool:
    """has_content as first written: remove every leftover, then every bare label from the whole text, then look for a word."""
    stripped = leftovers.MORE_INFO.sub("", leftovers.TEMPLATE_SYNTAX.sub("", leftovers._COMMENT.sub("", text)))
    for sentence in leftovers._data()[1]:
        stripped = stripped.replace(sentence, "")
    return bool(re.search(r"\w", leftovers._LABEL_ONLY.sub("", stripped)))


@pytest.mark.parametrize("text", TEXTS)
def test_has_content_and_has_placeholder_as_without_needles(text):
    plain = leftovers._CODE_SPAN.sub(leftovers._blank, leftovers._COMMENT.sub("", text))
    assert leftovers.has_placeholder(text) == bool(leftovers.MORE_INFO.search(plain) or leftovers.TEMPLATE_SYNTAX.search(plain))
    assert leftovers.has_content(text) == content_by_removal(text)


PIECES = ["", " ", "\t", "\n", "\n\n", "-", "*", "+", "- ", "1.", ":", ": ", "**", "__", "**Label**", "**Developed by:**", "__x__",
          "**a**b", "word", "é", "_", "\u2028", "\x85", "\r", "\x0b", "<!-- c -->", "{{ x }}", "[More Information Needed]"]


def test_bare_labels_are_judged_line_by_line_as_removing_them_from_the_whole_text_would():
    """A bare label's match may run over blank lines and line ends; asking each line alone must answer the same."""
    chooser = random.Random(20261202)
    texts = ["".join(chooser.choice(PIECES) for _ in range(chooser.randint(0, 10))) for _ in range(20_000)]
    differing = [text for text in texts if leftovers.has_content(text) != content_by_removal(text)]
    assert differing == []
    assert {leftovers.has_content(text) for text in texts} == {True, False}


def test_the_needles_rule_out_text_without_them():
    assert not leftovers.may_match(leftovers.MORE_INFO, "More information about the model")
    assert not leftovers.may_match(leftovers.TEMPLATE_SYNTAX, "no braces here")
