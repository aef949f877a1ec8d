"""The metadata block is found exactly where the Hub finds it (hub-metadata.md §1.1)."""

import pytest

from cardlint.frontmatter import Status, locate
from cardlint.source import decode


def block(text: str):
    return locate(decode(text.encode("utf-8"), "README.md").text)


@pytest.mark.parametrize(
    ("text", "status", "yaml", "first_line", "closer_line"),
    [
        ("---\nlicense: mit\n---\n# Card\n", Status.FOUND, "license: mit", 2, 3),
        ("\n\n---\nlicense: mit\n---\n", Status.FOUND, "license: mit", 4, 5),
        ("---\nlicense: mit\n---   \n", Status.FOUND, "license: mit", 2, 3),
        ("---\nlicense: mit\n---", Status.FOUND, "license: mit", 2, 3),
        ("---\r\nlicense: mit\r\n---\r\nbody\r\n", Status.FOUND, "license: mit", 2, 3),
        ("\ufeff---\nlicense: mit\n---\n", Status.FOUND, "license: mit", 2, 3),
        ("---\n\n---\n", Status.EMPTY, "", 2, 3),
    ],
)
def test_block_found_like_the_hub(text, status, yaml, first_line, closer_line):
    found = block(text)
    assert (found.status, found.yaml, found.first_line, found.closer_line) == (status, yaml, first_line, closer_line)


@pytest.mark.parametrize(
    ("text", "status", "opener_line"),
    [
        ("---\n---\n", Status.EMPTY, 1),
        ("--- \nlicense: mit\n---\n", Status.OPENER_TRAILING_SPACE, 1),
        ("---\nlicense: mit\n", Status.UNCLOSED, 1),
        ("# Title\n\n---\nlicense: mit\n---\n", Status.NOT_AT_START, 3),
        ("# Title\n\n---\n\nText between rules.\n\n---\n", Status.MISSING, 1),
        ("----\nlicense: mit\n----\n", Status.MISSING, 1),
    ],
)
def test_blocks_the_hub_does_not_read(text, status, opener_line):
    found = block(text)
    assert (found.status, found.opener_line) == (status, opener_line)


def test_body_starts_after_the_closing_fence():
    assert block("---\na: 1\nb: 2\n---\n# Card\n").body_start_line == 5
