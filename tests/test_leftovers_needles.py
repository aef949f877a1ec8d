"""The needle tests in front of the leftover patterns never hide a match: they only skip searches that would find nothing."""

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


@pytest.mark.parametrize("text", TEXTS)
def test_has_content_and_has_placeholder_as_without_needles(text):
    plain = leftovers._CODE_SPAN.sub(leftovers._blank, leftovers._COMMENT.sub("", text))
    assert leftovers.has_placeholder(text) == bool(leftovers.MORE_INFO.search(plain) or leftovers.TEMPLATE_SYNTAX.search(plain))
    stripped = leftovers.MORE_INFO.sub("", leftovers.TEMPLATE_SYNTAX.sub("", leftovers._COMMENT.sub("", text)))
    for sentence in leftovers._data()[1]:
        stripped = stripped.replace(sentence, "")
    assert leftovers.has_content(text) == bool(re.search(r"\w", leftovers._LABEL_ONLY.sub("", stripped)))


def test_the_needles_rule_out_text_without_them():
    assert not leftovers.may_match(leftovers.MORE_INFO, "More information about the model")
    assert not leftovers.may_match(leftovers.TEMPLATE_SYNTAX, "no braces here")
