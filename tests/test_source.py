"""Bytes that are not a UTF-8 card get one line naming the file, never a traceback."""

import codecs

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
