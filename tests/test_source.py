"""Bytes that are not a UTF-8 card get one line naming the file, never a traceback."""

import codecs
import os

import pytest

from cardlint.source import SourceError, decode, read


def test_bom_and_crlf_are_normalised_but_remembered():
    source = decode(codecs.BOM_UTF8 + b"---\r\nlicense: mit\r\n---\r\n", "README.md")
    assert (source.text, source.bom, source.newline) == ("---\nlicense: mit\n---\n", True, "\r\n")


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "README.md: binary file"),
        (codecs.BOM_UTF16_LE + "---\n".encode("utf-16-le"), "README.md: file is UTF-16"),
        (b"---\nauthor: Jos\xe9\n---\n", "README.md:2: not valid UTF-8 (byte 0xe9"),
    ],
)
def test_undecodable_cards_are_refused_with_the_file_named(raw, fragment):
    with pytest.raises(SourceError, match="^" + fragment.replace("(", r"\(")):
        decode(raw, "README.md")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(SourceError, match="nope/README.md: no such file"):
        read(tmp_path / "nope" / "README.md", "nope/README.md")


def test_directory_is_not_a_card(tmp_path):
    with pytest.raises(SourceError, match="is a directory"):
        read(tmp_path, "models")


@pytest.mark.parametrize(
    ("raw", "text", "newline"),
    [
        (b"a\nb\n", "a\nb\n", "\n"),
        (b"a\r\nb\r\n", "a\nb\n", "\r\n"),
        (b"a\rb\r", "a\nb\n", "\r"),
        (b"a\nb\r\nc\rd", "a\nb\nc\nd", "\n"),
        (b"a\r\nb\nc", "a\nb\nc", "\r\n"),
        (b"no line end", "no line end", "\n"),
        (b"", "", "\n"),
    ],
)
def test_line_ends_are_normalised_and_the_first_one_kept(raw, text, newline):
    decoded = decode(raw, "README.md")
    assert (decoded.text, decoded.newline, decoded.raw) == (text, newline, raw)


def test_a_card_is_read_whole_in_any_size_and_refused_past_the_limit(tmp_path):
    card = tmp_path / "README.md"
    body = b"---\nlicense: mit\n---\n" + b"x" * 200_000
    card.write_bytes(body)
    assert read(card, "README.md", limit=len(body)).raw == body
    with pytest.raises(SourceError, match=r"^README.md: file is 0\.2 MB, larger than"):
        read(card, "README.md", limit=len(body) - 1)


@pytest.mark.parametrize(("expected", "most", "read_bytes"), [(11, 100, 10), (3, 8, 8), (3, 100, 10), (1, 100, 10)])
def test_a_file_that_grew_after_its_size_was_taken_is_read_on_up_to_the_limit(tmp_path, expected, most, read_bytes):
    from cardlint.source import _read_up_to

    grown = tmp_path / "README.md"
    grown.write_bytes(b"0123456789")
    descriptor = os.open(grown, os.O_RDONLY)
    try:
        assert _read_up_to(descriptor, expected, most) == b"0123456789"[:read_bytes]
    finally:
        os.close(descriptor)
