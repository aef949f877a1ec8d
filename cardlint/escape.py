"""Text from cards, paths and file names, made safe to print on a terminal and in a CI log.

Cards, folder names and link targets come from strangers (a pull request), and
two things can go wrong when cardlint prints them (SPEC, "Trust"):

- a terminal acts on control characters: ESC sequences clear the screen or
  retitle the window, BEL rings, bidi overrides (U+202E) reorder what the
  reader sees, lone CR overwrites a line;
- a line break lets the text start a line of its own, and the GitHub runner
  reads any line of standard output or error that starts with ``::`` (after
  leading whitespace, which it trims) as a workflow command: ``::error ...``
  forges an annotation, ``::stop-commands::`` silences the real ones.

So the writers and the command line pass every such string through
:func:`visible` (one line, controls shown as ``\\x1b`` or ``<U+202E>``),
:func:`guard` every line whose start is not theirs, and :func:`json_text` a
JSON document (escapes there keep the data exact). Tab is the one control
kept: it moves the cursor only forward, and excerpts expand it.
"""

from __future__ import annotations

from cardlint.patterns import lazy

_UNSAFE_BUT_C0 = (
    "\x7f-\x9f"  # DEL, C1 controls (NEL, CSI, ...)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates: bytes of a file name that is not UTF-8
)
_UNSAFE = lazy(f"[\x00-\x08\x0a-\x1f{_UNSAFE_BUT_C0}]")  # C0 controls but tab, and the rest
_UNSAFE_IN_JSON = lazy(f"[{_UNSAFE_BUT_C0}]")  # json.dumps escapes C0 controls in strings itself
_NAMED = {"\n": "\\n", "\r": "\\r"}
_COMMAND = "::"
_NEWLINE = lazy(r"(\r?\n)")
_DIFF_MARKS = (" ", "+", "-", "@", "\\")
_HEADER_MARKS = ("--- ", "+++ ")
_CR_COMMAND = lazy(r"\r(?=[ \t]*::)")
"""A lone CR that would start a workflow command: the runner reads CR as a line end too."""


def _show(character: str) -> str:
    code = ord(character)
    if character in _NAMED:
        return _NAMED[character]
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte Python's surrogateescape stood in for
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` on one line, with every character a terminal or a log would act on written out."""
    if _UNSAFE.search(text) is None:  # nearly always: a report shows thousands of clean strings
        return text
    return _UNSAFE.sub(lambda match: _show(match.group()), text)


def guard(line: str) -> str:
    """``line``, unless (leading whitespace aside) it starts with ``::``: then its first colon is shown as ``\\x3a``.

    For lines that begin with text cardlint does not control: a path at the
    start of a text finding, a card line in a diff.
    """
    stripped = line.lstrip()
    if not stripped.startswith(_COMMAND):
        return line
    start = len(line) - len(stripped)
    return f"{line[:start]}\\x3a{line[start + 1:]}"


def lines(text: str) -> str:
    """Multi-line ``text`` with each line made :func:`visible` and :func:`guard`\\ ed; its ``\\n`` / ``\\r\\n`` ends kept."""
    parts = _NEWLINE.split(text)
    return "".join(part if index % 2 else guard(visible(part)) for index, part in enumerate(parts))


def json_text(document: str) -> str:
    """A JSON document (``ensure_ascii=False``) with unsafe characters as ``\\uXXXX``: same data, nothing raw.

    ``json.dumps`` already escapes C0 controls inside strings (a raw newline is
    its indentation); the rest are non-ASCII, so they can only be inside a
    string, where the escape stands for exactly that character.
    """
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def diff(text: str) -> str:
    """A unified diff made safe line by line; the ``\\n`` and ``\\r\\n`` ends of its lines are kept.

    Every line of a diff starts with one of `` +-@\\``; a piece that does not
    comes from a line break inside a file name in the ``---``/``+++`` header,
    and is joined back to its line (shown as ``\\n``). A card line split by
    Python at a rarer line end (NEL, U+2028, a lone CR) shows that end and
    goes on on the next line.
    """
    pieces: list[list[str]] = []
    for piece in text.splitlines(keepends=True):
        content = piece.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        end = piece[len(content):]
        if pieces and not content.startswith(_DIFF_MARKS):
            pieces[-1][0] += pieces[-1][1] + content
            pieces[-1][1] = end
        else:
            pieces.append([content, end])
    out = []
    for content, end in pieces:
        shown = guard(visible(content))
        out.append(shown + (end if end in ("\n", "\r\n") else visible(end) + "\n" if end else ""))
    return "".join(out)


def patch(text: str) -> str:
    """A unified diff for a file or a pipe: card lines byte for byte, so that ``git apply`` takes it.

    Only what would let a card or a path act on a CI log is changed: the
    ``---``/``+++`` header lines (paths) are made :func:`visible` (a line break
    in a folder name is joined back, shown as ``\\n``), a context line whose
    text starts with ``::`` (the runner trims the leading space) is
    :func:`guard`\\ ed, and a lone CR inside a card line that would start a
    ``::`` workflow command is shown as ``\\r``; such a patch no longer
    applies, which only a hostile card notices. On a terminal, :func:`diff`
    shows every control instead.
    """
    pieces: list[str] = []
    for piece in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        if pieces and pieces[-1].startswith(_HEADER_MARKS) and not piece.startswith(_DIFF_MARKS):
            pieces[-1] += "\n" + piece
        else:
            pieces.append(piece)
    out = [guard(visible(piece)) if piece.startswith(_HEADER_MARKS) else guard(_CR_COMMAND.sub(lambda match: "\\r", piece)) for piece in pieces]
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")
