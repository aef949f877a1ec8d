"""CL601: relative links, images and `thumbnail` that point at files that are not there."""

import re

from cardlint import leftovers
from cardlint.model import Problem, Span
from cardlint.patterns import lazy
from cardlint.rule import rule

_SCHEME = lazy(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_EMAIL = lazy(r"^[^/\s@]+@[^/\s@]+\.[A-Za-z]{2,}$")
_HOST = lazy(r"^(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|co|io|ai|dev|edu|gov|cn|uk|de|fr)(?:/|$)")
_WEB_ADDRESS = lazy(r"^(?:(?:https?|ftp)://|mailto:|www\.)", re.IGNORECASE)
_NO_COLON = lazy(r"^(https?|ftp)//", re.IGNORECASE)
_WRAPPERS = {"(": ")", "<": ">", "[": "]", '"': '"', "'": "'", "`": "`"}
_STRAY = "()<>[]\"'` "
_HTML_SOURCE = lazy(r"<(?:img|source|video|audio)\b[^<>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
"""A media tag's ``src``; the search for it stops at the next ``<`` too, so that unclosed tags are read once."""


def local_path(target: str) -> str | None:
    """The repository path a link points at, or None for URLs, anchors and site-absolute paths."""
    target = target.strip()
    if not target or target.startswith(("#", "/", "//")) or _SCHEME.match(target):
        return None
    from urllib.parse import unquote

    path = unquote(re.split(r"[?#]", target, maxsplit=1)[0])
    while path.startswith("./"):
        path = path[2:]
    return path or None


def malformed(target: str) -> tuple[str, str] | None:
    """(what is wrong, the address meant) for a target that is a web address in disguise, else None.

    ``(https://x)``, ``<https://x>`` or ``"https://x"`` inside a link's parentheses, stray
    characters around an address, or ``https//x`` without its colon: the Hub takes each
    for a path in the repository, so the link is broken whatever files exist.
    """
    written = _written(target)
    inner, opened = written, ""
    while len(inner) > 1 and _WRAPPERS.get(inner[0]) == inner[-1]:
        opened += inner[0]
        inner = inner[1:-1].strip()
    if opened and _WEB_ADDRESS.match(inner):
        return f"the address is wrapped in `{opened}...{''.join(_WRAPPERS[c] for c in reversed(opened))}`", _with_scheme(inner)
    stripped = written.strip(_STRAY)
    if stripped != written and _WEB_ADDRESS.match(stripped):
        return "there are stray characters around the address", _with_scheme(stripped)
    no_colon = _NO_COLON.match(written)
    if no_colon:
        scheme = no_colon.group(1)
        return f"`{scheme}//` lacks the colon of `{scheme}://`", f"{scheme}://{written[no_colon.end():]}"
    return None


def _with_scheme(address: str) -> str:
    return f"https://{address}" if address.lower().startswith("www.") else address


def _written(target: str) -> str:
    """The target as the author wrote it: markdown-it percent-encodes ``<``, quotes and spaces."""
    from urllib.parse import unquote

    return unquote(target).strip()


def _targets(card):
    """(target, span, what) for every reference to a file: Markdown links and images, HTML sources, metadata."""
    for link in card.body.links:
        yield link.target, Span(link.line, link.column, link.line, link.column + len(link.target)), "image" if link.image else "link"
    prose = leftovers.prose(card)
    for match in _HTML_SOURCE.finditer(prose.text):
        line, column = prose.position(match.start(1))
        if line >= card.front_matter.body_start_line:
            yield match.group(1), Span(line, column, line, column + len(match.group(1))), "image"
    thumbnail = card.metadata.get("thumbnail")
    if isinstance(thumbnail, str):
        yield thumbnail, card.locate(("thumbnail",)), "`thumbnail`"
    widget = card.metadata.get("widget")
    for index, example in enumerate(widget if isinstance(widget, list) else []):
        if isinstance(example, dict) and isinstance(example.get("src"), str):
            yield example["src"], card.locate(("widget", index, "src")), "widget `src`"


@rule("CL601", "missing-local-file", "warning", "a relative link, image or `thumbnail` that points at a file not next to the card")
def missing_local_file(card, options):
    """
    ## What it does
    Checks that every relative link and image in the card (Markdown or HTML
    `<img src>`), the `thumbnail` and widget `src` values point at a file
    that exists next to the card. Absolute URLs are not checked (no network).
    A web address in disguise (`((https://...))`, `(<https://...>)`, quotes
    around it, `https//` without its colon) is reported as malformed, with
    or without the card's folder: the Hub takes it for a file path.

    ## Why is this bad?
    On the Hub the card renders from the repository, so a missing file is a
    broken image or a 404 link; it usually means the file was never committed
    or was renamed.

    ## Example
    ```markdown
    ---
    license: mit
    ---
    # My model

    ![Architecture](images/architecture.png)
    ```

    ## Use instead
    ```markdown
    ---
    license: mit
    ---
    # My model

    ![Architecture](images/architecture.png)
    ```

    ```text file=images/architecture.png
    (the image)
    ```
    """
    seen = set()
    for target, span, what in _targets(card):
        path = local_path(target)
        if path is None or (path, span) in seen:
            continue
        seen.add((path, span))
        broken = malformed(target)
        if broken is not None:
            reason, address = broken
            yield Problem(span, f"{what} target `{_written(target)}` is malformed: {reason}; write `{address}`")
        elif card.repo is not None and not card.repo.exists(path):
            yield Problem(span, f"{what} points at `{path}`, which is not next to the card", help=_help(path))


def _help(path: str) -> str:
    if _EMAIL.match(path):
        return f"an e-mail address needs `mailto:`: `mailto:{path}`"
    if _HOST.match(path):
        return f"this looks like a web address without its scheme: `https://{path}`"
    return "commit the file, fix the path, or use an absolute URL"
