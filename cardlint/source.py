"""Turning the bytes of a card into text, or into a one-line reason why not.

The Hub reads cards as UTF-8 (a leading BOM is dropped). Anything else is not
a card cardlint can position findings in, so it is refused here with a message
that names the file, before any parser sees it.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024
"""Cards larger than this are refused: the largest real cards are a few hundred KB, and a 20 MB card
would take tens of seconds and a gigabyte to parse."""

_NEWLINE = re.compile(r"\r\n|\r|\n")


class SourceError(Exception):
    """A card that cannot be read; the message is one line and names the file."""


@dataclass(frozen=True)
class Source:
    """The text of one card.

    ``text`` has the BOM removed and line endings normalised to ``\\n`` (as both
    the Hub's front-matter regex and markdown-it treat ``\\r\\n`` and ``\\r``);
    ``raw`` keeps the original bytes for fixes, which must not touch the rest.
    """

    path: str
    raw: bytes
    text: str
    bom: bool
    newline: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def decode(raw: bytes, path: str) -> Source:
    """Decode ``raw`` as a UTF-8 card or raise :class:`SourceError` saying why not."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "UTF-32" if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "UTF-16"
        raise SourceError(f"{path}: file is {encoding} (byte-order mark found); the Hub reads cards as UTF-8: re-save it as UTF-8")
    if b"\x00" in raw:
        raise SourceError(f"{path}: binary file (contains NUL bytes), not a model card")
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise SourceError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "the Hub reads cards as UTF-8: re-save the file as UTF-8"
        ) from None
    match = _NEWLINE.search(text)
    newline = match.group(0) if match else "\n"
    return Source(path=path, raw=raw, text=_NEWLINE.sub("\n", text), bom=bom, newline=newline)


def read(path: Path, display: str) -> Source:
    """Read and decode the card at ``path``; every failure becomes a :class:`SourceError`."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(f"{display}: is a directory, not a card")
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"{display}: not a regular file")
        size = info.st_size
        if size > MAX_BYTES:
            raise SourceError(f"{display}: file is {size // (1024 * 1024)} MB, larger than the {MAX_BYTES // (1024 * 1024)} MB cardlint reads")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{display}: no such file") from None
    except PermissionError:
        raise SourceError(f"{display}: permission denied") from None
    except OSError as error:
        raise SourceError(f"{display}: cannot read: {error.strerror or error}") from None
    return decode(raw, display)
