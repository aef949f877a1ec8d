"""Turning the bytes of a card into text, or into a one-line reason why not.

The Hub reads cards as UTF-8 (a leading BOM is dropped). Anything else is not
a card cardlint can position findings in, so it is refused here with a message
that names the file, before any parser sees it.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import NamedTuple

from cardlint.patterns import lazy

MAX_BYTES = 10 * 1024 * 1024
"""Cards larger than this are refused: the largest real cards are a few hundred KB, and a 20 MB card
would take tens of seconds and a gigabyte to parse."""

_NEWLINE = lazy(r"\r\n|\r|\n")


class SourceError(Exception):
    """A card that cannot be read; the message is one line and names the file.

    ``reason`` and ``line`` are the same message without the file's name, for
    a finding about a file next to a card (which names the file itself).
    """

    def __init__(self, message: str, reason: str | None = None, line: int = 1) -> None:
        super().__init__(message)
        self.reason = reason or message
        self.line = line

    @classmethod
    def about(cls, path: str, reason: str, line: int | None = None) -> SourceError:
        return cls(f"{path}:{line}: {reason}" if line else f"{path}: {reason}", reason, line or 1)


class Source(NamedTuple):
    """The text of one card.

    ``text`` has the BOM removed and line endings normalised to ``\\n`` (as both
    the Hub's front-matter regex and markdown-it treat ``\\r\\n`` and ``\\r``);
    ``raw`` keeps the original bytes for fixes, which must not touch the rest.
    A named tuple: creating a dataclass at import costs a millisecond of every
    run, ten times as much.
    """

    path: str
    raw: bytes
    text: str
    bom: bool
    newline: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def decode(raw: bytes, path: str, what: str = "a model card") -> Source:
    """Decode ``raw`` as a UTF-8 card (or other text: ``what``) or raise :class:`SourceError` saying why not."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "UTF-32" if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "UTF-16"
        raise SourceError.about(path, f"file is {encoding} (byte-order mark found); the Hub reads cards as UTF-8: re-save it as UTF-8")
    if b"\x00" in raw:
        reason = f"binary file (contains NUL bytes), not {what}"
        raise SourceError(f"{path}: {reason}", reason, raw.count(b"\n", 0, raw.index(b"\x00")) + 1)
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise SourceError.about(
            path,
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); the Hub reads cards as UTF-8: re-save the file as UTF-8",
            line,
        ) from None
    if "\r" not in text:  # most cards: nothing to normalise
        return Source(path=path, raw=raw, text=text, bom=bom, newline="\n")
    match = _NEWLINE.search(text)
    newline = match.group(0) if match else "\n"
    return Source(path=path, raw=raw, text=_NEWLINE.sub("\n", text), bom=bom, newline=newline)


def read(path: Path, display: str, limit: int = MAX_BYTES, what: str = "a model card") -> Source:
    """Read and decode the regular file at ``path``, at most ``limit`` bytes; every failure becomes a :class:`SourceError`.

    The file is opened without waiting (a FIFO or a device named like a card
    must not hang the run) and judged by what was opened, not by an earlier look.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise SourceError.about(display, "no such file") from None
    except IsADirectoryError:
        raise SourceError.about(display, "is a directory, not a card") from None
    except PermissionError:
        raise SourceError.about(display, "permission denied") from None
    except (OSError, ValueError) as error:
        raise SourceError.about(display, f"cannot read: {getattr(error, 'strerror', None) or error}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError.about(display, "is a directory, not a card")
        if not stat.S_ISREG(info.st_mode):
            raise SourceError.about(display, "not a regular file")
        if info.st_size > limit:
            raise too_large(display, info.st_size, limit)
        raw = _read_up_to(descriptor, min(info.st_size, limit) + 1, limit + 1)
    except PermissionError:
        raise SourceError.about(display, "permission denied") from None
    except OSError as error:
        raise SourceError.about(display, f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise too_large(display, len(raw), limit)
    return decode(raw, display, what)


def _read_up_to(descriptor: int, expected: int, most: int) -> bytes:
    """At most ``most`` bytes from ``descriptor``, asking for ``expected`` (the size it had, and one more) first.

    A buffered ``read(most)`` sets aside ``most`` bytes (over 10 MB) for every
    card before shrinking them to its size; asking for the size first costs
    what the card does; a file that grew since is read on, in 64 KB steps, until ``most``.
    """
    parts = []
    size = 0
    wanted = expected
    while size < most:
        part = os.read(descriptor, min(wanted, most - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
        wanted = 1 << 16
    return b"".join(parts)


def too_large(display: str, size: int, limit: int) -> SourceError:
    """The error for a file of ``size`` bytes where at most ``limit`` are read."""
    return SourceError.about(display, f"file is {_megabytes(size)}, larger than the {_megabytes(limit)} cardlint reads")


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{size // (1024 * 1024)} MB" if megabytes >= 10 or megabytes == int(megabytes) else f"{megabytes:.1f} MB"
